"""Resolve an article's terms: the one place that decides what the decoder pins.

:func:`resolve_article` takes an article's segments and date and returns a
:class:`ResolvedArticle`: per segment, the :class:`Pin` of every glossary
match, composed office and automatic name pin, each with its provenance and
origin, plus the names left for an editor (:class:`ReviewName`). The batch
runner, the plain pipeline, ``glossary annotate``, ``glossary gaps`` and the
desk all call it, so the memory key and the decoder's constraints come from the
same object.

>>> from tamngu.glossary.model import Entry, Glossary
>>> office = Entry("mayor", "title", "Thị trưởng", "Mayor", "市长", "verified", "example")
>>> resolved = resolve_article(["Thị trưởng nói."], Glossary((office,)), date=None)
>>> [(pin.start, pin.end, pin.entry.en, pin.source) for pin in resolved.pins[0]]
[(0, 10, 'Mayor', 'verified')]

A :class:`Resolver` keeps the matchers and the names decided so far for a whole
run (one rendering per name across articles); :func:`resolve_article` is a
resolver used once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from tamngu.glossary.autopin import AutoName, NamePinner, Reading, origin_of
from tamngu.glossary.compose import compose_matches
from tamngu.glossary.matcher import Match, Matcher
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize
from tamngu.glossary.officials import MISSPELT_NOTE, holders_of
from tamngu.glossary.roles import DEFAULT_ROLE_WINDOW_DAYS, note_roles

PinSource = Literal["verified", "derived", "auto", "reviewed"]
_MATCHER_CACHE = 64  # matchers kept per resolver (one per article date)


@dataclass(frozen=True)
class Pin:
    """One term the decoder must produce: a span of a segment and the entry that renders it.

    ``source`` is the entry's provenance (a composed office is ``derived`` with
    ``composed`` set); ``origin`` is ``vietnamese``/``chinese``/``lao``/``other``
    for persons and places, else None; ``role_note`` says when a person's role
    could not be confirmed for the article's date (filled by the roles check).
    """

    segment: int
    start: int
    end: int
    entry: Entry
    source: PinSource
    origin: str | None
    composed: bool
    role_note: str | None = None
    text: str = ""

    def match(self) -> Match:
        """The pin as a matcher :class:`~tamngu.glossary.matcher.Match` (what the translator consumes)."""
        return Match(self.start, self.end, self.text, self.entry, self.role_note)


@dataclass(frozen=True)
class Alternative:
    """Another rendering of a name an editor may pick, with what speaks for it."""

    en: str
    zh: str
    pinyin: str = ""
    score: float = 0.0
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"en": self.en, "zh": self.zh, "pinyin": self.pinyin, "score": self.score, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class ReviewName:
    """A name no glossary entry covers, for an editor: auto-pinned (unreviewed) or left unpinned.

    ``occurrences`` are ``(segment, start, end)``; ``en``/``zh`` the proposed
    rendering (empty where none is pinned); ``alternatives`` the name assistant's
    other readings.
    """

    key: str
    text: str
    kind: str
    origin: str
    en: str
    zh: str
    pinned: bool
    reason: str
    evidence: tuple[str, ...]
    occurrences: tuple[tuple[int, int, int], ...]
    alternatives: tuple[Alternative, ...] = ()
    candidates: tuple[Reading, ...] = field(default=(), repr=False)

    @property
    def entry_id(self) -> str:
        """The id the name's automatic pin carries (``auto:...``)."""
        return _auto_name(self).entry_id


@dataclass(frozen=True)
class ResolvedArticle:
    """An article's segments with every pin and every name left for review."""

    segments: tuple[str, ...]
    date: dt.date | None
    pins: tuple[tuple[Pin, ...], ...]
    names: tuple[AutoName, ...] = ()
    review: tuple[ReviewName, ...] = ()
    entries: tuple[Entry, ...] = ()  # the automatic entries the article was resolved with (names decided in the run so far)

    def matches(self) -> list[list[Match]]:
        """Per segment, the pins as matcher matches."""
        return [[pin.match() for pin in pins] for pins in self.pins]


class Resolver:
    """Resolves the articles of one run over ``glossary``, keeping each decided name for the run.

    Args:
        glossary: the term base (its rejected readings are never auto-pinned).
        role_window_days: a person's open role bound to an office counts as confirmed when a
            check dated within this many days before the article saw it held (else ``role_note``).
    """

    def __init__(self, glossary: Glossary | Sequence[Entry], *, role_window_days: int = DEFAULT_ROLE_WINDOW_DAYS) -> None:
        self.glossary = glossary
        self.role_window_days = role_window_days
        self._matchers: dict[dt.date | None, Matcher] = {}
        self._pinners: dict[dt.date | None, NamePinner] = {}
        self._decided: dict[tuple[str, str], AutoName] = {}
        self._holders = holders_of(glossary)  # who held which office (a misspelt official, read at the article's date)

    def resolve(self, segments: Sequence[str], *, date: dt.date | None, names: bool = False) -> ResolvedArticle:
        """Resolve one article (see :func:`resolve_article`)."""
        texts = tuple(segments)
        if not names:
            found = [self._matcher(date).find(text) for text in texts]
            return ResolvedArticle(texts, date, self._noted(texts, _pins(found), date), (), ())
        pinner = self._pinners.get(date)
        if pinner is None:
            pinner = self._pinners[date] = NamePinner(self.glossary, date, decided=self._decided)
        article = pinner.article(list(texts))
        pins = self._noted(texts, _pins(article.matches), date)
        review = _with_misspelt_officials(_review(article.names, article.mentions, pins), pins)
        return ResolvedArticle(texts, date, pins, tuple(n for n in article.names if n.pinned), review, tuple(article.entries))

    def with_entries(self, segments: Sequence[str], *, date: dt.date | None, entries: Sequence[Entry]) -> ResolvedArticle:
        """The pins of ``segments`` given names already decided for their article (``entries``, the
        :attr:`ResolvedArticle.entries` of an earlier :meth:`resolve`): glossary plus those entries,
        offices composed, nothing decided anew (a translator handed part of an article)."""
        base = [entry for entry in self.glossary if entry.valid_on(date)]
        matcher = Matcher([*base, *entries])
        found = [compose_matches(text, matcher.find(text), date=date, offices=self._holders) for text in segments]
        return ResolvedArticle(tuple(segments), date, self._noted(segments, _pins(found), date), (), ())

    def _noted(self, segments: Sequence[str], pins: tuple[tuple[Pin, ...], ...], date: dt.date | None) -> tuple[tuple[Pin, ...], ...]:
        """Pins with ``role_note`` on persons bound to an office not confirmed on ``date`` (:mod:`tamngu.glossary.roles`)."""
        glossary = self.glossary if isinstance(self.glossary, Glossary) else Glossary(tuple(self.glossary))
        return note_roles(segments, pins, glossary, date, self.role_window_days)

    def _matcher(self, date: dt.date | None) -> Matcher:
        if date not in self._matchers:
            if len(self._matchers) >= _MATCHER_CACHE:
                self._matchers.clear()
            self._matchers[date] = Matcher(self.glossary, on_date=date)
        return self._matchers[date]


