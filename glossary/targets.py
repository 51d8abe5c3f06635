"""Where pinned target forms occur in an English or Chinese text.

One rule for the decoder's audit and for the evaluation, so both count the
same thing: English forms match case-insensitively on word boundaries
("Yunnan" is not in "YunnanLiu"), Chinese forms as exact substrings; longer
forms claim their span first and a stretch of text serves one term only
("Lao Cai" inside "Lao Cai Province" is not also a separate "Lao Cai").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TargetSpan:
    """An accepted target form of ``entry_id`` found at ``text[start:end]``."""

    entry_id: str
    start: int
    end: int


def find_target_forms(text: str, candidates: Iterable[tuple[str, Sequence[str]]], lang: str) -> list[TargetSpan]:
    """Non-overlapping occurrences of the candidates' forms in ``text``, in text order.

    Args:
        text: an English or Chinese translation.
        candidates: ``(entry_id, accepted forms)`` pairs.
        lang: "en" (case-insensitive, word boundaries) or "zh" (exact).
    """
    ordered = sorted(
        {(form, entry_id) for entry_id, forms in candidates for form in forms if form},
        key=lambda pair: (-len(pair[0]), pair[0], pair[1]),
    )
    claimed: list[TargetSpan] = []
    for form, entry_id in ordered:
        for found in _pattern(form, lang == "en").finditer(text):
            if all(found.end() <= span.start or found.start() >= span.end for span in claimed):
                claimed.append(TargetSpan(entry_id, found.start(), found.end()))
    return sorted(claimed, key=lambda span: (span.start, span.end))


def is_word_bounded(form: str) -> bool:
    """True for forms written in a script with spaces between words (Latin)."""
    return bool(form) and form[0].isascii()


@functools.lru_cache(maxsize=4096)
def _pattern(form: str, word_bounded: bool) -> re.Pattern[str]:
    if word_bounded:
        return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
    return re.compile(re.escape(form))
