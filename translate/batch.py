"""Batch-translate article files into a run directory, resumably: :func:`run_batch`.

One module per job:

* :mod:`tamngu.translate.plan`: the input files, their dates and segment
  count, read and checked before any model work;
* :mod:`tamngu.translate.rundir`: the run-directory protocol (lock, foreign
  directories, leftovers of a killed run, write failures);
* :mod:`tamngu.translate.runner`: the driver that serves segments from the
  translation memory, hands the rest to an executor
  (:mod:`tamngu.translate.executor`), commits results and writes outputs;
* :mod:`tamngu.translate.records`: the JSON records (segment, target, summary);
* :mod:`tamngu.translate.outputs`: the writers of article JSON, Markdown, TMX
  and the manifest.

This module puts them in order and writes the manifest (models and revisions,
glossary version, decoding settings, dates). A run killed at any moment loses
at most the jobs being translated: the rerun serves every committed segment
from the memory and translates the rest in exactly the jobs the uninterrupted
run would have used, so the outputs are byte-identical. Progress goes to an
optional callback; the library renders nothing (the CLI draws the bar).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tamngu import __version__
from tamngu.glossary.model import Glossary
from tamngu.translate.config import TranslateConfig
from tamngu.translate.executor import Executor, LocalExecutor, SegmentTranslator
from tamngu.translate.outputs import write_manifest
from tamngu.translate.plan import Plan, collect_inputs, collect_inputs_noting_skips, plan_run
from tamngu.translate.records import BatchSummary
from tamngu.translate.memory import TranslationMemory
from tamngu.translate.rundir import (
    MEMORY_FILE,
    prepare_run_dir,
    previous_manifest,
    refuse_or_remove_stale,
    remove_stale_temporaries,
    run_lock,
    stale_articles,
    write_failures_explained,
)
from tamngu.translate.runner import SEGMENTS_PER_CALL, ModelIdentity, ProgressCallback, Runner, RunSpec

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1


def run_batch(
    inputs: Sequence[Path],
    out_dir: Path,
    targets: Sequence[str],
    config: TranslateConfig,
    glossary: Glossary,
    *,
    on_date: dt.date | None = None,
    force: bool = False,
    translator: SegmentTranslator | None = None,
    executor: Executor | None = None,
    memory_path: Path | None = None,
    on_progress: ProgressCallback | None = None,
    segments_per_call: int = SEGMENTS_PER_CALL,
    names: bool = False,
) -> BatchSummary:
    """Translate article files (or directories of ``*.txt`` / ``*.html``) into ``out_dir``.

    Args:
        inputs: article files and/or directories (their article files, sorted).
        out_dir: the run directory (created; a previous run's directory resumes).
        targets: target languages, e.g. ``("en", "zh")``.
        config: models and decoding settings.
        glossary: the term base; entries valid on each article's date apply.
        on_date: the date of every article (overrides manifest and text).
        force: ignore the translation memory (translate everything again) and
            allow writing into a non-empty directory that is not a tamngu run.
        translator: a ready translator for the local executor (tests); by
            default one is built from ``config`` on the first job.
        executor: runs the translation jobs (default: a :class:`LocalExecutor`).
        memory_path: the SQLite translation memory (default ``out_dir/memory.sqlite``).
        on_progress: called with a :class:`~tamngu.translate.runner.BatchProgress`
            as segments finish and after each article's outputs are written.
        segments_per_call: segments per job, i.e. per memory commit: a kill
            loses at most this many translations per job in flight.
        names: also pin names no glossary entry covers (auto, unreviewed; review
            them with ``tamngu glossary gaps OUT_DIR``).

    Raises:
        BadInputError: missing, binary or non-UTF-8 input, no articles, an
            unusable output directory.
        TamnguError: another run holds the directory's lock; a write failed.
    """
    if translator is not None and executor is not None:
        raise ValueError("pass a translator (for the local executor) or an executor, not both")
    started = time.monotonic()
    files, skipped_inputs = collect_inputs_noting_skips(inputs)
    # every model resolves (present, weights whole) before anything is written; injected translators are the tests'
    models = model_identities(config, targets, resolve=translator is None and getattr(executor, "resolves_models", executor is None))
    # the inputs are read and checked before the run directory is created or touched
    previous = previous_manifest(out_dir, force)
    plan = plan_run(files, on_date, previous, skipped_inputs)
    prepare_run_dir(out_dir, force)
    with run_lock(out_dir):
        remove_stale_temporaries(out_dir)
        refuse_or_remove_stale(out_dir, stale_articles(out_dir, [path.stem for path in plan.files]), force)
        TranslationMemory(memory_path or out_dir / MEMORY_FILE, rebuild=force).close()  # a corrupt memory stops here
        spec = RunSpec(
            out_dir, tuple(targets), glossary, models, config.decoding_settings(),
            memory_path or out_dir / MEMORY_FILE, force, max(1, segments_per_call), names,
            role_window_days=config.role_window_days,
        )  # fmt: skip
        summary = BatchSummary(str(out_dir), spec.targets, skipped_empty=plan.skipped_empty,
                               skipped_inputs=plan.skipped_inputs, duplicates_dropped=plan.duplicates)
        executor = executor or _local_executor(config, glossary, translator)
        manifest = {**run_manifest(spec, plan, previous, on_date), "executor": describe_executor(executor)}
        with write_failures_explained(out_dir, spec.memory_path):
            write_manifest(out_dir, {**manifest, "complete": False})
            Runner(spec, summary, on_progress).run(plan, executor)
            write_manifest(out_dir, {**manifest, "complete": True})
    summary.seconds = time.monotonic() - started
    return summary


def model_identities(config: TranslateConfig, targets: Sequence[str], *, resolve: bool = True) -> dict[str, ModelIdentity]:
    """The models a run uses, found without loading them: vi->en always (Chinese pivots through English).

    The revision is the Hugging Face snapshot commit, or for a local directory
    the hash of its contents (:func:`tamngu.translate.models.model_revision`).
    With ``resolve`` a missing model or damaged weights raise here, before any
    work; without it (a test's injected translator) a missing model is "missing".

    Raises:
        ModelNotFoundError: a model is missing and cannot be fetched (``resolve``).
        BadInputError: its weights are truncated (``resolve``).
    """
    from tamngu.translate.models import DIRECTIONS, model_status, resolve_model

    langs = ("en", *(lang for lang in targets if lang != "en"))
    if resolve:
        found = {lang: resolve_model(config.model_for(lang), cache_dir=config.cache_dir, direction=DIRECTIONS[lang]) for lang in langs}
        return {lang: ModelIdentity(model.ref, model.revision) for lang, model in found.items()}
    return {status.lang: ModelIdentity(status.ref, status.revision or "missing") for status in model_status(config, langs)}


def run_manifest(
    spec: RunSpec, plan: Plan, previous: Mapping[str, Any] | None, on_date: dt.date | None
) -> dict[str, Any]:
    """The run's ``manifest.json`` (without ``complete``); a resumed run keeps its creation time."""
    from tamngu.translate.models import DIRECTIONS

    created = (previous or {}).get("created") or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    memory = spec.memory_path.name if spec.memory_path.parent == spec.out_dir else str(spec.memory_path)
    return {
        "tamngu_run": MANIFEST_VERSION,
        "tool": {"name": "tamngu", "version": __version__},
        "created": created,
        "targets": list(spec.targets),
        "models": {DIRECTIONS[lang]: {"id": model.ref, "revision": model.revision} for lang, model in spec.models.items()},
        "glossary_version": spec.glossary.version,
        "glossary_entries": len(spec.glossary),
        "decoding": dict(spec.decoding),
        "date_override": on_date.isoformat() if on_date else None,
        "articles": [path.stem for path in plan.files],
        "dates": plan.dates,
        "date_sources": plan.date_sources,
        "skipped_empty": plan.skipped_empty,
        "skipped_inputs": plan.skipped_inputs,
        "duplicates_dropped": plan.duplicates,
        "pages": plan.pages,
        "memory": memory,
        "names": {"auto_pins": spec.names, "review": f"tamngu glossary gaps {spec.out_dir}"} if spec.names else {"auto_pins": False},
    }


def describe_executor(executor: Executor) -> dict[str, Any]:
    """The manifest's ``executor``: its ``describe()`` (name; for Ray, actors and version), else its class name."""
    describe = getattr(executor, "describe", None)
    return dict(describe()) if callable(describe) else {"name": type(executor).__name__}


def _local_executor(config: TranslateConfig, glossary: Glossary, translator: SegmentTranslator | None) -> LocalExecutor:
    if translator is not None:
        return LocalExecutor(lambda: translator)

    def build() -> SegmentTranslator:
        from tamngu.translate.pipeline import Translator

        return Translator(config, glossary)

    return LocalExecutor(build)
