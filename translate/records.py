"""The JSON records of a batch run: one shape per thing, each with ``to_dict``/``from_dict``.

A :class:`TargetRecord` is one translation of one segment (text, route, term
audit): the translation memory stores it, executors return it, and the article
JSON nests it. A :class:`SegmentRecord` is one source segment with its
targets, as it appears in ``articles/<article>.json``. :class:`BatchSummary`
is what a run did (``tamngu translate --out --json`` prints it).
:class:`ArticleRecord` is a whole ``articles/<article>.json``, and
:func:`read_article` the one reader of it (eval, gaps and the desk use it).

The term audit stays in its JSON form (the fields of
:class:`tamngu.translate.audit.TermAudit`), so a record read back from the
memory is written out byte for byte as it was stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Protocol

from tamngu.corpus.segment import Segment
from tamngu.errors import BadInputError
from tamngu.glossary.matcher import Match

TermDict = dict[str, Any]


class TargetLike(Protocol):
    """What :meth:`TargetRecord.from_result` reads: a :class:`tamngu.translate.pipeline.TargetResult`."""

    text: str
    path: str
    terms: Sequence[Any]


@dataclass(frozen=True)
class TargetRecord:
    """One translation of a segment: its text, the route it took, its per-term audit.

    Example:
        >>> record = TargetRecord("Lao Cai province", "hard", ({"entry_id": "lao-cai", "satisfied": True},))
        >>> TargetRecord.from_dict(record.to_dict()) == record
        True
    """

    text: str
    path: str
    terms: tuple[TermDict, ...] = ()
    cleaned: tuple[str, ...] = ()  # what tamngu.translate.cleanup removed from the decoder's output

    @classmethod
    def from_result(cls, target: TargetLike) -> TargetRecord:
        """The record of a translator's target result (terms as TermAudit objects or mappings)."""
        cleaned = tuple(getattr(target, "cleaned", ()))
        return cls(target.text, target.path, tuple(_term_dict(term) for term in target.terms), cleaned)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetRecord:
        """The record of its JSON object (as :meth:`to_dict` wrote it)."""
        terms = tuple(dict(term) for term in data.get("terms", ()))
        return cls(str(data["text"]), str(data["path"]), terms, tuple(str(note) for note in data.get("cleaned", ())))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the run-directory contract: ``text``, ``path``, ``terms`` (and ``cleaned`` when
        control characters or U+FFFD were removed from the output)."""
        cleaned = {"cleaned": list(self.cleaned)} if self.cleaned else {}
        return {"text": self.text, "path": self.path, "terms": [dict(term) for term in self.terms], **cleaned}

    @property
    def terms_satisfied(self) -> int:
        """How many of the pinned terms the translation contains."""
        return sum(1 for term in self.terms if term.get("satisfied"))

    def rebased(self, matches: Sequence[Match]) -> TargetRecord | None:
        """This record with its term spans pointed at ``matches`` (the same terms in a spelling variant).

        The memory serves ``Tỉnh uỷ`` from a translation of ``Tỉnh ủy``; the
        audit must name the spans of the source being translated. None when the
        terms do not line up (then the segment is translated again).
        """
        queues: dict[str, list[Match]] = {}
        for match in matches:
            queues.setdefault(match.entry.id, []).append(match)
        terms = []
        for term in self.terms:
            queue = queues.get(term.get("entry_id", ""), [])
            if not queue:
                return None
            match = queue.pop(0)
            terms.append({**term, "source_text": match.text, "source_start": match.start, "source_end": match.end})
        return dataclasses.replace(self, terms=tuple(terms))

    def with_role_notes(self, matches: Sequence[Match]) -> TargetRecord:
        """This record with each term's ``role_note`` taken from ``matches`` (a served translation gets today's notes)."""
        notes = {(match.start, match.entry.id): match.role_note or "" for match in matches}
        terms = []
        for term in self.terms:
            note = notes.get((term.get("source_start"), term.get("entry_id")), "")
            terms.append({**term, "role_note": note} if note or "role_note" in term else term)  # no new key where none was
        return dataclasses.replace(self, terms=tuple(terms))


@dataclass(frozen=True)
class SegmentRecord:
    """One source segment of an article and its translations keyed by language.

    Example:
        >>> record = SegmentRecord("a:title:0.0", "title", 0, 0, "Lào Cai", {"en": TargetRecord("Lao Cai", "hard")})
        >>> record.to_dict()["targets"]["en"]
        {'text': 'Lao Cai', 'path': 'hard', 'terms': []}
    """

    id: str
    part: str
    paragraph: int
    sentence: int
    source: str
    targets: Mapping[str, TargetRecord]

    @classmethod
    def from_segment(cls, segment: Segment, targets: Mapping[str, TargetRecord]) -> SegmentRecord:
        """The record of a corpus segment and its finished targets."""
        return cls(segment.id, segment.part, segment.paragraph, segment.sentence, segment.text, dict(targets))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SegmentRecord:
        """The record of one entry of an article JSON's ``segments``."""
        targets = {lang: TargetRecord.from_dict(target) for lang, target in data["targets"].items()}
        return cls(data["id"], data["part"], int(data["paragraph"]), int(data["sentence"]), data["source"], targets)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of one segment in ``articles/<article>.json``."""
        return {
            "id": self.id,
            "part": self.part,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "source": self.source,
            "targets": {lang: target.to_dict() for lang, target in self.targets.items()},
        }


@dataclass(frozen=True)
class ArticleRecord:
    """One ``articles/<article>.json`` of a run: the article id, its date, page metadata, its segments.

    Example:
        >>> data = {"article": "a", "date": "2025-10-29", "metadata": {}, "segments": []}
        >>> ArticleRecord.from_dict(data).date
        datetime.date(2025, 10, 29)
    """

    article: str
    date: dt.date | None
    metadata: Mapping[str, Any]
    segments: tuple[SegmentRecord, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleRecord:
        """The record of an article document (as :func:`tamngu.translate.outputs.article_document` made it)."""
        date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
        segments = tuple(SegmentRecord.from_dict(segment) for segment in data["segments"])
        return cls(str(data["article"]), date, dict(data.get("metadata") or {}), segments)

    @property
    def sources(self) -> list[str]:
        """The Vietnamese text of every segment, in order."""
        return [segment.source for segment in self.segments]


def read_article(path: Path | str) -> ArticleRecord:
    """Read one ``articles/<article>.json`` of a run directory.

    Raises:
        BadInputError: the file is missing, not JSON, or not an article of a run (naming the file and the fix).
    """
    try:
        return ArticleRecord.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInputError(f"{path}: not an article of a run directory ({type(exc).__name__}: {exc}); "
                            "rerun 'tamngu translate --out DIR'") from None


@dataclass
class BatchSummary:
    """What a batch run did. ``translated`` and ``cache_hits`` count segment x language pairs."""

    run_dir: str
    targets: tuple[str, ...]
    articles: int = 0
    segments: int = 0
    translated: int = 0
    cache_hits: int = 0
    terms_pinned: int = 0
    terms_satisfied: int = 0
    terms_auto: int = 0  # pins of names no glossary entry covers (source "auto")
    roles_unconfirmed: int = 0  # person pins bound to an office no recent source confirmed (audit: "role unconfirmed")
    roles_ended: int = 0  # person pins bound to an office the glossary says had ended (audit: "role ended")
    skipped_empty: list[str] = field(default_factory=list)
    skipped_inputs: list[dict[str, str]] = field(default_factory=list)  # entries named like articles that are not files
    duplicates_dropped: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # repeated paragraphs, by article
    seconds: float = 0.0

    @property
    def terms_satisfied_pct(self) -> float | None:
        """Share of pinned terms found in the output, in percent (None without terms)."""
        return 100.0 * self.terms_satisfied / self.terms_pinned if self.terms_pinned else None

    @property
    def segments_per_second(self) -> float:
        """Source segments finished per second of wall time."""
        return self.segments / self.seconds if self.seconds > 0 else 0.0

    def count(self, records: Sequence[SegmentRecord]) -> None:
        """Add one finished article's segments and term audits."""
        self.articles += 1
        self.segments += len(records)
        for record in records:
            for target in record.targets.values():
                self.terms_pinned += len(target.terms)
                self.terms_satisfied += target.terms_satisfied
                self.terms_auto += sum(1 for term in target.terms if term.get("source") == "auto")
                notes = [str(term.get("role_note") or "") for term in target.terms]
                self.roles_unconfirmed += sum(note.startswith("role unconfirmed") for note in notes)
                self.roles_ended += sum(note.startswith(("role ended", "role not yet begun")) for note in notes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, derived figures included."""
        data = dataclasses.asdict(self)
        data["targets"] = list(self.targets)
        data["terms_satisfied_pct"] = self.terms_satisfied_pct
        data["segments_per_second"] = self.segments_per_second
        return data


def _term_dict(term: Any) -> TermDict:
    """A term audit as JSON data: a :class:`~tamngu.translate.audit.TermAudit` or a mapping."""
    if isinstance(term, Mapping):
        return dict(term)
    return dataclasses.asdict(term)
