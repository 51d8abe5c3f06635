"""Batch-translate article files into a run directory, resumably.

:func:`run_batch` streams the articles one at a time: parse, segment, look every
segment up in the translation memory (:mod:`tamngu.translate.memory`), send the misses
to the :class:`~tamngu.translate.pipeline.Translator` in fixed chunks, commit each
chunk to the memory, then write the article's JSON and Markdown and append its
segments to the TMX files. Nothing but counters is kept across articles, so
memory stays flat however large the corpus.

Safety:

* A lock (``fcntl.flock`` on ``RUN_DIR/.lock``) makes a second run on the same
  directory refuse at once with a clear message; the kernel drops the lock
  when the process dies, even by SIGKILL.
* Every output file is written to a temporary name and renamed into place.
* A run killed at any moment loses at most the chunk being translated: the
  rerun serves every committed segment from the memory and translates the
  rest in exactly the chunks the uninterrupted run would have used, so the
  outputs are byte-identical.
* Bad input is found before any model work: every file is decoded and parsed
  first (non-UTF-8 and binary files stop the run with the fix; empty files are
  skipped, warned about and counted).

Article dates (glossary entries valid on that day win): ``on_date`` when
given, else the date the run directory's manifest recorded for the article,
else a full date in the article text (:func:`tamngu.corpus.parse.article_date`),
else today. The manifest's ``date_sources`` says which, per article:
``override``, ``manifest``, ``article`` or ``today``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tamngu.glossary.matcher import Match, Matcher
from tamngu.glossary.model import Glossary
from tamngu import __version__
from tamngu.errors import BadInputError, TamnguError
from tamngu.corpus.parse import Article, article_date, load_article
from tamngu.translate.memory import MemoryKey, TranslationMemory, make_key
from tamngu.translate.outputs import (
    ARTICLES_DIR,
    TmxWriter,
    article_document,
    read_manifest,
    tmx_path,
    write_article_json,
    write_article_markdown,
    write_manifest,
)
from tamngu.corpus.segment import Segment, segments_of

logger = logging.getLogger(__name__)

DIRECTIONS = {"en": "vi-en", "zh": "en-zh"}  # model direction per target language (zh pivots via en)
SEGMENTS_PER_CALL = 32
MEMORY_FILE = "memory.sqlite"
LOCK_FILE = ".lock"
ARTICLE_GLOB = "*.txt"
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")  # text copies and saved pages (tamngu.corpus.html)
# Config fields that do not change a translation, so they stay out of the memory key.
_NOT_DECODING = frozenset({"device", "batch_tokens", "model_en", "model_zh", "threads", "num_threads", "cache_dir"})


class SegmentTranslator(Protocol):
    """What :func:`run_batch` needs from :class:`tamngu.translate.pipeline.Translator`."""

    def translate(
        self, segments: Sequence[str], targets: Sequence[str] = ..., on_date: dt.date | None = ...
    ) -> list[Any]: ...


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
    skipped_empty: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def terms_satisfied_pct(self) -> float | None:
        """Share of pinned terms found in the output, in percent (None without terms)."""
        return 100.0 * self.terms_satisfied / self.terms_pinned if self.terms_pinned else None

    @property
    def segments_per_second(self) -> float:
        """Source segments finished per second of wall time."""
        return self.segments / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, derived figures included."""
        data = dataclasses.asdict(self)
        data["targets"] = list(self.targets)
        data["terms_satisfied_pct"] = self.terms_satisfied_pct
        data["segments_per_second"] = self.segments_per_second
        return data


def summary_rows(summary: BatchSummary) -> list[tuple[str, str]]:
    """(label, value) rows of the end-of-run table."""
    satisfied = summary.terms_satisfied_pct
    return [
        ("articles", str(summary.articles)),
        ("skipped (empty)", str(len(summary.skipped_empty))),
        ("segments", str(summary.segments)),
        ("targets", ", ".join(summary.targets)),
        ("terms pinned", str(summary.terms_pinned)),
        ("terms satisfied", f"{summary.terms_satisfied} ({satisfied:.1f}%)" if satisfied is not None else "-"),
        ("model translations", str(summary.translated)),
        ("cache hits", str(summary.cache_hits)),
        ("time", f"{summary.seconds:.1f} s"),
        ("segments/s", f"{summary.segments_per_second:.1f}"),
        ("run directory", summary.run_dir),
    ]


