"""Find glossary terms in Vietnamese text: leftmost-longest, on syllable boundaries.

Text and glossary forms are both normalized (:mod:`tamngu.glossary.normalize`) and cut
into tokens: syllables (runs of word characters) and single punctuation marks;
whitespace only separates. A term matches when its whole token sequence occurs,
so ``Hà Khẩu`` never matches inside ``hà khắc`` and ``Ninh`` alone is not
``Vương Ninh``. Matching ignores case, except that a place's name must be written
as a name: ``phần lan`` (góp phần lan tỏa) is not Finland, ``tây bắc`` (cách tây bắc
Palau) is not the Northwest (:func:`case_fits`). Spans are reported in the caller's
original string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize, normalize_with_offsets, visible_end

_TOKEN = re.compile(r"\w+|[^\w\s]")
_END = ""  # trie key of the entries ending at a node; never a token


@dataclass(frozen=True)
class Match:
    """One glossary term found in a text; ``start``/``end`` index the original string."""

    start: int
    end: int
    text: str
    entry: Entry
    role_note: str | None = None  # the resolver's note on a person bound to an unconfirmed or ended role (issue 24)


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
        self._capitals: dict[tuple[int, tuple[str, ...]], set[tuple[bool, ...]]] = {}  # (id(place), key) -> its forms' capitals
        for entry in entries:
            for form in entry.vi_forms:
                self._add(tokens(form), entry, form)

    def _add(self, key: tuple[str, ...], entry: Entry, form: str) -> None:
        if not key:
            return
        node = self._trie
        for token in key:
            node = node.setdefault(token, {})
        candidates = node.setdefault(_END, [])
        if entry not in candidates:
            candidates.append(entry)
        if entry.type == "place":
            self._capitals.setdefault((id(entry), key), set()).add(capitals(form))

    def _written_as_name(self, entry: Entry, key: tuple[str, ...], written: Sequence[bool]) -> bool:
        """A place matches only where the text capitalizes it as one of its forms does (:func:`case_fits`)."""
        if entry.type != "place":
            return True
        return any(len(form) != len(key) or case_fits(form, written) for form in self._capitals.get((id(entry), key), ()))

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches covering the most tokens, in order; ties go leftmost-longest.

        Plain leftmost-longest would let ``Trung ương Đảng`` block the longer
        ``Đảng Cộng sản Việt Nam`` that starts inside it; covering the most
        tokens keeps the longer name. A place or event followed by a numeral it
        does not include (``cầu Hồ Kiều II``) is another name and is not matched.
        """
        normalized, offsets = normalize_with_offsets(text)
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(normalized)]
        written = [text[offsets[span[0]] : offsets[span[0]] + 1].isupper() for span in spans]
        chosen = self._best_cover(spans, written)
        found = []
        for index, last, entry in chosen:
            start = offsets[spans[index][0]]
            end = visible_end(text, offsets[spans[last][1]], start)  # a zero-width space after the name is not in it
            found.append(Match(start, end, text[start:end], entry))
        return found

    def _best_cover(self, spans: list[tuple[int, int, str]], written: list[bool]) -> list[tuple[int, int, Entry]]:
        """Weighted interval scheduling over every match: most tokens covered, then fewest (longest)
        matches, then leftmost-longest."""
        size = len(spans)
        score: list[tuple[int, int]] = [(0, 0)] * (size + 1)  # (tokens covered, -matches)
        pick: list[tuple[int, Entry] | None] = [None] * (size + 1)
        for index in range(size - 1, -1, -1):
            score[index] = score[index + 1]
            for last, entry in self._matches_at(spans, written, index):  # longest first
                covered, count = score[last + 1]
                total = (last - index + 1 + covered, count - 1)
                if total > score[index] or (pick[index] is None and total == score[index]):
                    score[index], pick[index] = total, (last, entry)  # on a tie, take the leftmost-longest
        chosen, index = [], 0
        while index < size:
            hit = pick[index]
            if hit is None:
                index += 1
                continue
            chosen.append((index, hit[0], hit[1]))
            index = hit[0] + 1
        return chosen

    def _matches_at(self, spans: list[tuple[int, int, str]], written: list[bool], index: int) -> list[tuple[int, Entry]]:
        """Every entry matching at token ``index``, longest first (``written``: which tokens the text capitalizes)."""
        node = self._trie
        hits: list[tuple[int, Entry]] = []
        for position in range(index, len(spans)):
            node = node.get(spans[position][2])
            if node is None:
                break
            candidates = node.get(_END)
            if candidates:
                key = tuple(span[2] for span in spans[index : position + 1])
                candidates = [entry for entry in candidates if self._written_as_name(entry, key, written[index : position + 1])]
            if candidates:
                entry = self._choose(candidates)
                if not _numbered_other(entry, spans, position + 1):
                    hits.append((position, entry))
        return hits[::-1]

    def _choose(self, candidates: list[Entry]) -> Entry:
        if len(candidates) == 1:
            return candidates[0]
        current = [entry for entry in candidates if entry.valid_on(self._day)]
        pool = current or candidates
        return max(pool, key=lambda entry: (entry.valid_from or dt.date.min, entry.id))


def capitals(form: str) -> tuple[bool, ...]:
    """Which tokens of ``form`` start with a capital letter (``Phần Lan`` -> (True, True))."""
    return tuple(token[:1].isupper() for token in _TOKEN.findall(form))


def case_fits(form: Sequence[bool], written: Sequence[bool]) -> bool:
    """Whether text capitalized as ``written`` may be the name whose form is capitalized as ``form``.

    A name's own capitals after its first token must show in the text, at least one of
    them (``Phần Lan`` not ``phần lan``, ``Tây Bắc`` not ``tây bắc``; ``châu Phi`` not
    ``châu phi``); the first token may be lower case (a sentence's ``Thành phố`` is written
    ``thành phố`` mid-sentence). A one-token name must be capitalized. A form with no
    capital after its first token (``cửa khẩu``, ``Biên giới``) asks nothing.
    """
    inner = [position for position in range(1, len(form)) if form[position]]
    if inner:
        return any(written[position] for position in inner)
    return not (len(form) == 1 and form[0]) or written[0]


_NUMERALS = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix"})


def _numbered_other(entry: Entry, spans: list[tuple[int, int, str]], after: int) -> bool:
    """True when a numeral follows a named structure: ``cầu Hồ Kiều II`` is not ``cầu Hồ Kiều``."""
    if entry.type not in ("place", "event") or after >= len(spans) or not entry.vi[:1].islower():
        return False  # only a generic head (cầu, ga, đường) names another thing with a numeral: Móng Cái 1 is Móng Cái
    token = spans[after][2]
    return token in _NUMERALS or token.isdigit()
