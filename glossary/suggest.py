"""Suggest Chinese characters, pinyin and English for a name written in Sino-Vietnamese.

``suggest("Vương Ninh")`` returns ranked :class:`Candidate` objects: exact glossary
entries first (with their own provenance), then candidates built from the reading
tables of :mod:`tamngu.glossary.hanviet`, marked ``derived``.

Ranking: every syllable maps to the characters that read so. Two models score a
character sequence, and a candidate keeps the better one (its ``kind``):

- person: surname evidence for the first character (Unihan calls it a surname;
  how often jieba's three-character person names start with it), given-name
  frequency (ngender) for the rest;
- place/word: how many of jieba's place names (``ns``) use the character, mixed
  with its general frequency (summed over jieba's dictionary, tempered).

Dictionary evidence: a whole name that is a jieba word gains a bonus growing
with the word's frequency, more for the tag that fits the model (``ns`` place,
``nr`` person); a place model candidate that is no word pays a small penalty.
Scores are log-probabilities turned into shares of all the paths found.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from tamngu.glossary import hanviet
from tamngu.glossary.lexicon import load_lexicon
from tamngu.glossary.romanize import pinyin_syllables, romanize, vietnamese_english
from tamngu.glossary.traditional import to_traditional
from tamngu.glossary.hanviet import CharReading
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize
from tamngu.errors import BadInputError, NotFoundError

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("auto", "person", "place")
ORIGINS: tuple[str, ...] = ("auto", "chinese", "vietnamese")
PER_SYLLABLE = 40
BEAM_WIDTH = 400
MAX_SYLLABLES = 6
PLACE_TEMPERATURE = 0.5
PLACE_NAME_WEIGHT = 0.7
_WHOLE_WORD_BONUS = 2.0
_WORD_FREQ_WEIGHT = 0.5
_SPAN_WORD_BONUS = 1.5
_TAG_BONUS = 2.0
# A name that is not a dictionary word is rarely a well-known place: the place
# model pays this for it, so common-character strings do not beat person names.
_UNKNOWN_PLACE_PENALTY = 1.0
_PLACE_TAGS = ("ns",)
_PERSON_TAGS = ("nr", "nrfg")  # not nrt: transliterated foreign names
# Administrative words a Vietnamese text puts before a Chinese place name, with the
# Chinese suffix and English word they stand for (standard renderings, not readings).
_PLACE_PREFIXES: dict[str, tuple[str, str, str]] = {
    "tỉnh": ("省", "Shěng", "Province"),
    "thành phố": ("市", "Shì", ""),
    "châu": ("州", "Zhōu", "Prefecture"),
    "huyện": ("县", "Xiàn", "County"),
    "khu tự trị": ("自治区", "Zìzhìqū", "Autonomous Region"),
}
# Signs that a person name is Vietnamese (English then keeps the Vietnamese
# spelling without diacritics, as Vietnamese state media in English write it).
_VIETNAMESE_SURNAMES = frozenset({"nguyễn"})
_VIETNAMESE_MIDDLE = load_lexicon().word_set("middle_name")  # glossary/data/lexicon/words.toml
_LETTERS = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Candidate:
    """One suggested rendering of a Sino-Vietnamese name."""

    zh: str
    zh_hant: str
    pinyin: str
    en: str
    score: float
    provenance: str
    kind: str
    evidence: dict[str, Any] = field(default_factory=dict)
    en_alt: tuple[str, ...] = ()
    entry_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``--json`` output)."""
        return {
            "zh": self.zh,
            "zh_hant": self.zh_hant,
            "pinyin": self.pinyin,
            "en": self.en,
            "en_alt": list(self.en_alt),
            "score": self.score,
            "provenance": self.provenance,
            "kind": self.kind,
            "entry_id": self.entry_id or None,
            "evidence": self.evidence,
        }

    def source_line(self) -> str:
        """One-line account of the evidence, used as a glossary entry's ``source``."""
        if "prefix" in self.evidence:
            base = self.evidence["glossary"]
            return f"tamngu glossary suggest: glossary entry '{base['id']}' ({base['provenance']}) with {self.evidence['prefix']}"
        readings = "; ".join(_describe_reading(item) for item in self.evidence.get("readings", []))
        words = ", ".join(f"{w['word']} ({w['tag']}, freq {w['freq']})" for w in self.evidence.get("words", []))
        text = f"tamngu glossary suggest ({self.kind} model, score {self.score:.3f}): readings {readings}"
        return text + (f"; jieba words {words}" if words else "")