def summary_table(summary: BatchSummary) -> Any:
    """The end-of-run summary as a :class:`rich.table.Table` (the CLI prints it)."""
    from rich.table import Table

    table = Table(title="tamngu translate", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    for label, value in summary_rows(summary):
        table.add_row(label, value)
    return table


@dataclass(frozen=True)
class _Plan:
    """The input files after the pre-pass, with what the run needs to know up front."""

    files: list[Path]
    dates: dict[str, str | None]
    segment_count: int
    skipped_empty: list[str]
    date_sources: dict[str, str]
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # what saved HTML pages said: date, author, url


def run_batch(
    inputs: Sequence[Path],
    out_dir: Path,
    targets: Sequence[str],
    config: Any,
    glossary: Glossary,
    *,
    on_date: dt.date | None = None,
    force: bool = False,
    progress: bool = True,
    translator: SegmentTranslator | None = None,
    memory_path: Path | None = None,
    on_article: Callable[[str], None] | None = None,
    segments_per_call: int = SEGMENTS_PER_CALL,
) -> BatchSummary:
    """Translate article files (or directories of ``*.txt`` / ``*.html``) into ``out_dir``.

    Args:
        inputs: article files and/or directories (their ``*.txt`` and ``*.html`` files, sorted).
        out_dir: the run directory (created; a previous run's directory resumes).
        targets: target languages, e.g. ``("en", "zh")``.
        config: a :class:`tamngu.translate.config.TranslateConfig`.
        glossary: the term base; entries valid on each article's date apply.
        on_date: the date of every article (overrides manifest and text).
        force: ignore the translation memory (translate everything again) and
            allow writing into a non-empty directory that is not a tamngu run.
        progress: show a progress bar (segments/s, ETA) on stderr.
        translator: a ready translator (tests); by default one is built from
            ``config`` on the first segment the memory cannot serve.
        memory_path: the SQLite translation memory (default ``out_dir/memory.sqlite``).
        on_article: called with each article id once its outputs are written.
        segments_per_call: segments per translator call, i.e. per memory
            commit: a kill loses at most this many translations.

    Raises:
        BadInputError: missing, binary or non-UTF-8 input, no articles, an
            unusable output directory.
        TamnguError: another run holds the directory's lock.
    """
    started = time.monotonic()
    targets = tuple(targets)
    files = collect_inputs(inputs)
    _prepare_run_dir(out_dir, force)
    with run_lock(out_dir):
        _remove_stale_temporaries(out_dir)
        previous = read_manifest(out_dir)
        plan = _plan(files, on_date, previous)
        summary = BatchSummary(str(out_dir), targets, skipped_empty=plan.skipped_empty)
        runner = _Runner(out_dir, targets, config, glossary, translator, force, memory_path or out_dir / MEMORY_FILE)
        runner.on_article = on_article
        runner.segments_per_call = max(1, segments_per_call)
        manifest = _manifest(runner, plan, previous, on_date)
        try:
            write_manifest(out_dir, {**manifest, "complete": False})
            runner.run(plan, summary, progress)
            write_manifest(out_dir, {**manifest, "complete": True})
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, OSError) and not _is_output_error(exc, out_dir, runner.memory_path):
                raise
            where = getattr(exc, "filename", None) or out_dir
            raise TamnguError(
                f"{where}: write failed ({getattr(exc, 'strerror', None) or exc}); every finished translation is "
                f"kept in {runner.memory_path.name}: fix the cause (disk space, permissions) and rerun to resume"
            ) from exc
    summary.seconds = time.monotonic() - started
    return summary


def _is_output_error(exc: OSError, out_dir: Path, memory_path: Path) -> bool:
    """True when ``exc`` is about a file of the run directory (or the memory), not about a model."""
    if exc.filename is None:
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
    target = Path(os.fsdecode(exc.filename)).absolute()
    return any(target == root or root in target.parents for root in (out_dir.absolute(), memory_path.absolute()))


