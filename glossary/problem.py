"""One thing wrong in a glossary file (schema, conflict, lexicon or rejected reading)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a glossary file: where, which entry, and what to do."""

    file: str
    line: int
    entry_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        entry = f" entry '{self.entry_id}':" if self.entry_id else ""
        return f"{where}:{entry} {self.message}"
