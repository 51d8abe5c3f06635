"""Executors: what turns the segments a batch run could not serve from memory into translations.

The batch driver (:mod:`tamngu.translate.runner`) hands an executor an
iterator of :class:`TranslationJob` and reads :class:`JobResult` back; an
executor only translates. It never touches the memory or the run directory,
so one that spreads jobs over processes or machines needs nothing but a way to
build a translator where the work runs. :class:`LocalExecutor` is the default:
today's :class:`~tamngu.translate.pipeline.Translator`, one job per call, in
this process.

A job is a small group of segments into one language: English from the
Vietnamese, or Chinese from the English pivot the job carries (the driver takes
it from the memory or from the English job that made it). Each group is one
decoding call and one memory commit, so a kill loses at most the groups in
flight.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tamngu.translate.records import TargetRecord

logger = logging.getLogger(__name__)

JobProgress = Callable[[int, float], None]  # (job number, segments of it just finished; fractions for a long one)


@dataclass(frozen=True)
class TranslationJob:
    """Distinct source segments of one article to translate into one language, decoded together.

    Attributes:
        number: the job's sequence number in the run (results may arrive in any order).
        sources: Vietnamese segments, each once.
        targets: the job's language, ``("en",)`` or ``("zh",)``.
        on_date: the article's date; glossary entries valid that day are pinned.
        entries: extra entries to pin with the glossary (names the glossary does not cover).
        pivots: for a Chinese job, the English translation of each source (what
            the en->zh model reads); empty for an English job.
        pins: per source, the resolved pins (:mod:`tamngu.glossary.resolve`) its memory key was made from:
            the translator decodes with exactly these constraints.
    """

    number: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    on_date: dt.date
    entries: tuple[Any, ...] = ()  # the article's auto-pinned names (tamngu.glossary.autopin), pinned like glossary entries
    pivots: tuple[str, ...] = ()
    pins: tuple[tuple[Any, ...], ...] = ()  # per source, the resolver's pins: the constraints its memory key was made from

    @property
    def lang(self) -> str:
        """The language this job produces."""
        return self.targets[0]


@dataclass(frozen=True)
class JobResult:
    """A finished job: per source, in order, its translation into the job's language."""

    job: TranslationJob
    targets: tuple[Mapping[str, TargetRecord], ...]


class Executor(Protocol):
    """Runs translation jobs and yields their results.

    ``run`` pulls jobs from ``jobs`` in the calling thread (the driver reads
    the memory and writes finished articles while it hands out the next job)
    and yields one :class:`JobResult` per job, in any order. It may pull jobs
    ahead of the results it yields; the driver holds the articles those jobs
    belong to until their results are back. ``jobs`` yields ``None`` when the
    next jobs wait for results still out (a Chinese group waits for the English
    it pivots through): an executor that pulls ahead then yields the results
    it owes before pulling again (:func:`job_windows` does this).
    """

    def run(self, jobs: Iterator[TranslationJob | None]) -> Iterator[JobResult]:
        """Translate every job of ``jobs``."""
        ...


class SegmentTranslator(Protocol):
    """What :class:`LocalExecutor` needs from :class:`tamngu.translate.pipeline.Translator`."""

    def translate(
        self, segments: Sequence[str], targets: Sequence[str] = ..., on_date: dt.date | None = ...
    ) -> list[Any]:
        """One result per segment, each with ``targets[lang]`` (text, path, terms)."""
        ...

    def translate_english(self, segments: Sequence[str], english: Sequence[str], on_date: dt.date | None = ...) -> list[Any]:
        """One result per segment with ``targets["zh"]``, translated from its English ``english``."""
        ...


def job_windows(jobs: Iterable[TranslationJob | None], size: int) -> Iterator[list[TranslationJob]]:
    """``jobs`` in lists of at most ``size``, a list also ending where the driver yields ``None``.

    Pull the next window only after yielding the results of this one: the
    driver's next jobs may wait for them.

    Example:
        >>> [len(window) for window in job_windows([1, 2, 3, None, 4, None, None, 5], 2)]
        [2, 1, 1, 1]
    """
    window: list[TranslationJob] = []
    for job in jobs:
        if job is not None:
            window.append(job)
        if window and (job is None or len(window) >= size):
            yield window
            window = []
    if window:
        yield window


class LocalExecutor:
    """Translate each job with one translator call in this process, in job order.

    Args:
        make_translator: builds the translator; called on the first job only,
            so a run the memory serves entirely loads no model.
    """

    reports_progress = True  # run() takes a progress callback: segments finished inside a job

    def __init__(self, make_translator: Callable[[], SegmentTranslator]) -> None:
        self._make_translator = make_translator
        self._translator: SegmentTranslator | None = None

    def describe(self) -> dict[str, Any]:
        """What the run manifest records about this executor."""
        return {"name": "local"}

    def run(self, jobs: Iterator[TranslationJob | None], progress: JobProgress | None = None) -> Iterator[JobResult]:
        """Translate ``jobs`` one after the other; ``progress`` hears of segments finished inside a job."""
        for job in jobs:
            if job is not None:  # nothing is out while this executor pulls: the driver has the next job ready
                yield self._translate(job, progress)

    def _translate(self, job: TranslationJob, progress: JobProgress | None = None) -> JobResult:
        if self._translator is None:
            self._translator = self._make_translator()
        report = (lambda done: progress(job.number, done)) if progress is not None else None
        results = _call(self._translator, job, report)
        if len(results) != len(job.sources):
            raise RuntimeError(f"translator returned {len(results)} results for {len(job.sources)} segments")
        records = tuple({job.lang: TargetRecord.from_result(result.targets[job.lang])} for result in results)
        return JobResult(job, records)


def _call(translator: SegmentTranslator, job: TranslationJob, progress: Callable[[float], None] | None) -> list[Any]:
    """The translator call of ``job``: Vietnamese to English, or English pivots to Chinese."""
    if job.lang == "zh":
        method, args = translator.translate_english, (list(job.sources), list(job.pivots))
    else:
        method, args = translator.translate, (list(job.sources), job.targets)
    extra: dict[str, Any] = {"entries": job.entries} if job.entries else {}
    if job.pins and _takes(method, "pins"):
        extra["pins"] = job.pins
    if progress is not None and _takes(method, "progress"):
        extra["progress"] = progress
    return method(*args, on_date=job.on_date, **extra)  # type: ignore[operator]


def _takes(method: Callable[..., Any], name: str) -> bool:
    """Whether ``method`` accepts the keyword ``name`` (a test's stand-in translator may not report progress)."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
