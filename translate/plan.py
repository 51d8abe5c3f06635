"""The plan of a batch run: which article files, on which dates, how many segments.

Bad input is found before any model work: every file is decoded and parsed
once up front (non-UTF-8 and binary files stop the run with the fix; empty
files are skipped, warned about and counted).

Article dates (glossary entries valid on that day win): ``on_date`` when
given, else the date the run directory's manifest recorded for the article,
else a full date in the article text (:func:`tamngu.corpus.parse.article_date`),
else today. :attr:`Plan.date_sources` says which, per article: ``override``,
``manifest``, ``article`` or ``today``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tamngu.corpus.parse import Article, article_date, load_article
from tamngu.corpus.segment import segments_of
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")  # text copies and saved pages (tamngu.corpus.html)


@dataclass(frozen=True)
class Plan:
    """The input files after the pre-pass, with what the run needs to know up front.

    Attributes:
        files: the non-empty article files, in run order.
        dates: ISO date each article is translated for, by article id.
        date_sources: where each date came from (``override``, ``manifest``, ``article``, ``today``).
        segment_count: source segments in all ``files`` (the progress total).
        skipped_empty: empty input files, skipped.
        pages: what saved HTML pages said about themselves (date, author, url), by article id.
        skipped_inputs: directory entries named like articles that are not files (path, reason).
        duplicates: paragraphs dropped as repeats of earlier ones, by article id (line, text).
    """

    files: list[Path]
    dates: dict[str, str]
    date_sources: dict[str, str]
    segment_count: int
    skipped_empty: list[str]
    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped_inputs: list[dict[str, str]] = field(default_factory=list)
    duplicates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def day_of(self, article_id: str) -> dt.date:
        """The date ``article_id`` is translated for."""
        return dt.date.fromisoformat(self.dates[article_id])


def collect_inputs(inputs: Sequence[Path]) -> list[Path]:
    """Expand directories to their ``*.txt``/``*.html`` files; check files exist; sort each directory.

    Raises:
        BadInputError: a path does not exist, a directory holds no article file,
            no input at all, or two inputs share an article id (file stem).
    """
    return collect_inputs_noting_skips(inputs)[0]


def collect_inputs_noting_skips(inputs: Sequence[Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """:func:`collect_inputs`, plus the directory entries named ``*.txt``/``*.html`` that are not article files.

    A dangling symbolic link, a FIFO, a socket or device, or a folder named
    ``x.txt`` inside an input directory is skipped with a warning and listed
    (``{"path", "reason"}``) for the summary and the manifest.
    """
    if not inputs:
        raise BadInputError("no input given; pass article files or a directory of *.txt / *.html articles")
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for path in inputs:
        files.extend(_expand(Path(path), skipped))
    _check_unique_ids(files)
    for item in skipped:
        logger.warning("%s: %s, skipped", item["path"], item["reason"])
    return files, skipped


def plan_run(
    files: Sequence[Path],
    on_date: dt.date | None,
    previous: Mapping[str, Any] | None,
    skipped_inputs: Sequence[Mapping[str, str]] = (),
) -> Plan:
    """Decode and parse every file once, before any model work (bad input fails fast).

    Args:
        files: article files (from :func:`collect_inputs`).
        on_date: the date of every article, overriding manifest and text.
        previous: the run directory's manifest, if it has one (its dates are kept).
        skipped_inputs: what :func:`collect_inputs_noting_skips` skipped (kept in the plan).

    Raises:
        BadInputError: a file is binary or not UTF-8, or every file is empty.
    """
    kept: list[Path] = []
    dates: dict[str, str] = {}
    sources: dict[str, str] = {}
    skipped: list[str] = []
    pages: dict[str, dict[str, str]] = {}
    duplicates: dict[str, list[dict[str, Any]]] = {}
    count = 0
    for path in files:
        article = load_article(path)
        if article.empty:
            logger.warning("%s: empty article, skipped", path)
            skipped.append(str(path))
            continue
        kept.append(path)
        if duplicate_paragraphs(article):
            duplicates[article.id] = duplicate_paragraphs(article)
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
    return Plan(kept, dates, sources, count, skipped, pages, [dict(item) for item in skipped_inputs], duplicates)


def resolve_date(article: Article, on_date: dt.date | None, previous: Mapping[str, Any] | None) -> dt.date | None:
    """The date an article is translated for: ``on_date``, the manifest's, or the text's."""
    if on_date is not None:
        return on_date
    recorded = (previous or {}).get("dates", {}).get(article.id)
    if recorded:
        return dt.date.fromisoformat(recorded)
    return article_date(article)


def date_source(article: Article, on_date: dt.date | None, previous: Mapping[str, Any] | None) -> str:
    """Where :func:`resolve_date` found the date: ``override``, ``manifest`` (keeping its source) or ``article``."""
    if on_date is not None:
        return "override"
    if (previous or {}).get("dates", {}).get(article.id):
        return str((previous or {}).get("date_sources", {}).get(article.id, "manifest"))
    return "article"


def _expand(path: Path, skipped: list[dict[str, str]]) -> list[Path]:
    if path.is_dir():
        named = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        found = [p for p in named if p.is_file()]
        skipped.extend({"path": str(p), "reason": not_a_file_reason(p)} for p in named if not p.is_file())
        if not found:
            raise BadInputError(f"{path}: no articles (*.txt or *.html files) in this directory")
        return found
    if not path.exists():
        raise BadInputError(f"{path}: no such file or directory")
    return [path]


def not_a_file_reason(path: Path) -> str:
    """Why ``path``, named like an article, is not one: what it is instead."""
    import stat

    if path.is_symlink() and not path.exists():
        return f"dangling symbolic link (to {os.readlink(path)})"
    if path.is_dir():
        return "a directory, not an article file"
    mode = path.stat().st_mode
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))  # fmt: skip
    return next((f"{name}, not an article file" for test, name in kinds if test(mode)), "not a regular file")


def duplicate_paragraphs(article: Article) -> list[dict[str, Any]]:
    """The paragraphs the parser dropped as repeats of earlier ones (line, text)."""
    return [{"line": item.line, "text": item.text} for item in article.dropped if item.reason == "duplicate"]


def _check_unique_ids(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen and seen[path.stem].resolve() != path.resolve():
            raise BadInputError(
                f"{path}: article id {path.stem!r} is also {seen[path.stem]}; rename one (the file stem is the id)"
            )
        seen[path.stem] = path
