"""Read run directories and reference files, and align them by segment id.

A run directory is what ``tamngu translate --out RUN_DIR`` writes (see
``/work/notes/COMMON.md``): ``manifest.json`` plus ``articles/<article>.json``.
References are ``eval/references/<article>.jsonl``, one JSON object a line:
``{"id", "source", "en", "zh", "terms"}``.

Alignment policy (never a silently wrong score):

* Run segments without a reference are expected (references cover a sample)
  and are only counted.
* Reference segments of an article the run translated must all be in the run;
  otherwise :class:`BadInputError` (exit 2) naming how many and which, unless
  ``allow_partial``, which scores the aligned segments and records a warning
  that the report shows in a banner.
* References of articles no run contains are listed in the coverage note.
  With several runs, all must cover the same reference segments (the paired
  test needs the same segments); with ``allow_partial`` their intersection is
  scored, again with a warning.
* The source text of every aligned segment must equal the reference source
  (after :func:`tamngu.glossary.normalize.normalize`); a mismatch means the ids point
  at different sentences, and is always an error.
* Every aligned segment needs a non-empty hypothesis and a non-empty reference
  in every evaluated language.
* Control characters and U+FFFD are removed from a run's sources and
  hypotheses before anything is scored or shown, and a note says how many and
  where (:func:`tamngu.eval.text.clean`); references holding them are refused
  (:mod:`tamngu.eval.reference_files`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError
from tamngu.eval.model import RoleFlag
from tamngu.eval.reference_files import LANGS, Reference, article_of, segment_order
from tamngu.eval.roles import role_flags
from tamngu.eval.text import clean
from tamngu.glossary.normalize import normalize
from tamngu.translate.records import ArticleRecord, read_article

logger = logging.getLogger(__name__)

_SHOWN = 5  # ids quoted in an error message before "..."


@dataclass(frozen=True)
class RunSegment:
    """One translated segment of a run: its source and hypothesis per language."""

    id: str
    article: str
    source: str
    hypotheses: dict[str, str]


@dataclass(frozen=True)
class Run:
    """A tamngu run directory, read."""

    path: Path
    name: str
    manifest: dict[str, Any]
    segments: dict[str, RunSegment]
    article_dates: dict[str, dt.date | None]
    article_files: dict[str, Path]
    role_flags: tuple[RoleFlag, ...] = ()  # pins of persons bound to a role not confirmed for the article's date

    @property
    def articles(self) -> list[str]:
        return sorted(self.article_files)


@dataclass(frozen=True)
class AlignedSegment:
    """A reference segment together with every run's hypothesis for it."""

    id: str
    article: str
    date: dt.date | None
    source: str
    references: dict[str, str]
    hypotheses: dict[str, dict[str, str]]  # system name -> lang -> text
    reference_terms: tuple[str, ...] = ()


@dataclass
class Alignment:
    """The segments to score and what was left out, with reasons."""

    systems: list[str]
    langs: list[str]
    segments: list[AlignedSegment]
    warnings: list[str] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- runs


def read_run(path: Path | str, name: str | None = None) -> Run:
    """Read one run directory.

    Raises:
        BadInputError: the directory is not a tamngu run or a file is malformed.
    """
    root = Path(path)
    manifest = _read_manifest(root)
    files = sorted((root / "articles").glob("*.json"))
    listed = manifest.get("articles")
    if isinstance(listed, list) and listed:  # a reused run directory may hold articles of an earlier run
        files = [file for file in files if file.stem in set(listed)]
    if not files:
        raise BadInputError(f"{root / 'articles'}: no <article>.json files; is {root} a finished tamngu run?")
    segments: dict[str, RunSegment] = {}
    dates: dict[str, dt.date | None] = {}
    article_files: dict[str, Path] = {}
    records = []
    for file in files:
        record = read_article(file)
        records.append(record)
        dates[record.article], article_files[record.article] = record.date, file
        for segment in _run_segments(record):
            segments[segment.id] = segment
    return Run(root, name or root.name, manifest, segments, dates, article_files, role_flags(records))


def _read_manifest(root: Path) -> dict[str, Any]:
    if not root.is_dir():
        raise BadInputError(f"{root}: run directory not found; pass a directory written by 'tamngu translate --out'")
    manifest_path = root / "manifest.json"
    if not manifest_path.is_file():
        raise BadInputError(f"{root}: not a tamngu run (no manifest.json); pass a directory written by 'tamngu translate --out'")
    manifest = _load_json(manifest_path)
    if not isinstance(manifest, dict) or manifest.get("tamngu_run") != 1:
        raise BadInputError(f"{manifest_path}: not a tamngu run manifest (expected \"tamngu_run\": 1)")
    return manifest


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(f"{path}: not valid UTF-8 JSON ({exc})") from None


