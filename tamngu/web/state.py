"""What a desk server keeps between requests: the glossary as last read, and the receipts an editor may undo."""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from tamngu.glossary.loader import read_glossary
from tamngu.glossary.model import Glossary

logger = logging.getLogger(__name__)

_RECEIPTS_KEPT = 200


class GlossaryState:
    """The glossary of ``directory``, read again whenever one of its files changed on disk.

    A decision written by this server, by another tab or by hand in an editor
    is seen by the next request without a restart. Schema problems do not stop
    the desk: the entries that load are served and the problems listed.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._glossary: Glossary | None = None
        self._problems: list[Any] = []

    def current(self) -> Glossary:
        """The glossary as it is on disk now."""
        signature = self._files_signature()
        with self._lock:
            if signature != self._signature or self._glossary is None:
                self._glossary, self._problems = read_glossary(self.directory)
                self._signature = signature
                logger.info("glossary %s read: %d entries, version %s", self.directory, len(self._glossary), self._glossary.version)
            return self._glossary

    def problems(self) -> list[Any]:
        """Schema problems of the glossary as last read (``glossary check`` tells the whole story)."""
        self.current()
        return list(self._problems)

    def _files_signature(self) -> tuple[Any, ...]:
        files = sorted(self.directory.glob("*.toml")) if self.directory.is_dir() else []
        return tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)


class Receipts:
    """The writer's receipts of recent decisions, by a random key the page holds (for undo)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[str, Any] = OrderedDict()

    def keep(self, receipt: Any) -> str:
        """Store ``receipt``; returns the key to undo it with."""
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = receipt
            while len(self._items) > _RECEIPTS_KEPT:
                self._items.popitem(last=False)
        return key

    def take(self, key: str) -> Any | None:
        """The receipt stored under ``key``, removed (None when unknown or already used)."""
        with self._lock:
            return self._items.pop(key, None)
