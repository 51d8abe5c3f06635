"""Find the people and places a Vietnamese news text names that no glossary entry covers.

Rules over the cues this press uses (measured against underthesea's NER on the
development set, see ``tamngu/tools/names_eval.py``):

- a run of capitalized syllables outside every glossary match is a name
  candidate (``Vi Thao``, ``Bành Thiệu Quan``);
- ``đồng chí``/``ông``/``bà`` before it, or a title right before or after it
  (``Đại sứ Hùng Ba``, ``Lưu Phương, Phó Trưởng Ban ...``, ``X - Bí thư ...``)
  make it a person; lists ``đồng chí X - title; Y - title`` follow from that;
- an administrative word before it (``tỉnh``, ``huyện``, ``châu``, ``thị``,
  ``thành phố``, ``cửa khẩu``, ``sông``, ``ga``) or ``(Trung Quốc)`` after it
  make it a place;
- a sentence's first word joins a run only when it is a surname;
- all-caps lines (headlines) are not mined: the names found in the body are
  matched there case-insensitively.

A candidate with no cue is kept as ``unknown``: it is listed for review, never
pinned.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, get_args

from tamngu.glossary.matcher import Match
from tamngu.glossary.normalize import normalize
from tamngu.glossary.lexicon import load_lexicon

logger = logging.getLogger(__name__)

NameKind = Literal["person", "place", "unknown"]
KINDS: tuple[str, ...] = get_args(NameKind)
_TOKEN = re.compile(r"\w+|[^\w\s]")
# The word lists live in glossary/data/lexicon (words.toml, surnames.toml, places.toml), normalized.
_LEXICON = load_lexicon()
PERSON_CUES = _LEXICON.word_set("person_cue")
PLACE_CUES = _LEXICON.word_set("place_cue")
TITLE_WORDS = _LEXICON.word_set("title_word")  # capitalized words of titles and bodies that no name starts with
STOP_WORDS = _LEXICON.word_set("stop_word")  # sentence starters and common capitalized words that are not names
SURNAMES = _LEXICON.surnames  # one list with the origin decider's
KNOWN_PLACES = frozenset(_LEXICON.places)
_TITLE_START_KEYS = _LEXICON.words["title_start"]
_TITLE_ENDS = _LEXICON.words["title_end"]
_LEADING_PLACE_WORDS = _LEXICON.word_set("leading_place_word")
_BODY_STARTS = _LEXICON.word_set("body_start")
_TITLE_STOP = re.compile(r"[;.]|\s(" + "|".join(map(re.escape, _LEXICON.words["title_stop"])) + r")\s")


@dataclass(frozen=True)
class NameMention:
    """One occurrence of a name candidate in a text; ``context`` is the attached title or brackets."""

    start: int
    end: int
    text: str
    kind: str
    cue: str
    context: str


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return normalize(self.text)

    @property
    def capitalized(self) -> bool:
        t = self.text
        return t[:1].isupper() and t[:1].isalpha() and (len(t) == 1 or t[1:].islower()) and t.isalpha()


def find_names(text: str, known: Sequence[Match] = ()) -> list[NameMention]:
    """Name candidates in ``text`` outside the ``known`` glossary matches, in order."""
    if _is_headline(text):
        return []
    tokens = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    masked = _masked(tokens, known)
    mentions: list[NameMention] = []
    for first, last in _runs(tokens, masked):
        mention = _classify(text, tokens, first, last, known)
        if mention is None:
            continue
        if mention.kind == "unknown" and mentions and _listed_after_place(text, mentions[-1], mention):
            mention = NameMention(mention.start, mention.end, mention.text, "place", "listed after a place", mention.context)
        mentions.append(mention)
    return mentions


def _listed_after_place(text: str, previous: NameMention, mention: NameMention) -> bool:
    """``huyện Quản Bạ, Vị Xuyên và ...``: a name listed right after a place named with its unit word."""
    between = text[previous.end : mention.start]
    return previous.kind == "place" and "before" in previous.cue and re.fullmatch(r"\s*(,|và)\s*", between) is not None


def _is_headline(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _masked(tokens: list[_Tok], known: Sequence[Match]) -> list[bool]:
    """Tokens inside glossary matches; a short place match right after a surname is part of a
    person's name (``Nguyễn Văn Sơn`` is not Nguyễn + Wenshan) and stays open."""
    masked = [False] * len(tokens)
    for match in known:
        inside = [i for i, t in enumerate(tokens) if match.start <= t.start < match.end]
        if not inside:
            continue
        before = inside[0] - 1
        opens = (
            match.entry.type == "place" and len(inside) <= 2 and before >= 0 and tokens[before].capitalized
            and tokens[before].key in SURNAMES and all(tokens[i].capitalized for i in inside)
        )
        if not opens:
            for i in inside:
                masked[i] = True
    return masked


