"""The memory-backed driver of a batch run: plan in, outputs out, the model only where needed.

The driver and the executor split the work like this:

1. The driver opens the planned articles one at a time: parse, segment, match
   the glossary on the article's date, and look every segment x language up in
   the translation memory (:mod:`tamngu.translate.memory`).
2. The segments the memory cannot serve become :class:`~tamngu.translate.executor.TranslationJob`
   objects: per article, the segments missing the same languages, each
   distinct source once, in chunks of ``segments_per_call`` taken in order.
   Given the memory's contents, the jobs are always the same, so a rerun after
   a kill sends exactly the chunks the interrupted run had not committed.
3. An :class:`~tamngu.translate.executor.Executor` pulls those jobs from an
   iterator and yields :class:`~tamngu.translate.executor.JobResult` objects
   (:class:`~tamngu.translate.executor.LocalExecutor`: one Translator call per
   job, in this process). It never touches the memory or the run directory.
4. The driver commits each result to the memory in one transaction (a kill
   loses at most the jobs in flight), and as soon as the oldest open article has
   all its translations it writes that article's JSON and Markdown and
   appends its segments to the TMX files (:mod:`tamngu.translate.outputs`).

Articles are written in plan order whatever order results arrive in. Only
the articles with jobs in flight are held, so memory stays flat however large
the corpus. A sentence repeated in a later article is served by the memory
once its first translation is committed, and waits for that translation while
its job is still in flight, so the jobs never depend on how far ahead an
executor pulls: a pool of workers sends exactly the jobs a local run sends, and
since a job's segments are decoded together (batching changes the floating
point), that is what keeps their outputs byte-identical.

Progress goes to an optional callback as :class:`BatchProgress` events; the
library renders nothing.
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

SEGMENTS_PER_CALL = 32


class ModelIdentity(NamedTuple):
    """A model as the memory keys it: its reference and its revision ("missing" when absent)."""

    ref: str
    revision: str


class BatchProgress(NamedTuple):
    """A progress event: ``done`` of ``total`` source segments finished; ``article`` just written, if any."""

    done: int
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
        segments_per_call: segments per job, i.e. per memory commit.
        names: also pin names no glossary entry covers (auto names, one rendering per name in the run).
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


@dataclass
class _Waiter:
    """A later article's segment x language that a job in flight will fill, as the memory would once it commits."""

    article: _OpenArticle
    position: int
    lang: str
    source: str
    found: list[Match]


@dataclass
class _Pending:
    """A distinct source segment waiting for the executor, the article positions it fills, and later articles' waiters."""

    source: str
    keys: dict[str, MemoryKey]
    positions: list[int] = field(default_factory=list)
    waiters: list[_Waiter] = field(default_factory=list)


@dataclass
class _OpenArticle:
    """An article whose translations are being gathered."""

    article: Article
    day: dt.date
    segments: list[Segment]
    targets: list[dict[str, TargetRecord]]
    open_jobs: int = 0


class _Job(NamedTuple):
    article: _OpenArticle
    items: list[_Pending]