def collect_inputs(inputs: Sequence[Path]) -> list[Path]:
    """Expand directories to their ``*.txt``/``*.html`` files; check files exist; sort each directory.

    Raises:
        BadInputError: a path does not exist, a directory holds no article file,
            no input at all, or two inputs share an article id (file stem).
    """
    if not inputs:
        raise BadInputError("no input given; pass article files or a directory of *.txt / *.html articles")
    files: list[Path] = []
    for path in inputs:
        files.extend(_expand(Path(path)))
    _check_unique_ids(files)
    return files


def resolve_date(
    article: Article, on_date: dt.date | None, previous: Mapping[str, Any] | None
) -> dt.date | None:
    """The date an article is translated for: ``on_date``, the manifest's, or the text's."""
    if on_date is not None:
        return on_date
    recorded = (previous or {}).get("dates", {}).get(article.id)
    if recorded:
        return dt.date.fromisoformat(recorded)
    return article_date(article)


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``out_dir/.lock`` or refuse at once.

    Raises:
        TamnguError: another process holds the lock.
    """
    path = out_dir / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise TamnguError(
                f"{out_dir}: another tamngu run (pid {holder}) is writing to this directory; "
                "wait for it to finish or choose another --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


# ---------------------------------------------------------------- inputs and plan


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not found:
            raise BadInputError(f"{path}: no articles (*.txt or *.html files) in this directory")
        return found
    if not path.exists():
        raise BadInputError(f"{path}: no such file or directory")
    return [path]


def _check_unique_ids(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen and seen[path.stem].resolve() != path.resolve():
            raise BadInputError(
                f"{path}: article id {path.stem!r} is also {seen[path.stem]}; rename one (the file stem is the id)"
            )
        seen[path.stem] = path


def _prepare_run_dir(out_dir: Path, force: bool) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInputError(f"{out_dir}: cannot create the output directory ({exc.strerror}); choose another --out") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise BadInputError(f"{out_dir}: output directory is not writable; fix its permissions or choose another --out")
    if not force and read_manifest(out_dir) is None and _has_foreign_files(out_dir):
        raise BadInputError(
            f"{out_dir}: not empty and not a tamngu run directory (no manifest.json); "
            "choose a new --out, or pass --force to write into it"
        )


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files a killed run left behind (we hold the lock: nobody else writes)."""
    for folder in (out_dir, out_dir / ARTICLES_DIR):
        for stale in folder.glob(".*.tmp") if folder.is_dir() else ():
            logger.info("removing %s left by an interrupted run", stale)
            stale.unlink(missing_ok=True)


def _has_foreign_files(out_dir: Path) -> bool:
    return any(entry.name not in (LOCK_FILE, MEMORY_FILE) and not entry.name.startswith(MEMORY_FILE) for entry in out_dir.iterdir())


def _plan(files: list[Path], on_date: dt.date | None, previous: Mapping[str, Any] | None) -> _Plan:
    """Decode and parse every file once, before any model work (bad input fails fast)."""
    kept: list[Path] = []
    dates: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    skipped: list[str] = []
    pages: dict[str, dict[str, str]] = {}
    count = 0
    for path in files:
        article = load_article(path)
        if article.empty:
            logger.warning("%s: empty article, skipped", path)
            skipped.append(str(path))
            continue
        kept.append(path)
        if article.metadata.page_fields():
            pages[article.id] = article.metadata.page_fields()
        day = resolve_date(article, on_date, previous)
        sources[article.id] = date_source(article, on_date, previous) if day else "today"
        if day is None:
            day = dt.date.today()
            logger.info("%s: no date in the text; glossary matched as of today (%s)", path, day)
        dates[article.id] = day.isoformat()
        count += len(segments_of(article))
    if not kept:
        raise BadInputError(f"no article text in {len(files)} input file(s): all empty")
    return _Plan(kept, dates, count, skipped, sources, pages)


