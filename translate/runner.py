"""The memory-backed driver of a batch run: plan in, outputs out, the model only where needed.

The driver and the executor split the work like this:

1. The driver opens the planned articles one at a time: parse, segment, match
   the glossary on the article's date, and look every segment x language up in
   the translation memory (:mod:`tamngu.translate.memory`).
2. The segments the memory cannot serve become small
   :class:`~tamngu.translate.executor.TranslationJob` groups, one language
   each: the article's distinct sources missing their English (a target, or
   the pivot a missing Chinese needs) in groups of ``segments_per_call``
   (fewer when they reach :data:`GROUP_CHARS` characters), and the sources
   missing their Chinese grouped the same way. A Chinese group reads the
   English of each source from the memory or from the English group that
   makes it, so it is handed out once that English is in.
3. An :class:`~tamngu.translate.executor.Executor` pulls those jobs from an
   iterator and yields :class:`~tamngu.translate.executor.JobResult` objects
   (:class:`~tamngu.translate.executor.LocalExecutor`: one Translator call per
   job, in this process). It never touches the memory or the run directory.
4. The driver commits each result to the memory in one transaction (a kill
   loses at most the groups in flight), and as soon as the oldest open article
   has all its translations it writes that article's JSON and Markdown and
   appends its segments to the TMX files (:mod:`tamngu.translate.outputs`).

Why a resumed run is byte-identical to an uninterrupted one: a group is one
decoding call, and a run killed at any moment has committed whole groups only.
The lists a rerun groups (an article's sources still missing their English, or
their Chinese) are the uninterrupted run's lists less whole groups, and a
group closes on its own contents (its size or its length, never the next
source), so the rerun makes exactly the groups the uninterrupted run had not
committed. A Chinese group pivots through the committed English, the same text
whether it was decoded a second ago or by an earlier process.

Articles are written in plan order whatever order results arrive in. Only
the articles with jobs in flight are held, so memory stays flat however large
the corpus. A sentence repeated in a later article is served by the memory
once its first translation is committed, and waits for that translation while
its job is still in flight, so the jobs never depend on how far ahead an
executor pulls: a pool of workers sends exactly the jobs a local run sends.

Progress goes to an optional callback as :class:`BatchProgress` events, at
every commit and, with the local executor, as each decoding batch inside a
group finishes; the library renders nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tamngu import __version__
from tamngu.corpus.parse import Article, load_article
from tamngu.corpus.segment import Segment, segments_of
from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Glossary
from tamngu.glossary.resolve import Resolver
from tamngu.translate.executor import Executor, JobResult, TranslationJob
from tamngu.translate.memory import MemoryKey, TranslationMemory, make_key
from tamngu.translate.models import model_key
from tamngu.translate.outputs import TmxWriter, article_document, tmx_path, write_article_json, write_article_markdown
from tamngu.translate.plan import Plan
from tamngu.translate.records import BatchSummary, SegmentRecord, TargetRecord

logger = logging.getLogger(__name__)

SEGMENTS_PER_CALL = 8  # sources per group: one decoding call and one memory commit per language
GROUP_CHARS = 800  # a group also closes once its sources hold this many characters (a few sentences)


class ModelIdentity(NamedTuple):
    """A model as the memory keys it: its reference and its revision ("missing" when absent)."""

    ref: str
    revision: str


class BatchProgress(NamedTuple):
    """A progress event: ``done`` of ``total`` source segments finished; ``article`` just written, if any.

    ``done`` counts a segment as finished when all its target languages are;
    one language of two is half a segment, and a long segment decoded in
    pieces moves it by fractions.
    """

    done: float
    total: int
    article: str | None = None


ProgressCallback = Callable[[BatchProgress], None]


@dataclass(frozen=True)
class RunSpec:
    """What decides a run's translations, and where they are kept.

    Attributes:
        out_dir: the run directory.
        targets: target languages, e.g. ``("en", "zh")``.
        glossary: the term base; entries valid on each article's date are pinned.
        models: the model behind each language ("en": vi->en, "zh": en->zh).
        decoding: the settings that change a translation (part of every memory key).
        memory_path: the SQLite translation memory.
        force: translate everything again instead of reading the memory.
        segments_per_call: sources per group (one decoding call and one memory commit per language).
        names: also pin names no glossary entry covers (auto names, one rendering per name in the run).
        group_chars: a group also closes once its sources hold this many characters.
        role_window_days: how recent a check must be for a bound person's role to count as confirmed.
    """

    out_dir: Path
    targets: tuple[str, ...]
    glossary: Glossary
    models: Mapping[str, ModelIdentity]
    decoding: Mapping[str, Any]
    memory_path: Path
    force: bool = False
    segments_per_call: int = SEGMENTS_PER_CALL
    names: bool = False
    group_chars: int = GROUP_CHARS
    role_window_days: int = 180


@dataclass
class _Waiter:
    """A later article's segment x language that a job in flight will fill, as the memory would once it commits."""

    article: _OpenArticle
    position: int
    lang: str
    source: str
    found: list[Match]