def _run_segments(record: ArticleRecord) -> list[RunSegment]:
    return [RunSegment(segment.id, record.article, segment.source, {lang: target.text for lang, target in segment.targets.items()})
            for segment in record.segments]


# ---------------------------------------------------------------- alignment


def align(
    runs: Sequence[Run],
    references: dict[str, Reference],
    langs: Sequence[str] | None = None,
    allow_partial: bool = False,
) -> Alignment:
    """Pair every run's hypotheses with the references, enforcing the module's policy.

    Args:
        runs: the systems to compare; the first is the baseline of paired tests.
        references: from :func:`read_references`.
        langs: languages to score; default: every language all runs translated.
        allow_partial: score the common segments when runs miss some references.

    Raises:
        BadInputError: see the module docstring.
    """
    langs = list(langs) if langs else _run_langs(runs)
    _check_reference_langs(references, langs)
    incomplete = _incomplete_runs(runs, allow_partial)
    ids, warnings, coverage = _common_ids(runs, references, allow_partial)
    runs, cleaned = _cleaned_runs(runs, set(ids), langs)
    warnings = incomplete + warnings + cleaned
    _check_sources(runs, references, ids)
    warnings += _check_texts(runs, references, ids, langs, allow_partial)
    dates = {article: run.article_dates.get(article) for run in runs for article in run.article_dates}
    segments = [_aligned(references[sid], runs, langs, dates.get(article_of(sid))) for sid in ids]
    return Alignment([run.name for run in runs], langs, segments, warnings, coverage)


def _incomplete_runs(runs: Sequence[Run], allow_partial: bool) -> list[str]:
    warnings = []
    for run in runs:
        if run.manifest.get("complete") is False:
            message = f"{run.path / 'manifest.json'}: the run is not complete (interrupted or still running)"
            if not allow_partial:
                raise BadInputError(f"{message}; finish it by running the same 'tamngu translate' again, or pass --allow-partial")
            warnings.append(f"PARTIAL: {message}")
    return warnings


def _run_langs(runs: Sequence[Run]) -> list[str]:
    per_run = [{lang for segment in run.segments.values() for lang in segment.hypotheses} for run in runs]
    common = set.intersection(*per_run) if per_run else set()
    langs = [lang for lang in LANGS if lang in common]
    if not langs:
        raise BadInputError(f"{runs[0].path}: the runs share no target language of {', '.join(LANGS)}")
    return langs


def _check_reference_langs(references: dict[str, Reference], langs: Sequence[str]) -> None:
    for lang in langs:
        if lang not in LANGS:
            raise BadInputError(f"unknown language '{lang}'; expected one of: {', '.join(LANGS)}")
        if not any(lang in reference.targets for reference in references.values()):
            folder = next(iter(references.values())).file.parent
            raise BadInputError(f"{folder}: no '{lang}' reference in {len(references)} segments; add '{lang}' to the references or pass --lang without it")


def _common_ids(runs: Sequence[Run], references: dict[str, Reference], allow_partial: bool) -> tuple[list[str], list[str], dict[str, Any]]:
    warnings: list[str] = []
    per_run: list[set[str]] = []
    for run in runs:
        covered, missing = _run_coverage(run, references)
        if not covered:
            raise BadInputError(_no_overlap_message(run, references))
        if missing:
            message = _missing_message(run, missing)
            if not allow_partial:
                raise BadInputError(f"{message}; pass --allow-partial to score only the aligned segments")
            warnings.append(f"PARTIAL: {message}; only aligned segments are scored")
        per_run.append(covered)
    common = set.intersection(*per_run)
    if any(covered != common for covered in per_run):
        message = "the runs cover different reference segments (" + ", ".join(f"{run.name}: {len(c)}" for run, c in zip(runs, per_run)) + ")"
        if not allow_partial:
            raise BadInputError(f"{message}; paired tests need the same segments; pass --allow-partial to score the {len(common)} common ones")
        warnings.append(f"PARTIAL: {message}; the {len(common)} common segments are scored")
    ids = sorted(common, key=segment_order)
    return ids, warnings, _coverage(runs, references, ids)


def _run_coverage(run: Run, references: dict[str, Reference]) -> tuple[set[str], list[str]]:
    in_articles = [sid for sid, reference in references.items() if reference.article in run.article_files]
    covered = {sid for sid in in_articles if sid in run.segments}
    missing = sorted((sid for sid in in_articles if sid not in run.segments), key=segment_order)
    return covered, missing


def _no_overlap_message(run: Run, references: dict[str, Reference]) -> str:
    folder = next(iter(references.values())).file.parent
    return (
        f"{run.path}: none of its {len(run.segments)} segment ids (e.g. {_first(sorted(run.segments))}) "
        f"matches the {len(references)} reference ids in {folder} (e.g. {_first(sorted(references))}); "
        "were run and references made from the same seeds?"
    )