def _runs(tokens: list[_Tok], masked: list[bool]) -> list[tuple[int, int]]:
    """(first, last) token indexes of capitalized runs of name syllables."""
    runs, index = [], 0
    while index < len(tokens):
        if not _name_syllable(tokens, masked, index):
            index += 1
            continue
        first = index
        while index + 1 < len(tokens) and _name_syllable(tokens, masked, index + 1, inside=True):
            index += 1
        if not _cut_short(tokens, index):
            runs.extend(_split_at_places(tokens, first, index))
        index += 1
    return runs


def _cut_short(tokens: list[_Tok], last: int) -> bool:
    """The run ends at a cut-off or glued word (``tỉnh Cao B``, ``Điện Biênhttps://``): not a whole name."""
    nxt = last + 1
    return nxt < len(tokens) and tokens[nxt].text[:1].isupper() and not plausible_syllable(tokens[nxt].text)


def _split_at_places(tokens: list[_Tok], first: int, last: int) -> list[tuple[int, int]]:
    """``Cao Bằng Trần Hồng Minh`` -> ``Cao Bằng`` + ``Trần Hồng Minh`` (a known place heads the run)."""
    lead = 1 if tokens[first].key == "choang" else 0  # Khu tự trị dân tộc Choang Quảng Tây Trần Cương
    for size in (3, 2):
        head = " ".join(t.key for t in tokens[first + lead : first + lead + size])
        if last - first + 1 > size + lead and head in KNOWN_PLACES:
            end = first + lead + size - 1
            return [(first, end), *_split_at_places(tokens, end + 1, last)]
    return [(first, last)]


_VOWELS = re.compile(r"[aeiouy]")


def plausible_syllable(word: str) -> bool:
    """A word can be part of a name: it has a vowel (``B`` of a cut-off ``Bằng`` has none) and no glued URL."""
    plain = unicodedata.normalize("NFD", word.lower())  # base letters: ằ -> a + marks
    return bool(_VOWELS.search(plain)) and "http" not in plain and "www" not in plain


def _name_syllable(tokens: list[_Tok], masked: list[bool], index: int, inside: bool = False) -> bool:
    tok = tokens[index]
    if masked[index] or not tok.capitalized or tok.key in STOP_WORDS or not plausible_syllable(tok.text):
        return False
    if inside:
        return True
    starts_sentence = index == 0 or tokens[index - 1].text in ".:!?\"“”|"
    if tok.key in TITLE_WORDS and not _followed_by_name(tokens, masked, index):
        return False
    if starts_sentence and tok.key not in SURNAMES:
        return False
    return True


def _followed_by_name(tokens: list[_Tok], masked: list[bool], index: int) -> bool:
    """A title-like word starts a name only when a capitalized run follows (``Trần Minh``, ``Hùng Ba``)."""
    nxt = index + 1
    return nxt < len(tokens) and not masked[nxt] and tokens[nxt].capitalized and tokens[index].key in SURNAMES