def date_source(article: Article, on_date: dt.date | None, previous: Mapping[str, Any] | None) -> str:
    """Where :func:`resolve_date` found the date: ``override``, ``manifest`` (keeping its source) or ``article``."""
    if on_date is not None:
        return "override"
    if (previous or {}).get("dates", {}).get(article.id):
        return str((previous or {}).get("date_sources", {}).get(article.id, "manifest"))
    return "article"


# ---------------------------------------------------------------- the run


class _Runner:
    """Translate planned articles through the memory and the translator, writing outputs."""

    def __init__(
        self,
        out_dir: Path,
        targets: tuple[str, ...],
        config: Any,
        glossary: Glossary,
        translator: SegmentTranslator | None,
        force: bool,
        memory_path: Path,
    ) -> None:
        self.out_dir = out_dir
        self.targets = targets
        self.config = config
        self.glossary = glossary
        self.force = force
        self.memory_path = memory_path
        self._translator = translator
        self.models = {lang: model_identity(config, lang) for lang in _model_langs(targets)}
        self.decoding = decoding_settings(config)
        self._matchers: dict[dt.date | None, Matcher] = {}
        self.on_article: Callable[[str], None] | None = None
        self.segments_per_call = SEGMENTS_PER_CALL

    def translator(self) -> SegmentTranslator:
        """The translator, built on first use so a fully cached rerun loads no model."""
        if self._translator is None:
            from tamngu.translate.pipeline import Translator

            self._translator = Translator(self.config, self.glossary)
        return self._translator

    def matcher(self, day: dt.date | None) -> Matcher:
        if day not in self._matchers:
            if len(self._matchers) > 64:
                self._matchers.clear()
            self._matchers[day] = Matcher(self.glossary, on_date=day)
        return self._matchers[day]

    def _chain(self, lang: str) -> tuple[str, str]:
        """Model ids and revisions a ``lang`` translation goes through (vi->zh pivots via en)."""
        chain = ["en", lang] if lang != "en" else ["en"]
        return " > ".join(self.models[m][0] for m in chain), " > ".join(self.models[m][1] for m in chain)

    def run(self, plan: _Plan, summary: BatchSummary, progress: bool) -> None:
        writers = {lang: TmxWriter(tmx_path(self.out_dir, lang), lang, __version__) for lang in self.targets}
        try:
            with TranslationMemory(self.memory_path) as memory, _progress(progress, plan.segment_count) as advance:
                for path in plan.files:
                    self._article(load_article(path), plan, memory, writers, summary, advance)
        except BaseException:
            for writer in writers.values():
                writer.abort()
            raise
        for writer in writers.values():
            writer.close()

    def _article(
        self,
        article: Article,
        plan: _Plan,
        memory: TranslationMemory,
        writers: Mapping[str, TmxWriter],
        summary: BatchSummary,
        advance: Callable[[float], None],
    ) -> None:
        recorded = plan.dates[article.id]
        day = dt.date.fromisoformat(recorded) if recorded else None
        segments = segments_of(article)
        matches = [self.matcher(day).find(segment.text) for segment in segments]
        results = self._translate(segments, matches, day, memory, summary, advance)
        records = [_segment_record(segment, targets) for segment, targets in zip(segments, results)]
        _write_article(self.out_dir, article, recorded, records, self.targets)
        for lang, writer in writers.items():
            for record in records:
                writer.add(record["id"], record["source"], record["targets"][lang]["text"])
        _count(summary, records, self.targets)
        if self.on_article is not None:
            self.on_article(article.id)

    def _translate(
        self,
        segments: list[Segment],
        matches: list[list[Match]],
        day: dt.date | None,
        memory: TranslationMemory,
        summary: BatchSummary,
        advance: Callable[[float], None],
    ) -> list[dict[str, dict[str, Any]]]:
        """Every segment's target results: from the memory, else from the translator.

        Segments missing the same languages are translated together, in chunks
        taken in order from the list of misses, so a rerun after a kill sends
        exactly the chunks the interrupted run had not committed.
        """
        results: list[dict[str, dict[str, Any]]] = []
        groups: dict[tuple[str, ...], dict[tuple[str, ...], _Pending]] = {}
        for segment, found in zip(segments, matches):
            keys = {lang: self._key(segment, found, lang, day) for lang in self.targets}
            found_targets = {} if self.force else _cached_targets(memory, keys, segment.text, found)
            summary.cache_hits += len(found_targets)
            results.append(found_targets)
            missing = tuple(lang for lang in self.targets if lang not in found_targets)
            if not missing:
                advance(1)
                continue
            identity = tuple(keys[lang].digest for lang in missing)
            pending = groups.setdefault(missing, {}).setdefault(identity, _Pending(segment.text, keys))
            pending.waiting.append(len(results) - 1)
        for langs, pending_by_identity in groups.items():
            for chunk in _chunks(list(pending_by_identity.values()), self.segments_per_call):
                self._translate_chunk(chunk, langs, day, memory)
                summary.translated += len(chunk) * len(langs)
                for item in chunk:
                    for index in item.waiting:
                        results[index].update(item.targets)
                    advance(len(item.waiting))
        return results

    def _translate_chunk(
        self, chunk: list[_Pending], langs: tuple[str, ...], day: dt.date | None, memory: TranslationMemory
    ) -> None:
        sources = [item.source for item in chunk]
        translated = self.translator().translate(sources, targets=langs, on_date=day)
        if len(translated) != len(sources):
            raise RuntimeError(f"translator returned {len(translated)} results for {len(sources)} segments")
        rows = []
        for item, result in zip(chunk, translated):
            for lang in langs:
                item.targets[lang] = target_result_dict(result.targets[lang])
                rows.append((item.keys[lang], item.source, item.targets[lang]))
        memory.put_many(rows)  # one transaction: a kill loses at most this chunk

    def _key(self, segment: Segment, found: list[Match], lang: str, day: dt.date | None) -> MemoryKey:
        model_id, revision = self._chain(lang)
        return make_key(
            model=model_id,
            revision=revision,
            direction=f"vi-{lang}",
            source=segment.text,
            pinned=_pinned(found, lang, day),
            decoding=self.decoding,
        )


