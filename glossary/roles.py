"""Who holds an office on a day: the one-holder rule and a role's status for an article date.

Some offices are held by one person at a time (a title entry with
``single_holder = true``: State President, a province's Party secretary, an
ambassador to a country). A person's role names the body whose office it is
(``body``, an entry id), so Lào Cai's secretary and Phú Thọ's are different
offices. :func:`role_problems` finds, for ``glossary check``:

* two people holding one single-holder office of the same body on the same day;
* a role left open although a later holder's role of that office has started
  (end it: ``valid_to`` the day before, ``end_bound = true`` when no source
  gives the day);
* a role whose ``body`` names no entry, or a single-holder role without a body;
* a role still carrying the old ``checked`` day instead of ``[[entry.roles.checks]]``.

:func:`role_status` says whether an article may bind a person to an office on
its date: confirmed, unconfirmed (open, or only bounded, with no source dated
inside the window showing it held), ended, not yet begun, or unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from tamngu.glossary.loader import Problem
from tamngu.glossary.model import Entry, Glossary, Role, RoleCheck
from tamngu.glossary.normalize import normalize

DEFAULT_ROLE_WINDOW_DAYS = 180

RoleState = Literal["confirmed", "unconfirmed", "ended", "not_started", "unknown"]
P = TypeVar("P", bound=Any)  # a resolver pin: segment, start, end, text, entry, role_note


@dataclass(frozen=True)
class Holding:
    """One person's role of an office: the person entry and the role."""

    entry: Entry
    role: Role

    @property
    def where(self) -> str:
        return f"{self.entry.file}:{self.role.line or self.entry.line}"

    def describe(self) -> str:
        return f"'{self.entry.id}' ({self.where}, {period(self.role)})"


@dataclass(frozen=True)
class RoleStatus:
    """What the glossary says of ``entry`` holding an office on an article's date.

    ``role`` is the matching role (the one valid that day, else the nearest);
    ``held_then`` the person's roles valid that day; ``holders_then`` the other
    people holding the office that day (when a glossary was given).
    """

    state: RoleState
    article_date: dt.date | None
    window_days: int
    role: Role | None = None
    held_then: tuple[Role, ...] = ()
    holders_then: tuple[Holding, ...] = ()

    @property
    def newest_check(self) -> RoleCheck | None:
        return self.role.newest_check if self.role else None

    @property
    def current(self) -> bool:
        """True when the role may be pinned as held on the article's date."""
        return self.state in ("confirmed", "unconfirmed")

    @property
    def note(self) -> str | None:
        """``role unconfirmed: ...`` / ``role ended: ...`` for the audit, or None when there is nothing to say."""
        if self.role is None or self.state == "confirmed":
            return None
        if self.state == "unconfirmed":
            return f"role unconfirmed: {self.role.en} ({period(self.role)}); newest check: {describe_check(self.newest_check)}"
        then = "; ".join(role.en for role in self.held_then) or "no role in the glossary"
        others = "".join(f"; {h.entry.en} held the office ({period(h.role)})" for h in self.holders_then)
        verb = "role ended" if self.state == "ended" else "role not yet begun"
        return f"{verb}: {self.role.en} ({period(self.role)}); held then: {then}{others}"


def period(role: Role) -> str:
    """``2025-07-01..2026-03-05 (bound)``, ``2025-07-01..open``, ``seen 2024-11-08`` (one sighting)."""
    if sighting(role):
        return f"seen {role.valid_from}{' acting' if role.acting else ''}"
    end = f"{role.valid_to}{' (bound)' if role.end_bound else ''}" if role.valid_to else "open"
    return f"{role.valid_from or '?'}..{end}{' acting' if role.acting else ''}"


def sighting(role: Role) -> bool:
    """A role known from one day only (an article's date as both ends): it shows the post held then, not its end."""
    return role.valid_from is not None and role.valid_from == role.valid_to and not role.end_bound


def describe_check(check: RoleCheck | None) -> str:
    return "none" if check is None else f"{check.source} ({check.source_date}, {check.seen})"


# --------------------------------------------------------------------------- glossary check


def role_problems(glossary: Glossary) -> list[Problem]:
    """Bodies that name no entry, old ``checked`` days, and breaks of the one-holder rule."""
    problems: list[Problem] = []
    single = single_holder_titles(glossary)
    for entry in glossary:
        for number, role in enumerate(entry.roles, 1):
            problems += [Problem(entry.file, role.line or entry.line, entry.id, f"role {number}: {m}") for m in _field_problems(glossary, role, single)]
    return problems + one_holder_problems(glossary)


def single_holder_titles(glossary: Glossary) -> frozenset[str]:
    return frozenset(entry.id for entry in glossary if entry.type == "title" and entry.single_holder)


def _field_problems(glossary: Glossary, role: Role, single: frozenset[str]) -> list[str]:
    problems: list[str] = []
    if role.body is not None and glossary.get(role.body) is None:
        problems.append(f"body '{role.body}' is no entry id; write the id of the province, prefecture, county or organization")
    if role.body is None and role.title in single:
        problems.append(f"'{role.title}' is held by one person at a time; give the role its body (the entry id of whose office it is)")
    if role.checked is not None or role.checked_source:
        problems.append("'checked' says nothing of what was seen; write [[entry.roles.checks]] with source, source_date and seen")
    return problems


