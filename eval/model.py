"""The evaluation report as typed data: what ``report.json`` holds and every renderer reads.

One :class:`Report` carries the figures, each comparison's verdict
(:class:`Comparison`, decided once in :mod:`tamngu.eval.verdict` at the one
significance level :data:`ALPHA`) and the overall :class:`Verdict`; the
console, the Markdown and the HTML only lay it out, so they cannot disagree.
:meth:`Report.to_dict` is the JSON form.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from tamngu.eval.text import clean

REPORT_VERSION = 2
#: The one significance level of every paired test in the report.
ALPHA = 0.05
LANG_NAMES = {"en": "English", "zh": "Chinese"}
#: A machine output longer than this, and over twice its reference, is shown folded after this many characters.
FOLD_AT = 300

Direction = Literal["better", "worse", "same"]
Overall = Literal["better", "worse", "mixed", "same"]
RoleKind = Literal["unconfirmed", "ended"]


@dataclass(frozen=True)
class Rate:
    """Hits over a total (pinned terms rendered, occurrences rendered as one name)."""

    hits: int
    total: int

    @property
    def success(self) -> float | None:
        return 100.0 * self.hits / self.total if self.total else None


@dataclass(frozen=True)
class Comparison:
    """A figure of a system against the same figure of the baseline, on the same segments."""

    p_value: float
    direction: Direction


@dataclass(frozen=True)
class Figure:
    """One corpus figure of one system: BLEU, chrF++, TER (with their sacreBLEU signature) or term success.

    ``low``/``high``: the 95% bootstrap interval. ``comparison``: None for the
    baseline, a single run, or a withheld comparison, whose reason is ``withheld``.
    """

    key: str
    label: str
    score: float | None
    signature: str | None = None
    low: float | None = None
    high: float | None = None
    comparison: Comparison | None = None
    withheld: str | None = None
    hits: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class ConsistencyRow:
    """One glossary entry rendered at least twice: how (see :mod:`tamngu.eval.terms`)."""

    entry_id: str
    vi: str
    pinned: str
    occurrences: int
    consistent: int
    names: int
    renderings: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TermMiss:
    """A glossary entry some of whose pinned occurrences the output did not render."""

    entry_id: str
    type: str
    vi: str
    expected: tuple[str, ...]
    missed: int
    total: int
    segments: tuple[str, ...]


@dataclass(frozen=True)
class ArticleScores:
    """One system's corpus scores over one article's segments (not bootstrapped)."""

    bleu: float
    chrf: float
    ter: float
    terms: Rate


@dataclass(frozen=True)
class ArticleRow:
    """One article: its title in the scored language (else Vietnamese) and each system's scores."""

    article: str
    title: str
    title_lang: str
    segments: int
    systems: dict[str, ArticleScores]


@dataclass(frozen=True)
class Piece:
    """A stretch of a segment's text; ``mark`` (hit, miss, found, pinned) highlights a glossary term."""

    text: str
    mark: str | None = None
    entry_id: str | None = None


@dataclass(frozen=True)
class MissedTerm:
    """A pinned source term the output did not render, and the forms that would count."""

    source_text: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class SegmentRow:
    """One of the worst segments of a system, with its article's title and the terms marked.

    A long degenerate machine output is folded: ``hypothesis`` holds its first
    :data:`FOLD_AT` characters and ``hypothesis_rest`` the others, which
    renderers fold away (``hypothesis_chars`` counts them all).
    """

    id: str
    article: str
    article_title: str
    chrf: float
    source: tuple[Piece, ...]
    hypothesis: tuple[Piece, ...]
    reference: tuple[Piece, ...]
    missed: tuple[MissedTerm, ...]
    hypothesis_rest: tuple[Piece, ...]
    hypothesis_chars: int


@dataclass(frozen=True)
class SystemResult:
    """Everything about one system in one language."""

    name: str
    figures: dict[str, Figure]  # bleu, chrf, ter, terms
    consistency: Rate
    consistency_rows: tuple[ConsistencyRow, ...]
    by_type: dict[str, Rate]
    misses: tuple[TermMiss, ...]
    worst: tuple[SegmentRow, ...]
    length_ratio: float
    degenerate: str | None  # why the output is degenerate, or None

    @property
    def rendered_differently(self) -> tuple[ConsistencyRow, ...]:
        """Entries rendered as more than one name, least consistent first."""
        rows = [row for row in self.consistency_rows if row.names > 1]
        return tuple(sorted(rows, key=lambda row: (row.consistent - row.occurrences, row.entry_id)))


@dataclass(frozen=True)
class Signature:
    """What a sacreBLEU signature signs, and the signature."""

    what: str
    signature: str


@dataclass(frozen=True)
class LanguageReport:
    """The scores of every system in one target language."""

    lang: str
    name: str
    segments: int
    systems: tuple[SystemResult, ...]
    articles: tuple[ArticleRow, ...]
    signatures: tuple[Signature, ...]

    def system(self, name: str) -> SystemResult:
        return next(system for system in self.systems if system.name == name)


@dataclass(frozen=True)
class VerdictLine:
    """One system against the baseline in one language: term success, quality and why."""

    system: str
    lang: str
    terms: Direction | None
    quality: Overall
    text: str


@dataclass(frozen=True)
class Verdict:
    """The report's one verdict: a headline sentence per compared system, and the lines behind it."""

    headline: tuple[str, ...]
    lines: tuple[VerdictLine, ...]


@dataclass(frozen=True)
class RoleFlag:
    """Pins of one entry carrying one ``role_note`` in a run (:mod:`tamngu.eval.roles`): a role to confirm.

    ``kind``: ``unconfirmed`` (no recent source confirms the role) or ``ended``
    (ended or not yet begun on the article's date). ``count``: pins, each
    counted once whatever the number of target languages.
    """

    entry_id: str
    source_text: str
    kind: RoleKind
    role_note: str
    count: int
    articles: tuple[str, ...]
    segments: tuple[str, ...]


@dataclass(frozen=True)
class RunInfo:
    """A scored run: its name, folder and how it was made; its roles to confirm and the note lines about them."""

    name: str
    run_dir: str
    baseline: bool
    constraints: str | None
    models: tuple[tuple[str, str], ...]
    glossary_version: str | None
    created: str | None
    roles_to_confirm: tuple[RoleFlag, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """What was scored, and what was left out."""

    reference_segments: int
    scored_segments: int
    scored_articles: tuple[str, ...]
    reference_articles_not_in_runs: tuple[str, ...]
    run_segments_without_reference: dict[str, int]


@dataclass(frozen=True)
class Report:
    """The whole evaluation."""

    created: str
    sacrebleu_version: str
    references: str
    glossary_directory: str | None
    glossary_version: str | None
    glossary_entries: int
    bootstrap_samples: int
    runs: tuple[RunInfo, ...]
    coverage: Coverage
    warnings: tuple[str, ...]
    languages: tuple[LanguageReport, ...]
    verdict: Verdict
    significance_test: str | None = None
    alpha: float = ALPHA
    version: int = REPORT_VERSION

    @property
    def baseline(self) -> str:
        return self.runs[0].name

    def language(self, lang: str) -> LanguageReport:
        return next(language for language in self.languages if language.lang == lang)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``report.json``, ``--json``)."""
        data = _plain(self)
        return {"tamngu_eval": data.pop("version"), **data}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
        if isinstance(value, Rate):
            data["success"] = value.success
        return data
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return clean(value).text  # a folder or model name too: nothing unprintable reaches report.json
    return value