@dataclass(frozen=True)
class _Query:
    original: str
    syllables: tuple[str, ...]
    prefix: str
    kind: str
    origin: str = "auto"


@dataclass
class _Path:
    chars: tuple[CharReading, ...]
    person: float
    place: float
    words: tuple[tuple[str, int, str], ...]

    @property
    def best(self) -> float:
        return max(self.person, self.place)


def suggest(
    name: str, glossary: Glossary | None = None, limit: int = 5, kind: str = "auto", origin: str = "auto"
) -> list[Candidate]:
    """Ranked Chinese renderings of ``name``: glossary entries first, then derived ones.

    Args:
        name: a person or place written in Sino-Vietnamese (``"Vương Ninh"``,
            ``"tỉnh Vân Nam"``).
        glossary: searched for exact entries first; None skips that step.
        limit: how many derived candidates to return at most.
        kind: ``"person"``, ``"place"`` or ``"auto"`` (each candidate keeps the
            model that scores it higher).
        origin: whose name it is, for the English of a person: ``"vietnamese"``
            keeps the Vietnamese spelling without diacritics (``To Lam``),
            ``"chinese"`` uses pinyin (``Wang Ning``); ``"auto"`` decides from
            the name's shape (:func:`tamngu.glossary.origin.decide_origin`: syllable
            count, surname, Văn/Thị middle names), Vietnamese when undecided.

    Raises:
        BadInputError: an empty name, Chinese characters or digits, or a bad kind/limit.
        NotFoundError: when a syllable has no Sino-Vietnamese reading and no
            glossary entry matches.
    """
    query = _parse(name, kind, limit, origin)
    exact = _glossary_candidates(query, glossary)
    unknown = [s for s in query.syllables if not hanviet.is_sino_vietnamese(s)]
    if unknown:
        if exact:
            return exact
        raise NotFoundError(
            f"'{name}': no Sino-Vietnamese reading for {', '.join(repr(s) for s in unknown)} "
            "(a pure Vietnamese word or not Vietnamese); add the name by hand with 'tamngu glossary add'"
        )
    seen = {candidate.zh for candidate in exact}
    derived = [c for c in _derived_candidates(query, limit + len(seen)) if c.zh not in seen]
    return exact + derived[:limit]


def _parse(name: str, kind: str, limit: int, origin: str = "auto") -> _Query:
    if kind not in KINDS:
        raise BadInputError(f"kind '{kind}' is not one of: {', '.join(KINDS)}")
    if origin not in ORIGINS:
        raise BadInputError(f"origin '{origin}' is not one of: {', '.join(ORIGINS)}")
    if limit < 1:
        raise BadInputError(f"--limit {limit}: give a number of candidates of 1 or more")
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    if not text:
        raise BadInputError("empty name; give a name in Vietnamese, e.g. 'Vương Ninh'")
    prefix, rest = _split_prefix(text)
    syllables = tuple(hanviet.split_syllables(rest))
    bad = [s for s in syllables if not _LETTERS.match(s) or _has_cjk(s)]
    if bad or not syllables:
        raise BadInputError(
            f"'{name}': expected a name in Vietnamese letters, got {', '.join(repr(s) for s in bad) or 'no syllable'}"
        )
    if len(syllables) > MAX_SYLLABLES:
        raise BadInputError(f"'{name}': {len(syllables)} syllables; give one name of at most {MAX_SYLLABLES}")
    return _Query(text, syllables, prefix, "place" if prefix else kind, origin)