def resolve_article(
    segments: Sequence[str], glossary: Glossary | Sequence[Entry], *, date: dt.date | None, names: bool = False,
    role_window_days: int = DEFAULT_ROLE_WINDOW_DAYS,
) -> ResolvedArticle:
    """Every term of an article, decided once.

    Args:
        segments: the article's segments (title, lead, body, captions), in order.
        glossary: the term base; entries valid on ``date`` apply.
        date: the article's date (None: every entry applies).
        names: also pin the persons and places no entry covers and compose offices
            with their modifier and place (``Phó Chủ tịch UBND tỉnh Lào Cai``).
        role_window_days: see :class:`Resolver`.

    Returns:
        The :class:`ResolvedArticle`: pins per segment sorted by start, the auto-pinned
        names and the names left for review.
    """
    return Resolver(glossary, role_window_days=role_window_days).resolve(segments, date=date, names=names)


def _pins(found: Sequence[Sequence[Match]]) -> tuple[tuple[Pin, ...], ...]:
    return tuple(tuple(sorted((_pin(index, match) for match in matches), key=lambda p: p.start)) for index, matches in enumerate(found))


def _pin(segment: int, match: Match) -> Pin:
    entry = match.entry
    composed = entry.source.startswith("composed")
    source = entry.provenance if entry.provenance in ("verified", "derived", "auto", "reviewed") else "derived"
    return Pin(segment, match.start, match.end, entry, source, origin_of(entry) or None, composed, None, match.text)  # type: ignore[arg-type]


def _review(names: Sequence[AutoName], mentions: dict[str, list[tuple[int, Any]]], pins: tuple[tuple[Pin, ...], ...]) -> tuple[ReviewName, ...]:
    at: dict[str, list[tuple[int, int, int]]] = {}
    for segment_pins in pins:
        for pin in segment_pins:
            at.setdefault(pin.entry.id, []).append((pin.segment, pin.start, pin.end))
    review = []
    for name in names:
        spans = at.get(name.entry_id) if name.pinned else None
        occurrences = spans or [(index, mention.start, mention.end) for index, mention in mentions.get(name.key, [])]
        review.append(ReviewName(
            key=name.key, text=name.text, kind=name.kind, origin=name.origin, en=name.en, zh=name.zh, pinned=name.pinned,
            reason=name.reason, evidence=tuple(name.evidence), occurrences=tuple(occurrences),
            alternatives=tuple(_alternative(row) for row in name.candidates), candidates=tuple(name.candidates),
        ))
    return tuple(review)


def _with_misspelt_officials(review: tuple[ReviewName, ...], pins: tuple[tuple[Pin, ...], ...]) -> tuple[ReviewName, ...]:
    """``review`` with each name read as a known official (one syllable off, :mod:`~tamngu.glossary.officials`) listed
    as that case: pinned to the glossary person, the reason saying what was written and whose office it was that day.
    It replaces the automatic reading of the same name, so a name is listed once."""
    cases: dict[str, ReviewName] = {}
    for pin in (pin for segment_pins in pins for pin in segment_pins if pin.entry.note.startswith(MISSPELT_NOTE)):
        key = normalize(pin.text)
        found = cases.get(key)
        if found is not None:
            cases[key] = replace(found, occurrences=(*found.occurrences, (pin.segment, pin.start, pin.end)))
            continue
        cases[key] = ReviewName(
            key=key, text=pin.text, kind="person", origin=pin.origin or "", en=pin.entry.en, zh=pin.entry.zh, pinned=True,
            reason=pin.entry.note, evidence=(f"glossary person {pin.entry.id}",), occurrences=((pin.segment, pin.start, pin.end),),
        )
    if not cases:
        return review
    listed = [cases.pop(name.key) if name.key in cases else name for name in review]
    return (*listed, *cases.values())


def _alternative(reading: Reading) -> Alternative:
    evidence = ("a place name in the dictionary",) if reading.place_word else ("a dictionary word",) if reading.word else ()
    return Alternative(reading.en, reading.zh, reading.pinyin, reading.score, evidence)


def _auto_name(name: ReviewName) -> AutoName:
    return AutoName(name.key, name.text, name.kind, name.origin, name.en, name.zh, name.pinned)
