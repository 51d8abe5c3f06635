"""Find glossary entries by any of their names: Vietnamese, English, Chinese or pinyin.

A query is compared with every *key* of every entry. A key is one written form
(the Vietnamese form and its variants, the English and Chinese forms and their
alternatives, the pinyin, the id, the titles of the person's roles) seen at two
strictnesses:

* ``exact``: the form as :func:`tamngu.glossary.normalize.normalize` sees it (case,
  tone-mark placement, dashes and spaces unified; diacritics kept);
* ``folded``: additionally without any diacritic, tone digit or space, so
  ``vuong ninh``, ``VuongNinh``, ``wang2 ning2`` and ``Wáng Níng`` all reach
  their entries.

Hits are ranked exact, then folded-exact, then prefix, then substring, then
fuzzy (:class:`difflib.SequenceMatcher`); an entry appears once, with its best
hit.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize, strip_marks
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

#: Hits whose fuzzy ratio is below this are not reported (but may be "nearest").
FUZZY_CUTOFF = 0.72
#: A longer query is cut to this many characters: fuzzy matching grows with the
#: square of its length, and the glossary's longest form is shorter.
MAX_QUERY_CHARS = 160

# Base scores by how a key matched; the field adds a small tie-breaker so that a
# Vietnamese hit outranks an English one of the same kind.
_EXACT, _FOLDED, _PREFIX, _SUBSTRING, _FUZZY = 1.0, 0.9, 0.7, 0.5, 0.4
_WHOLE_WORDS = 0.05
_FIELD_BONUS = {"vi": 0.04, "en": 0.03, "zh": 0.03, "pinyin": 0.02, "id": 0.01, "role": 0.0}
_NOT_FOLDABLE = re.compile(r"[\W\d_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class LookupHit:
    """One entry found by :func:`lookup`.

    Attributes:
        entry: the entry.
        score: 0..1, higher is better; exact hits score about 1.
        how: ``<kind>-<field>``, kind in exact|folded|prefix|substring|fuzzy and
            field in vi|en|zh|pinyin|id|role, e.g. ``exact-vi`` or ``folded-pinyin``.
        matched: the entry's form that matched, as written in the glossary.
    """

    entry: Entry
    score: float
    how: str
    matched: str


@dataclass(frozen=True)
class _Key:
    field: str
    form: str
    exact: str
    folded: str

    @property
    def compact(self) -> str:
        return self.folded.replace(" ", "")


def cap_query(query: str) -> tuple[str, bool]:
    """``query`` cut to :data:`MAX_QUERY_CHARS` characters, and whether it was cut."""
    return (query[:MAX_QUERY_CHARS], True) if len(query) > MAX_QUERY_CHARS else (query, False)


def lookup(glossary: Glossary, query: str, limit: int = 10) -> list[LookupHit]:
    """Entries matching ``query``, best first, at most ``limit``.

    Raises:
        BadInputError: when ``query`` is empty or only punctuation and spaces.
    """
    exact, folded = _query_forms(query)
    hits = [hit for entry in glossary for hit in [_best_hit(entry, exact, folded)] if hit is not None]
    hits.sort(key=lambda hit: (-hit.score, len(hit.matched), hit.entry.id))
    logger.debug("lookup %r: %d hits", query, len(hits))
    return hits[: max(limit, 0)]


def nearest(glossary: Glossary, query: str, limit: int = 3) -> list[LookupHit]:
    """The ``limit`` entries closest to ``query`` by fuzzy ratio, however far."""
    exact, folded = _query_forms(query)
    hits = [_fuzzy_hit(entry, folded.replace(" ", "") or exact, cutoff=0.0) for entry in glossary]
    ranked = sorted((hit for hit in hits if hit is not None), key=lambda hit: (-hit.score, hit.entry.id))
    return ranked[:limit]


def fold(text: str) -> str:
    """``text`` without case, diacritics (``đ`` -> ``d``), digits or punctuation; words split by one space."""
    bare = strip_marks(unicodedata.normalize("NFKC", text.casefold()))  # NFKC: a full-width or ligature letter is its letter
    return " ".join(_NOT_FOLDABLE.sub(" ", bare).split())


def _query_forms(query: str) -> tuple[str, str]:
    query, cut = cap_query(query)
    if cut:
        logger.warning("query cut to its first %d characters", MAX_QUERY_CHARS)
    exact = " ".join(normalize(query).split())
    if not re.search(r"\w", exact):
        raise BadInputError(f"empty query {query!r}; give a name in Vietnamese, English, Chinese or pinyin")
    return exact, fold(exact)


def _best_hit(entry: Entry, exact: str, folded: str) -> LookupHit | None:
    best: LookupHit | None = None
    for key in entry_keys(entry):
        hit = _key_hit(entry, key, exact, folded)
        if hit is not None and (best is None or hit.score > best.score):
            best = hit
    return best or _fuzzy_hit(entry, folded.replace(" ", "") or exact, cutoff=FUZZY_CUTOFF)


def _key_hit(entry: Entry, key: _Key, exact: str, folded: str) -> LookupHit | None:
    compact = folded.replace(" ", "")
    if exact == key.exact:
        kind, base = "exact", _EXACT
    elif compact and compact == key.compact:
        kind, base = "folded", _FOLDED
    elif key.exact.startswith(exact) or (folded and key.folded.startswith(folded)):
        kind, base = "prefix", _PREFIX + 0.1 * _coverage(exact, folded, key) + _WHOLE_WORDS * _ends_word(exact, key)
    elif _within_words(exact, key.exact) or (len(compact) >= 3 and _within_words(folded, key.folded)):
        kind, base = "substring", _SUBSTRING + 0.1 * _coverage(exact, folded, key)
    else:
        return None
    return LookupHit(entry, round(base + _FIELD_BONUS[key.field], 4), f"{kind}-{key.field}", key.form)


def _within_words(query: str, form: str) -> bool:
    """``query`` occurs in ``form`` at a word start (``hong ha`` is not in ``thong han``).

    Chinese is written without spaces, so there any substring counts.
    """
    if not query:
        return False
    if _CJK.search(query):
        return query in form
    return f" {query}" in f" {form}"


def _ends_word(exact: str, key: _Key) -> bool:
    """The prefix stops at a word end (``hà`` in ``hà nội``, not in ``hàn quốc``)."""
    return key.exact.startswith(exact) and key.exact[len(exact) : len(exact) + 1] in ("", " ")


def _coverage(exact: str, folded: str, key: _Key) -> float:
    """How much of the key the query covers (a longer query is a better prefix)."""
    if folded and key.folded:
        return min(len(folded) / len(key.folded), 1.0)
    return min(len(exact) / max(len(key.exact), 1), 1.0)


def _fuzzy_hit(entry: Entry, query: str, cutoff: float) -> LookupHit | None:
    best_ratio, best_key = -1.0, None
    for key in entry_keys(entry):
        target = key.compact or key.exact
        matcher = difflib.SequenceMatcher(None, query, target, autojunk=False)
        if matcher.real_quick_ratio() <= max(best_ratio, cutoff - 1e-9):  # an upper bound from the lengths alone
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_ratio, best_key = ratio, key
    if best_key is None or best_ratio < cutoff:
        return None
    score = round(_FUZZY * best_ratio + _FIELD_BONUS[best_key.field] * best_ratio, 4)
    return LookupHit(entry, score, f"fuzzy-{best_key.field}", best_key.form)


@functools.lru_cache(maxsize=16384)
def entry_keys(entry: Entry) -> tuple[_Key, ...]:
    """Every form ``entry`` can be found by, with its exact and folded spellings."""
    forms = [("vi", form) for form in entry.vi_forms]
    forms += [("en", form) for form in entry.target_forms("en")]
    forms += [("zh", form) for form in entry.target_forms("zh")]
    forms += [("pinyin", form) for form in _pinyin_forms(entry)]
    forms += [("id", entry.id)]
    forms += [(field, form) for role in entry.roles for field, form in (("role", role.en), ("role", role.zh))]
    return tuple(_Key(field, form, " ".join(normalize(form).split()), fold(form)) for field, form in forms if form)


def _pinyin_forms(entry: Entry) -> list[str]:
    """The recorded pinyin, plus toneless pinyin of every Chinese form."""
    generated = [" ".join(lazy_pinyin(form)) for form in entry.target_forms("zh")]
    return [entry.pinyin, *generated] if entry.pinyin else generated
