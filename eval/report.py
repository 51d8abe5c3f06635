"""Score runs against the references into a typed :class:`~tamngu.eval.model.Report`, and write it.

:func:`evaluate` returns the report; :func:`write_report` renders it into
``OUT/report.json``, ``report.md`` and ``report.html`` (Jinja templates,
:mod:`tamngu.eval.render`) with atomic writes. The HTML page is
self-contained: inline CSS and the chart as a base64 PNG, so it opens offline.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sacrebleu

from tamngu.errors import BadInputError
from tamngu.eval.metrics import (
    DEFAULT_BOOTSTRAP, MetricScore, MetricSet, corpus_scores, grouped_scores, length_ratio, paired_significance,
    paired_term_test, sentence_chrf,
)
from tamngu.eval.model import (
    LANG_NAMES, ArticleRow, ArticleScores, ConsistencyRow, Coverage, Figure, LanguageReport, Rate, Report, RunInfo,
    Signature, SystemResult, TermMiss,
)
from tamngu.eval.reference_files import read_references
from tamngu.eval.roles import role_notes
from tamngu.eval.runs import Alignment, Run, align, read_run, unique_names
from tamngu.eval.segments import article_titles, worst_segments
from tamngu.eval import terms
from tamngu.eval.terms import SegmentTerms, TermChecker, misses_by_entry, summarize
from tamngu.eval.verdict import compare, decide, degenerate
from tamngu.fileio import atomic_write
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Glossary

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
SIGNIFICANCE_TEST = ("paired bootstrap resampling on segments against the first run, {n} resamples: sacrebleu.significance.PairedTest "
                     "(test_type='bs') for BLEU, chrF++ and TER, the same procedure for term success")
_LABELS = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER", "terms": "term success"}


def evaluate(
    run_dirs: Sequence[Path | str],
    refs_dir: Path | str,
    glossary_dir: Path | str | None = None,
    langs: Sequence[str] | None = None,
    allow_partial: bool = False,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    worst: int = 8,
    progress: Progress | None = None,
) -> Report:
    """Score every run against the references.

    Args:
        run_dirs: run directories; the first is the baseline of paired tests.
        refs_dir: folder of ``<article>.jsonl`` references.
        glossary_dir: glossary to recompute pinned terms from (default: the curated one).
        langs: languages to score (default: all the runs share).
        allow_partial: score the aligned segments when runs miss references.
        n_bootstrap: bootstrap resamples for intervals and paired tests (1: neither).
        worst: how many worst segments to list per system and language.
        progress: called with a description after each unit of work.

    Raises:
        BadInputError: see :mod:`tamngu.eval.runs` for the alignment policy.
    """
    runs = [read_run(path, name) for path, name in zip(run_dirs, unique_names([Path(p) for p in run_dirs]))]
    alignment = align(runs, read_references(refs_dir), langs, allow_partial)
    glossary = load_glossary(glossary_dir)
    scorer = _Scorer(alignment, TermChecker(glossary), glossary, n_bootstrap, worst, article_titles(alignment.segments))
    languages = []
    for lang in alignment.langs:
        languages.append(scorer.language(lang, progress))
    warnings = [*alignment.warnings, *_reference_term_notes(alignment, scorer.checker), *_glossary_notes(runs, glossary)]
    return Report(
        created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), sacrebleu_version=sacrebleu.__version__,
        references=str(refs_dir), glossary_directory=None if glossary.directory is None else str(glossary.directory),
        glossary_version=glossary.version, glossary_entries=len(glossary), bootstrap_samples=n_bootstrap,
        runs=tuple(_run_info(run, index == 0) for index, run in enumerate(runs)), coverage=_coverage(alignment.coverage),
        warnings=tuple(warnings), languages=tuple(languages),
        verdict=decide(languages, runs[0].name, tested=n_bootstrap > 1 and len(runs) > 1),
        significance_test=SIGNIFICANCE_TEST.format(n=n_bootstrap) if n_bootstrap > 1 and len(runs) > 1 else None,
    )


def steps(run_count: int, lang_count: int) -> int:
    """Units of work :func:`evaluate` reports through ``progress``."""
    return lang_count * (run_count + (1 if run_count > 1 else 0))


def _run_info(run: Run, baseline: bool) -> RunInfo:
    manifest = run.manifest
    decoding = manifest.get("decoding")
    models = manifest.get("models")
    return RunInfo(
        name=run.name, run_dir=str(run.path), baseline=baseline,
        constraints=str(decoding.get("constraints")) if isinstance(decoding, dict) and decoding.get("constraints") else None,
        models=tuple((str(key), _model_name(value)) for key, value in models.items()) if isinstance(models, dict) else (),
        glossary_version=_text(manifest.get("glossary_version")), created=_text(manifest.get("created")),
        roles_to_confirm=run.role_flags, notes=role_notes(run.role_flags),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _model_name(model: Any) -> str:
    if isinstance(model, dict) and "id" in model:
        revision = model.get("revision")
        return str(model["id"]) + (f" @ {revision}" if revision and revision != "unknown" else "")
    return str(model)


def _coverage(raw: dict[str, Any]) -> Coverage:
    return Coverage(raw["reference_segments"], raw["scored_segments"], tuple(raw["scored_articles"]),
                    tuple(raw["reference_articles_not_in_runs"]), dict(raw["run_segments_without_reference"]))


class _Scorer:
    """Scores one language at a time: every system, then the paired tests against the baseline."""

    def __init__(self, alignment: Alignment, checker: TermChecker, glossary: Glossary, n_bootstrap: int, worst: int,
                 titles: dict[str, dict[str, str]]) -> None:
        self.alignment, self.checker, self.glossary = alignment, checker, glossary
        self.n_bootstrap, self.worst, self.titles = n_bootstrap, worst, titles

    def language(self, lang: str, progress: Progress | None) -> LanguageReport:
        segments = self.alignment.segments
        references = [segment.references[lang] for segment in segments]
        metric_set = MetricSet(lang)
        outputs = {name: [segment.hypotheses[name][lang] for segment in segments] for name in self.alignment.systems}
        scored = {}
        for name, hypotheses in outputs.items():
            scored[name] = self._system(name, hypotheses, references, metric_set, lang)
            _tick(progress, f"{lang}: scored {name}")
        paired = self._paired(outputs, references, metric_set, lang)
        if paired:
            _tick(progress, f"{lang}: paired bootstrap")
        systems = tuple(self._result(name, scored, paired, lang) for name in outputs)
        return LanguageReport(lang, LANG_NAMES.get(lang, lang), len(segments), systems,
                              self._articles(scored, lang), self._signatures(scored, paired, lang))

    def _system(self, name: str, hypotheses: list[str], references: list[str], metric_set: MetricSet, lang: str) -> dict[str, Any]:
        segments = self.alignment.segments
        checked = [self.checker.check(s.id, s.source, h, lang, s.date) for s, h in zip(segments, hypotheses)]
        groups: dict[str, list[int]] = {}
        for index, segment in enumerate(segments):
            groups.setdefault(segment.article, []).append(index)
        article_scores, article_signatures = grouped_scores(hypotheses, references, lang, groups, metric_set)
        sentence, sentence_signature = sentence_chrf(hypotheses, references)
        return {
            "corpus": corpus_scores(hypotheses, references, lang, self.n_bootstrap, metric_set),
            "checked": checked, "summary": summarize(checked), "groups": groups, "articles": article_scores,
            "article_signatures": article_signatures, "sentence_signature": sentence_signature,
            "ratio": length_ratio(hypotheses, references, lang, metric_set),
            "worst": worst_segments(segments, hypotheses, references, sentence, checked, lang, self.checker, self.titles, self.worst),
        }

    def _paired(self, outputs: dict[str, list[str]], references: list[str], metric_set: MetricSet, lang: str) -> dict[str, Any]:
        if len(outputs) < 2 or self.n_bootstrap <= 1:
            return {}
        return {"metrics": paired_significance(list(outputs.items()), references, lang, self.n_bootstrap, metric_set)}

    def _result(self, name: str, scored: dict[str, dict[str, Any]], paired: dict[str, Any], lang: str) -> SystemResult:
        mine = scored[name]
        baseline_name = self.alignment.systems[0]
        baseline = scored[baseline_name]
        is_baseline = name == baseline_name
        reason = mine_or_baseline_degenerate(mine["ratio"], baseline["ratio"], name, baseline_name)
        figures = {key: _figure(key, score, baseline["corpus"][key].score,
                                None if is_baseline or not paired else paired["metrics"][name][key].p_value,
                                reason if key == "ter" and not is_baseline and paired else None)
                   for key, score in mine["corpus"].items()}
        figures["terms"] = self._term_figure(mine, baseline, is_baseline or not paired)
        summary = mine["summary"]
        return SystemResult(
            name=name, figures=figures, consistency=Rate(summary.consistency.hits, summary.consistency.total),
            consistency_rows=tuple(self._consistency_row(row, lang) for row in summary.consistency_rows),
            by_type={kind: Rate(t.hits, t.total) for kind, t in sorted(summary.by_type.items())},
            misses=tuple(TermMiss(**{**row, "expected": tuple(row["expected"]), "segments": tuple(row["segments"])})
                         for row in misses_by_entry(mine["checked"], self.glossary, lang)),
            worst=tuple(mine["worst"]), length_ratio=mine["ratio"], degenerate=degenerate(mine["ratio"]),
        )

    def _term_figure(self, mine: dict[str, Any], baseline: dict[str, Any], untested: bool) -> Figure:
        overall = mine["summary"].overall
        figure = Figure("terms", _LABELS["terms"], overall.rate, hits=overall.hits, total=overall.total)
        if untested:
            return figure
        test = paired_term_test(_tallies(baseline["checked"]), _tallies(mine["checked"]), self.n_bootstrap)
        if test is None:
            return figure
        comparison = compare("terms", overall.rate, baseline["summary"].overall.rate, test.p_value)
        return Figure("terms", _LABELS["terms"], overall.rate, None, test.mean - test.ci, test.mean + test.ci, comparison,
                      hits=overall.hits, total=overall.total)

    def _consistency_row(self, row: terms.ConsistencyRow, lang: str) -> ConsistencyRow:
        entry = self.glossary.get(row.entry_id)
        vi, pinned = (entry.vi, getattr(entry, lang)) if entry else (row.entry_id, "")
        return ConsistencyRow(row.entry_id, vi, pinned, row.occurrences, row.consistent, row.names, row.renderings)

    def _articles(self, scored: dict[str, dict[str, Any]], lang: str) -> tuple[ArticleRow, ...]:
        first = next(iter(scored.values()))
        rows = []
        for article, index in sorted(first["groups"].items()):
            titles = self.titles.get(article, {})
            title_lang = lang if titles.get(lang) else "vi"
            systems = {}
            for name, result in scored.items():
                scores, checked = result["articles"][article], result["checked"]
                tally = summarize([checked[i] for i in index]).overall
                systems[name] = ArticleScores(scores["bleu"], scores["chrf"], scores["ter"], Rate(tally.hits, tally.total))
            rows.append(ArticleRow(article, titles.get(title_lang, article), title_lang, len(index), systems))
        return tuple(rows)

    def _signatures(self, scored: dict[str, dict[str, Any]], paired: dict[str, Any], lang: str) -> tuple[Signature, ...]:
        name = LANG_NAMES.get(lang, lang)
        first = next(iter(scored.values()))
        lines = [Signature(f"{name} {_LABELS[key]}", score.signature) for key, score in first["corpus"].items()]
        lines += [Signature(f"{name} per-article {_LABELS[key]}", sig) for key, sig in first["article_signatures"].items()]
        lines.append(Signature(f"{name} sentence chrF++", first["sentence_signature"]))
        if paired:
            some = next(iter(paired["metrics"].values()))
            lines += [Signature(f"{name} paired {_LABELS[key]}", score.signature) for key, score in some.items()]
        return tuple(lines)


def mine_or_baseline_degenerate(ratio: float, baseline_ratio: float, name: str, baseline: str) -> str | None:
    """Why TER is not compared for a system: its output or the baseline's is degenerate."""
    for who, value in ((name, ratio), (baseline, baseline_ratio)):
        reason = degenerate(value)
        if reason:
            return f"{who}'s {reason}"
    return None


