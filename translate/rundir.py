"""The run-directory protocol: who may write a run directory, and how a run starts clean.

* A lock (``fcntl.flock`` on ``RUN_DIR/.lock``) makes a second run on the same
  directory refuse at once with a clear message; the kernel drops the lock
  when the process dies, even by SIGKILL.
* A directory that holds other files and no tamngu manifest is refused
  unless forced, so a typo in ``--out`` cannot scatter outputs into a photo
  folder; a ``manifest.json`` that is not tamngu's, or whose fields a rerun
  reads have the wrong shape, is named as such (:func:`previous_manifest`).
* Temporary files a killed run left behind are removed under the lock.
* A write failure in the directory (disk full, permissions) becomes one
  :class:`~tamngu.errors.TamnguError` that says the memory kept every finished
  translation.

The files themselves are written by :mod:`tamngu.translate.outputs`.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import glob
import logging
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError, TamnguError
from tamngu.translate.outputs import ARTICLES_DIR, MANIFEST, read_manifest

logger = logging.getLogger(__name__)

MEMORY_FILE = "memory.sqlite"
LOCK_FILE = ".lock"


def previous_manifest(out_dir: Path, force: bool) -> dict[str, Any] | None:
    """The manifest of the run ``out_dir`` holds, checked for the fields a rerun reads; None for a new directory.

    With ``force`` a damaged or foreign manifest counts as none (the run rebuilds it).

    Raises:
        BadInputError: ``manifest.json`` is cut short, not JSON, not a tamngu
            manifest, or has a field of the wrong shape; the message names it.
    """
    if not out_dir.is_dir():
        return None
    manifest = read_manifest(out_dir, ignore_corrupt=force)
    path = out_dir / MANIFEST
    if manifest is None and path.is_file() and not force:
        raise BadInputError(f"{path}: not a tamngu run manifest (expected an object with \"tamngu_run\": 1); {_REBUILD.format(path=path)}")
    problem = manifest_problem(manifest) if manifest is not None else None
    if problem is None:
        return manifest
    if force:
        return None
    raise BadInputError(f"{path}: run manifest has the wrong shape ({problem}); {_REBUILD.format(path=path)}")


def manifest_problem(manifest: Mapping[str, Any]) -> str | None:
    """What is wrong with the fields a rerun reads (``created``, ``dates``, ``date_sources``), or None.

    Example:
        >>> manifest_problem({"tamngu_run": 1, "dates": ["2025-10-29"]})
        "'dates' must be an object of article id -> YYYY-MM-DD, got a list"
        >>> manifest_problem({"tamngu_run": 1, "dates": {"a": "2025-10-29"}, "created": "2025-10-29T08:00:00+00:00"}) is None
        True
    """
    if not isinstance(manifest.get("created", ""), str):
        return f"'created' must be a date-time text, got {_kind(manifest['created'])}"
    for name, what in (("dates", "YYYY-MM-DD"), ("date_sources", "its source")):
        field = manifest.get(name, {})
        if not isinstance(field, dict) or not all(isinstance(value, str) for value in field.values()):
            got = _kind(field) if not isinstance(field, dict) else "a value that is not text"
            return f"'{name}' must be an object of article id -> {what}, got {got}"
    for article, day in manifest.get("dates", {}).items():
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return f"'dates' of {article!r} must be YYYY-MM-DD, got {day!r}"
    return None


def prepare_run_dir(out_dir: Path, force: bool) -> None:
    """Create ``out_dir`` and check tamngu may write there.

    Raises:
        BadInputError: it cannot be created or written, or it holds other files
            and no tamngu manifest (and ``force`` is off).
    """
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


def stale_articles(out_dir: Path, article_ids: list[str]) -> list[str]:
    """Articles whose outputs are in ``out_dir`` but not among ``article_ids`` (an earlier run's input)."""
    keep = set(article_ids)
    folder = out_dir / ARTICLES_DIR
    found = sorted(path.stem for path in folder.glob("*.json")) if folder.is_dir() else []
    return [article for article in found if article not in keep]


def refuse_or_remove_stale(out_dir: Path, stale: list[str], force: bool) -> None:
    """Refuse to run beside an earlier run's other articles, or (``force``) remove their files and say so.

    Raises:
        BadInputError: ``stale`` is not empty and ``force`` is off.
    """
    if not stale:
        return
    named = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
    if not force:
        raise BadInputError(
            f"{out_dir}: holds {len(stale)} article(s) not in this run's input ({named}); "
            "pass --force to remove their files, or choose another --out"
        )
    for article in stale:
        for path in [out_dir / ARTICLES_DIR / f"{article}.json", *out_dir.glob(f"{glob.escape(article)}.*.md")]:
            path.unlink(missing_ok=True)
    logger.warning("%s: removed the outputs of %d article(s) not in this run's input: %s", out_dir, len(stale), named)


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete temporary files a killed run left behind (call it holding the lock: nobody else writes)."""
    for folder in (out_dir, out_dir / ARTICLES_DIR):
        for stale in folder.glob(".*.tmp") if folder.is_dir() else ():
            logger.info("removing %s left by an interrupted run", stale)
            stale.unlink(missing_ok=True)


@contextmanager
def write_failures_explained(out_dir: Path, memory_path: Path) -> Iterator[None]:
    """Turn a failed write into the run directory or the memory into one clear :class:`TamnguError`.

    Other errors (a model file that cannot be read, say) pass through unchanged.
    """
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        if isinstance(exc, OSError) and not _is_output_error(exc, out_dir, memory_path):
            raise
        where = getattr(exc, "filename", None) or out_dir
        raise TamnguError(
            f"{where}: write failed ({getattr(exc, 'strerror', None) or exc}); every finished translation is "
            f"kept in {memory_path.name}: {_remedy(exc, out_dir)}, then rerun to resume"
        ) from exc


def _remedy(exc: Exception, out_dir: Path) -> str:
    """What to do about a failed write, by its cause."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(exc):
        return f"the disk is full: free space where {out_dir} lives (df -h '{out_dir}') or choose another --out"
    if number in (errno.EACCES, errno.EPERM):
        return f"permission denied: make {out_dir} and its files writable for you (ls -ld '{out_dir}')"
    if number == errno.EROFS:
        return f"{out_dir} is on a read-only file system: choose another --out"
    return "fix the cause"


def _is_output_error(exc: OSError, out_dir: Path, memory_path: Path) -> bool:
    """True when ``exc`` is about a file of the run directory (or the memory), not about a model."""
    if exc.filename is None:
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
    target = Path(os.fsdecode(exc.filename)).absolute()
    return any(target == root or root in target.parents for root in (out_dir.absolute(), memory_path.absolute()))


_REBUILD = "rerun with --force to rebuild it, or move it aside (mv {path} {path}.bad) and rerun"


def _kind(value: object) -> str:
    return {list: "a list", dict: "an object", str: "text", bool: "true/false", type(None): "null"}.get(type(value), type(value).__name__)


def _has_foreign_files(out_dir: Path) -> bool:
    return any(entry.name != LOCK_FILE and not entry.name.startswith(MEMORY_FILE) for entry in out_dir.iterdir())