def _split_prefix(text: str) -> tuple[str, str]:
    lowered = normalize(text)
    for prefix in sorted(_PLACE_PREFIXES, key=len, reverse=True):
        if lowered.startswith(prefix + " ") and len(lowered) > len(prefix) + 1:
            return prefix, text[len(prefix) + 1 :].strip()
    return "", text


def _has_cjk(text: str) -> bool:
    return any(unicodedata.name(char, "").startswith("CJK") for char in text)


# ---------------------------------------------------------------- glossary hits


def _glossary_candidates(query: _Query, glossary: Glossary | None) -> list[Candidate]:
    """Exact entries for the name as given, then entries for the name without its
    administrative prefix, composed with the prefix's suffix (云南 + tỉnh -> 云南省)."""
    if glossary is None:
        return []
    full, bare = _name_key(query.original), _name_key(" ".join(query.syllables))
    exact = [_from_entry(entry) for entry in glossary if _has_form(entry, full)]
    if not query.prefix or exact:
        return exact
    return [_composed(entry, query.prefix) for entry in glossary if _has_form(entry, bare)]


def _has_form(entry: Entry, key: str) -> bool:
    return any(_name_key(form) == key for form in entry.vi_forms)


def _from_entry(entry: Entry) -> Candidate:
    return Candidate(
        zh=entry.zh,
        zh_hant=to_traditional(entry.zh, entry.type == "person"),
        pinyin=entry.pinyin,
        en=entry.en,
        score=1.0,
        provenance=entry.provenance,
        kind=entry.type,
        evidence={"glossary": _entry_evidence(entry)},
        en_alt=entry.en_alt,
        entry_id=entry.id,
    )


def _composed(entry: Entry, prefix: str) -> Candidate:
    suffix_zh, suffix_pinyin, suffix_en = _PLACE_PREFIXES[prefix]
    zh = entry.zh if entry.zh.endswith(suffix_zh) else entry.zh + suffix_zh
    en = entry.en if not suffix_en or entry.en.endswith(suffix_en) else f"{entry.en} {suffix_en}"
    pinyin = " ".join(part for part in (entry.pinyin, suffix_pinyin) if part) if zh != entry.zh else entry.pinyin
    return Candidate(
        zh=zh,
        zh_hant=to_traditional(zh, False),
        pinyin=pinyin,
        en=en,
        score=1.0,
        provenance="derived",
        kind="place",
        evidence={"glossary": _entry_evidence(entry), "prefix": f"{prefix} -> {suffix_zh}"},
    )


def _entry_evidence(entry: Entry) -> dict[str, Any]:
    return {"id": entry.id, "provenance": entry.provenance, "file": entry.file, "line": entry.line, "source": entry.source}


def _name_key(text: str) -> str:
    return " ".join(hanviet.syllable_key(s) for s in hanviet.split_syllables(text))


# ---------------------------------------------------------------- derived candidates


def _derived_candidates(query: _Query, count: int) -> list[Candidate]:
    """The ``count`` best derived candidates (scores are shares of all paths found)."""
    options = [_options(syllable, position) for position, syllable in enumerate(query.syllables)]
    paths = _rescore_whole(_beam(options))
    ranked = sorted(paths, key=lambda p: _model_score(p, query.kind), reverse=True)
    shares = _shares([_model_score(p, query.kind) for p in ranked])
    return [_candidate(query, path, share) for path, share in zip(ranked[:count], shares[:count], strict=True)]


def _options(syllable: str, position: int) -> list[tuple[CharReading, float, float]]:
    """Characters for one syllable with (person, place) log-probabilities, best first."""
    chars = hanviet.readings_for(syllable)
    # Tempered: a place name's characters are common, but not as common as function words.
    general = _normalized([_char_freq(c.simplified) ** PLACE_TEMPERATURE for c in chars])
    given = _normalized([_given_freq(c.simplified) for c in chars])
    surname = _normalized([_surname_weight(c.simplified) for c in chars])
    person_probs = [
        0.85 * s + 0.15 * g if position == 0 else 0.85 * n + 0.15 * g
        for s, n, g in zip(surname, given, general, strict=True)
    ]
    in_places = _normalized([_place_char_count(c.simplified) for c in chars])
    place_probs = [PLACE_NAME_WEIGHT * p + (1 - PLACE_NAME_WEIGHT) * g for p, g in zip(in_places, general, strict=True)]
    scored = [(c, math.log(p), math.log(q)) for c, p, q in zip(chars, person_probs, place_probs, strict=True)]
    scored.sort(key=lambda item: max(item[1], item[2]), reverse=True)
    return scored[:PER_SYLLABLE]


