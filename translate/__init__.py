"""Turning Vietnamese into English and Chinese: models, constrained decoding, corpus runs.

Entry points: :class:`tamngu.translate.config.TranslateConfig` and
:class:`tamngu.translate.pipeline.Translator`.
"""

from tamngu.translate.threads import prefer_passive_waiting

prefer_passive_waiting()  # before any torch import: OpenMP reads its wait policy once (see threads.py)