def _missing_message(run: Run, missing: list[str]) -> str:
    articles = sorted({article_of(sid) for sid in missing})
    files = ", ".join(str(run.article_files[article]) for article in articles)
    return f"{run.path}: {len(missing)} reference segments are missing from {files}: {_first(missing)}"


def _coverage(runs: Sequence[Run], references: dict[str, Reference], ids: list[str]) -> dict[str, Any]:
    scored_articles = sorted({article_of(sid) for sid in ids})
    ref_articles = sorted({reference.article for reference in references.values()})
    return {
        "reference_segments": len(references),
        "scored_segments": len(ids),
        "scored_articles": scored_articles,
        "reference_articles_not_in_runs": [a for a in ref_articles if a not in scored_articles],
        "run_segments_without_reference": {run.name: sum(1 for sid in run.segments if sid not in references) for run in runs},
    }


def _cleaned_runs(runs: Sequence[Run], ids: set[str], langs: Sequence[str]) -> tuple[list[Run], list[str]]:
    """The runs with control characters and U+FFFD removed from sources and hypotheses, and a note per run that had any."""
    cleaned_runs, notes = [], []
    for run in runs:
        segments, touched = {}, []
        for sid, segment in run.segments.items():
            source = clean(segment.source)
            hypotheses = {lang: clean(text) for lang, text in segment.hypotheses.items()}
            removed = source.removed + sum(hypotheses[lang].removed for lang in langs if lang in hypotheses)
            segments[sid] = replace(segment, source=source.text, hypotheses={lang: h.text for lang, h in hypotheses.items()})
            touched += [(sid, removed)] if removed and sid in ids else []
        cleaned_runs.append(replace(run, segments=segments))
        if touched:
            notes.append(f"NOTE: {run.name}: {sum(n for _, n in touched)} control characters or U+FFFD removed from "
                         f"{len(touched)} segments before scoring ({_first([sid for sid, _ in touched])}); "
                         "the report shows and scores the cleaned text")
    return cleaned_runs, notes


def _check_sources(runs: Sequence[Run], references: dict[str, Reference], ids: list[str]) -> None:
    for run in runs:
        differing = [sid for sid in ids if normalize(run.segments[sid].source) != normalize(references[sid].source)]
        if differing:
            first = references[differing[0]]
            raise BadInputError(
                f"{run.path}: {len(differing)} segments have a source different from the reference "
                f"({_first(differing)}); e.g. {first.file}:{first.line}: the ids point at different sentences; "
                "regenerate the run or the references from the same seeds"
            )


def _check_texts(
    runs: Sequence[Run], references: dict[str, Reference], ids: list[str], langs: Sequence[str], allow_partial: bool
) -> list[str]:
    """Refuse segments without a reference; empty hypotheses too, unless ``allow_partial`` scores them as empty."""
    warnings: list[str] = []
    for lang in langs:
        no_reference = [sid for sid in ids if lang not in references[sid].targets]
        if no_reference:
            files = sorted({str(references[sid].file) for sid in no_reference})
            raise BadInputError(f"{', '.join(files)}: {len(no_reference)} segments have no '{lang}' reference: {_first(no_reference)}")
        for run in runs:
            empty = [sid for sid in ids if not run.segments[sid].hypotheses.get(lang, "").strip()]
            if empty and allow_partial:
                warnings.append(f"PARTIAL: {run.name}: {len(empty)} empty '{lang}' hypotheses scored as empty: {_first(empty)}")
            elif empty:
                files = ", ".join(sorted({str(run.article_files[article_of(sid)]) for sid in empty}))
                raise BadInputError(
                    f"{files}: {len(empty)} of {len(ids)} '{lang}' hypotheses are empty or missing: {_first(empty)}; "
                    "score them as empty with --allow-partial"
                )
    return warnings


def _aligned(reference: Reference, runs: Sequence[Run], langs: Sequence[str], date: dt.date | None) -> AlignedSegment:
    hypotheses = {run.name: {lang: run.segments[reference.id].hypotheses[lang] for lang in langs} for run in runs}
    refs = {lang: reference.targets[lang] for lang in langs}
    return AlignedSegment(reference.id, reference.article, date, reference.source, refs, hypotheses, reference.terms)


def _first(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return shown + (f", ... ({len(ids) - _SHOWN} more)" if len(ids) > _SHOWN else "")


def unique_names(paths: Sequence[Path]) -> list[str]:
    """Display names for run directories: the folder name, printable (:func:`~tamngu.eval.text.clean`), made unique."""
    names: list[str] = []
    for path in paths:
        name = clean(Path(path).resolve().name or str(path)).text
        candidate, counter = name, 2
        while candidate in names:
            candidate, counter = f"{name}#{counter}", counter + 1
        names.append(candidate)
    return names