def one_holder_problems(glossary: Glossary) -> list[Problem]:
    """Two holders of one single-holder office of one body on the same day, naming both roles."""
    problems: list[Problem] = []
    for holdings in offices(glossary).values():
        ordered = sorted(holdings, key=lambda h: (h.role.valid_from or dt.date.min, h.where))
        for index, later in enumerate(ordered):
            problems += [_clash(earlier, later) for earlier in ordered[:index] if _clashes(earlier, later)]
    return problems


def offices(glossary: Glossary) -> dict[tuple[str, str], list[Holding]]:
    """The holdings of every single-holder office, keyed by (title id, body id)."""
    single = single_holder_titles(glossary)
    found: dict[tuple[str, str], list[Holding]] = {}
    for entry in glossary:
        for role in entry.roles:
            if role.title in single and role.body:
                found.setdefault((role.title, role.body), []).append(Holding(entry, role))
    return found


def _clashes(earlier: Holding, later: Holding) -> bool:
    if earlier.entry.id == later.entry.id:  # acting then confirmed in the same office: one person
        return False
    return _overlap(earlier.role, later.role)


def _overlap(first: Role, second: Role) -> bool:
    start = max(first.valid_from or dt.date.min, second.valid_from or dt.date.min)
    end = min(first.valid_to or dt.date.max, second.valid_to or dt.date.max)
    return start <= end


def _clash(earlier: Holding, later: Holding) -> Problem:
    office = f"'{later.role.title}' of '{later.role.body}'"
    if earlier.role.valid_to is None and (later.role.valid_from or dt.date.min) > (earlier.role.valid_from or dt.date.min):
        start = later.role.valid_from
        bound = start - dt.timedelta(days=1) if start else None
        message = (
            f"{office} is open in {earlier.describe()} although a later holder's role has started in {later.describe()}; "
            f"end it from a source, or with valid_to = {bound} and end_bound = true (the day before the successor's start)"
        )
        return Problem(earlier.entry.file, earlier.role.line or earlier.entry.line, earlier.entry.id, message)
    message = (
        f"{office} is held by one person at a time, but {later.describe()} overlaps {earlier.describe()}; "
        "correct the dates from sources (an end no source gives is the day before the successor's start, with end_bound = true)"
    )
    return Problem(later.entry.file, later.role.line or later.entry.line, later.entry.id, message)


# --------------------------------------------------------------------------- status on an article date


def role_status(
    entry: Entry,
    office_id_or_text: str,
    article_date: dt.date | None,
    window_days: int = DEFAULT_ROLE_WINDOW_DAYS,
    *,
    body: str | None = None,
    glossary: Glossary | None = None,
) -> RoleStatus:
    """Whether ``entry`` held the office on ``article_date``, and how surely.

    The office is a title id (``secretary-provincial-party-committee``) or a
    rendering of the role (its English or Chinese, compared normalized; the
    English may also be the last office of a combined role, "... and Secretary
    of the Lao Cai Provincial Party Committee");
    ``body`` narrows it to one body's office. A role is ``confirmed`` when its
    end is known (not a bound) and the date lies inside it, or when a check
    dated on or after ``article_date - window_days`` saw it held; else an open
    or bounded role is ``unconfirmed``, and so is a role seen on one day only
    (both ends that day) for the other days: its end is not known. With ``glossary``, an ended status also
    names who held the office then.
    """
    matching = [role for role in entry.roles if _matches(role, office_id_or_text, body)]
    if not matching:
        return RoleStatus("unknown", article_date, window_days)
    held_then = entry.roles_on(article_date)
    valid = [role for role in matching if role.valid_on(article_date)]
    if valid:
        role = max(valid, key=_confidence(article_date, window_days))
        state: RoleState = "confirmed" if _confirmed(role, article_date, window_days) else "unconfirmed"
        return RoleStatus(state, article_date, window_days, role, held_then)
    assert article_date is not None  # every role is valid on no date
    seen = [role for role in matching if sighting(role)]
    before = [role for role in matching if role.valid_to is not None and role.valid_to < article_date and not sighting(role)]
    if seen and not any(role.valid_to >= max(r.valid_from for r in seen) for role in before):  # type: ignore[operator]
        nearest = min(seen, key=lambda r: abs((r.valid_from - article_date).days))  # type: ignore[operator]
        return RoleStatus("unconfirmed", article_date, window_days, nearest, held_then)  # seen once, end unknown
    role = max(before, key=lambda r: r.valid_to or dt.date.min) if before else min(matching, key=lambda r: r.valid_from or dt.date.max)
    holders = _holders_on(glossary, role, entry.id, article_date) if glossary else ()
    return RoleStatus("ended" if before else "not_started", article_date, window_days, role, held_then, holders)