class Runner:
    """Drive one batch run: memory lookups, jobs for an executor, commits, outputs."""

    def __init__(self, spec: RunSpec, summary: BatchSummary, on_progress: ProgressCallback | None = None) -> None:
        self.spec = spec
        self.summary = summary
        self._on_progress = on_progress
        self._resolver = Resolver(spec.glossary)  # one rendering per name for the whole run
        self._open: deque[_OpenArticle] = deque()
        self._in_flight: dict[int, _Job] = {}
        self._flying: dict[str, _Pending] = {}  # memory-key digest -> the segment a job in flight translates
        self._writers: dict[str, TmxWriter] = {}
        self._memory: TranslationMemory | None = None
        self._done = 0
        self._total = 0
        self._jobs_made = 0

    def run(self, plan: Plan, executor: Executor) -> None:
        """Translate every planned article through the memory and ``executor``, writing outputs."""
        self._total = plan.segment_count
        self._writers = {lang: TmxWriter(tmx_path(self.spec.out_dir, lang), lang, __version__) for lang in self.spec.targets}
        try:
            with TranslationMemory(self.spec.memory_path, rebuild=self.spec.force) as memory:
                self._memory = memory
                for result in executor.run(self._jobs(plan)):
                    self._commit(result)
                self._write_finished()
                if self._open:
                    raise RuntimeError(f"the executor returned no result for {len(self._in_flight)} job(s)")
        except BaseException:
            for writer in self._writers.values():
                writer.abort()
            raise
        for writer in self._writers.values():
            writer.close()

    # -- the driver's side of the executor protocol ------------------------------------

    def _jobs(self, plan: Plan) -> Iterator[TranslationJob]:
        """Open the articles one by one and hand out the jobs the memory cannot serve."""
        for path in plan.files:
            self._write_finished()
            article = load_article(path)
            yield from self._open_article(article, plan.day_of(article.id))

    def _commit(self, result: JobResult) -> None:
        """Store a finished job in the memory (one transaction) and fill its articles' positions."""
        job = self._in_flight.pop(result.job.number)
        langs = result.job.targets
        if len(result.targets) != len(job.items):
            raise RuntimeError(f"job {result.job.number}: {len(result.targets)} results for {len(job.items)} segments")
        rows = []
        for item, targets in zip(job.items, result.targets):
            for lang in langs:
                rows.append((item.keys[lang], item.source, targets[lang].to_dict()))
            for position in item.positions:
                job.article.targets[position].update({lang: targets[lang] for lang in langs})
            self._done += len(item.positions)
            self._fill_waiters(item, targets)
        self._memory_or_fail().put_many(rows)
        self.summary.translated += len(job.items) * len(langs)
        job.article.open_jobs -= 1
        self._report()
        self._write_finished()

    # -- articles ------------------------------------------------------------------------

    def _open_article(self, article: Article, day: dt.date) -> Iterator[TranslationJob]:
        """Serve ``article`` from the memory; return the jobs for the rest (the article is held till they finish)."""
        segments = segments_of(article)
        matches, entries = self._article_matches([segment.text for segment in segments], day)
        opened = _OpenArticle(article, day, segments, [{} for _ in segments])
        groups: dict[tuple[str, ...], dict[tuple[str, ...], _Pending]] = {}
        for position, (segment, found) in enumerate(zip(segments, matches)):
            keys = {lang: self._key(segment.text, found, lang, day) for lang in self.spec.targets}
            served = {} if self.spec.force else self._served(keys, segment.text, found)
            waiting = {} if self.spec.force else self._wait_for_flying(opened, position, keys, served, found)
            self.summary.cache_hits += len(served) + len(waiting)
            opened.targets[position].update(served)
            missing = tuple(lang for lang in self.spec.targets if lang not in served and lang not in waiting)
            if not missing:
                self._done += 1
                continue
            identity = tuple(keys[lang].digest for lang in missing)
            groups.setdefault(missing, {}).setdefault(identity, _Pending(segment.text, keys)).positions.append(position)
        jobs = [self._job(opened, langs, chunk, day, entries) for langs, by_identity in groups.items()
                for chunk in _chunks(list(by_identity.values()), self.spec.segments_per_call)]  # fmt: skip
        self._open.append(opened)
        self._report()
        return iter(jobs)

    def _job(
        self, opened: _OpenArticle, langs: tuple[str, ...], items: list[_Pending], day: dt.date, entries: tuple[Any, ...] = ()
    ) -> TranslationJob:
        job = TranslationJob(self._jobs_made, tuple(item.source for item in items), langs, day, entries)
        self._jobs_made += 1
        self._in_flight[job.number] = _Job(opened, items)
        opened.open_jobs += 1
        self._flying.update((item.keys[lang].digest, item) for item in items for lang in langs)
        return job

    def _wait_for_flying(
        self, opened: _OpenArticle, position: int, keys: Mapping[str, MemoryKey], served: Mapping[str, TargetRecord],
        found: list[Match],
    ) -> dict[str, _Pending]:
        """The languages of a segment that a job in flight already translates: wait for it, as if it were committed.

        Which jobs a run makes then never depends on how far ahead an executor
        pulls, so a pool of workers sends exactly the jobs a local run sends.
        """
        waiting = {lang: self._flying[key.digest] for lang, key in keys.items() if lang not in served and key.digest in self._flying}
        for lang, item in waiting.items():
            item.waiters.append(_Waiter(opened, position, lang, opened.segments[position].text, found))
            opened.open_jobs += 1
        return waiting

    def _fill_waiters(self, item: _Pending, targets: Mapping[str, TargetRecord]) -> None:
        """Give later articles' waiting segments a committed job's translations (term spans rebased like a memory hit)."""
        for waiter in item.waiters:
            record = targets[waiter.lang]
            if waiter.source != item.source:
                record = record.rebased(waiter.found) or record
            waiter.article.targets[waiter.position][waiter.lang] = record
            waiter.article.open_jobs -= 1
        for lang in targets:
            self._flying.pop(item.keys[lang].digest, None)

    def _write_finished(self) -> None:
        """Write every article at the front of the queue whose translations are all in."""
        while self._open and self._open[0].open_jobs == 0:
            opened = self._open.popleft()
            records = [SegmentRecord.from_segment(s, t) for s, t in zip(opened.segments, opened.targets)]
            self._write_article(opened, records)
            self.summary.count(records)
            self._report(opened.article.id)

    def _write_article(self, opened: _OpenArticle, records: list[SegmentRecord]) -> None:
        out_dir, article = self.spec.out_dir, opened.article
        write_article_json(out_dir, article_document(article, opened.day.isoformat(), records))
        for lang in self.spec.targets:
            write_article_markdown(out_dir, article, records, lang)
        for lang, writer in self._writers.items():
            for record in records:
                writer.add(record.id, record.source, record.targets[lang].text)

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
            self._on_progress(BatchProgress(self._done, self._total, article))


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


def _chunks(items: list[_Pending], size: int) -> Iterator[list[_Pending]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
