"""Find glossary terms in Vietnamese text: leftmost-longest, on syllable boundaries.

Text and glossary forms are both normalized (:mod:`tamngu.glossary.normalize`) and cut
into tokens: syllables (runs of word characters) and single punctuation marks;
whitespace only separates. A term matches when its whole token sequence occurs,
so ``Hà Khẩu`` never matches inside ``hà khắc`` and ``Ninh`` alone is not
``Vương Ninh``. Spans are reported in the caller's original string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize, normalize_with_offsets

_TOKEN = re.compile(r"\w+|[^\w\s]")
_END = ""  # trie key of the entries ending at a node; never a token


@dataclass(frozen=True)
class Match:
    """One glossary term found in a text; ``start``/``end`` index the original string."""

    start: int
    end: int
    text: str
    entry: Entry


def tokens(text: str) -> tuple[str, ...]:
    """The matching tokens of ``text`` (normalized syllables and punctuation)."""
    return tuple(_TOKEN.findall(normalize(text)))


class Matcher:
    """A token trie over every Vietnamese form of every entry.

    Args:
        glossary: the entries to find.
        on_date: keep entries valid on this day. Where several entries share a
            form, the one valid on ``on_date`` (or today) wins, else the latest.
    """

    def __init__(self, glossary: Glossary | Iterable[Entry], on_date: dt.date | None = None) -> None:
        entries = [entry for entry in glossary if entry.valid_on(on_date)]
        self._day = on_date or dt.date.today()
        self._trie: dict = {}
        for entry in entries:
            for form in entry.vi_forms:
                self._add(tokens(form), entry)

    def _add(self, key: tuple[str, ...], entry: Entry) -> None:
        if not key:
            return
        node = self._trie
        for token in key:
            node = node.setdefault(token, {})
        candidates = node.setdefault(_END, [])
        if entry not in candidates:
            candidates.append(entry)

    def find(self, text: str) -> list[Match]:
        """All leftmost-longest, non-overlapping matches in ``text``, in order."""
        normalized, offsets = normalize_with_offsets(text)
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(normalized)]
        found: list[Match] = []
        index = 0
        while index < len(spans):
            hit = self._longest_at(spans, index)
            if hit is None:
                index += 1
                continue
            last, entry = hit
            start, end = offsets[spans[index][0]], offsets[spans[last][1]]
            found.append(Match(start, end, text[start:end], entry))
            index = last + 1
        return found

    def _longest_at(self, spans: list[tuple[int, int, str]], index: int) -> tuple[int, Entry] | None:
        node = self._trie
        best: tuple[int, Entry] | None = None
        for position in range(index, len(spans)):
            node = node.get(spans[position][2])
            if node is None:
                break
            candidates = node.get(_END)
            if candidates:
                best = (position, self._choose(candidates))
        return best

    def _choose(self, candidates: list[Entry]) -> Entry:
        if len(candidates) == 1:
            return candidates[0]
        current = [entry for entry in candidates if entry.valid_on(self._day)]
        pool = current or candidates
        return max(pool, key=lambda entry: (entry.valid_from or dt.date.min, entry.id))
