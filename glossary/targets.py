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

_FEMININE = re.compile(r"wom[ae]n\b", re.IGNORECASE)  # Chairwoman, Congresswomen: the form for a woman


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


def accepted_forms(forms: Sequence[str], gender: str = "") -> tuple[str, ...]:
    """The forms that render a term for a person of ``gender`` ("female", "male" or "" unknown).

    Alternatives are equivalents only: a gendered form ("Vice Chairwoman") is
    no alternative to "Vice Chairman" but the form for a woman. It is accepted
    (and preferred) only for a title bound to a woman; otherwise the other forms.

        >>> accepted_forms(("Vice Chairman", "Vice Chair", "Vice Chairwoman"))
        ('Vice Chairman', 'Vice Chair')
        >>> accepted_forms(("Vice Chairman", "Vice Chair", "Vice Chairwoman"), "female")
        ('Vice Chairwoman',)
    """
    feminine = tuple(form for form in forms if _FEMININE.search(form))
    if not feminine or len(feminine) == len(forms):
        return tuple(forms)
    return feminine if gender == "female" else tuple(form for form in forms if form not in feminine)


def bound_genders(terms: Sequence[tuple[int, int, str, str]]) -> list[str]:
    """Per term ``(start, end, type, gender)`` in source order, the gender of the person a title is bound to.

    A title is bound to the person entry right after it (``Phó Chủ tịch UBND
    tỉnh Giàng Thị Dung``: at most a space between) or, in apposition, right
    before it (``Giàng Thị Dung, Phó Chủ tịch UBND tỉnh``: at most ", "); other
    terms get "".

        >>> bound_genders([(0, 22, "title", ""), (23, 37, "person", "female")])
        ['female', '']
        >>> bound_genders([(0, 14, "person", "female"), (16, 38, "title", ""), (40, 50, "title", "")])
        ['', 'female', '']
    """
    genders = []
    for index, (start, end, kind, _) in enumerate(terms):
        after = terms[index + 1] if index + 1 < len(terms) else None
        before = terms[index - 1] if index > 0 else None
        gender = ""
        if kind == "title" and after is not None and after[2] == "person" and after[0] - end <= 1:
            gender = after[3]
        elif kind == "title" and before is not None and before[2] == "person" and start - before[1] <= 2:
            gender = before[3]
        genders.append(gender)
    return genders


def is_word_bounded(form: str) -> bool:
    """True for forms written in a script with spaces between words (Latin)."""
    return bool(form) and form[0].isascii()


@functools.lru_cache(maxsize=4096)
def _pattern(form: str, word_bounded: bool) -> re.Pattern[str]:
    if word_bounded:
        return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
    return re.compile(re.escape(form))