@dataclass
class _Item:
    """A distinct source of an article that a job decodes into one language, and everything waiting for it.

    ``positions`` are the article's segments it fills (none for an English made
    only as a Chinese pivot); ``waiters`` are later articles' equal segments;
    ``pivot_slots`` are the Chinese jobs that read this English.
    """

    source: str
    lang: str
    key: MemoryKey
    positions: list[int] = field(default_factory=list)
    waiters: list[_Waiter] = field(default_factory=list)
    pivot_slots: list[tuple[_Job, int]] = field(default_factory=list)
    pivot: str | _Item | None = None  # a Chinese item's English: the text, or the English item that makes it


@dataclass
class _OpenArticle:
    """An article whose translations are being gathered."""

    article: Article
    day: dt.date
    segments: list[Segment]
    targets: list[dict[str, TargetRecord]]
    entries: tuple[Any, ...] = ()
    open_jobs: int = 0
    matches: list[list[Match]] = field(default_factory=list)  # the pins per segment (their role notes go into the audit)


@dataclass
class _Job:
    """A group of one article's items in one language; a Chinese group is ready once every pivot is known."""

    article: _OpenArticle
    lang: str
    items: list[_Item]
    pivots: list[str | None] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(pivot is not None for pivot in self.pivots)


class Runner:
    """Drive one batch run: memory lookups, jobs for an executor, commits, outputs."""

    def __init__(self, spec: RunSpec, summary: BatchSummary, on_progress: ProgressCallback | None = None) -> None:
        self.spec = spec
        self.summary = summary
        self._on_progress = on_progress
        self._resolver = Resolver(spec.glossary, role_window_days=spec.role_window_days)  # one rendering per name for the whole run
        self._open: deque[_OpenArticle] = deque()
        self._waiting: list[_Job] = []  # made, not yet handed out, in the order made
        self._in_flight: dict[int, _Job] = {}
        self._flying: dict[str, _Item] = {}  # memory-key digest -> the item a job made or in flight translates
        self._writers: dict[str, TmxWriter] = {}
        self._memory: TranslationMemory | None = None
        self._done = 0  # segment x target-language translations in place
        self._partial: dict[int, float] = {}  # job number -> its sources finished so far (local executor)
        self._total = 0
        self._jobs_made = 0
        self._commits = 0

    def run(self, plan: Plan, executor: Executor) -> None:
        """Translate every planned article through the memory and ``executor``, writing outputs."""
        self._total = plan.segment_count
        self._writers = {lang: TmxWriter(tmx_path(self.spec.out_dir, lang), lang, __version__) for lang in self.spec.targets}
        try:
            with TranslationMemory(self.spec.memory_path, rebuild=self.spec.force) as memory:
                self._memory = memory
                for result in self._results(executor, plan):
                    self._commit(result)
                self._write_finished()
                if self._open:
                    raise RuntimeError(f"the executor returned no result for {len(self._in_flight)} job(s)")
            for writer in self._writers.values():
                writer.close()
        except BaseException:
            for writer in self._writers.values():  # every one, even when the disk is full: no temporary file stays
                writer.abort()
            raise

    # -- the driver's side of the executor protocol ------------------------------------

    def _results(self, executor: Executor, plan: Plan) -> Iterator[JobResult]:
        """The executor's results; one that reports progress inside a job (the local one) is given the callback."""
        if getattr(executor, "reports_progress", False):
            return executor.run(self._jobs(plan), progress=self._job_progress)  # type: ignore[call-arg]
        return executor.run(self._jobs(plan))

    def _jobs(self, plan: Plan) -> Iterator[TranslationJob | None]:
        """Hand out ready jobs, opening articles as needed; ``None`` while the next jobs wait for results out."""
        files = iter(plan.files)
        stalled_at: int | None = None
        while True:
            job = self._next_ready()
            if job is not None:
                yield self._hand_out(job)
                continue
            path = next(files, None)
            if path is not None:
                self._write_finished()
                article = load_article(path)
                self._open_article(article, plan.day_of(article.id))
                continue
            if not self._waiting:
                return
            if stalled_at == self._commits:  # asked twice with no result in between: nothing will come
                raise RuntimeError(f"the executor returned no result for {len(self._in_flight)} job(s)")
            stalled_at = self._commits
            yield None

    def _next_ready(self) -> _Job | None:
        """The first ready Chinese group (its English is in), else the first other ready group."""
        ready = [job for job in self._waiting if job.ready]
        job = next((job for job in ready if job.lang == "zh"), ready[0] if ready else None)
        if job is not None:
            self._waiting.remove(job)
        return job

    def _hand_out(self, job: _Job) -> TranslationJob:
        number = self._jobs_made
        self._jobs_made += 1
        self._in_flight[number] = job
        pivots = tuple(str(pivot) for pivot in job.pivots)
        pins = tuple(_pins_of(job.article, item.source) for item in job.items)
        return TranslationJob(number, tuple(item.source for item in job.items), (job.lang,), job.article.day,
                              job.article.entries, pivots, pins)  # fmt: skip

    def _commit(self, result: JobResult) -> None:
        """Store a finished job in the memory (one transaction) and fill what waits for it."""
        job = self._in_flight.pop(result.job.number)
        if len(result.targets) != len(job.items):
            raise RuntimeError(f"job {result.job.number}: {len(result.targets)} results for {len(job.items)} segments")
        records = [targets[job.lang] for targets in result.targets]
        self._memory_or_fail().put_many((item.key, item.source, record.to_dict()) for item, record in zip(job.items, records))
        self._partial.pop(result.job.number, None)
        for item, record in zip(job.items, records):
            self._fill(job.article, item, record)
        if job.lang in self.spec.targets:
            self.summary.translated += len(job.items)
        job.article.open_jobs -= 1
        self._commits += 1
        self._report()
        self._write_finished()

    def _fill(self, opened: _OpenArticle, item: _Item, record: TargetRecord) -> None:
        """Put a committed translation where the article, later articles and Chinese groups wait for it."""
        for position in item.positions:
            opened.targets[position][item.lang] = record
        for waiter in item.waiters:
            waiter.article.targets[waiter.position][waiter.lang] = record if waiter.source == item.source else (record.rebased(waiter.found) or record)
            waiter.article.open_jobs -= 1
        for job, index in item.pivot_slots:
            job.pivots[index] = record.text
        self._done += len(item.positions) + len(item.waiters)
        if self._flying.get(item.key.digest) is item:
            del self._flying[item.key.digest]

    def _job_progress(self, number: int, sources: float) -> None:
        """Sources of job ``number`` finished inside the executor (fractions while a long one is in pieces)."""
        job = self._in_flight.get(number)
        if job is not None and job.lang in self.spec.targets:
            self._partial[number] = min(len(job.items), self._partial.get(number, 0.0) + sources)
            self._report()

    # -- articles ------------------------------------------------------------------------

    def _open_article(self, article: Article, day: dt.date) -> None:
        """Serve ``article`` from the memory and make the groups for the rest (the article is held till they finish)."""
        segments = segments_of(article)
        matches, entries = self._article_matches([segment.text for segment in segments], day)
        opened = _OpenArticle(article, day, segments, [{} for _ in segments], entries, matches=matches)
        items: dict[str, dict[str, _Item]] = {"en": {}, "zh": {}}  # lang -> key digest -> item, in article order
        for position, (segment, found) in enumerate(zip(segments, matches)):
            keys = {lang: self._key(segment.text, found, lang, day) for lang in dict.fromkeys(("en", *self.spec.targets))}
            targets = {lang: keys[lang] for lang in self.spec.targets}
            served = {} if self.spec.force else self._served(targets, segment.text, found)
            waiting = {} if self.spec.force else self._wait_for_flying(opened, position, targets, served, found)
            self.summary.cache_hits += len(served) + len(waiting)
            opened.targets[position].update(served)
            self._done += len(served)
            missing = [lang for lang in self.spec.targets if lang not in served and lang not in waiting]
            if "en" in missing:
                self._item(items["en"], segment.text, "en", keys["en"]).positions.append(position)
            if "zh" in missing:
                chinese = self._item(items["zh"], segment.text, "zh", keys["zh"])
                chinese.positions.append(position)
                if chinese.pivot is None:
                    chinese.pivot = self._pivot(items["en"], segment.text, keys["en"], served.get("en"))
        for lang in ("en", "zh"):
            for group in _groups(list(items[lang].values()), self.spec.segments_per_call, self.spec.group_chars):
                self._make_job(opened, lang, group)
        self._open.append(opened)
        self._report()

    def _item(self, items: dict[str, _Item], source: str, lang: str, key: MemoryKey) -> _Item:
        if key.digest not in items:
            items[key.digest] = _Item(source, lang, key)
        return items[key.digest]

    def _pivot(self, english: dict[str, _Item], source: str, key: MemoryKey, served: TargetRecord | None) -> str | _Item:
        """A Chinese item's English: served, kept in the memory, or the English item that will make it."""
        if served is not None:
            return served.text
        if not self.spec.force:
            if key.digest not in english and key.digest in self._flying:
                return self._flying[key.digest]
            hit = self._memory_or_fail().get(key) if "en" not in self.spec.targets else None
            if hit is not None:
                return str(hit.result["text"])
        return self._item(english, source, "en", key)

    def _make_job(self, opened: _OpenArticle, lang: str, items: list[_Item]) -> None:
        job = _Job(opened, lang, items)
        for index, item in enumerate(items):
            self._flying[item.key.digest] = item
            if lang == "zh":
                pivot = item.pivot
                job.pivots.append(pivot if isinstance(pivot, str) else None)
                if isinstance(pivot, _Item):
                    pivot.pivot_slots.append((job, index))
        opened.open_jobs += 1
        self._waiting.append(job)

    def _wait_for_flying(
        self, opened: _OpenArticle, position: int, keys: Mapping[str, MemoryKey], served: Mapping[str, TargetRecord],
        found: list[Match],
    ) -> dict[str, _Item]:
        """The languages of a segment that a job made earlier already translates: wait for it, as if it were committed.

        Which jobs a run makes then never depends on how far ahead an executor
        pulls, so a pool of workers sends exactly the jobs a local run sends.
        """
        waiting = {lang: self._flying[key.digest] for lang, key in keys.items() if lang not in served and key.digest in self._flying}
        for lang, item in waiting.items():
            item.waiters.append(_Waiter(opened, position, lang, opened.segments[position].text, found))
            opened.open_jobs += 1
        return waiting

    def _write_finished(self) -> None:
        """Write every article at the front of the queue whose translations are all in."""
        while self._open and self._open[0].open_jobs == 0:
            opened = self._open.popleft()
            targets = [{lang: record.with_role_notes(found) for lang, record in by_lang.items()}  # today's role notes, served or not
                       for by_lang, found in zip(opened.targets, opened.matches)]  # fmt: skip
            records = [SegmentRecord.from_segment(s, t) for s, t in zip(opened.segments, targets)]
            self._write_article(opened, records)
            self.summary.count(records)
            self._report(opened.article.id)

    def _write_article(self, opened: _OpenArticle, records: list[SegmentRecord]) -> None:
        out_dir, article = self.spec.out_dir, opened.article
        write_article_json(out_dir, article_document(article, opened.day.isoformat(), records))
        for lang in self.spec.targets:
            write_article_markdown(out_dir, article, records, lang)
        for writer in self._writers.values():
            writer.add_article(article, records)  # a unit per sentence, as CAT tools segment it

    # -- memory --------------------------------------------------------------------------

    def _served(self, keys: Mapping[str, MemoryKey], source: str, found: list[Match]) -> dict[str, TargetRecord]:
        """The languages the memory holds for this segment (term spans rebased onto ``source``)."""
        served = {}
        for lang, key in keys.items():
            hit = self._memory_or_fail().get(key)
            if hit is None:
                continue
            record = TargetRecord.from_dict(hit.result)
            record = record if hit.source == source else record.rebased(found)
            if record is not None:
                served[lang] = record
        return served

    def _key(self, source: str, found: list[Match], lang: str, day: dt.date) -> MemoryKey:
        chain = ["en", lang] if lang != "en" else ["en"]  # vi->zh pivots through the English model
        return make_key(
            model=" > ".join(model_key(*self.spec.models[m]) for m in chain),
            revision=" > ".join(self.spec.models[m].revision for m in chain),
            direction=f"vi-{lang}",
            source=source,
            pinned=pinned_forms(found, lang, day),
            decoding=self.spec.decoding,
        )

    def _memory_or_fail(self) -> TranslationMemory:
        if self._memory is None:
            raise RuntimeError("the translation memory is not open")
        return self._memory

    def _article_matches(self, texts: list[str], day: dt.date) -> tuple[list[list[Match]], tuple[Any, ...]]:
        """Pins per segment from the resolver (with ``spec.names``, auto names too), and the auto entries behind them."""
        resolved = self._resolver.resolve(texts, date=day, names=self.spec.names)
        return resolved.matches(), resolved.entries

    def _report(self, article: str | None = None) -> None:
        if self._on_progress is not None:
            done = (self._done + sum(self._partial.values())) / len(self.spec.targets)
            self._on_progress(BatchProgress(done, self._total, article))