# ---------------------------------------------------------------- results and records


def target_result_dict(target: Any) -> dict[str, Any]:
    """A TargetResult as the JSON object of the run-directory contract."""
    return {
        "text": target.text,
        "path": target.path,
        "terms": [_term_dict(term) for term in target.terms],
    }


def _term_dict(term: Any) -> dict[str, Any]:
    if isinstance(term, Mapping):
        return dict(term)
    if dataclasses.is_dataclass(term):
        return dataclasses.asdict(term)  # type: ignore[arg-type]
    return dict(vars(term))


@dataclass
class _Pending:
    """A source segment waiting for the translator, and the article positions it fills."""

    source: str
    keys: dict[str, MemoryKey]
    waiting: list[int] = field(default_factory=list)
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)


def _cached_targets(
    memory: TranslationMemory, keys: Mapping[str, MemoryKey], source: str, found: list[Match]
) -> dict[str, dict[str, Any]]:
    cached = {lang: _cached(memory, key, source, found) for lang, key in keys.items()}
    return {lang: result for lang, result in cached.items() if result is not None}


def _cached(memory: TranslationMemory, key: MemoryKey, source: str, found: list[Match]) -> dict[str, Any] | None:
    hit = memory.get(key)
    if hit is None:
        return None
    if hit.source == source:
        return hit.result
    return _rebase_terms(hit.result, source, found)


def _rebase_terms(result: dict[str, Any], source: str, found: list[Match]) -> dict[str, Any] | None:
    """Point a stored result's term spans at ``source`` (a spelling variant of the stored one)."""
    queues: dict[str, list[Match]] = {}
    for match in found:
        queues.setdefault(match.entry.id, []).append(match)
    terms = []
    for term in result.get("terms", []):
        queue = queues.get(term.get("entry_id", ""), [])
        if not queue:
            return None
        match = queue.pop(0)
        terms.append({**term, "source_text": match.text, "source_start": match.start, "source_end": match.end})
    return {**result, "terms": terms}


