"""A translated segment cut into chunks for the page: plain text, and pinned spans with where they came from.

The term audit of a run (``articles/<id>.json``) says, for every pinned term,
its span in the source, where its form starts in the translation (None:
missed) and its source (``verified``, ``derived``, ``auto``, ``reviewed``).
The page colours each span by that source, and a term the translation missed
by ``missed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tamngu.translate.records import SegmentRecord

PIN_SOURCES = ("verified", "derived", "auto", "reviewed", "missed")


@dataclass(frozen=True)
class PinView:
    """One pinned term as the page shows it."""

    number: int  # the term's place in the segment's audit (links a source span to its target span)
    entry_id: str
    kind: str  # verified | derived | auto | reviewed | missed
    required: str
    form: str
    origin: str
    note: str
    role_note: str = ""  # "role unconfirmed: ..." / "role ended: ..." for a person bound to an office


@dataclass(frozen=True)
class Chunk:
    """A piece of a segment: ``pin`` is None for plain text."""

    text: str
    pin: PinView | None = None


def pin_views(terms: Sequence[Mapping[str, Any]]) -> list[PinView]:
    """The page's view of a segment's term audit, in audit order."""
    views = []
    for number, term in enumerate(terms):
        source = str(term.get("source") or "verified")
        kind = "missed" if not term.get("satisfied") else source if source in PIN_SOURCES else "derived"
        form = str(term.get("form") or term.get("required") or "")
        views.append(PinView(number, str(term.get("entry_id", "")), kind, str(term.get("required", "")), form,
                             str(term.get("origin") or ""), str(term.get("note") or ""), str(term.get("role_note") or "")))
    return views


def source_chunks(text: str, terms: Sequence[Mapping[str, Any]]) -> list[Chunk]:
    """``text`` (the Vietnamese segment) cut at every pinned term's source span.

    Example:
        >>> [(c.text, c.pin and c.pin.kind) for c in source_chunks("Tỉnh Lào Cai", [
        ...     {"entry_id": "lao-cai", "source_start": 5, "source_end": 12, "satisfied": True, "source": "verified"}])]
        [('Tỉnh ', None), ('Lào Cai', 'verified')]
    """
    views = pin_views(terms)
    spans = [(int(term["source_start"]), int(term["source_end"]), view)
             for term, view in zip(terms, views) if term.get("source_start") is not None]  # fmt: skip
    return _cut(text, spans)


def target_chunks(text: str, terms: Sequence[Mapping[str, Any]]) -> list[Chunk]:
    """``text`` (a translation) cut at the form of every term it contains (missed terms have no span)."""
    views = pin_views(terms)
    spans = []
    for term, view in zip(terms, views):
        start = term.get("target_start")
        if start is None or not term.get("satisfied"):
            continue
        spans.append((int(start), int(start) + len(view.form), view))
    return _cut(text, spans)


def _cut(text: str, spans: list[tuple[int, int, PinView]]) -> list[Chunk]:
    chunks: list[Chunk] = []
    cursor = 0
    for start, end, view in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < cursor or end > len(text) or start >= end:
            continue  # overlapping or out of range: the audit is shown in the table instead
        if start > cursor:
            chunks.append(Chunk(text[cursor:start]))
        chunks.append(Chunk(text[start:end], view))
        cursor = end
    if cursor < len(text) or not chunks:
        chunks.append(Chunk(text[cursor:]))
    return chunks


def kind_counts(segments: Sequence[SegmentRecord], lang: str) -> dict[str, int]:
    """How many pins of each kind the ``lang`` translation of an article has (the legend's counts)."""
    counts = dict.fromkeys(PIN_SOURCES, 0)
    for segment in segments:
        target = segment.targets.get(lang)
        for view in pin_views(target.terms if target else ()):
            counts[view.kind] += 1
    return counts


def role_notes(segments: Sequence[SegmentRecord], lang: str) -> list[tuple[str, str]]:
    """(source text, note) of every pinned person whose role the glossary could not confirm for the date, once each."""
    found: dict[tuple[str, str], None] = {}
    for segment in segments:
        target = segment.targets.get(lang)
        for term in target.terms if target else ():
            if term.get("role_note"):
                found[(str(term.get("source_text", "")), str(term["role_note"]))] = None
    return list(found)
