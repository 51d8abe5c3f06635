"""Term success rate and term consistency, in the manner of the WMT 2023 terminology task.

Which terms are pinned is recomputed from the *source* with the glossary
matcher (:class:`tamngu.glossary.matcher.Matcher`, on the article's date), never
taken from the run's own audit, so a run cannot grade itself.

For every pinned occurrence in a source segment, the hypothesis must contain
the entry's target form or an accepted alternative (``entry.target_forms``):
exactly for Chinese, case-insensitively and on word boundaries for English.
Target occurrences are claimed longest form first and never twice, so
``Lao Cai`` inside ``Lao Cai Provincial Party Committee`` is not counted for a
separate ``Lao Cai`` pin. When an entry occurs ``n`` times in a source and
``k`` times in the hypothesis, ``min(n, k)`` occurrences count as hits.

Term success = hits / pinned occurrences, per language and per entry type.

Term consistency: "the same term rendered the same way", one row per glossary
entry. An entry rendered at least twice in the corpus is consistent when all
its renderings are one *name*; the corpus figure pools the renderings in each
entry's most frequent name. Misses are term success's business, not counted
here (a run that renders nothing has no consistency to speak of: n/a).
Accepted forms are one name when (:func:`same_name`):

* one contains the other as whole words: "Lao Cai" / "Lao Cai province",
  云南 / 云南省, 中央委员 / 越共中央委员 (and so 越共中央委员 / 中共中央委员, members of
  different bodies, through the entry's own form);
* they differ only in English word endings: plural and adjectival forms
  ("China" / "Chinese", "Secretary of the Provincial Party Committee" /
  "Secretaries of the Provincial Party Committees") and the gendered title
  ("Chairman" / "Chairwoman": the checker accepts each only for a person of
  that gender, so two people are two correct forms).

"Viet Nam" / "Vietnam" or "Provincial Party Secretary" / "Secretary of the
Provincial Party Committee" stay two names: that is the inconsistency an editor
wants to see.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.targets import TargetSpan
from tamngu.glossary.targets import accepted_forms, bound_genders
from tamngu.glossary.targets import find_target_forms as _find_forms


@dataclass(frozen=True)
class SourceTerm:
    """A pinned term found in a source segment and whether the hypothesis rendered it."""

    entry_id: str
    type: str
    start: int
    end: int
    text: str
    hit: bool
    rendering: str | None  # the accepted form found, when hit
    expected: tuple[str, ...]


@dataclass(frozen=True)
class SegmentTerms:
    """The term check of one segment in one language."""

    segment_id: str
    lang: str
    terms: tuple[SourceTerm, ...]
    spans: tuple[TargetSpan, ...]

    @property
    def misses(self) -> list[SourceTerm]:
        return [term for term in self.terms if not term.hit]


@dataclass
class Tally:
    """Hits over pinned occurrences."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return 100.0 * self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, object]:
        return {"hits": self.hits, "total": self.total, "success": self.rate}


@dataclass(frozen=True)
class ConsistencyRow:
    """How one glossary entry rendered at least twice was rendered across the corpus.

    ``occurrences``: its renderings; ``consistent``: those in its most frequent name;
    ``renderings``: each accepted form found, most frequent first, with
    ``(missed)`` for misses (not counted); ``names``: how many different names those forms
    are (more than one is an inconsistency); ``modal``: the most frequent form of
    the most frequent name.
    """

    entry_id: str
    occurrences: int
    consistent: int
    modal: str | None
    names: int
    renderings: tuple[tuple[str, int], ...]


@dataclass
class TermSummary:
    """Corpus-level term figures of one system in one language."""

    overall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    consistency: Tally = field(default_factory=Tally)
    consistency_rows: list[ConsistencyRow] = field(default_factory=list)


