"""One atomic writer for every file tamngu writes: never half-written, readable by others.

A temporary file in the target's folder is written, flushed, given the mode an
ordinary ``open()`` would give (0644 under the usual umask 022, not
``mkstemp``'s 0600) and renamed over the target. On any exception the target is
untouched and the temporary file removed. Sits at the bottom of the house with
:mod:`tamngu.errors`; every stage and the CLI import it downward.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def file_mode() -> int:
    """The mode ``open(path, "w")`` would create a file with under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_open(path: Path | str, binary: bool = False) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success rename it over ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_open(target) as stream:
    ...     _ = stream.write("xin chào")
    >>> target.read_text(encoding="utf-8")
    'xin chào'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": "\n"}
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False, **options)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, file_mode())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def atomic_write(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path`` atomically."""
    with atomic_open(path, binary=isinstance(data, bytes)) as stream:
        stream.write(data)


def atomic_write_all(texts: Mapping[Path, str | bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every temporary file is written first; only then are they renamed into place.
    """
    temporary: dict[Path, Path] = {}
    try:
        for path, data in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(name, file_mode())
            temporary[path] = Path(name)
        for path, name in temporary.items():
            os.replace(name, path)
    finally:
        for name in temporary.values():
            name.unlink(missing_ok=True)
