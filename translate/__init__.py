"""Turning Vietnamese into English and Chinese: models, constrained decoding, corpus runs.

Entry points: :class:`tamngu.translate.config.TranslateConfig` and
:class:`tamngu.translate.pipeline.Translator`.
"""