def _beam(options: list[list[tuple[CharReading, float, float]]]) -> list[_Path]:
    beam = [_Path((), 0.0, 0.0, ())]
    for choices in options:
        grown = [_extend(path, char, person, place) for path in beam for char, person, place in choices]
        grown.sort(key=lambda p: p.best, reverse=True)
        beam = grown[:BEAM_WIDTH]
    return beam


def _extend(path: _Path, char: CharReading, person: float, place: float) -> _Path:
    chars = path.chars + (char,)
    person_total, place_total, words = path.person + person, path.place + place, path.words
    text = "".join(c.simplified for c in chars)
    for start in range(len(text) - 1):
        hit = hanviet.jieba_tables().words.get(text[start:])
        if hit and start > 0:  # whole-name hits are scored at the end
            words += ((text[start:], *hit),)
            place_total += _SPAN_WORD_BONUS + (0.5 if hit[1] in _PLACE_TAGS else 0.0)
    return _Path(chars, person_total, place_total, words)


def _rescore_whole(paths: list[_Path]) -> list[_Path]:
    """Add the whole-name dictionary bonus, which the beam only sees at the end."""
    rescored = []
    for path in paths:
        text = "".join(c.simplified for c in path.chars)
        hit = hanviet.jieba_tables().words.get(text) if len(text) > 1 else None
        if hit is None:
            rescored.append(_Path(path.chars, path.person, path.place - _UNKNOWN_PLACE_PENALTY, path.words))
            continue
        person = path.person + _person_word_bonus(text, *hit)
        place = path.place + _place_word_bonus(*hit)
        rescored.append(_Path(path.chars, person, place, ((text, *hit),) + path.words))
    return rescored


def _word_bonus(freq: int) -> float:
    """Dictionary evidence grows with the word's frequency (a rare homophone counts less)."""
    return _WHOLE_WORD_BONUS + _WORD_FREQ_WEIGHT * math.log1p(freq)


def _person_word_bonus(text: str, freq: int, tag: str) -> float:
    """A person-name entry is evidence; a common two-character word is not.

    jieba tags some famous full names oddly (周恩来 is 't'), so a word of three
    or more characters still counts, at half weight.
    """
    if tag in _PERSON_TAGS:
        return _word_bonus(freq) + _TAG_BONUS
    return _word_bonus(freq) / 2 if len(text) >= 3 else 0.0


def _place_word_bonus(freq: int, tag: str) -> float:
    if tag.startswith("nr"):  # a person's name, not a place
        return -_UNKNOWN_PLACE_PENALTY
    if tag in _PLACE_TAGS:
        return _word_bonus(freq) + _TAG_BONUS
    return _word_bonus(freq) / 2  # a common word (和平, 太平) may name a place, less surely


def _model_score(path: _Path, kind: str) -> float:
    return path.person if kind == "person" else path.place if kind == "place" else path.best