def _figure(key: str, score: MetricScore, baseline: float, p_value: float | None, withheld: str | None) -> Figure:
    interval = score.interval()
    low, high = interval if interval else (None, None)
    comparison = None if withheld else compare(key, score.score, baseline, p_value)
    return Figure(key, _LABELS[key], score.score, score.signature, low, high, comparison, withheld)


def _tallies(checked: Sequence[SegmentTerms]) -> list[tuple[int, int]]:
    return [(len(segment.terms) - len(segment.misses), len(segment.terms)) for segment in checked]


def _tick(progress: Progress | None, description: str) -> None:
    if progress is not None:
        progress(description)


def _reference_term_notes(alignment: Alignment, checker: TermChecker) -> list[str]:
    """Note segments whose reference 'terms' list disagrees with what the glossary finds."""
    differing = [
        segment.id for segment in alignment.segments
        if segment.reference_terms and set(segment.reference_terms) != {e.id for *_, e in checker.pinned(segment.source, segment.date)}
    ]
    if not differing:
        return []
    shown = ", ".join(differing[:5]) + (" ..." if len(differing) > 5 else "")
    return [f"NOTE: in {len(differing)} segments the reference's 'terms' differ from the glossary matches on the source "
            f"({shown}); term success is computed from the glossary matches"]


