"""The benchmark's workload: the model, seed segments, forced lengths and glossary pins.

Built once per ``tamngu bench`` run and written to ``workload.json``, so every
engine (each in its own subprocess) translates exactly the same thing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tamngu.tools import seeds_dir

logger = logging.getLogger(__name__)

QUICK_SEGMENTS = 6
FULL_SEGMENTS = 16  # one naive batch of 16; the naive beam-4 run dominates the 10-minute budget


@dataclass
class Segment:
    """One benchmark segment, prepared once for every engine."""

    text: str
    soft_text: str
    source_tokens: int
    length: int  # forced new tokens, EOS included
    constraints: list[list[list[int]]] = field(default_factory=list)  # per pin: token-id alternatives
    redecode: bool = False


def forced_length(source_tokens: int) -> int:
    """New tokens (EOS included) every engine generates for a source of this length.

    ``L = roundup8(round(1.1 * source tokens) + 2)``, rounded to 8 so
    CTranslate2, which takes one length per call, can decode equal-length groups.
    """
    raw = round(1.1 * source_tokens) + 2
    return 8 * math.ceil(raw / 8)


def build_model(quick: bool, seed: int, out: Path) -> Path:
    """A random-weight model of the opus-mt-vi-en shape (``quick``: a tiny one), built once in ``out``."""
    from tamngu.tools import random_models

    if quick:
        target = out / f"model-tiny-vi-en-seed{seed}"
        build = lambda: random_models.tiny_marian(target, "vi-en", seed=seed)  # noqa: E731
    else:
        target = out / f"model-opus-vi-en-shape-seed{seed}"
        build = lambda: random_models.opus_vi_en_shape(target, seed=seed)  # noqa: E731
    if not (target / "config.json").is_file() or not (target / "model.safetensors").is_file():
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI shows its own progress
        build()
    return target


def build_en_zh_model(seed: int, out: Path) -> Path:
    """A random-weight model of the opus-mt-en-zh shape, built once in ``out`` (the pivot of a whole run)."""
    from tamngu.tools import random_models

    target = out / f"model-opus-en-zh-shape-seed{seed}"
    if not (target / "config.json").is_file() or not (target / "model.safetensors").is_file():
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        random_models.opus_en_zh_shape(target, seed=seed)
    return target


def seed_texts() -> list[str]:
    """Segments of the seed corpus in reading order (segmenter)."""
    from tamngu.corpus.parse import load_article
    from tamngu.corpus.segment import segments_of

    return [s.text for path in sorted(seeds_dir().glob("*.txt")) for s in segments_of(load_article(path))]


def spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items evenly spread over ``items``, in their order."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def prepare_segments(model_dir: Path, count: int, redecode_share: float) -> list[Segment]:
    """``count`` seed segments with their English pins as token phrases and their forced lengths."""
    import warnings

    from transformers import AutoTokenizer

    from tamngu.glossary.loader import load_glossary
    from tamngu.glossary.matcher import Matcher
    from tamngu.translate.audit import pinned_terms, substitute
    from tamngu.translate.phrases import target_phrases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
    matcher = Matcher(load_glossary())
    segments = []
    for text in spread(seed_texts(), count):
        pins = pinned_terms(matcher.find(text), "en")
        soft = substitute(text, [(p.source_start, p.source_end, p.required) for p in pins])
        constraints = [[list(phrase) for phrase in _phrases(tokenizer, pin.alternatives, target_phrases)] for pin in pins]
        source_tokens = len(tokenizer(text, truncation=True, max_length=512)["input_ids"])
        segments.append(Segment(text, soft, source_tokens, forced_length(source_tokens), [c for c in constraints if c]))
    choose_redecodes(segments, redecode_share)
    return segments


def _phrases(tokenizer: Any, forms: Sequence[str], target_phrases: Callable[[Any, str], Any]) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for form in forms:
        found.extend(p for p in target_phrases(tokenizer, form) if p not in found)
    return found


def choose_redecodes(segments: list[Segment], share: float) -> None:
    """Mark ``share`` of the segments, evenly spread over those with pins, for re-decoding."""
    pinned = [s for s in segments if s.constraints]
    wanted = min(len(pinned), math.ceil(share * len(segments))) if share > 0 else 0
    if wanted:
        step = len(pinned) / wanted
        for i in range(wanted):
            pinned[int(i * step)].redecode = True
