"""Segments too long for the model: split them into pieces, translate each, join the results.

MarianMT reads at most 512 source tokens; the tokenizer used to cut anything
longer, and the rest of the line was lost without a word. :func:`split_long`
cuts a long segment at sentence ends first, then at clause marks, then
between words, and only for a "word" longer than the limit (a URL, a run of
symbols) between characters; small units are packed back together so each
piece stays as long as the limit allows. Every character of the segment is in
exactly one piece, so the translations joined in order
(:func:`join_translations`) cover the whole line.

    >>> count = lambda text: len(text.split())  # one token per word, for the example
    >>> text = "Một hai ba. Bốn năm sáu bảy. Tám chín."
    >>> [text[p.start:p.end] for p in split_long(text, count, 4)]
    ['Một hai ba.', 'Bốn năm sáu bảy.', 'Tám chín.']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

# Source tokens per piece: well inside MarianMT's 512 positions, so the English
# translation of a piece (the vi->zh pivot's input) fits the en->zh model too.
MAX_SOURCE_TOKENS = 256
# A segment split into more pieces than this gets a warning that it will take long.
MANY_PIECES = 20

# Unit boundaries, coarsest first: sentence ends, clause marks, spaces.
_LEVELS = (
    re.compile(r"(?<=[.!?…。！？])\s+|(?<=[.!?…。！？][\"'”’)\]])\s+"),  # closing quotes stay with their sentence
    re.compile(r"(?<=[,;:，；：])\s+|\s+(?=[-–—]\s)"),
    re.compile(r"\s+"),
)

CountTokens = Callable[[str], int]
T = TypeVar("T")


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` of a segment, translated on its own."""

    start: int
    end: int


def split_long(text: str, count_tokens: CountTokens, limit: int = MAX_SOURCE_TOKENS) -> list[Piece]:
    """Pieces of ``text``, each at most ``limit`` tokens by ``count_tokens``, in order.

    A text within the limit is one piece. Whitespace between pieces belongs to
    none of them; nothing else is dropped.
    """
    stripped = text.strip()
    if not stripped or len(text) < limit or count_tokens(text) <= limit:  # a token has at least one character
        return [Piece(0, len(text))]
    start = text.index(stripped[0])
    return _split(text, start, start + len(stripped), count_tokens, limit, 0)


def join_translations(texts: Sequence[str], lang: str) -> tuple[str, list[int]]:
    """Translations of consecutive pieces as one segment, and where each piece's text starts in it.

    Chinese pieces run together, English ones are spaced; empty pieces add nothing.

        >>> join_translations(["One two.", "", " Three."], "en")
        ('One two. Three.', [0, 8, 8])
    """
    separator = "" if lang == "zh" else " "
    joined = ""
    offsets = []
    for text in texts:
        body = text.strip()
        if body and joined:
            joined += separator
        offsets.append(len(joined) - (len(text) - len(text.lstrip())))
        joined += body
    return joined, offsets


def shift_terms(terms: Sequence[T], source_offset: int, target_offset: int) -> list[T]:
    """Term audits of one piece moved to the whole segment's source and joined target offsets."""
    shifted = []
    for term in terms:
        target_start = getattr(term, "target_start", None)
        shifted.append(
            dataclasses.replace(  # type: ignore[type-var]
                term,
                source_start=term.source_start + source_offset,  # type: ignore[attr-defined]
                source_end=term.source_end + source_offset,  # type: ignore[attr-defined]
                target_start=None if target_start is None else target_start + target_offset,
            )
        )
    return shifted


def _split(text: str, start: int, end: int, count: CountTokens, limit: int, level: int) -> list[Piece]:
    if count(text[start:end]) <= limit:
        return [Piece(start, end)]
    if level == len(_LEVELS):
        return _character_windows(text, start, end, count, limit)
    units = _units(text, start, end, _LEVELS[level])
    if len(units) == 1:
        return _split(text, start, end, count, limit, level + 1)
    return _pack(text, units, count, limit, level)


def _units(text: str, start: int, end: int, boundary: re.Pattern[str]) -> list[Piece]:
    """The stretches of ``text[start:end]`` between ``boundary`` matches."""
    units = []
    cursor = start
    for found in boundary.finditer(text, start, end):
        if found.start() > cursor:
            units.append(Piece(cursor, found.start()))
        cursor = found.end()
    if cursor < end:
        units.append(Piece(cursor, end))
    return units


def _pack(text: str, units: list[Piece], count: CountTokens, limit: int, level: int) -> list[Piece]:
    """Consecutive units joined while their token counts add up to at most ``limit``."""
    pieces: list[Piece] = []
    current: Piece | None = None
    used = 0
    for unit in units:
        size = count(text[unit.start : unit.end])
        if size > limit:
            pieces += [current] if current else []
            pieces += _split(text, unit.start, unit.end, count, limit, level + 1)
            current, used = None, 0
        elif current is not None and used + size - 1 <= limit:  # one end-of-sentence token for the joined units
            current, used = Piece(current.start, unit.end), used + size - 1
        else:
            pieces += [current] if current else []
            current, used = unit, size
    pieces += [current] if current else []
    return pieces


def _character_windows(text: str, start: int, end: int, count: CountTokens, limit: int) -> list[Piece]:
    """A unit with no space in it, cut every so many characters (halved until a window fits)."""
    pieces = []
    cursor = start
    width = max(1, (end - start) * limit // max(1, count(text[start:end])))
    while cursor < end:
        size = min(width, end - cursor)
        while size > 1 and count(text[cursor : cursor + size]) > limit:
            size //= 2
        pieces.append(Piece(cursor, cursor + size))
        cursor += size
    return pieces
