"""Validate a glossary directory: schema problems plus conflicts between entries.

On top of what :func:`tamngu.glossary.loader.read_glossary` reports (bad TOML, not
UTF-8, unknown type or field, bad dates, missing languages, duplicate ids),
:func:`check_glossary` finds what only shows across forms and entries:

* the same normalized Vietnamese form pinned to different targets by two
  entries whose validity periods overlap: the matcher has no rule to choose;
* the same form listed twice (in one entry, or in two entries with the same
  targets and overlapping periods);
* a form that normalizes to nothing;
* an English or Chinese alternative equal to the pinned form;
* an id that is not lowercase ASCII with hyphens.

Every problem names file, line and entry, and for conflicts the other entry
with its file and line. The report also counts the facts that may have gone
stale (:mod:`tamngu.glossary.freshness`): a warning, not a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tamngu.glossary.freshness import DEFAULT_STALE_DAYS, StaleItem, stale_items
from tamngu.glossary.conflicts import conflicts, form_key
from tamngu.glossary.lexicon import lexicon_problems
from tamngu.glossary.bodies import TEMPLATES_FILE as BODIES_FILE, load_templates as load_body_templates, template_problems as body_template_problems
from tamngu.glossary.offices import TEMPLATES_FILE as OFFICES_FILE, template_problems
from tamngu.glossary.loader import Problem, read_glossary
from tamngu.glossary.model import COUNTRY_TYPES, PROVENANCES, Entry, Glossary
from tamngu.glossary.roles import role_problems

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class CheckReport:
    """Outcome of :func:`check_glossary`; ``ok`` when there is no problem."""

    directory: str
    version: str
    entries: int
    by_type: dict[str, int]
    by_provenance: dict[str, int]
    files: int
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    stale: tuple[StaleItem, ...] = field(default_factory=tuple)
    stale_days: int = DEFAULT_STALE_DAYS
    today: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        """JSON-ready view, problems as ``{file, line, entry, message, text}``."""
        return {
            "ok": self.ok,
            "directory": self.directory,
            "version": self.version,
            "files": self.files,
            "entries": self.entries,
            "by_type": self.by_type,
            "by_provenance": self.by_provenance,
            "problems": [
                {"file": p.file, "line": p.line, "entry": p.entry_id, "message": p.message, "text": str(p)}
                for p in self.problems
            ],
            "today": self.today.isoformat() if self.today else None,
            "stale_days": self.stale_days,
            "stale_count": len(self.stale),
            "stale": [item.as_dict() for item in self.stale],
        }


def check_glossary(directory: Path | str, today: dt.date | None = None, stale_days: int = DEFAULT_STALE_DAYS) -> CheckReport:
    """Read ``directory`` and report every problem found in it, and what is stale on ``today``.

    Raises:
        GlossaryError: when the directory does not exist or holds no ``*.toml`` file.
    """
    day = today or dt.date.today()
    glossary, problems = read_glossary(directory)
    problems = [*problems, *entry_problems(glossary), *conflicts(glossary), *role_problems(glossary), *_rule_data_problems(Path(directory), glossary)]
    problems.sort(key=lambda p: (p.file, p.line, p.entry_id, p.message))
    return CheckReport(
        directory=str(directory),
        version=glossary.version,
        entries=len(glossary),
        by_type=dict(sorted(Counter(entry.type for entry in glossary).items())),
        by_provenance={name: sum(entry.provenance == name for entry in glossary) for name in PROVENANCES},
        files=len(sorted(Path(directory).glob("*.toml"))),
        problems=tuple(problems),
        stale=tuple(stale_items(glossary, day, stale_days)),
        stale_days=stale_days,
        today=day,
    )


def _rule_data_problems(directory: Path, glossary: Glossary) -> list[Problem]:
    """The rules' data beside the glossary, when the directory has it: the lexicon (``lexicon/``) and the
    office templates (``compose/offices.toml``, keyed by entry ids that must exist)."""
    problems = lexicon_problems(directory / "lexicon") if (directory / "lexicon").is_dir() else []
    offices = directory / "compose" / OFFICES_FILE.name
    bodies = directory / "compose" / BODIES_FILE.name  # body templates (issue 23)
    if offices.is_file():
        entries = {entry.id: entry for entry in glossary}
        body_ids = [record.entry for record in load_body_templates(bodies)] if bodies.is_file() else []
        problems += [Problem(str(offices), line, entry_id, message)
                     for line, entry_id, message in template_problems(entries, offices, entries, body_ids)]
    if bodies.is_file():
        problems += [Problem(str(bodies), 0, "", message) for message in body_template_problems((e.id for e in glossary), bodies)]
    return problems


def entry_problems(glossary: Glossary) -> list[Problem]:
    """Problems inside single entries: ids, empty or repeated forms, alternatives equal to the pin."""
    problems: list[Problem] = []
    for entry in glossary:
        messages = _id_problems(entry) + _form_problems(entry) + _alternative_problems(entry) + _country_problems(entry)
        problems += [Problem(entry.file, entry.line, entry.id, message) for message in messages]
    return problems


def _id_problems(entry: Entry) -> list[str]:
    if _ID.match(entry.id):
        return []
    return [f"id {entry.id!r} must be lowercase ASCII letters, digits and hyphens, like 'wang-ning'"]


def _country_problems(entry: Entry) -> list[str]:
    """``country``: a two-letter ISO code, on places and organizations only."""
    if not entry.country:
        return []
    if not _COUNTRY.match(entry.country):
        return [f"country {entry.country!r} must be a two-letter ISO 3166-1 code in capitals, like 'VN', 'CN' or 'LA'"]
    if entry.type not in COUNTRY_TYPES:
        return [f"country belongs to places and organizations, not to a {entry.type}; remove it"]
    return []


def _form_problems(entry: Entry) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    for form in entry.vi_forms:
        key = form_key(form)
        if not re.search(r"\w", key):
            problems.append(f"Vietnamese form {form!r} has no letter or digit after normalization; remove it or write the name")
        elif key in seen:
            problems.append(f"Vietnamese form {form!r} is listed twice (same as {seen[key]!r} after normalization); remove one")
        else:
            seen[key] = form
    return problems


def _alternative_problems(entry: Entry) -> list[str]:
    problems: list[str] = []
    for lang in ("en", "zh"):
        pinned, *alternatives = entry.target_forms(lang)  # type: ignore[arg-type]
        if pinned in alternatives:
            problems.append(f"{lang}_alt repeats the pinned {lang} form {pinned!r}; remove it from {lang}_alt")
        repeated = sorted(form for form, count in Counter(alternatives).items() if count > 1)
        problems += [f"{lang}_alt lists {form!r} twice; remove one" for form in repeated]
    return problems
