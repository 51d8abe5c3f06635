"""Pinned glossary terms of a segment and the audit of a translation against them.

:func:`pinned_terms` turns the glossary matches of a Vietnamese segment into
the target forms a translation must contain; :func:`audit` checks a
translation and says, per term, whether and where the form appears. A term
that occurs ``n`` times in the source needs ``n`` occurrences in the target:
its ``i``-th mention is satisfied by the ``i``-th occurrence of any of its
accepted forms, found by the same rule as the evaluation
(:mod:`tamngu.glossary.targets`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tamngu.glossary.matcher import Match
from tamngu.glossary.targets import accepted_forms, bound_genders, find_target_forms

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinnedTerm:
    """A glossary term found in the source, with the forms required in one target language."""

    entry_id: str
    type: str
    source_text: str
    source_start: int
    source_end: int
    required: str
    alternatives: tuple[str, ...]
    source: str = "verified"  # the entry's provenance: verified | derived | reviewed | auto
    origin: str = ""  # vietnamese | chinese | other for names, "" for offices and bodies
    note: str = ""  # for an auto name: what is uncertain ("characters unverified; pinyin usually right")
    role_note: str = ""  # for a person bound to an office: "role unconfirmed: ..." / "role ended: ..." (issue 24)


@dataclass(frozen=True)
class TermAudit:
    """Whether one pinned term appears in a translation (the run-directory ``terms`` record)."""

    entry_id: str
    type: str
    source_text: str
    source_start: int
    source_end: int
    required: str
    alternatives: list[str]
    satisfied: bool
    target_start: int | None
    source: str = "verified"
    origin: str = ""
    note: str = ""
    form: str | None = None  # the accepted form that appeared (None: missing)
    preferred: bool = True  # False when an accepted form other than the required one appeared
    role_note: str = ""  # "role unconfirmed: <role> (<period>); newest check: ..." or "role ended: ...; held then: ..."


def pinned_terms(matches: Sequence[Match], lang: str) -> list[PinnedTerm]:
    """The terms ``matches`` pin in ``lang`` ("en" or "zh"), in source order.

    A match with no form in ``lang`` (an auto name whose Chinese could not be
    read) pins nothing in that language.
    """
    from tamngu.glossary.autopin import caveat_of, origin_of

    pins = []
    for match in matches:
        entry = match.entry
        forms = tuple(form for form in dict.fromkeys(entry.target_forms(lang)) if form)  # type: ignore[arg-type]
        if not entry.target(lang):  # type: ignore[arg-type]
            continue
        pins.append(
            PinnedTerm(
                entry.id, entry.type, match.text, match.start, match.end, entry.target(lang), forms,  # type: ignore[arg-type]
                entry.provenance, origin_of(entry), caveat_of(entry, lang), match.role_note or "",
            )
        )
    return _bind_titles(pins, matches)


def _bind_titles(pins: list[PinnedTerm], matches: Sequence[Match]) -> list[PinnedTerm]:
    """A title bound to a person (the person right after it) takes that person's form.

    "Vice Chairwoman" is required for a woman and accepted for no one else
    (:func:`tamngu.glossary.targets.accepted_forms`): alternatives are equivalents only.
    """
    genders = bound_genders([(m.start, m.end, m.entry.type, getattr(m.entry, "gender", "")) for m in matches])
    gender_at = {(m.start, m.entry.id): gender for m, gender in zip(matches, genders)}
    bound = []
    for pin in pins:
        if pin.type == "title":
            forms = accepted_forms(pin.alternatives, gender_at.get((pin.source_start, pin.entry_id), ""))
            pin = replace(pin, required=pin.required if pin.required in forms else forms[0], alternatives=forms)
        bound.append(pin)
    return bound


def audit(pins: Sequence[PinnedTerm], target: str, lang: str) -> list[TermAudit]:
    """Check ``target`` against ``pins``; the ``i``-th mention of a term needs its ``i``-th occurrence.

    Occurrences follow :func:`tamngu.glossary.targets.find_target_forms`, the rule the
    evaluation uses too: word boundaries for English, a stretch of text serving
    one term only, longer forms first.
    """
    spans = find_target_forms(target, {(pin.entry_id, pin.alternatives) for pin in pins}, lang)
    starts: dict[str, list[int]] = {}
    for span in spans:
        starts.setdefault(span.entry_id, []).append(span.start)
    seen: dict[str, int] = {}
    results = []
    for pin in pins:
        nth = seen.get(pin.entry_id, 0)
        seen[pin.entry_id] = nth + 1
        positions = starts.get(pin.entry_id, [])
        start = positions[nth] if nth < len(positions) else None
        results.append(
            TermAudit(
                pin.entry_id,
                pin.type,
                pin.source_text,
                pin.source_start,
                pin.source_end,
                pin.required,
                list(pin.alternatives),
                start is not None,
                start,
                pin.source,
                pin.origin,
                pin.note,
                role_note=pin.role_note,
            )
        )
    return [_with_form(term, target, lang) for term in results]


def _with_form(term: TermAudit, target: str, lang: str) -> TermAudit:
    """Record which accepted form appeared and whether it is the required (preferred) one."""
    if term.target_start is None:
        return term
    at = target[term.target_start :]
    fold = str.casefold if lang == "en" else str
    form = next((at[: len(f)] for f in sorted(term.alternatives, key=len, reverse=True) if fold(at[: len(f)]) == fold(f)), None)
    if form is None:
        return term
    preferred = fold(form) == fold(term.required)
    if not preferred:
        logger.info("%s: %r appeared, not the preferred %r", term.entry_id, form, term.required)
    return replace(term, form=form, preferred=preferred)


def occurrences(text: str, forms: Sequence[str], lang: str) -> list[int]:
    """Start offsets of non-overlapping occurrences of any of ``forms`` (longest first)."""
    return [span.start for span in find_target_forms(text, [("", tuple(forms))], lang)]


def all_satisfied(terms: Sequence[TermAudit]) -> bool:
    """True when every audited term appears."""
    return all(term.satisfied for term in terms)


def substitute(source: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, replacement)`` span replaced (soft constraints)."""
    out, last = [], 0
    for start, end, replacement in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < last:
            continue  # overlapping spans: keep the first
        out.append(source[last:start])
        out.append(replacement)
        last = end
    out.append(source[last:])
    return "".join(out)
