"""Read glossary TOML files into :class:`Glossary` objects, reporting file and line.

A glossary directory holds ``*.toml`` files (one per entry type by convention),
each a list of ``[[entry]]`` tables. See ``glossary/data/README.md`` for the schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from tamngu.glossary.model import ENTRY_TYPES, PROVENANCES, ROLE_SEEN, Entry, Glossary, Role, RoleCheck
from tamngu.errors import GlossaryError
from tamngu.glossary.conflicts import conflicts
from tamngu.glossary.problem import Problem
from tamngu.glossary.rejected import REJECTED_FILE, decision_problems as _decision_problems, read_rejected

GLOSSARY_ENV = "TAMNGU_GLOSSARY"
_ENTRY_HEADER = re.compile(r"^\s*\[\[\s*entry\s*\]\]\s*(#.*)?$")
_REQUIRED = ("id", "type", "vi", "en", "zh", "provenance", "source")
_STRINGS = ("id", "type", "vi", "en", "zh", "provenance", "source", "pinyin", "note", "checked_source", "gender",
            "country", "decided_by")
_GENDERS = ("female", "male")
_LISTS = ("variants", "en_alt", "zh_alt")
_DATES = ("valid_from", "valid_to", "checked", "decided_on")
_KNOWN = set(_STRINGS) | set(_LISTS) | set(_DATES) | {"roles", "single_holder"}
_ROLE_KNOWN = {"title", "en", "zh", "valid_from", "valid_to", "source", "checked", "checked_source",
               "body", "acting", "end_bound", "checks", "review"}  # fmt: skip
_CHECK_KNOWN = {"source", "source_date", "seen"}
_ROLE_HEADER = re.compile(r"^\s*\[\[\s*entry\.roles\s*\]\]\s*(#.*)?$")


def default_glossary_dir() -> Path:
    """``$TAMNGU_GLOSSARY`` if set, else the curated glossary shipped with tamngu."""
    configured = os.environ.get(GLOSSARY_ENV)
    return Path(configured) if configured else Path(__file__).parent / "data"


def load_glossary(directory: Path | str | None = None) -> Glossary:
    """Load every ``*.toml`` file of ``directory``; raise on the first problem, or on a conflict ``glossary check`` reports.

    A glossary that check rejects (two targets for one Vietnamese form, say) is
    refused by every command that loads it, with check's message, rather than
    silently pinning one of the targets.

    Raises:
        GlossaryError: naming file, line and entry of the first problem found.
    """
    glossary, problems = read_glossary(directory)
    if not problems:  # two targets for one form: the matcher would pick one silently (a listed-twice form is harmless)
        problems = [problem for problem in conflicts(glossary) if "no rule to choose" in problem.message]
    if problems:
        more = f" (and {len(problems) - 1} more; run 'tamngu glossary check')" if len(problems) > 1 else ""
        raise GlossaryError(f"{problems[0]}{more}")
    return glossary


def read_glossary(directory: Path | str | None = None) -> tuple[Glossary, list[Problem]]:
    """Load a glossary directory, collecting schema problems instead of raising.

    Raises:
        GlossaryError: when the directory does not exist or holds no ``*.toml`` file.
    """
    root = Path(directory) if directory is not None else default_glossary_dir()
    files = _glossary_files(root)
    entries: list[Entry] = []
    problems: list[Problem] = []
    digest = hashlib.sha256()
    rejected, rejected_problems = read_rejected(root)
    problems.extend(rejected_problems)
    for path in [*files, *([root / REJECTED_FILE] if rejected else [])]:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        if path.name == REJECTED_FILE:
            continue
        file_entries, file_problems = _read_file(path, raw)
        entries.extend(file_entries)
        problems.extend(file_problems)
    problems.extend(_duplicate_ids(entries))
    return Glossary(tuple(entries), str(root), digest.hexdigest()[:16], rejected), problems


def _glossary_files(root: Path) -> list[Path]:
    if not root.is_dir():
        raise GlossaryError(
            f"{root}: glossary directory not found; pass --glossary DIR or set ${GLOSSARY_ENV}"
        )
    files = sorted(path for path in root.glob("*.toml") if path.name != REJECTED_FILE)
    if not files:
        raise GlossaryError(f"{root}: no *.toml glossary files in this directory")
    return files


def _read_file(path: Path, raw: bytes) -> tuple[list[Entry], list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(str(path), line, "", "is not UTF-8 text; save the file as UTF-8")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _decode_error_line(str(exc))
        return [], [Problem(str(path), line, "", f"is not valid TOML: {exc}")]
    tables = document.get("entry", [])
    unknown_top = sorted(set(document) - {"entry"})
    problems = [
        Problem(str(path), 0, "", f"unknown top-level key '{key}'; only [[entry]] tables are allowed")
        for key in unknown_top
    ]
    if not isinstance(tables, list):
        return [], problems + [Problem(str(path), 0, "", "'entry' must be written as [[entry]] tables")]
    lines, role_lines = _entry_lines(text), _role_lines(text)
    entries: list[Entry] = []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 0
        entry, entry_problems = _build_entry(table, str(path), line, role_lines.get(index, []))
        problems.extend(entry_problems)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _decode_error_line(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 0


def _entry_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if _ENTRY_HEADER.match(line)]


def _role_lines(text: str) -> dict[int, list[int]]:
    """The line of each ``[[entry.roles]]`` header, by the index of the entry it belongs to."""
    found: dict[int, list[int]] = {}
    entry_index = -1
    for number, line in enumerate(text.splitlines(), 1):
        if _ENTRY_HEADER.match(line):
            entry_index += 1
        elif _ROLE_HEADER.match(line):
            found.setdefault(entry_index, []).append(number)
    return found


def _build_entry(table: dict[str, Any], file: str, line: int, role_lines: list[int] | None = None) -> tuple[Entry | None, list[Problem]]:
    entry_id = str(table.get("id", ""))
    problems = [Problem(file, line, entry_id, message) for message in _entry_problems(table)]
    if problems:
        return None, problems
    roles, role_problems = _build_roles(table.get("roles", []), role_lines or [])
    problems = [Problem(file, line, entry_id, message) for message in role_problems]
    entry = Entry(
        id=entry_id,
        type=table["type"],
        vi=table["vi"].strip(),
        en=table["en"].strip(),
        zh=table["zh"].strip(),
        provenance=table["provenance"],
        source=table["source"].strip(),
        variants=tuple(v.strip() for v in table.get("variants", [])),
        en_alt=tuple(v.strip() for v in table.get("en_alt", [])),
        zh_alt=tuple(v.strip() for v in table.get("zh_alt", [])),
        pinyin=table.get("pinyin", "").strip(),
        note=table.get("note", "").strip(),
        valid_from=table.get("valid_from"),
        valid_to=table.get("valid_to"),
        roles=roles,
        file=file,
        line=line,
        checked=table.get("checked"),
        checked_source=table.get("checked_source", "").strip(),
        gender=table.get("gender", "").strip(),
        country=table.get("country", "").strip(),
        decided_by=table.get("decided_by", "").strip(),
        decided_on=table.get("decided_on"),
        single_holder=table.get("single_holder", False),
    )
    return entry, problems


def _entry_problems(table: dict[str, Any]) -> list[str]:
    problems = [f"unknown field '{key}'" for key in sorted(set(table) - _KNOWN)]
    problems += [f"missing required field '{key}'" for key in _REQUIRED if key not in table]
    problems += [f"field '{key}' must be a string" for key in _STRINGS if key in table and not isinstance(table[key], str)]
    problems += [f"required field '{key}' is empty" for key in _REQUIRED if isinstance(table.get(key), str) and not table[key].strip()]
    problems += [
        f"field '{key}' must be a list of non-empty strings"
        for key in _LISTS
        if key in table and not _is_string_list(table[key])
    ]
    problems += _date_problems(table)
    if isinstance(table.get("type"), str) and table["type"] not in ENTRY_TYPES:
        problems.append(f"unknown entry type '{table['type']}'; expected one of: {', '.join(ENTRY_TYPES)}")
    if isinstance(table.get("provenance"), str) and table["provenance"] not in PROVENANCES:
        problems.append(f"provenance '{table['provenance']}' must be 'verified', 'derived' or 'reviewed'")
    problems += _decision_problems(table)
    if isinstance(table.get("gender"), str) and table["gender"] not in _GENDERS:
        problems.append(f"gender '{table['gender']}' must be 'female' or 'male' (or leave it out)")
    if "single_holder" in table and not isinstance(table["single_holder"], bool):
        problems.append("field 'single_holder' must be true or false")
    elif table.get("single_holder") and table.get("type") != "title":
        problems.append("'single_holder' belongs to title entries (an office one person holds at a time); remove it here")
    if "roles" in table and not (isinstance(table["roles"], list) and all(isinstance(r, dict) for r in table["roles"])):
        problems.append("'roles' must be written as [[entry.roles]] tables")
    return problems


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def _date_problems(table: dict[str, Any]) -> list[str]:
    problems = [
        f"field '{key}' must be a TOML date like 2025-10-29 (no quotes), got {table[key]!r}"
        for key in _DATES
        if key in table and not _is_date(table[key])
    ]
    start, end = table.get("valid_from"), table.get("valid_to")
    if not problems and _is_date(start) and _is_date(end) and start > end:
        problems.append(f"valid_from {start} is after valid_to {end}")
    checked = table.get("checked")
    if _is_date(checked) and checked > dt.date.today():
        problems.append(f"checked {checked} is in the future; write the day the entry was last confirmed")
    return problems


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _build_roles(tables: list[dict[str, Any]], lines: list[int]) -> tuple[tuple[Role, ...], list[str]]:
    roles: list[Role] = []
    problems: list[str] = []
    for number, table in enumerate(tables, 1):
        role_problems = [f"role {number}: unknown field '{key}'" for key in sorted(set(table) - _ROLE_KNOWN)]
        role_problems += [f"role {number}: {message}" for message in _role_field_problems(table)]
        role_problems += [f"role {number}: missing '{key}'" for key in ("title", "en", "zh") if not isinstance(table.get(key), str) or not table[key].strip()]
        role_problems += [f"role {number}: {message}" for message in _date_problems(table)]
        role_problems += [
            f"role {number}: field '{key}' must be a string"
            for key in ("source", "checked_source")
            if key in table and not isinstance(table[key], str)
        ]
        problems.extend(role_problems)
        if not role_problems:
            roles.append(
                Role(
                    title=table["title"].strip(),
                    en=table["en"].strip(),
                    zh=table["zh"].strip(),
                    valid_from=table.get("valid_from"),
                    valid_to=table.get("valid_to"),
                    source=str(table.get("source", "")).strip(),
                    checked=table.get("checked"),
                    checked_source=str(table.get("checked_source", "")).strip(),
                    body=table.get("body", "").strip() or None,
                    acting=table.get("acting", False),
                    end_bound=table.get("end_bound", False),
                    checks=tuple(RoleCheck(c["source"].strip(), c["source_date"], c["seen"]) for c in table.get("checks", [])),
                    review=table.get("review", "").strip(),
                    line=lines[number - 1] if number <= len(lines) else 0,
                )
            )
    return tuple(roles), problems


def _role_field_problems(table: dict[str, Any]) -> list[str]:
    """The issue-24 role fields: body, acting, end_bound, review, checks."""
    problems = [f"field '{key}' must be a string" for key in ("body", "review") if key in table and not isinstance(table[key], str)]
    problems += [f"field '{key}' must be true or false" for key in ("acting", "end_bound") if key in table and not isinstance(table[key], bool)]
    if table.get("end_bound") is True and not _is_date(table.get("valid_to")):
        problems.append("end_bound = true says valid_to is a bound; give valid_to (the day before the successor's start)")
    checks = table.get("checks", [])
    if not (isinstance(checks, list) and all(isinstance(check, dict) for check in checks)):
        return problems + ["'checks' must be written as [[entry.roles.checks]] tables"]
    for number, check in enumerate(checks, 1):
        problems += [f"check {number}: {message}" for message in _check_problems(check)]
    return problems


def _check_problems(check: dict[str, Any]) -> list[str]:
    problems = [f"unknown field '{key}'" for key in sorted(set(check) - _CHECK_KNOWN)]
    if not (isinstance(check.get("source"), str) and check["source"].strip()):
        problems.append("'source' must name the page or publication consulted")
    if not _is_date(check.get("source_date")):
        problems.append(f"'source_date' must be the source's own date, a TOML date like 2026-04-07, got {check.get('source_date')!r}")
    elif check["source_date"] > dt.date.today():
        problems.append(f"source_date {check['source_date']} is in the future")
    if check.get("seen") not in ROLE_SEEN:
        problems.append(f"'seen' must be 'held' or 'ended' (what the source showed), got {check.get('seen')!r}")
    return problems


def _duplicate_ids(entries: list[Entry]) -> list[Problem]:
    first_seen: dict[str, Entry] = {}
    problems: list[Problem] = []
    for entry in entries:
        earlier = first_seen.setdefault(entry.id, entry)
        if earlier is not entry:
            problems.append(
                Problem(entry.file, entry.line, entry.id, f"duplicate id; first defined at {earlier.file}:{earlier.line}")
            )
    return problems
