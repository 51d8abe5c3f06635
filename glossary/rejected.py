"""Editors' decisions as data: readings refused for a name, and the provenance ``reviewed``.

``rejected.toml`` beside the glossary files lists renderings an editor refused
(``[[rejected]]`` tables with ``vi``, ``en``, optional ``zh``, ``decided_by``,
``decided_on``); the resolver never auto-pins them again. It is not a term
file: the loader reads it here, and its bytes count in the glossary version.

An entry an editor decided has provenance ``reviewed`` with ``decided_by`` and
``decided_on``; :func:`decision_problems` checks those fields.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from tamngu.glossary.model import RejectedReading
from tamngu.glossary.problem import Problem

REJECTED_FILE = "rejected.toml"
_KNOWN = {"vi", "en", "zh", "decided_by", "decided_on", "note"}


def read_rejected(root: Path) -> tuple[tuple[RejectedReading, ...], list[Problem]]:
    """The rejected readings of glossary directory ``root`` (none when it has no ``rejected.toml``)."""
    path = root / REJECTED_FILE
    if not path.is_file():
        return (), []
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return (), [Problem(str(path), 0, "", f"is not valid UTF-8 TOML: {exc}")]
    tables = document.get("rejected", [])
    if not isinstance(tables, list) or set(document) - {"rejected"}:
        return (), [Problem(str(path), 0, "", "only [[rejected]] tables are allowed here")]
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip().startswith("[[rejected]]")]
    readings, problems = [], []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 0
        messages = _reading_problems(table)
        problems += [Problem(str(path), line, str(table.get("vi", "")), message) for message in messages]
        if not messages:
            readings.append(RejectedReading(table["vi"].strip(), table["en"].strip(), (table.get("zh") or "").strip() or None,
                                            table["decided_by"].strip(), table.get("decided_on"), str(path), line))
    return tuple(readings), problems


def _reading_problems(table: Any) -> list[str]:
    if not isinstance(table, dict):
        return ["write each rejected reading as a [[rejected]] table"]
    problems = [f"unknown field '{key}'" for key in sorted(set(table) - _KNOWN)]
    problems += [f"missing '{key}'" for key in ("vi", "en", "decided_by") if not (isinstance(table.get(key), str) and table[key].strip())]
    if "zh" in table and not isinstance(table["zh"], str):
        problems.append("'zh' must be a string (leave it out to reject the English whatever the Chinese)")
    if "decided_on" in table and not _is_date(table["decided_on"]):
        problems.append(f"'decided_on' must be a TOML date like 2026-12-08, got {table['decided_on']!r}")
    return problems


def decision_problems(table: dict[str, Any]) -> list[str]:
    """An entry's ``decided_by``/``decided_on``: required with provenance ``reviewed``, only meaningful with it."""
    reviewed = table.get("provenance") == "reviewed"
    has_by = isinstance(table.get("decided_by"), str) and bool(table["decided_by"].strip())
    problems = []
    if reviewed and not has_by:
        problems.append("provenance 'reviewed' needs decided_by (the editor who decided it)")
    if reviewed and not _is_date(table.get("decided_on")):
        problems.append("provenance 'reviewed' needs decided_on (a TOML date like 2026-12-08)")
    if not reviewed and ("decided_by" in table or "decided_on" in table) and table.get("provenance") != "verified":
        problems.append("decided_by/decided_on belong to an editor's decision: set provenance 'reviewed' (or 'verified' with a source)")
    return problems


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