def _shares(scores: list[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [round(w / total, 4) for w in weights]


def _normalized(weights: list[float]) -> list[float]:
    smoothed = [w + 1.0 for w in weights]
    total = sum(smoothed)
    return [w / total for w in smoothed]


def _char_freq(char: str) -> float:
    return float(hanviet.jieba_tables().char_freq.get(char, 0))


def _place_char_count(char: str) -> float:
    return float(hanviet.jieba_tables().place_char_counts.get(char, 0))


def _given_freq(char: str) -> float:
    counts = hanviet.given_name_counts()
    return float(counts.get(char, 0)) if counts else _char_freq(char)


def _surname_weight(char: str) -> float:
    count = hanviet.jieba_tables().surname_counts.get(char, 0)
    return float(count * 3 if hanviet.is_surname_char(char) else count)


# ---------------------------------------------------------------- rendering


def as_kind(candidate: Candidate, name: str, kind: str, origin: str = "auto") -> Candidate:
    """``candidate`` rendered as a ``kind`` ("person" or "place"): pinyin, English, Traditional.

    Used when a curator files a candidate under a type other than the model
    that ranked it (``Tô Lâm`` ranked as a place word, filed as a person).
    """
    if candidate.provenance != "derived" or "glossary" in candidate.evidence or kind not in ("person", "place"):
        return candidate
    query = _parse(name, kind, 1, origin)
    suffix = _PLACE_PREFIXES.get(query.prefix, ("",))[0]
    core = candidate.zh[: len(candidate.zh) - len(suffix)] if suffix else candidate.zh
    rendered = _render(query, core, kind)
    return replace(candidate, kind=kind, **rendered)


def _candidate(query: _Query, path: _Path, share: float) -> Candidate:
    kind = query.kind if query.kind != "auto" else ("person" if path.person >= path.place else "place")
    zh = "".join(c.simplified for c in path.chars)
    return Candidate(
        score=share,
        provenance="derived",
        kind=kind,
        evidence=_evidence(path),
        **_render(query, zh, kind),
    )


def _render(query: _Query, zh: str, kind: str) -> dict[str, Any]:
    suffix_zh, suffix_pinyin, suffix_en = _PLACE_PREFIXES.get(query.prefix, ("", "", ""))
    pinyin, romanized = romanize(pinyin_syllables(zh), kind)
    en_alt: tuple[str, ...] = ()
    if kind == "person":
        # The other reading of the same person: Vietnamese spelling vs pinyin.
        vietnamese = vietnamese_english(query.syllables)
        en_alt = (vietnamese,) if vietnamese != romanized else ()
        if _is_vietnamese(query):
            romanized, en_alt = vietnamese, (romanized,)
    return {
        "zh": zh + suffix_zh,
        "zh_hant": to_traditional(zh, kind == "person") + to_traditional(suffix_zh, False),
        "pinyin": " ".join(part for part in (pinyin, suffix_pinyin) if part),
        "en": " ".join(part for part in (romanized, suffix_en) if part),
        "en_alt": en_alt,
    }


def _is_vietnamese(query: _Query) -> bool:
    if query.origin != "auto":
        return query.origin == "vietnamese"
    return _looks_vietnamese(query.syllables)


def _looks_vietnamese(syllables: tuple[str, ...]) -> bool:
    """Name shape alone (no context): :func:`tamngu.glossary.origin.decide_origin` weighs
    syllable count, surnames and middle names; an undecided name counts as Vietnamese, so a
    Vietnamese official never gets pinyin by default (``Đặng Quốc Khánh``)."""
    from tamngu.glossary.origin import decide_origin

    return decide_origin(" ".join(syllables), "person").origin != "chinese"


def _evidence(path: _Path) -> dict[str, Any]:
    given = hanviet.given_name_counts()
    surnames = hanviet.jieba_tables().surname_counts
    readings = [
        {
            "syllable": char.reading,
            "char": char.simplified,
            "traditional": char.traditional,
            "sources": list(char.sources),
            "char_freq": int(_char_freq(char.simplified)),
            "given_name_freq": given.get(char.simplified, 0),
            "surname": hanviet.is_surname_char(char.simplified),
            "surname_count": surnames.get(char.simplified, 0),
        }
        for char in path.chars
    ]
    words = [{"word": word, "freq": freq, "tag": tag} for word, freq, tag in path.words]
    return {
        "readings": readings,
        "words": words,
        "person_logp": round(path.person, 3),
        "place_logp": round(path.place, 3),
    }


def _describe_reading(item: dict[str, Any]) -> str:
    sources = "+".join(item["sources"])
    frequencies = f"char freq {item['char_freq']}, given-name freq {item['given_name_freq']}"
    return f"{item['syllable']} {item['char']} ({sources}, {frequencies})"
