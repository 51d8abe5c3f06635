"""Executors: what turns the segments a batch run could not serve from memory into translations.

The batch driver (:mod:`tamngu.translate.runner`) hands an executor an
iterator of :class:`TranslationJob` and reads :class:`JobResult` back; an
executor only translates. It never touches the memory or the run directory,
so one that spreads jobs over processes or machines needs nothing but a way to
build a translator where the work runs. :class:`LocalExecutor` is the default:
today's :class:`~tamngu.translate.pipeline.Translator`, one job per call, in
this process.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tamngu.translate.records import TargetRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranslationJob:
    """Distinct source segments that all need the same target languages on the same date.

    Attributes:
        number: the job's sequence number in the run (results may arrive in any order).
        sources: Vietnamese segments, each once.
        targets: the languages to produce for every source ("en", "zh" or both).
        on_date: the articles' date; glossary entries valid that day are pinned.
        entries: extra entries to pin with the glossary (names the glossary does not cover).
    """

    number: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    on_date: dt.date
    entries: tuple[Any, ...] = ()  # the article's auto-pinned names (tamngu.glossary.autopin), pinned like glossary entries


@dataclass(frozen=True)
class JobResult:
    """A finished job: per source, in order, its translation into each of the job's targets."""

    job: TranslationJob
    targets: tuple[Mapping[str, TargetRecord], ...]


class Executor(Protocol):
    """Runs translation jobs and yields their results.

    ``run`` pulls jobs from ``jobs`` in the calling thread (the driver reads
    the memory and writes finished articles while it hands out the next job)
    and yields one :class:`JobResult` per job, in any order. It may pull jobs
    ahead of the results it yields; the driver holds the articles those jobs
    belong to until their results are back.
    """

    def run(self, jobs: Iterator[TranslationJob]) -> Iterator[JobResult]:
        """Translate every job of ``jobs``."""
        ...


class SegmentTranslator(Protocol):
    """What :class:`LocalExecutor` needs from :class:`tamngu.translate.pipeline.Translator`."""

    def translate(
        self, segments: Sequence[str], targets: Sequence[str] = ..., on_date: dt.date | None = ...
    ) -> list[Any]:
        """One result per segment, each with ``targets[lang]`` (text, path, terms)."""
        ...


class LocalExecutor:
    """Translate each job with one translator call in this process, in job order.

    Args:
        make_translator: builds the translator; called on the first job only,
            so a run the memory serves entirely loads no model.
    """

    def __init__(self, make_translator: Callable[[], SegmentTranslator]) -> None:
        self._make_translator = make_translator
        self._translator: SegmentTranslator | None = None

    def describe(self) -> dict[str, Any]:
        """What the run manifest records about this executor."""
        return {"name": "local"}

    def run(self, jobs: Iterator[TranslationJob]) -> Iterator[JobResult]:
        """Translate ``jobs`` one after the other."""
        for job in jobs:
            yield self._translate(job)

    def _translate(self, job: TranslationJob) -> JobResult:
        if self._translator is None:
            self._translator = self._make_translator()
        if job.entries:
            results = self._translator.translate(list(job.sources), targets=job.targets, on_date=job.on_date, entries=job.entries)  # type: ignore[call-arg]
        else:
            results = self._translator.translate(list(job.sources), targets=job.targets, on_date=job.on_date)
        if len(results) != len(job.sources):
            raise RuntimeError(f"translator returned {len(results)} results for {len(job.sources)} segments")
        records = tuple({lang: TargetRecord.from_result(result.targets[lang]) for lang in job.targets} for result in results)
        return JobResult(job, records)