def _pinned(found: list[Match], lang: str, day: dt.date | None) -> list[tuple[str, ...]]:
    """Pinned forms that shape a ``lang`` translation; Chinese also depends on the English pivot's."""
    langs = ("en",) if lang == "en" else ("en", lang)
    pinned = []
    for match in found:
        entry = match.entry
        forms = tuple("|".join(entry.target_forms(each)) for each in langs)  # type: ignore[arg-type]
        roles = "|".join(f"{role.title}={role.en}={role.zh}" for role in entry.roles_on(day))
        pinned.append((entry.id, *forms, roles))
    return pinned


def _segment_record(segment: Segment, targets: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": segment.id,
        "part": segment.part,
        "paragraph": segment.paragraph,
        "sentence": segment.sentence,
        "source": segment.text,
        "targets": dict(targets),
    }


def _write_article(
    out_dir: Path, article: Article, date: str | None, records: list[dict[str, Any]], targets: Sequence[str]
) -> None:
    write_article_json(out_dir, article_document(article, date, records))
    for lang in targets:
        write_article_markdown(out_dir, article, records, lang)


def _count(summary: BatchSummary, records: list[dict[str, Any]], targets: Sequence[str]) -> None:
    summary.articles += 1
    summary.segments += len(records)
    for record in records:
        for lang in targets:
            terms = record["targets"][lang]["terms"]
            summary.terms_pinned += len(terms)
            summary.terms_satisfied += sum(1 for term in terms if term.get("satisfied"))


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------- models, settings, manifest


def model_identity(config: Any, lang: str) -> tuple[str, str]:
    """(model id, revision) of the ``lang`` model of ``config``, found without loading it.

    The revision is the Hugging Face snapshot commit, or for a local directory
    a hash of its files (as :func:`tamngu.translate.models.model_status` reports it);
    "missing" when the model is not available (the translator then says how to
    fetch it, should any segment need it).
    """
    from tamngu.translate.models import model_status

    (status,) = model_status(config, (lang,))
    return status.ref, status.revision or "missing"


def _model_langs(targets: Sequence[str]) -> list[str]:
    """Models a run uses: the vi->en model always (Chinese pivots through English)."""
    return ["en", *(lang for lang in targets if lang != "en")]


def decoding_settings(config: Any) -> dict[str, Any]:
    """The config fields that change a translation (memory key and manifest)."""
    if hasattr(config, "decoding_settings"):
        return dict(config.decoding_settings())
    raw = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else dict(vars(config))
    return {name: value for name, value in sorted(raw.items()) if name not in _NOT_DECODING}


def _manifest(runner: _Runner, plan: _Plan, previous: Mapping[str, Any] | None, on_date: dt.date | None) -> dict[str, Any]:
    created = (previous or {}).get("created") or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    return {
        "tamngu_run": 1,
        "tool": {"name": "tamngu", "version": __version__},
        "created": created,
        "targets": list(runner.targets),
        "models": {
            DIRECTIONS[lang]: {"id": model, "revision": revision} for lang, (model, revision) in runner.models.items()
        },
        "glossary_version": runner.glossary.version,
        "glossary_entries": len(runner.glossary),
        "decoding": runner.decoding,
        "date_override": on_date.isoformat() if on_date else None,
        "articles": [path.stem for path in plan.files],
        "dates": plan.dates,
        "date_sources": plan.date_sources,
        "skipped_empty": plan.skipped_empty,
        "pages": plan.pages,
        "memory": runner.memory_path.name if runner.memory_path.parent == runner.out_dir else str(runner.memory_path),
    }


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[float], None]]:
    if not enabled:
        yield lambda steps: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("segments"),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("translate", total=total, rate="")

        def advance(steps: float) -> None:
            if steps:
                state = bar.tasks[0]
                done, elapsed = state.completed + steps, state.elapsed or 0.0
                rate = f"{done / elapsed:.1f} seg/s" if elapsed > 0 else ""  # the run's average, not a burst of hits
                bar.update(task, advance=steps, rate=rate)

        yield advance
