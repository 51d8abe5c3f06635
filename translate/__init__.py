"""Turning Vietnamese into English and Chinese: models, constrained decoding, corpus runs.

Entry points: :class:`translate.config.TranslateConfig` and
:class:`translate.pipeline.Translator`.
"""
