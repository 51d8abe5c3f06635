"""Segments as an editor reads them: article titles, and the worst segments with their terms marked.

A worst segment carries its article's title beside its id, its texts cut into
:class:`~tamngu.eval.model.Piece` runs (so templates mark terms without
building HTML), and a long degenerate output folded after
:data:`~tamngu.eval.model.FOLD_AT` characters.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from tamngu.eval.model import FOLD_AT, MissedTerm, Piece, SegmentRow
from tamngu.eval.runs import AlignedSegment
from tamngu.eval.terms import SegmentTerms, TermChecker, find_target_forms

_TITLE_LENGTH = 90
_REPETITIVE = 0.25

Mark = tuple[int, int, str, str]  # start, end, kind, entry id


def article_titles(segments: Sequence[AlignedSegment], length: int = _TITLE_LENGTH) -> dict[str, dict[str, str]]:
    """Each article's title (source and references); an untitled article's first segment, shortened, with "…"."""
    titles: dict[str, dict[str, str]] = {}
    titled: set[str] = set()
    for segment in segments:
        is_title = segment.id.split(":")[1:2] == ["title"]
        if segment.article in titled or (segment.article in titles and not is_title):
            continue
        texts = {"vi": segment.source, **segment.references}
        titles[segment.article] = texts if is_title else {lang: shortened(text, length) for lang, text in texts.items()}
        titled.update([segment.article] if is_title else [])
    return titles


def shortened(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, ending in "…" when cut.

        >>> shortened("Lao Cai welcomes Wang Ning", 12)
        'Lao Cai wel…'
    """
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def worst_segments(segments: Sequence[AlignedSegment], hypotheses: Sequence[str], references: Sequence[str],
                   sentence: Sequence[float], checked: Sequence[SegmentTerms], lang: str, checker: TermChecker,
                   titles: dict[str, dict[str, str]], count: int) -> list[SegmentRow]:
    """The ``count`` lowest-chrF++ segments (more missed terms first among equals); perfect ones are not "worst"."""
    imperfect = [i for i in range(len(segments)) if sentence[i] < 100.0 or checked[i].misses]
    order = sorted(imperfect, key=lambda i: (sentence[i], -len(checked[i].misses), segments[i].id))
    return [_row(segments[i], hypotheses[i], references[i], sentence[i], checked[i], lang, checker, titles) for i in order[:count]]


def _row(segment: AlignedSegment, hypothesis: str, reference: str, chrf: float, checked: SegmentTerms, lang: str,
         checker: TermChecker, titles: dict[str, dict[str, str]]) -> SegmentRow:
    entries = {entry.id: entry for *_, entry in checker.pinned(segment.source, segment.date)}
    source_marks = [(t.start, t.end, "hit" if t.hit else "miss", t.entry_id) for t in checked.terms]
    hypothesis_marks = [(s.start, s.end, "found", s.entry_id) for s in checked.spans]
    reference_marks = [(s.start, s.end, "pinned", s.entry_id) for s in find_target_forms(reference, entries.values(), lang)]
    head, rest = fold(hypothesis, reference)
    title = titles.get(segment.article, {})
    return SegmentRow(
        id=segment.id, article=segment.article, article_title=title.get(lang) or title.get("vi") or segment.article,
        chrf=chrf, source=pieces(segment.source, source_marks), hypothesis=pieces(hypothesis, hypothesis_marks, 0, head),
        reference=pieces(reference, reference_marks),
        missed=tuple(MissedTerm(segment.source[t.start : t.end], t.expected) for t in checked.misses),
        hypothesis_rest=pieces(hypothesis, hypothesis_marks, head, len(hypothesis)) if rest else (),
        hypothesis_chars=len(hypothesis),
    )


def fold(hypothesis: str, reference: str) -> tuple[int, bool]:
    """Where a machine output is cut for display, and whether it is folded at all.

    Folded when longer than :data:`FOLD_AT` characters and degenerate: over
    1.5 times its reference, or repeating itself (:func:`repetitive`).

        >>> fold("x" * 1000, "a short reference")
        (300, True)
        >>> fold("A normal sentence.", "A normal sentence!")
        (18, False)
    """
    if len(hypothesis) > FOLD_AT and (len(hypothesis) > 1.5 * len(reference) or repetitive(hypothesis)):
        return FOLD_AT, True
    return len(hypothesis), False


def repetitive(text: str) -> bool:
    """Whether ``text`` mostly repeats itself: zlib compresses it to under a quarter of its UTF-8 size.

    Prose compresses to about half; "%%%%…" or "MTTQ MTTQ MTTQ…" to a tenth.

        >>> repetitive("MTTQ " * 80), repetitive("The two provinces agreed to expand trade and tourism.")
        (True, False)
    """
    data = text.encode("utf-8")
    return len(zlib.compress(data, 9)) < _REPETITIVE * len(data)


def pieces(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> tuple[Piece, ...]:
    """``text[start:end]`` cut into plain and marked pieces (non-overlapping marks, earliest first).

        >>> pieces("Wang Ning spoke", [(0, 9, "hit", "wang-ning")])
        (Piece(text='Wang Ning', mark='hit', entry_id='wang-ning'), Piece(text=' spoke', mark=None, entry_id=None))
    """
    end = len(text) if end is None else end
    result: list[Piece] = []
    cursor = start
    for mark_start, mark_end, kind, entry_id in sorted(marks):
        if mark_start < cursor or mark_start >= end:
            continue
        mark_end = min(mark_end, end)
        if mark_start > cursor:
            result.append(Piece(text[cursor:mark_start]))
        result.append(Piece(text[mark_start:mark_end], kind, entry_id))
        cursor = mark_end
    if cursor < end:
        result.append(Piece(text[cursor:end]))
    return tuple(result)
