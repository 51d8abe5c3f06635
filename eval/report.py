"""Score runs against the references and write the report (JSON, Markdown, HTML).

:func:`evaluate` returns the whole report as plain data (what ``report.json``
holds and ``--json`` prints); :func:`write_report` renders it into ``OUT/``
with atomic writes. The HTML page is self-contained: inline CSS and the chart
as a base64 PNG, so it opens offline.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sacrebleu

from tamngu.fileio import atomic_write
from tamngu.eval.templates import html as html_render
from tamngu.eval.templates import markdown as markdown_render
from tamngu.eval.chart import render_chart
from tamngu.eval.metrics import DEFAULT_BOOTSTRAP, MetricSet, corpus_scores, grouped_scores, paired_significance, sentence_chrf
from tamngu.eval.runs import AlignedSegment, Alignment, align, read_references, read_run, unique_names, write_json_atomic
from tamngu.eval.terms import SegmentTerms, TermChecker, find_target_forms, misses_by_entry, summarize
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Glossary

logger = logging.getLogger(__name__)

REPORT_VERSION = 1
Progress = Callable[[str], None]


def evaluate(
    run_dirs: Sequence[Path | str],
    refs_dir: Path | str,
    glossary_dir: Path | str | None = None,
    langs: Sequence[str] | None = None,
    allow_partial: bool = False,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    worst: int = 8,
    progress: Progress | None = None,
) -> dict[str, Any]:
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
    references = read_references(refs_dir)
    alignment = align(runs, references, langs, allow_partial)
    glossary = load_glossary(glossary_dir)
    checker = TermChecker(glossary)
    report = _header(runs, refs_dir, glossary, alignment, n_bootstrap)
    for lang in alignment.langs:
        report["languages"][lang] = _score_language(alignment, lang, checker, glossary, n_bootstrap, worst, progress)
    report["warnings"] += _reference_term_notes(alignment, checker) + _glossary_notes(runs, glossary)
    report["article_titles"] = _article_titles(alignment)
    report["entry_names"] = _entry_names(report, glossary)
    return report


def steps(run_count: int, lang_count: int) -> int:
    """Units of work :func:`evaluate` reports through ``progress``."""
    return lang_count * (run_count + (1 if run_count > 1 else 0))


def _header(runs, refs_dir, glossary: Glossary, alignment: Alignment, n_bootstrap: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "tamngu_eval": REPORT_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "sacrebleu_version": sacrebleu.__version__,
        "references": str(refs_dir),
        "glossary": {"directory": glossary.directory, "version": glossary.version, "entries": len(glossary)},
        "bootstrap_samples": n_bootstrap,
        "systems": [_system_info(run) for run in runs],
        "coverage": alignment.coverage,
        "warnings": list(alignment.warnings),
        "languages": {},
    }


def _system_info(run) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    manifest = run.manifest
    return {
        "name": run.name,
        "run_dir": str(run.path),
        "models": manifest.get("models"),
        "decoding": manifest.get("decoding"),
        "glossary_version": manifest.get("glossary_version"),
        "created": manifest.get("created"),
    }


def _score_language(alignment: Alignment, lang: str, checker: TermChecker, glossary: Glossary,
                    n_bootstrap: int, worst: int, progress: Progress | None) -> dict[str, Any]:
    segments = alignment.segments
    references = [segment.references[lang] for segment in segments]
    metric_set = MetricSet(lang)
    result: dict[str, Any] = {"segments": len(segments), "articles": sorted({s.article for s in segments}), "systems": {}}
    for system in alignment.systems:
        hypotheses = [segment.hypotheses[system][lang] for segment in segments]
        result["systems"][system] = _score_system(segments, hypotheses, references, metric_set, checker, glossary, n_bootstrap, worst)
        _tick(progress, f"{lang}: scored {system}")
    if len(alignment.systems) > 1 and n_bootstrap > 1:
        result["significance"] = _significance(alignment, segments, references, metric_set, n_bootstrap)
        _tick(progress, f"{lang}: paired bootstrap")
    return result


def _tick(progress: Progress | None, description: str) -> None:
    if progress is not None:
        progress(description)


def _score_system(segments: Sequence[AlignedSegment], hypotheses: list[str], references: list[str], metric_set: MetricSet,
                  checker: TermChecker, glossary: Glossary, n_bootstrap: int, worst: int) -> dict[str, Any]:
    lang = metric_set.lang
    corpus = corpus_scores(hypotheses, references, lang, n_bootstrap, metric_set)
    sentence, sentence_signature = sentence_chrf(hypotheses, references)
    checked = [checker.check(s.id, s.source, h, lang, s.date) for s, h in zip(segments, hypotheses)]
    articles, article_signatures = _per_article(segments, hypotheses, references, metric_set, checked)
    return {
        "corpus": {key: score.as_dict() for key, score in corpus.items()},
        "terms": summarize(checked).as_dict(),
        "articles": articles,
        "article_signatures": article_signatures,
        "sentence_chrf_signature": sentence_signature,
        "worst_segments": _worst(segments, hypotheses, references, sentence, checked, lang, checker, worst),
        "term_misses": misses_by_entry(checked, glossary, lang),
    }


def _per_article(segments: Sequence[AlignedSegment], hypotheses: list[str], references: list[str],
                 metric_set: MetricSet, checked: list[SegmentTerms]) -> tuple[dict[str, Any], dict[str, str]]:
    groups: dict[str, list[int]] = {}
    for index, segment in enumerate(segments):
        groups.setdefault(segment.article, []).append(index)
    scores, signatures = grouped_scores(hypotheses, references, metric_set.lang, groups, metric_set)
    rows: dict[str, Any] = {
        article: {"segments": len(index), **scores[article], "terms": summarize([checked[i] for i in index]).overall.as_dict()}
        for article, index in sorted(groups.items())
    }
    return rows, signatures


def _worst(segments: Sequence[AlignedSegment], hypotheses: list[str], references: list[str], sentence: list[float],
           checked: list[SegmentTerms], lang: str, checker: TermChecker, count: int) -> list[dict[str, Any]]:
    # Lowest chrF++ first; among equals, the one with more missed terms. Perfect segments are not "worst".
    imperfect = [i for i in range(len(segments)) if sentence[i] < 100.0 or checked[i].misses]
    order = sorted(imperfect, key=lambda i: (sentence[i], -len(checked[i].misses), segments[i].id))
    return [_segment_row(segments[i], hypotheses[i], references[i], sentence[i], checked[i], lang, checker) for i in order[:count]]


def _segment_row(segment: AlignedSegment, hypothesis: str, reference: str, chrf: float,
                 checked: SegmentTerms, lang: str, checker: TermChecker) -> dict[str, Any]:
    entries = {entry.id: entry for *_, entry in checker.pinned(segment.source, segment.date)}
    return {
        "id": segment.id,
        "article": segment.article,
        "chrf": chrf,
        "source": segment.source,
        "hypothesis": hypothesis,
        "reference": reference,
        "source_terms": [{"entry_id": t.entry_id, "start": t.start, "end": t.end, "hit": t.hit, "expected": list(t.expected)}
                         for t in checked.terms],
        "hypothesis_spans": [vars(span) for span in checked.spans],
        "reference_spans": [vars(span) for span in find_target_forms(reference, entries.values(), lang)],
    }


def _significance(alignment: Alignment, segments: Sequence[AlignedSegment], references: list[str],
                  metric_set: MetricSet, n_bootstrap: int) -> dict[str, Any]:
    lang = metric_set.lang
    systems = [(name, [segment.hypotheses[name][lang] for segment in segments]) for name in alignment.systems]
    results = paired_significance(systems, references, lang, n_bootstrap, metric_set)
    return {
        "test": "paired bootstrap resampling (sacrebleu.significance.PairedTest, test_type='bs')",
        "baseline": alignment.systems[0],
        "samples": n_bootstrap,
        "systems": {name: {key: score.as_dict() for key, score in scores.items()} for name, scores in results.items()},
    }


def _article_titles(alignment: Alignment, length: int = 90) -> dict[str, dict[str, str]]:
    """Each article's title (source and references); an untitled article's first segment, shortened, with "…"."""
    titles: dict[str, dict[str, str]] = {}
    titled: set[str] = set()
    for segment in alignment.segments:
        is_title = segment.id.split(":")[1:2] == ["title"]
        if segment.article in titled or (segment.article in titles and not is_title):
            continue
        texts = {"vi": segment.source, **segment.references}
        titles[segment.article] = texts if is_title else {lang: _shortened(text, length) for lang, text in texts.items()}
        titled.update([segment.article] if is_title else [])
    return titles


def _shortened(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _entry_names(report: dict[str, Any], glossary: Glossary) -> dict[str, dict[str, str]]:
    """vi/en/zh names of the entries the term tables mention, so readers never see a bare id."""
    ids: set[str] = set()
    for scores in report["languages"].values():
        for system in scores["systems"].values():
            ids.update(miss["entry_id"] for miss in system["term_misses"])
            ids.update(key.split(": ", 1)[0] for key in system["terms"]["consistency_by_term"])
    entries = {entry_id: glossary.get(entry_id) for entry_id in sorted(ids)}
    return {entry_id: {"vi": e.vi, "en": e.en, "zh": e.zh, "type": e.type} for entry_id, e in entries.items() if e}


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


def _glossary_notes(runs, glossary: Glossary) -> list[str]:  # type: ignore[no-untyped-def]
    """Note runs made with another glossary version than the one scoring them."""
    return [
        f"NOTE: {run.name} was translated with glossary {run.manifest['glossary_version']}, "
        f"scored with glossary {glossary.version}; pinned terms may differ"
        for run in runs
        if run.manifest.get("glossary_version") and run.manifest["glossary_version"] != glossary.version
    ]


# ---------------------------------------------------------------- writing


def write_report(report: dict[str, Any], out_dir: Path | str) -> dict[str, Path]:
    """Write ``report.json``, ``report.md`` and ``report.html`` (with the chart) atomically.

    Returns:
        the written paths by format.
    """
    out = Path(out_dir)
    chart_png = render_chart(report)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    write_json_atomic(paths["json"], report)
    atomic_write(paths["md"], markdown_render.render(report))
    atomic_write(paths["html"], html_render.render(report, chart_png))
    logger.info("wrote %s", ", ".join(str(p) for p in paths.values()))
    return paths


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text (what ``--json`` prints)."""
    return json.dumps(report, ensure_ascii=False, indent=1)
