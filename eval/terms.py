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

Term consistency: "the same source term rendered the same way". A source
term is an entry together with its normalized source form, so ``tỉnh Lào Cai``
-> "Lao Cai province" and ``Lào Cai`` -> "Lao Cai" are two terms, each of
which can be consistent. For every such term pinned at least twice in the
corpus, the share of its occurrences rendered with its most frequent accepted
form (misses count as inconsistent); the corpus figure pools those occurrences.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize
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


@dataclass
class TermSummary:
    """Corpus-level term figures of one system in one language."""

    overall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    consistency: Tally = field(default_factory=Tally)
    consistency_by_term: dict[str, dict[str, object]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            **self.overall.as_dict(),
            "by_type": {kind: tally.as_dict() for kind, tally in sorted(self.by_type.items())},
            "consistency": self.consistency.as_dict(),
            "consistency_by_term": self.consistency_by_term,
        }


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
    """Term success (overall and per entry type) and consistency of a corpus."""
    summary = TermSummary()
    renderings: dict[str, list[str | None]] = defaultdict(list)
    for segment in checked:
        for term in segment.terms:
            tally = summary.by_type.setdefault(term.type, Tally())
            for target in (summary.overall, tally):
                target.total += 1
                target.hits += term.hit
            renderings[f"{term.entry_id}: {normalize(term.text)}"].append(term.rendering)
    _consistency(summary, renderings)
    return summary


def _consistency(summary: TermSummary, renderings: dict[str, list[str | None]]) -> None:
    for source_term, forms in sorted(renderings.items()):
        if len(forms) < 2:
            continue
        counts = Counter(form for form in forms if form is not None)
        modal, modal_count = counts.most_common(1)[0] if counts else (None, 0)
        summary.consistency.hits += modal_count
        summary.consistency.total += len(forms)
        summary.consistency_by_term[source_term] = {
            "occurrences": len(forms), "modal": modal, "consistent": modal_count,
            "renderings": {form or "(missed)": count for form, count in Counter(forms).most_common()},
        }


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