def _trim(tokens: list[_Tok], first: int, last: int) -> tuple[int, int, str]:
    """Drop a leading place word (``Cầu``, ``Ga``) and a trailing body word (``Đoàn Đại`` biểu)."""
    cue = ""
    if tokens[first].key == "choang" and last > first and [t.key for t in tokens[max(0, first - 2) : first]] == ["dân", "tộc"]:
        return first + 1, last, "khu tự trị dân tộc choang"
    if last > first and tokens[first].key in _LEADING_PLACE_WORDS:
        cue, first = tokens[first].key, first + 1
    nxt = last + 1
    if last > first and tokens[last].key in _BODY_STARTS and nxt < len(tokens) and tokens[nxt].text.islower():
        last -= 1
    return first, last, cue


def _starts_a_word(tokens: list[_Tok], index: int) -> bool:
    nxt = index + 1
    return tokens[index].key in _BODY_STARTS and nxt < len(tokens) and tokens[nxt].text.islower()




class _Run(NamedTuple):
    """A run of name syllables and what is around it (what each cue rule reads)."""

    text: str
    first_key: str
    start: int
    end: int
    size: int
    before: str  # up to three normalized words before the run
    after: str  # the 160 characters after it
    leading: str  # a place word that headed the run (``Cầu``), dropped from it
    known: Sequence[Match]


Cue = tuple[NameKind, str]  # the kind a rule gives and the cue it names


def _leading_place_word(run: _Run) -> Cue | None:
    """``Cầu Hồ Kiều``: a place word heading the run."""
    return ("place", f"'{run.leading}' before") if run.leading else None


def _person_cue_before(run: _Run) -> Cue | None:
    """``đồng chí``/``ông``/``bà``/a rank before two to four syllables."""
    cue = _ends_with_any(run.before, PERSON_CUES)
    return ("person", f"'{cue}' before") if cue and 2 <= run.size <= 4 else None


def _surname_after_place_word(run: _Run) -> Cue | None:
    """Three syllables or more opening with a surname are a person even after a place word (the run was split
    at a known place: ``tỉnh Cao Bằng Trần Hồng Minh``)."""
    if run.size >= 3 and run.first_key in SURNAMES and _ends_with_any(run.before, PLACE_CUES):
        return "person", "surname after a place word"
    return None


def _place_cue_before(run: _Run) -> Cue | None:
    """``huyện``/``cửa khẩu``/``sông``... before the run."""
    cue = _ends_with_any(run.before, PLACE_CUES)
    return ("place", f"'{cue}' before") if cue else None


def _title_written_after(run: _Run) -> Cue | None:
    """``X, Phó Chủ tịch ...``/``X - Bí thư ...``."""
    return ("person", "title after") if 2 <= run.size <= 4 and _title_after(run.after) else None


def _title_written_before(run: _Run) -> Cue | None:
    """``Bộ trưởng X``: a person, unless X is a known place (``Bí thư Tỉnh ủy Cao Bằng``)."""
    if not (2 <= run.size <= 4 and _title_before(run.known, run.start, run.text)):
        return None
    if normalize(run.text[run.start : run.end]) in KNOWN_PLACES:
        return "place", "known place after a title"
    return "person", "title before"


def _country_after(run: _Run) -> Cue | None:
    """``Pò Chài (Trung Quốc)``, ``Thiên Bảo - Trung Quốc``."""
    return ("place", "(country) after") if _COUNTRY_AFTER.match(run.after) else None


def _known_place_after(run: _Run) -> Cue | None:
    """``Bát Xát, Lào Cai``: listed before a known place."""
    found = _COMMA_WORDS.match(run.after)
    return ("place", "a known place after") if found and normalize(found.group(1)).strip() in KNOWN_PLACES else None


# The cue rules, strongest first: the first that fires decides the kind.
CUE_RULES: tuple[Callable[[_Run], Cue | None], ...] = (
    _leading_place_word, _person_cue_before, _surname_after_place_word, _place_cue_before,
    _title_written_after, _title_written_before, _country_after, _known_place_after,
)
_COUNTRY_AFTER = re.compile(r"\s*(\(|-\s*|–\s*)(Trung Quốc|Việt Nam)\b")
_COMMA_WORDS = re.compile(r"\s*,\s*([^,.;]{2,20})")