def _matches(role: Role, office: str, body: str | None) -> bool:
    if body is not None and role.body != body:
        return False
    wanted, english = normalize(office), normalize(role.en)
    if role.title == office or wanted in (english, normalize(role.zh)):
        return True
    return english.endswith((f" and {wanted}", f", {wanted}"))  # "Member of ... and Secretary of the X ..."


def _confirmed(role: Role, day: dt.date | None, window_days: int) -> bool:
    if role.valid_to is not None and not role.end_bound:
        return True
    if day is None:
        return False
    since = day - dt.timedelta(days=window_days)
    return any(check.seen == "held" and check.source_date >= since for check in role.checks)


def _confidence(day: dt.date | None, window_days: int):  # type: ignore[no-untyped-def]
    return lambda role: (_confirmed(role, day, window_days), role.valid_from or dt.date.min)


def _holders_on(glossary: Glossary, role: Role, person: str, day: dt.date) -> tuple[Holding, ...]:
    if not role.body:
        return ()
    holdings = offices(glossary).get((role.title, role.body), [])
    return tuple(h for h in holdings if h.entry.id != person and h.role.valid_on(day))


# --------------------------------------------------------------------------- pins of an article

# Between an office and the name it is bound to: nothing, "đồng chí"/"ông"/"bà", or (after the name) a comma.
_BEFORE_NAME = re.compile(r"\s*(?:(?:đồng chí|ông|bà)\s+)?", re.IGNORECASE)
_AFTER_NAME = re.compile(r"\s*[,–-]\s*")
_COMPOSED = re.compile(r"^composed: (?:office|post) '([^']+)' (?:\+ place|of body) '([^']+)'")
_UNIT = re.compile(r"\s*(?:tỉnh|thành phố|châu|huyện)?\s*", re.IGNORECASE)  # between an office and its place


def note_roles(segments: Sequence[str], pins: Sequence[Sequence[P]], glossary: Glossary | None, day: dt.date | None,
               window_days: int = DEFAULT_ROLE_WINDOW_DAYS) -> tuple[tuple[P, ...], ...]:  # fmt: skip
    """``pins`` with ``role_note`` set on each person bound to an office whose role is not confirmed on ``day``.

    A person pin is bound to the office pin right before it (``Bí thư Tỉnh ủy Lào
    Cai Dương Quốc Huy``) or right after it behind a comma (``Dương Quốc Huy,
    Bí thư Tỉnh ủy Lào Cai``). The pins are kept (the text says what it says);
    the note says ``role unconfirmed: ...`` (with the role and its newest check)
    or ``role ended: ...`` (with the role the person held then).
    """
    if day is None:
        return tuple(tuple(segment_pins) for segment_pins in pins)
    return tuple(
        tuple(_noted(text, list(segment_pins), glossary, day, window_days)) for text, segment_pins in zip(segments, pins)
    )


def _noted(text: str, pins: list[P], glossary: Glossary | None, day: dt.date, window_days: int) -> list[P]:
    out = list(pins)
    for index, pin in enumerate(pins):
        if pin.entry.type != "person" or not pin.entry.roles:
            continue
        office, body = _bound_office(text, pins, index)
        status = _office_status(pin.entry, office.entry, body, day, window_days, glossary) if office else None
        if status is not None and status.note:
            out[index] = replace(pin, role_note=status.note)
    return out


def _bound_office(text: str, pins: list[P], index: int) -> tuple[P | None, str | None]:
    """The office pin bound to the person at ``index`` and, when the place is a pin of its own, the place's id."""
    before = pins[index - 1] if index > 0 else None
    if before is not None and _BEFORE_NAME.fullmatch(text[before.end : pins[index].start]):
        if _is_office(before.entry):
            return before, None
        title = pins[index - 2] if index > 1 else None  # office, place, name: "Bí thư Tỉnh ủy | Lào Cai | Dương Quốc Huy"
        if before.entry.type == "place" and title is not None and _is_office(title.entry) and _UNIT.fullmatch(text[title.end : before.start]):
            return title, before.entry.id
    after = pins[index + 1] if index + 1 < len(pins) else None
    if after is not None and _is_office(after.entry) and _AFTER_NAME.fullmatch(text[pins[index].end : after.start]):
        place = pins[index + 2] if index + 2 < len(pins) else None
        if place is not None and place.entry.type == "place" and _UNIT.fullmatch(text[after.end : place.start]):
            return after, place.entry.id
        return after, None
    return None, None


def _is_office(entry: Entry) -> bool:
    return entry.type == "title" and not (entry.source.startswith("composed:") and not _COMPOSED.match(entry.source))


def _office_status(person: Entry, office: Entry, body: str | None, day: dt.date, window_days: int,
                   glossary: Glossary | None) -> RoleStatus:  # fmt: skip
    composed = _COMPOSED.match(office.source)
    title, body = (composed.group(1), composed.group(2)) if composed else (office.id, body)
    if body is not None:  # the title id and the body (the place pinned with it or composed into it): who held it then
        status = role_status(person, title, day, window_days, body=body, glossary=glossary)
        if status.state != "unknown":
            return status
    return role_status(person, office.en, day, window_days)  # by its English: the office may be one part of the role