def _pins_of(opened: _OpenArticle, source: str) -> tuple[Match, ...]:
    """The resolved pins of ``source`` in its article (the same matches its memory key was made from)."""
    index = next(i for i, segment in enumerate(opened.segments) if segment.text == source)
    return tuple(opened.matches[index])


def pinned_forms(found: list[Match], lang: str, day: dt.date | None) -> list[tuple[str, ...]]:
    """Pinned forms that shape a ``lang`` translation (memory key); Chinese also depends on the English pivot's."""
    langs = ("en",) if lang == "en" else ("en", lang)
    pinned = []
    for match in found:
        entry = match.entry
        forms = tuple("|".join(entry.target_forms(each)) for each in langs)  # type: ignore[arg-type]
        roles = "|".join(f"{role.title}={role.en}={role.zh}" for role in entry.roles_on(day))
        pinned.append((entry.id, *forms, roles))
    return pinned


def _groups(items: list[_Item], size: int, chars: int) -> Iterator[list[_Item]]:
    """``items`` in order, in groups closed by their own contents: ``size`` sources or ``chars`` characters.

    A group never looks at the source after it, so the groups of a list less
    some whole groups are the remaining groups unchanged (what makes a resumed
    run decode exactly the groups an uninterrupted one would).
    """
    group: list[_Item] = []
    length = 0
    for item in items:
        group.append(item)
        length += len(item.source)
        if len(group) >= size or length >= chars:
            yield group
            group, length = [], 0
    if group:
        yield group
