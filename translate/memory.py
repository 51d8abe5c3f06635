"""Translation memory: an SQLite table of finished segment translations.

A segment translation is reused when everything that decides it is the same:
the model (id and revision), the direction (``vi-en``), the normalized source
segment, the set of pinned glossary terms with their required target forms, and
the decoding settings. Anything else changing (a glossary entry, beams, a new
model revision) gives a new key, so stale translations are never served.

The database runs in WAL mode and every :meth:`TranslationMemory.put_many` is
one transaction, so a run killed with SIGKILL loses at most the batch it was
translating; the next run finds every committed segment.

A file that is not an SQLite database, or one that fails SQLite's
``quick_check``, is reported as corrupt with how to recover
(:class:`MemoryCorruptError`); ``rebuild=True`` (the CLI's ``--force``) moves it
aside as ``memory.sqlite.corrupt`` and starts an empty memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tamngu.errors import TamnguError
from tamngu.glossary.normalize import canonical_tone

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_DASH_TABLE = str.maketrans({char: "-" for char in _DASHES})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    revision TEXT NOT NULL,
    direction TEXT NOT NULL,
    source_norm TEXT NOT NULL,
    pinned TEXT NOT NULL,
    decoding TEXT NOT NULL,
    source TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class MemoryCorruptError(TamnguError):
    """The translation memory file is damaged (not SQLite, or fails its integrity check)."""


@dataclass(frozen=True)
class MemoryKey:
    """Everything that decides one segment's translation."""

    model: str
    revision: str
    direction: str
    source_norm: str
    pinned: str
    decoding: str

    @property
    def digest(self) -> str:
        """A stable hash of the key (the table's primary key)."""
        fields = (self.model, self.revision, self.direction, self.source_norm, self.pinned, self.decoding)
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MemoryHit:
    """A stored translation: the source it was made for and the result as JSON data."""

    source: str
    result: dict[str, object]


@functools.lru_cache(maxsize=65536)
def normalize_source(text: str) -> str:
    """The memory form of a source segment: case kept, spelling variants unified.

    NFC, one tone-mark placement per syllable (``Tỉnh uỷ`` = ``Tỉnh ủy``), plain
    hyphens for dash variants, single spaces. Unlike the glossary matcher's
    normalization the case is kept, because the model's output depends on it.
    """
    text = unicodedata.normalize("NFC", text).translate(_DASH_TABLE)
    text = _SPACES.sub(" ", text).strip()
    return _WORD.sub(lambda match: _canonical_word(match.group(0)), text)


def make_key(
    *,
    model: str,
    revision: str,
    direction: str,
    source: str,
    pinned: Iterable[tuple[str, ...]],
    decoding: Mapping[str, object],
) -> MemoryKey:
    """Build the key of one segment translation."""
    return MemoryKey(
        model=model,
        revision=revision,
        direction=direction,
        source_norm=normalize_source(source),
        pinned=json.dumps(sorted(list(item) for item in pinned), ensure_ascii=False),
        decoding=json.dumps(dict(decoding), sort_keys=True, ensure_ascii=False, default=str),
    )


class TranslationMemory:
    """An SQLite translation memory (WAL mode; one transaction per batch).

    Args:
        path: the database file (created with its directory when missing).
        rebuild: a corrupt file is moved aside (``<name>.corrupt``) and an empty
            memory started, instead of raising.

    Raises:
        MemoryCorruptError: the file is corrupt and ``rebuild`` is false.
    """

    def __init__(self, path: Path, *, rebuild: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = _open(self.path)
        except sqlite3.DatabaseError as exc:
            if not rebuild:
                raise MemoryCorruptError(_corrupt_message(self.path, exc)) from None
            _move_aside(self.path, exc)
            self._db = _open(self.path)

    def get(self, key: MemoryKey) -> MemoryHit | None:
        """The stored translation for ``key``, or None."""
        row = self._db.execute("SELECT source, result FROM translations WHERE key = ?", (key.digest,)).fetchone()
        if row is None:
            return None
        return MemoryHit(source=row[0], result=json.loads(row[1]))

    def put_many(self, items: Iterable[tuple[MemoryKey, str, Mapping[str, object]]]) -> int:
        """Store (key, source, result) triples in one transaction; returns how many."""
        rows = [
            (
                key.digest, key.model, key.revision, key.direction, key.source_norm, key.pinned, key.decoding,
                source, json.dumps(dict(result), ensure_ascii=False, sort_keys=True),
            )
            for key, source, result in items
        ]  # fmt: skip
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        """Close the database (the WAL is checkpointed by SQLite)."""
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _open(path: Path) -> sqlite3.Connection:
    """Connect, check the file is a sound SQLite database, and create the tables."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        verdict = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(verdict)
        db.executescript(_SCHEMA)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _corrupt_message(path: Path, exc: sqlite3.DatabaseError) -> str:
    reason = " ".join(str(exc).replace("*** in database main ***", "").split())
    return (
        f"{path}: translation memory is corrupt ({reason}); rerun with --force to rebuild it "
        f"(finished segments are translated again), or move it aside (mv {path} {path}.bad) and rerun"
    )


def _move_aside(path: Path, exc: sqlite3.DatabaseError) -> None:
    """Rename a corrupt memory (and its WAL files) to ``*.corrupt``; nothing is deleted."""
    reason = " ".join(str(exc).split())
    logger.warning("%s: translation memory is corrupt (%s); moved aside to %s.corrupt, starting empty", path, reason, path.name)
    for suffix in ("", "-wal", "-shm"):
        damaged = Path(f"{path}{suffix}")
        if damaged.exists():
            os.replace(damaged, Path(f"{path}.corrupt{suffix}"))


def _canonical_word(word: str) -> str:
    lowered = word.lower()
    if len(lowered) != len(word):
        return word
    toned = canonical_tone(lowered)
    if toned == lowered or len(toned) != len(word):
        return word
    return "".join(new.upper() if old.isupper() else new for old, new in zip(word, toned))