class TermChecker:
    """Finds pinned terms in sources and checks them in hypotheses.

    Args:
        glossary: the term base the run was meant to follow.
    """

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self._matchers: dict[dt.date | None, Matcher] = {}

    def pinned(self, source: str, on_date: dt.date | None = None) -> list[tuple[int, int, str, Entry]]:
        """Glossary terms in ``source`` as ``(start, end, text, entry)``, leftmost-longest."""
        matcher = self._matchers.get(on_date)
        if matcher is None:
            matcher = self._matchers[on_date] = Matcher(self._glossary, on_date=on_date)
        return [(match.start, match.end, match.text, match.entry) for match in matcher.find(source)]

    def check(self, segment_id: str, source: str, hypothesis: str, lang: str, on_date: dt.date | None = None) -> SegmentTerms:
        """Check every pinned term of ``source`` in ``hypothesis`` (``lang`` is en or zh)."""
        pinned = self.pinned(source, on_date)
        entries = {entry.id: entry for *_, entry in pinned}
        forms = _accepted(pinned, lang)
        spans = _find_forms(hypothesis, forms.items(), lang)
        found = _renderings_by_entry(hypothesis, spans, lang, entries)
        terms = tuple(_source_term(start, end, text, entry, found, lang, forms[entry.id]) for start, end, text, entry in pinned)
        return SegmentTerms(segment_id, lang, terms, tuple(spans))


def _accepted(pinned: Sequence[tuple[int, int, str, Entry]], lang: str) -> dict[str, tuple[str, ...]]:
    """The forms that count per entry, as the decoder's audit counts them: a title bound to a woman in
    her form, otherwise never the gendered one (:func:`tamngu.glossary.targets.accepted_forms`)."""
    genders = bound_genders([(start, end, entry.type, entry.gender) for start, end, _, entry in pinned])
    forms: dict[str, tuple[str, ...]] = {}
    for (*_, entry), gender in zip(pinned, genders):
        own = entry.target_forms(lang)  # type: ignore[arg-type]
        chosen = accepted_forms(own, gender) if entry.type == "title" else tuple(own)
        forms[entry.id] = tuple(dict.fromkeys([*forms.get(entry.id, ()), *chosen]))
    return forms


def _source_term(start: int, end: int, text: str, entry: Entry, found: dict[str, list[str]], lang: str,
                 forms: tuple[str, ...]) -> SourceTerm:
    renderings = found.get(entry.id, [])
    rendering = renderings.pop(0) if renderings else None
    return SourceTerm(entry.id, entry.type, start, end, text, rendering is not None, rendering, forms)


def _renderings_by_entry(text: str, spans: Sequence[TargetSpan], lang: str, entries: dict[str, Entry]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for span in spans:
        found[span.entry_id].append(_canonical_form(text[span.start : span.end], entries[span.entry_id], lang))
    return found


def _canonical_form(surface: str, entry: Entry, lang: str) -> str:
    """The accepted form that ``surface`` is (case-folded match for English)."""
    for form in entry.target_forms(lang):  # type: ignore[arg-type]
        if form == surface or (lang == "en" and form.casefold() == surface.casefold()):
            return form
    return surface


def find_target_forms(text: str, entries: Iterable[Entry], lang: str) -> list[TargetSpan]:
    """Non-overlapping occurrences of the entries' accepted ``lang`` forms in ``text``.

    The rule is :func:`tamngu.glossary.targets.find_target_forms`, shared with the decoder's audit.
    """
    return _find_forms(text, ((entry.id, entry.target_forms(lang)) for entry in entries), lang)  # type: ignore[arg-type]


def summarize(checked: Iterable[SegmentTerms]) -> TermSummary:
    """Term success (overall and per entry type) and consistency (one row per entry) of a corpus."""
    summary = TermSummary()
    renderings: dict[str, list[str | None]] = defaultdict(list)
    forms: dict[str, set[str]] = defaultdict(set)
    lang = "en"
    for segment in checked:
        lang = segment.lang
        for term in segment.terms:
            tally = summary.by_type.setdefault(term.type, Tally())
            for target in (summary.overall, tally):
                target.total += 1
                target.hits += term.hit
            renderings[term.entry_id].append(term.rendering)
            forms[term.entry_id].update(term.expected)
    for entry_id, rendered in sorted(renderings.items()):
        if sum(form is not None for form in rendered) > 1:
            row = _consistency_row(entry_id, rendered, forms[entry_id], lang)
            summary.consistency.hits += row.consistent
            summary.consistency.total += row.occurrences
            summary.consistency_rows.append(row)
    return summary


def _consistency_row(entry_id: str, rendered: list[str | None], forms: set[str], lang: str) -> ConsistencyRow:
    found = Counter(form for form in rendered if form is not None)
    name_of = name_classes(sorted(forms | set(found)), lang)
    per_name = Counter({name: sum(count for form, count in found.items() if name_of[form] == name) for name in set(name_of.values())})
    modal_name, consistent = per_name.most_common(1)[0] if found else (None, 0)
    modal = next((form for form, _ in found.most_common() if name_of[form] == modal_name), None)
    counts = Counter(form or "(missed)" for form in rendered)
    return ConsistencyRow(entry_id, sum(found.values()), consistent, modal, len({name_of[form] for form in found}),
                          tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))))