def _glossary_notes(runs: Sequence[Run], glossary: Glossary) -> list[str]:
    """Note runs made with another glossary version than the one scoring them."""
    return [
        f"NOTE: {run.name} was translated with glossary {run.manifest['glossary_version']}, "
        f"scored with glossary {glossary.version}; pinned terms may differ"
        for run in runs
        if run.manifest.get("glossary_version") and run.manifest["glossary_version"] != glossary.version
    ]


# ---------------------------------------------------------------- writing


def check_out_dir(out_dir: Path | str) -> Path:
    """``out_dir`` if a report can be written there (a folder, or nothing yet).

    Raises:
        BadInputError: ``out_dir`` or a folder above it is a file.
    """
    out = Path(out_dir)
    for path in (out, *out.parents):
        if path.exists() and not path.is_dir():
            where = "is a file" if path == out else f"is inside {path}, which is a file"
            raise BadInputError(f"--out {out} {where}; --out takes a folder for report.html, report.md and report.json "
                                "(e.g. --out report/)")
        if path.exists():
            break
    return out


def write_report(report: Report, out_dir: Path | str) -> dict[str, Path]:
    """Write ``report.json``, ``report.md`` and ``report.html`` (with the chart) atomically.

    Returns:
        the written paths by format.

    Raises:
        BadInputError: ``out_dir`` is a file, or a file cannot be written there.
    """
    from tamngu.eval.chart import render_chart
    from tamngu.eval.render import render_html, render_markdown

    out = check_out_dir(out_dir)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    texts = {"json": dumps(report) + "\n", "md": render_markdown(report), "html": render_html(report, render_chart(report))}
    try:
        for kind, path in paths.items():
            atomic_write(path, texts[kind])
    except OSError as exc:
        raise BadInputError(f"{out}: cannot write the report ({exc.strerror or exc}); pass another --out folder") from None
    logger.info("wrote %s", ", ".join(str(p) for p in paths.values()))
    return paths


def dumps(report: Report) -> str:
    """The report as JSON text (what ``report.json`` holds and ``--json`` prints)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
