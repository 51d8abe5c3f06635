"""Pin the names no glossary entry covers, one rendering per name across an article and a run.

:class:`NamePinner` runs over a whole article: it finds name candidates
(:mod:`tamngu.glossary.names`), decides each distinct name's kind and origin
from all its occurrences (:mod:`tamngu.glossary.origin`), renders it with the
name assistant (:mod:`tamngu.glossary.suggest`) and turns it into an entry with
provenance ``auto``. The article is then matched with the glossary plus these
entries, so a name found in the body is pinned in the headline too, and offices
with a modifier are composed or dropped (:mod:`tamngu.glossary.compose`). A name
decided once keeps its rendering for the rest of the run.

A name that cannot be read (no Sino-Vietnamese reading for a Chinese name), or
whose kind is unclear, is not pinned; it is listed in :attr:`ArticleNames.names`
with ``pinned=False`` and the reason, for the review queue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tamngu.glossary.compose import compose_matches
from tamngu.glossary.lexicon import load_lexicon
from tamngu.glossary.matcher import Match, Matcher
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.names import SURNAMES, NameMention, find_names
from tamngu.glossary.officials import holders_of
from tamngu.glossary.normalize import normalize, slug, strip_marks
from tamngu.glossary.offices import bare_names
from tamngu.glossary.origin import decide_origin
from tamngu.glossary import hanviet
from tamngu.glossary.vnnames import RIVAL_SHARE, vietnamese_chinese
from tamngu.errors import TamnguError

logger = logging.getLogger(__name__)

AUTO_PREFIX = "auto:"
ORIGIN_COUNTRIES = {"vietnamese": "VN", "chinese": "CN", "lao": "LA"}  # an auto-pinned place's country, from its decided origin
# A Chinese person's characters are pinned only when the best reading holds this share of the
# name assistant's probability mass (on the development set every pinned reading above it was right).
CHARACTER_CONFIDENCE = 0.45
PINYIN_SHARE = 0.10  # readings below this share do not count when checking that the pinyin agrees
_CUE_WEIGHT = {"title before": 1}


@dataclass(frozen=True)
class Reading:
    """One reading of a name by the name assistant: its rendering, share of the probability mass, evidence.

    ``place_word``: the characters are a place name in the dictionary (jieba ``ns``);
    ``word``: they are a dictionary word at all (not another proper noun).
    """

    zh: str
    en: str
    pinyin: str
    score: float
    kind: str
    place_word: bool
    word: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the review file (``glossary gaps``)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class AutoName:
    """One distinct name of an article, decided: kind, origin, rendering, and whether it is pinned."""

    key: str
    text: str
    kind: str
    origin: str
    en: str
    zh: str
    pinned: bool
    reason: str = ""
    evidence: tuple[str, ...] = ()
    candidates: tuple[Reading, ...] = ()
    forms: tuple[str, ...] = ()

    @property
    def entry_id(self) -> str:
        return AUTO_PREFIX + slug(self.text)

    def entry(self) -> Entry:
        """The name as a glossary entry with provenance ``auto`` (what the decoder pins)."""
        return Entry(
            id=self.entry_id,
            type=self.kind,
            vi=self.text,
            en=self.en,
            zh=self.zh,
            provenance="auto",
            source="tamngu names: " + "; ".join(self.evidence[:4]),
            variants=tuple(f for f in self.forms if f != self.text),
            note=f"origin:{self.origin}",
            country=ORIGIN_COUNTRIES.get(self.origin, "") if self.kind == "place" else "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "type": self.kind, "origin": self.origin, "en": self.en or None,
            "zh": self.zh or None, "source": "auto" if self.pinned else "unpinned", "reason": self.reason,
            "evidence": list(self.evidence), "candidates": [reading.to_dict() for reading in self.candidates],
        }


@dataclass
class ArticleNames:
    """An article's matches (glossary + auto + composed offices) and its names."""

    matches: list[list[Match]]
    names: list[AutoName]
    mentions: dict[str, list[tuple[int, NameMention]]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # the auto entries pinned (hand them to the translator)


def caveat_of(entry: Entry, lang: str) -> str:
    """What an audit should say about an auto-pinned name in ``lang`` (empty for glossary entries)."""
    if entry.provenance != "auto" or entry.type not in ("person", "place"):
        return ""
    origin = origin_of(entry)
    if origin == "chinese":
        return "auto: pinyin from the best Sino-Vietnamese reading" if lang == "en" else "auto: characters unverified (pinyin is often right when they are not)"
    if origin == "vietnamese" and lang == "zh":
        return "auto: derived from Sino-Vietnamese readings"
    return "auto: unreviewed"


def origin_of(entry: Entry) -> str:
    """``vietnamese``/``chinese``/``lao``/``other`` for a person or place entry, ``""`` otherwise.

    A place's origin is its ``country`` (``""`` when none is recorded); a person's is the
    auto pin's recorded origin, else Vietnamese when the English is the unaccented Vietnamese.
    """
    if entry.note.startswith("origin:"):
        return entry.note.split(":", 1)[1].split(";")[0].strip()
    if entry.type == "place":  # a place's origin is its recorded country, never guessed from its spelling
        return entry.country_origin
    if entry.type != "person":
        return ""
    return "vietnamese" if strip_marks(entry.vi).lower() == entry.en.lower() else "chinese"


class NamePinner:
    """Article-level name pinning over ``glossary``; keeps each decided name for the whole run.

    Args:
        glossary: the term base; its entries always win over auto names.
        on_date: glossary entries valid that day apply.
        decided: names already decided in this run (shared between pinners of several dates).
    """

    def __init__(
        self,
        glossary: Glossary | Sequence[Entry],
        on_date: dt.date | None = None,
        decided: dict[tuple[str, str], AutoName] | None = None,
    ) -> None:
        self._entries = [entry for entry in glossary if entry.valid_on(on_date)]
        self._date = on_date
        self._holders = holders_of(glossary)  # who held which office, for a misspelt official (dated by on_date)
        self._base = Matcher(self._entries)
        self._decided = decided if decided is not None else {}  # share it for one rendering across a run
        self._rejected = tuple(getattr(glossary, "rejected", ()))  # readings an editor refused: never auto-pinned

    def article(self, segments: Sequence[str]) -> ArticleNames:
        """Matches per segment with auto names pinned, and every name of the article."""
        known = [self._base.find(text) for text in segments]
        grouped: dict[str, list[tuple[int, NameMention]]] = {}
        for index, (text, found) in enumerate(zip(segments, known)):
            for mention in find_names(text, found):
                grouped.setdefault(normalize(mention.text), []).append((index, mention))
        names = [self._decide(mentions) for mentions in grouped.values()]
        seen = {name.key for name in names}
        # names decided earlier in the run keep their rendering here too, found or not by a cue
        earlier = [name for name in {n.key: n for n in self._decided.values()}.values() if name.key not in seen]
        extra = [name.entry() for name in (*names, *earlier) if name.pinned]
        extra += _composite_places(grouped, names)
        matcher = Matcher([*self._entries, *extra]) if extra else self._base
        matches = [compose_matches(text, matcher.find(text), date=self._date, offices=self._holders) for text in segments]
        return ArticleNames(matches, names, grouped, extra)

    def _decide(self, mentions: list[tuple[int, NameMention]]) -> AutoName:
        text = mentions[0][1].text
        kind = _vote_kind([m for _, m in mentions])
        cached = self._decided.get((normalize(text), kind))
        if cached is None and kind == "unknown":  # decided as a person or place elsewhere in the run
            cached = next((n for (key, _), n in self._decided.items() if key == normalize(text) and n.pinned), None)
        if cached is not None:
            return cached
        contexts = [m.context for _, m in mentions]
        decided = self._unless_rejected(self._from_unit_entry(text, kind) or _render(text, kind, contexts))
        self._decided[(normalize(text), kind)] = decided
        return decided


    def _unless_rejected(self, name: AutoName) -> AutoName:
        """``name`` unpinned when an editor rejected its reading (``rejected.toml``)."""
        refused = next((r for r in self._rejected if name.pinned and r.refuses(name.key, name.en, name.zh)), None)
        if refused is None:
            return name
        reason = f"reading {name.en} / {name.zh or '-'} rejected by {refused.decided_by} ({refused.decided_on or 'undated'})"
        return replace(name, pinned=False, reason=reason)

    def _from_unit_entry(self, text: str, kind: str) -> AutoName | None:
        """``Lục Xuân`` when the glossary has ``huyện Lục Xuân`` (绿春县): the same name, without the unit."""
        if kind == "person":
            return None
        key = normalize(text)
        for entry in self._entries:
            if entry.type == "place" and any(normalize(form) in {f"{unit} {key}" for unit in _UNIT_WORDS} for form in entry.vi_forms):
                en, zh = bare_names(entry)
                origin = entry.country_origin or "other"  # Bình Dương (VN) / Lục Xuân (CN): the entry's recorded country
                evidence = (f"glossary entry '{entry.id}' ({entry.vi}) without its unit word",)
                return AutoName(key, text, "place", origin, en, zh, True, "bare form of a glossary entry", evidence)
        return None


_UNIT_WORDS = load_lexicon().words["unit_word"]  # glossary/data/lexicon/words.toml


def _vote_kind(mentions: Sequence[NameMention]) -> str:
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.kind != "unknown":
            votes[mention.kind] += _CUE_WEIGHT.get(mention.cue, 2)
    if not votes:
        return "unknown"
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return "unknown"
    return ranked[0][0]


def _render(text: str, kind: str, contexts: list[str]) -> AutoName:
    if kind == "unknown":
        return _render_unknown(text, contexts)
    decision = decide_origin(text, kind, contexts)
    evidence = decision.evidence
    if kind == "person":
        return _render_person(text, decision.origin, evidence)
    return _render_place(text, decision.origin, evidence)


def _render_person(text: str, origin: str, evidence: tuple[str, ...]) -> AutoName:
    key = normalize(text)
    top, candidates = _suggest(text, "person", origin)
    if origin == "vietnamese":
        chinese = vietnamese_chinese(text, top.zh if top else "")
        return AutoName(key, text, "person", origin, strip_marks(text), chinese.zh, True, chinese.reason, evidence, candidates)
    if top is None:
        return AutoName(key, text, "person", origin, "", "", False, "Chinese name with no Sino-Vietnamese reading", evidence)
    if not _pinyin_agrees(candidates):
        return AutoName(key, text, "person", origin, "", "", False, "readings disagree on the pinyin", evidence, candidates)
    if top.score < CHARACTER_CONFIDENCE:  # pinyin is often right when the characters are not
        reason = f"characters uncertain (best reading {top.zh} holds {top.score:.0%}); pinyin only"
        return AutoName(key, text, "person", origin, top.en, "", True, reason, evidence, candidates)
    rivals = surname_rivals(text.split()[0], top.zh[0])
    if rivals:  # Hồng is the surname 洪 as often as 红: the pinyin is right either way
        reason = f"surname uncertain ({' or '.join((top.zh[0], *rivals))}); pinyin only"
        return AutoName(key, text, "person", origin, top.en, "", True, reason, evidence, candidates)
    return AutoName(key, text, "person", origin, top.en, top.zh, True, "pinyin from the best reading; characters unverified", evidence, candidates)


def surname_rivals(syllable: str, char: str) -> tuple[str, ...]:
    """Other surnames read ``syllable`` holding at least RIVAL_SHARE of the surname counts."""
    counts = hanviet.jieba_tables().surname_counts
    shares = {r.simplified: counts.get(r.simplified, 0) for r in hanviet.readings_for(syllable)}
    total = sum(shares.values())
    return tuple(c for c, n in sorted(shares.items(), key=lambda item: -item[1]) if c != char and total and n / total >= RIVAL_SHARE)


def _pinyin_agrees(candidates: Sequence[Reading]) -> bool:
    """True when every reading with a real share gives the same English (Liuchun/Luchun do not).

    A real share: at least 10% of the mass and a quarter of the best reading's.
    """
    floor = max(PINYIN_SHARE, 0.25 * max((c.score for c in candidates), default=0.0))
    forms = {c.en.lower() for c in candidates if c.score >= floor}
    return len(forms) <= 1


def _render_place(text: str, origin: str, evidence: tuple[str, ...]) -> AutoName:
    key = normalize(text)
    top, candidates = _suggest(text, "place", origin)
    if origin == "chinese":
        if top is None:
            return AutoName(key, text, "place", origin, "", "", False, "Chinese place with no Sino-Vietnamese reading", evidence)
        if not top.word and not _pinyin_agrees(candidates):
            return AutoName(key, text, "place", origin, "", "", False, "readings disagree on the pinyin", evidence, candidates)
        if not top.word:  # characters no dictionary knows as a word are a guess: pinyin only
            reason = f"characters uncertain ({top.zh} is no dictionary word); pinyin only"
            return AutoName(key, text, "place", origin, top.en, "", True, reason, evidence, candidates)
        return AutoName(key, text, "place", origin, top.en, top.zh, True, "pinyin and characters of a dictionary word", evidence, candidates)
    if origin == "lao":  # the Vietnamese spelling of a Lao name is not its English (Sầm Nưa is Sam Neua)
        return AutoName(key, text, "place", origin, "", "", False, "Lao place: the Vietnamese spelling is not its English", evidence, candidates)
    # A Vietnamese place's Chinese is a convention, not a reading: English only, Chinese left for review.
    return AutoName(key, text, "place", origin, strip_marks(text), "", True, "Chinese of a Vietnamese place is not derived", evidence, candidates)


def _render_unknown(text: str, contexts: list[str]) -> AutoName:
    """A name with no cue: a person when shaped like one (three syllables or more, a surname first),
    a place when the dictionary knows it as one (南宁, 杭州), else left for review."""
    key = normalize(text)
    syllables = text.split()
    if len(syllables) >= 3 and normalize(syllables[0]) in SURNAMES:
        return _render(text, "person", contexts)
    top, candidates = _suggest(text, "place", "chinese")
    if top is not None and top.place_word:
        decision = decide_origin(text, "place", contexts)
        if decision.origin == "chinese":
            evidence = (f"'{top.zh}' is a place name in the dictionary", *decision.evidence)
            return AutoName(key, text, "place", "chinese", top.en, top.zh, True, "dictionary place word", evidence, candidates)
    return AutoName(key, text, "unknown", "", "", "", False, "no cue says whether this is a person or a place", (), candidates)


@functools.lru_cache(maxsize=4096)
def _suggest_cached(text: str, kind: str, origin: str) -> tuple[Reading, ...]:
    from tamngu.glossary.suggest import suggest

    try:
        found = suggest(text, None, limit=6, kind=kind, origin=origin)
    except TamnguError:
        return ()
    rows = []
    for candidate in found:
        words = candidate.evidence.get("words", [])
        place_word = any(w.get("tag") == "ns" and w.get("word") == candidate.zh for w in words)
        # a word is place evidence unless it is some other proper noun ("nz": 天宝 the era, not 天保 the border gate)
        is_word = any(w.get("word") == candidate.zh and w.get("tag") != "nz" for w in words)
        rows.append(Reading(candidate.zh, candidate.en, candidate.pinyin, candidate.score, candidate.kind, place_word, is_word))
    return tuple(rows)


def _suggest(text: str, kind: str, origin: str) -> tuple[Reading | None, tuple[Reading, ...]]:
    origin_arg = origin if origin in ("chinese", "vietnamese") else "auto"
    rows = _suggest_cached(text, kind, origin_arg)
    if kind == "place":  # a dictionary place name beats a reading that is no word (绿春, not 六春)
        words = [row for row in rows if row.place_word]
        return (words[0] if words else rows[0] if rows else None), rows
    return (rows[0] if rows else None), rows


def _composite_places(grouped: dict[str, list[tuple[int, NameMention]]], names: list[AutoName]) -> list[Entry]:
    """``Khu tự trị dân tộc Choang X`` as one entry: ``X Zhuang Autonomous Region`` / X壮族自治区."""
    by_key = {name.key: name for name in names}
    extra = []
    for key, mentions in grouped.items():
        name = by_key.get(key)
        if name is None or not name.pinned or name.kind != "place" or not name.zh:
            continue
        if any("khu tự trị dân tộc choang" in m.cue for _, m in mentions):
            extra.append(
                Entry(id=name.entry_id + "-zhuang-ar", type="place", vi=f"Khu tự trị dân tộc Choang {name.text}",
                      en=f"{name.en} Zhuang Autonomous Region", zh=f"{name.zh}壮族自治区", provenance="auto",
                      source="composed: Khu tự trị dân tộc Choang -> Zhuang Autonomous Region (壮族自治区)",
                      note=f"origin:{name.origin}", country="CN")
            )
    return extra