def _classify(text: str, tokens: list[_Tok], first: int, last: int, known: Sequence[Match]) -> NameMention | None:
    first, last, leading = _trim(tokens, first, last)
    if first == last and _starts_a_word(tokens, first):
        return None  # "Văn phòng", "Ban chỉ đạo": a capitalized common word, not a name
    if normalize(text[max(0, tokens[first].start - 6) : tokens[first].start]).rstrip().endswith("ảnh:"):
        return None  # a photo credit
    start, end = tokens[first].start, tokens[last].end
    run = _Run(text, tokens[first].key, start, end, last - first + 1, _words_before(tokens, first, 3), text[end : end + 160], leading, known)
    kind, cue = next((found for rule in CUE_RULES if (found := rule(run)) is not None), ("unknown", ""))
    if kind == "unknown" and run.size < 2:
        return None
    return NameMention(start, end, text[start:end], kind, cue, _context(text, start, end, kind))


def _words_before(tokens: list[_Tok], first: int, count: int) -> str:
    words = []
    for tok in reversed(tokens[max(0, first - count) : first]):
        if not tok.text[:1].isalnum():
            break
        words.insert(0, tok.key)
    return " ".join(words)


def _ends_with_any(words: str, cues: frozenset[str]) -> str:
    for cue in sorted(cues, key=len, reverse=True):
        if words == cue or words.endswith(" " + cue):
            return cue
    return ""


def _title_after(after: str) -> bool:
    match = re.match(r"\s*[,\-–—:]\s*(.{0,40})", after)
    if not match:
        return False
    head = normalize(match.group(1))
    return head.startswith(_TITLE_START_KEYS)


def _title_before(known: Sequence[Match], start: int, text: str) -> bool:
    for match in known:
        if match.entry.type in ("title",) and 0 <= start - match.end <= 1 and not text[match.end : start].strip():
            return True
    before = normalize(text[max(0, start - 30) : start]).rstrip()
    return before.endswith(_TITLE_ENDS)




def _context(text: str, start: int, end: int, kind: str) -> str:
    """The title after a person (to ``;``/``.``), or the brackets and words around a place."""
    after = text[end:]
    if kind == "person":
        stop = _TITLE_STOP.search(after)
        tail = after[: stop.start() if stop else 160][:160]
        tail = re.split(r"\stại\s", tail)[0]  # "Tổng Lãnh sự Việt Nam tại Côn Minh": where the post is, not whose
        return f"{_title_head(text[max(0, start - 60) : start])} | {tail}".strip()
    bracket = re.match(r"\s*(\([^)]{2,30}\)|[-–]\s*(Trung Quốc|Việt Nam)\b)", after)
    if bracket:  # "Pò Chài (Trung Quốc)", "Thiên Bảo - Trung Quốc": the country said right after decides
        return bracket.group(0)
    parent = re.match(r"\s*,\s*(tỉnh|huyện|châu|thành phố)\s+[^,;.()]{2,30}?\s*(\((Lào|Trung Quốc|Việt Nam)\))", after)
    if parent:  # "Sầm Nưa, tỉnh Hủa Phăn (Lào)": the country of the unit it belongs to
        return parent.group(2)
    return text[max(0, start - 16) : min(len(text), end + 14)]


def _title_head(head: str) -> str:
    """The title written right before a name (``Bí thư Tỉnh ủy Quảng Ninh``), nothing earlier."""
    cut = max((m.end() for m in re.finditer(r"[,;.(:]|đồng chí|\b(ông|bà|với|của|có|và)\b", head)), default=0)
    return head[cut:]


def contexts_of(mentions: Sequence[NameMention]) -> list[str]:
    """The contexts of ``mentions`` (for :func:`tamngu.glossary.origin.decide_origin`)."""
    return [mention.context for mention in mentions]
