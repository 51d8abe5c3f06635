"""Which glossary facts may have gone stale: open roles and current entries not re-checked.

A role without ``valid_to`` says "the person holds the office today"; that is
only as true as the newest source that showed it held. A check is only as new
as its source: a 2025 page confirms nothing about December 2026, whatever day
someone read it. :func:`stale_items` lists, by risk,

* every open role (begun by ``today``, no ``valid_to``) of an office known to
  have changed since its newest check: a later holder of the same single-holder
  office of the same body in the glossary (``changed_by``);
* every other open role whose newest check's source date is missing or more
  than ``days`` old, never-checked first, then the oldest source;
* every current-office entry: a title, organization or place that began on a
  known day (``valid_from``) and has no ``valid_to`` (a ministry formed in 2025,
  a merged province), by the entry's ``checked`` day.

Ties go most important first: national leadership posts, then ministers,
diplomats and central party bodies, then provincial and prefectural leadership,
then everything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tamngu.glossary.model import Entry, Glossary, Role
from tamngu.glossary.roles import Holding, offices

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
    """One fact to re-verify: an open role of an entry, or a current entry itself.

    For a role, ``checked`` is the source date of its newest check (``seen`` and
    ``source`` say what that source showed), ``changed_by`` names a later holder
    of the office, ``review`` what an earlier re-check could not confirm.
    """

    entry_id: str
    file: str
    line: int
    kind: str  # "role" or "entry"
    title: str  # the role's title (id or free text), or the entry's type
    text: str  # the role's English rendering, or the entry's pinned English
    checked: dt.date | None
    age_days: int | None
    tier: int
    seen: str = ""
    source: str = ""
    changed_by: str = ""
    review: str = ""

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
            "seen": self.seen or None,
            "source": self.source or None,
            "changed_by": self.changed_by or None,
            "review": self.review or None,
        }


def stale_items(glossary: Glossary, today: dt.date | None = None, days: int = DEFAULT_STALE_DAYS) -> list[StaleItem]:
    """Open roles of changed offices, open roles whose newest source is older than ``days``, and stale current entries."""
    day = today or dt.date.today()
    holdings = offices(glossary)
    items: list[StaleItem] = []
    for entry in glossary:
        for role in entry.roles:
            if role.open_on(day):
                item = _role_item(entry, role, day, _later_holder(entry, role, holdings))
                items += [item] if item.changed_by or _stale(item.checked, day, days) else []
        if _is_current_office(entry, day) and _stale(entry.checked, day, days):
            items.append(_entry_item(entry, day))
    return sorted(items, key=_risk)


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


def _later_holder(entry: Entry, role: Role, holdings: dict[tuple[str, str], list[Holding]]) -> str:
    """The first other holder of the role's office whose role began after the role's newest check (else after its start)."""
    newest = role.newest_check
    since = newest.source_date if newest else (role.valid_from or dt.date.min)
    later = [
        h for h in holdings.get((role.title, role.body or ""), [])
        if h.entry.id != entry.id and h.role.valid_from is not None and h.role.valid_from > since
    ]  # fmt: skip
    first = min(later, key=lambda h: h.role.valid_from or dt.date.max, default=None)
    return f"{first.entry.id} from {first.role.valid_from} ({first.where})" if first else ""


def _role_item(entry: Entry, role: Role, today: dt.date, changed_by: str) -> StaleItem:
    newest = role.newest_check
    checked = newest.source_date if newest else None
    return StaleItem(
        entry.id, entry.file, role.line or entry.line, "role", role.title, role.en, checked, _age(checked, today), tier_of(role.title),
        seen=newest.seen if newest else "", source=newest.source if newest else "", changed_by=changed_by, review=role.review,
    )  # fmt: skip


def _entry_item(entry: Entry, today: dt.date) -> StaleItem:
    tier = tier_of(entry.id) if entry.type == "title" else len(_TIERS)
    return StaleItem(entry.id, entry.file, entry.line, "entry", entry.type, entry.en, entry.checked, _age(entry.checked, today), tier)


def _risk(item: StaleItem) -> tuple[int, int, int, dt.date, int, str, str]:
    changed = 0 if item.changed_by else 1
    kind = 0 if item.kind == "role" else 1
    never = 0 if item.checked is None else 1
    return (changed, kind, never, item.checked or dt.date.min, item.tier, item.entry_id, item.title)