def name_classes(forms: Sequence[str], lang: str) -> dict[str, int]:
    """Each form's name: forms that are one name (:func:`same_name`, transitively) share a number.

        >>> name_classes(["中央委员", "越共中央委员", "中共中央委员"], "zh")
        {'中央委员': 0, '越共中央委员': 0, '中共中央委员': 0}
        >>> name_classes(["Vietnam", "Viet Nam", "Vietnamese"], "en")
        {'Vietnam': 0, 'Viet Nam': 1, 'Vietnamese': 0}
    """
    parent = list(range(len(forms)))

    def root(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    for i, first in enumerate(forms):
        for j in range(i + 1, len(forms)):
            if same_name(first, forms[j], lang):
                parent[root(j)] = root(i)
    roots = [root(i) for i in range(len(forms))]
    numbering = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return {form: numbering[r] for form, r in zip(forms, roots)}


# English word endings that make a plural, an adjective or a gendered form of one word.
_ENDINGS = frozenset({"", "a", "e", "y", "s", "es", "ies", "ese", "n", "an", "ian", "ish", "man", "men", "woman", "women"})
_MIN_STEM = 3


def same_name(first: str, second: str, lang: str) -> bool:
    """Whether two accepted forms of one entry are one name (see the module docstring).

        >>> same_name("Lao Cai", "Lao Cai province", "en"), same_name("老街", "老街省", "zh")
        (True, True)
        >>> same_name("China", "Chinese", "en"), same_name("Vice Chairman", "Vice Chairwoman", "en")
        (True, True)
        >>> same_name("Viet Nam", "Vietnam", "en"), same_name("Hekou", "Hekou County", "en")
        (False, True)
    """
    if lang != "en":
        return first in second or second in first
    a, b = first.casefold(), second.casefold()
    if _contains_words(a, b) or _contains_words(b, a):
        return True
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(_one_word(x, y) for x, y in zip(words_a, words_b))


def _contains_words(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "


def _one_word(first: str, second: str) -> bool:
    stem = len(os.path.commonprefix([first, second]))
    return first == second or (stem >= _MIN_STEM and first[stem:] in _ENDINGS and second[stem:] in _ENDINGS)


def misses_by_entry(checked: Sequence[SegmentTerms], glossary: Glossary, lang: str) -> list[dict[str, object]]:
    """Missed pinned terms grouped by glossary entry, most missed first."""
    grouped: dict[str, list[str]] = defaultdict(list)
    totals: Counter[str] = Counter()
    for segment in checked:
        for term in segment.terms:
            totals[term.entry_id] += 1
            if not term.hit:
                grouped[term.entry_id].append(segment.segment_id)
    rows = [_miss_row(entry_id, ids, totals[entry_id], glossary.get(entry_id), lang) for entry_id, ids in grouped.items()]
    return sorted(rows, key=lambda row: (-row["missed"], row["entry_id"]))  # type: ignore[operator]


def _miss_row(entry_id: str, segment_ids: list[str], total: int, entry: Entry | None, lang: str) -> dict[str, object]:
    return {
        "entry_id": entry_id,
        "type": entry.type if entry else "",
        "vi": entry.vi if entry else "",
        "expected": list(entry.target_forms(lang)) if entry else [],  # type: ignore[arg-type]
        "missed": len(segment_ids),
        "total": total,
        "segments": list(dict.fromkeys(segment_ids)),  # a segment missing a term twice is listed once
    }
