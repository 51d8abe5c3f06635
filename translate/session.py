"""Models loaded once and shared by every batch run of a long-lived process (the desk, ``tamngu serve``).

A :class:`~tamngu.translate.pipeline.Translator` holds its glossary and loads
its models on first use. A server whose glossary changes between runs (an
editor accepts a name) needs a translator per glossary version but must not
load the models again: :class:`ModelSession` keeps the loaded models and hands
each run an executor whose translator uses them with the glossary of that run.
Runs go through :func:`tamngu.translate.batch.run_batch` as on the command
line, so a desk run writes exactly what a batch run writes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from tamngu.errors import TamnguError
from tamngu.glossary.model import Glossary
from tamngu.translate.config import TranslateConfig
from tamngu.translate.executor import LocalExecutor
from tamngu.translate.loaded import LoadedModel

logger = logging.getLogger(__name__)


class SharedModelExecutor(LocalExecutor):
    """A local executor whose run checks every model before any work, as a command-line run does."""

    resolves_models = True


class ModelSession:
    """The models of one configuration, loaded at most once per process.

    Example:
        >>> session = ModelSession(TranslateConfig(model_en="models/vi-en", model_zh="models/en-zh"))
        >>> executor = session.executor(glossary)  # doctest: +SKIP
        >>> run_batch([article], out_dir, ("en",), session.config, glossary, executor=executor)  # doctest: +SKIP
    """

    def __init__(self, config: TranslateConfig) -> None:
        self.config = config
        self._models: dict[str, LoadedModel] = {}
        self._present: set[str] = set()
        self._lock = threading.Lock()

    def executor(self, glossary: Glossary) -> SharedModelExecutor:
        """An executor for one run: a translator of ``glossary`` over this session's models."""
        return SharedModelExecutor(lambda: self.translator(glossary))

    def translator(self, glossary: Glossary) -> object:
        """A :class:`~tamngu.translate.pipeline.Translator` of ``glossary`` that shares the loaded models."""
        from tamngu.translate.pipeline import Translator

        translator = Translator(self.config, glossary)
        translator._models = self._models  # one dict: a model loaded by any run is loaded for all
        return translator

    def missing(self, targets: Sequence[str]) -> str | None:
        """Why ``targets`` cannot be translated (the error ``tamngu translate`` gives), or None.

        Nothing is downloaded; a model found once is not looked for again.
        """
        from tamngu.translate.models import resolve_model

        for lang in ("en", *(lang for lang in targets if lang == "zh")):
            ref = self.config.model_for(lang)
            if ref in self._present:
                continue
            try:
                resolve_model(ref, cache_dir=self.config.cache_dir, download=False)
            except TamnguError as exc:
                return str(exc)
            with self._lock:
                self._present.add(ref)
        return None

    def loaded(self) -> tuple[str, ...]:
        """The directions whose models are loaded ("en": vi->en, "zh": en->zh)."""
        return tuple(sorted(self._models))
