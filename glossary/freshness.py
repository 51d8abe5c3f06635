"""Which glossary facts may have gone stale: open-ended roles and current entries not re-checked.

A role without ``valid_to`` says "not known to have ended"; that is only as true
as the day someone last looked. :func:`stale_items` lists

* every open-ended role (begun by ``today``, no ``valid_to``) whose ``checked``
  day (the role's own, else its entry's) is missing or more than ``days`` old;
* every current-office entry: a title, organization or place that began on a
  known day (``valid_from``) and has no ``valid_to`` (a ministry formed in 2025,
  a merged province), with the same rule on the entry's ``checked``.

They come most important first: national leadership posts, then ministers,
diplomats and central party bodies, then provincial and prefectural leadership,
then everything else; inside a tier, never-checked items first, then the oldest
check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tamngu.glossary.model import Entry, Glossary, Role

DEFAULT_STALE_DAYS = 180

# Importance tiers by title id (role.title or a title entry's id): first match wins.
_TIERS: tuple[tuple[str, ...], ...] = (
    (
        "general-secretary",
        "state-president",
        "president-china",
        "prime-minister",
        "premier-state-council",
        "chairman-national-assembly",
        "chairman-npc-standing-committee",
        "chairman-cppcc-national-committee",
        "permanent-member-secretariat",
        "politburo-member",
    ),
    ("minister", "ambassador", "consul", "international-department", "external-relations", "central-"),
    ("provincial", "prefectur", "prefecture", "yunnan", "governor", "standing-committee"),
)
_CURRENT_TYPES = ("title", "organization", "place")


@dataclass(frozen=True)
class StaleItem:
    """One fact to re-verify: an open-ended role of an entry, or a current entry itself."""

    entry_id: str
    file: str
    line: int
    kind: str  # "role" or "entry"
    title: str  # the role's title (id or free text), or the entry's type
    text: str  # the role's English rendering, or the entry's pinned English
    checked: dt.date | None
    age_days: int | None
    tier: int

    def as_dict(self) -> dict[str, object]:
        return {
            "entry": self.entry_id,
            "file": self.file,
            "line": self.line,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "checked": self.checked.isoformat() if self.checked else None,
            "age_days": self.age_days,
            "tier": self.tier,
        }


def stale_items(glossary: Glossary, today: dt.date | None = None, days: int = DEFAULT_STALE_DAYS) -> list[StaleItem]:
    """Open-ended roles and current-office entries not checked within ``days`` of ``today``."""
    day = today or dt.date.today()
    items: list[StaleItem] = []
    for entry in glossary:
        items += [
            _role_item(entry, role, day) for role in entry.roles if role.open_on(day) and _stale(role.checked or entry.checked, day, days)
        ]
        if _is_current_office(entry, day) and _stale(entry.checked, day, days):
            items.append(_entry_item(entry, day))
    return sorted(items, key=_importance)


def tier_of(title: str) -> int:
    """0 national leadership, 1 ministers/diplomats/central bodies, 2 provincial leadership, 3 other."""
    for number, keys in enumerate(_TIERS):
        if any(key in title for key in keys):
            return number
    return len(_TIERS)


def _stale(checked: dt.date | None, today: dt.date, days: int) -> bool:
    return checked is None or (today - checked).days > days


def _is_current_office(entry: Entry, today: dt.date) -> bool:
    return entry.type in _CURRENT_TYPES and entry.valid_from is not None and entry.valid_from <= today and entry.valid_to is None


def _age(checked: dt.date | None, today: dt.date) -> int | None:
    return (today - checked).days if checked else None


def _role_item(entry: Entry, role: Role, today: dt.date) -> StaleItem:
    checked = role.checked or entry.checked
    return StaleItem(entry.id, entry.file, entry.line, "role", role.title, role.en, checked, _age(checked, today), tier_of(role.title))


def _entry_item(entry: Entry, today: dt.date) -> StaleItem:
    tier = tier_of(entry.id) if entry.type == "title" else len(_TIERS)
    return StaleItem(entry.id, entry.file, entry.line, "entry", entry.type, entry.en, entry.checked, _age(entry.checked, today), tier)


def _importance(item: StaleItem) -> tuple[int, int, dt.date, str, str]:
    never = 0 if item.checked is None else 1
    return (item.tier, never, item.checked or dt.date.min, item.entry_id, item.title)
