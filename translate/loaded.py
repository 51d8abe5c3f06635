"""One loaded Marian model of a :class:`~tamngu.translate.pipeline.Translator`: tokenizer, engines, pinned phrases.

It encodes sources, decodes target ids (writing back pinned forms the
tokenizer's normalization rewrote) and turns a pinned term into the token
phrases the constrained decoder must produce.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence

from tamngu.errors import BadInputError, TamnguError
from tamngu.glossary.targets import is_word_bounded
from tamngu.translate.audit import PinnedTerm
from tamngu.translate.backend import Backend, Constraint, get_backend
from tamngu.translate.config import TranslateConfig
from tamngu.translate.models import ResolvedModel

logger = logging.getLogger(__name__)

MODEL_POSITIONS = 512  # MarianMT's source positions


class LoadedModel:
    """A loaded tokenizer and backend(s) for one direction."""

    def __init__(self, resolved: ResolvedModel, config: TranslateConfig, prefix: str = "") -> None:
        from transformers import AutoTokenizer

        self.resolved = resolved
        self.config = config
        self.prefix = prefix
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # MarianTokenizer nags about sacremoses
            try:
                self.tokenizer = AutoTokenizer.from_pretrained(resolved.path)
            except Exception as exc:  # a damaged vocabulary or config: one line, not a traceback
                raise _load_error(resolved, exc) from exc
        self._backends: dict[str, Backend] = {}
        self._phrases: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._renderings: dict[str, str] = {}
        self._glue_ids: frozenset[int] | None = None

    def backend(self, engine: str) -> Backend:
        if engine not in self._backends:
            cls = get_backend(engine)
            quantization = self.config.ct2_quantization if engine == "ct2" else self.config.torch_quantization
            extra = {"quantization": quantization}
            try:
                self._backends[engine] = cls(
                    self.resolved.path,
                    device=self.config.resolved_device(),
                    threads=self.config.threads,
                    model_id=self.resolved.ref,
                    **extra,
                )
            except TamnguError:
                raise
            except Exception as exc:  # damaged weights the size check did not catch
                raise _load_error(self.resolved, exc) from exc
        return self._backends[engine]

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, end-of-sentence included."""
        return len(self.tokenizer.tokenize(self.prefix + text)) + 1

    def encode(self, text: str) -> list[int]:
        ids = list(self.tokenizer(self.prefix + text)["input_ids"])
        if len(ids) > MODEL_POSITIONS:  # only an en->zh pivot longer than its source can get here
            logger.warning("%s: input of %d tokens cut to %d: %.60s...", self.resolved.ref, len(ids), MODEL_POSITIONS, text)
            ids = ids[: MODEL_POSITIONS - 1] + ids[-1:]
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        tokenizer = self.tokenizer
        spm, vocab_inv = getattr(tokenizer, "spm_target", None), getattr(tokenizer, "decoder", None)
        if spm is None or vocab_inv is None:
            return tokenizer.decode(list(ids), skip_special_tokens=True)
        special = set(tokenizer.all_special_ids)
        pieces = [vocab_inv[i] for i in ids if i not in special and i in vocab_inv]
        return spm.decode_pieces(pieces).replace("\u2581", " ").strip()

    def restore(self, text: str, pins: Sequence[PinnedTerm]) -> str:
        """Put back pinned forms the target tokenizer's normalization rewrote.

        Sentencepiece models normalize (NFKC): the tokens of "一条赛道，两个国家"
        decode to "一条赛道,两个国家", so the pinned form could never appear
        verbatim. Wherever the decoded rendering of a pinned form's own tokens
        appears, the form itself is written instead.
        """
        for pin in pins:
            for form in pin.alternatives:
                rendered = self.rendering(form)
                if rendered and rendered != form and rendered in text:
                    text = text.replace(rendered, form)
        return text

    def rendering(self, form: str) -> str:
        """What the tokens of ``form`` decode to (``form`` itself unless the tokenizer normalizes it)."""
        if form not in self._renderings:
            phrases = self._phrases_of(form)
            self._renderings[form] = self.decode(phrases[0]) if phrases else form
        return self._renderings[form]

    def _phrases_of(self, form: str) -> tuple[tuple[int, ...], ...]:
        from tamngu.translate.phrases import target_phrases

        if form not in self._phrases:
            self._phrases[form] = target_phrases(self.tokenizer, form, glued=not is_word_bounded(form))
        return self._phrases[form]

    def constraint(self, pin: PinnedTerm) -> Constraint | None:

        phrases: list[tuple[int, ...]] = []
        for form in pin.alternatives:
            phrases.extend(p for p in self._phrases_of(form) if p not in phrases)
        blocked = self.glue_ids() if is_word_bounded(pin.required) else frozenset()
        return Constraint(tuple(phrases), blocked) if phrases else None

    def glue_ids(self) -> frozenset[int]:
        """Target pieces that continue a word (no word-start mark, first character a letter or digit)."""
        if self._glue_ids is None:
            from tamngu.translate.phrases import glue_pieces

            self._glue_ids = glue_pieces(self.tokenizer)
        return self._glue_ids


def _load_error(resolved: ResolvedModel, exc: Exception) -> BadInputError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return BadInputError(
        f"{resolved.path}: cannot load model '{resolved.ref}' ({reason}); copy it again or rerun `tamngu models fetch`"
    )
