"""role_status (issue 24): is a person's office on an article's date confirmed, unconfirmed, or over?"""

from __future__ import annotations

import datetime as dt

import pytest

from tamngu.glossary.model import Entry, Glossary, Role, RoleCheck
from tamngu.glossary.roles import role_status

D = dt.date
SEC = "secretary-provincial-party-committee"
HELD_APRIL = (RoleCheck("VNA, 7/4/2026", D(2026, 4, 7), "held"),)
ENDED_APRIL = (RoleCheck("VNA, 7/4/2026", D(2026, 4, 7), "ended"),)


def secretary(start: dt.date | None, end: dt.date | None = None, body: str = "lao-cai", **fields: object) -> Role:
    return Role(SEC, f"Secretary of the {body} Provincial Party Committee", "省委书记", start, end, body=body, **fields)  # type: ignore[arg-type]


def person(*roles: Role, id: str = "a", en: str = "Le A") -> Entry:
    return Entry(id, "person", "Lê A", en, "黎甲", "derived", "test", roles=roles, file="person.toml", line=3)


OPEN = secretary(D(2025, 7, 1), checks=HELD_APRIL)


@pytest.mark.parametrize(
    ("entry", "office", "day", "window", "state", "note"),
    [
        # a check inside the window confirms an open role; past it the role is unconfirmed, with the newest check
        (person(OPEN), SEC, D(2026, 6, 1), 180, "confirmed", None),
        (person(OPEN), SEC, D(2026, 12, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (2025-07-01..open); newest check: VNA, 7/4/2026 (2026-04-07, held)"),
        (person(OPEN), SEC, D(2026, 12, 1), 300, "confirmed", None),
        # a source after the article's date that saw the role held confirms it too
        (person(OPEN), SEC, D(2025, 9, 1), 180, "confirmed", None),
        # a source that saw it ended confirms nothing; no check at all says "none"
        (person(secretary(D(2025, 7, 1), checks=ENDED_APRIL)), SEC, D(2026, 4, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (2025-07-01..open); newest check: VNA, 7/4/2026 (2026-04-07, ended)"),
        (person(secretary(D(2025, 7, 1))), SEC, D(2025, 8, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (2025-07-01..open); newest check: none"),
        # a known end confirms the days inside; a bound does not
        (person(secretary(D(2020, 1, 1), D(2024, 6, 15))), SEC, D(2023, 1, 1), 180, "confirmed", None),
        (person(secretary(D(2020, 1, 1), D(2024, 6, 15), end_bound=True)), SEC, D(2023, 1, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (2020-01-01..2024-06-15 (bound)); newest check: none"),
        # over at the article's date: never current, and the note says what the person held then
        (person(secretary(D(2020, 1, 1), D(2025, 6, 30)), secretary(D(2025, 7, 1), body="phu-tho")), Role(SEC, "x", "y").title,
         D(2026, 1, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the phu-tho Provincial Party Committee (2025-07-01..open); newest check: none"),
        (person(secretary(D(2020, 1, 1), D(2025, 6, 30)), secretary(D(2025, 7, 1), body="phu-tho")), "Secretary of the lao-cai Provincial Party Committee",
         D(2026, 1, 1), 180, "ended",
         "role ended: Secretary of the lao-cai Provincial Party Committee (2020-01-01..2025-06-30); held then: Secretary of the phu-tho Provincial Party Committee"),
        (person(secretary(D(2025, 7, 1))), SEC, D(2025, 1, 1), 180, "not_started",
         "role not yet begun: Secretary of the lao-cai Provincial Party Committee (2025-07-01..open); held then: no role in the glossary"),
        # an acting holder's role says so
        (person(secretary(D(2025, 7, 1), acting=True)), SEC, D(2025, 8, 1), 180, "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (2025-07-01..open acting); newest check: none"),
        # an office the person has no role for: nothing to say
        (person(OPEN), "state-president", D(2026, 6, 1), 180, "unknown", None),
    ],
)
def test_role_status(entry: Entry, office: str, day: dt.date, window: int, state: str, note: str | None) -> None:
    status = role_status(entry, office, day, window)
    assert (status.state, status.note, status.current) == (state, note, state in ("confirmed", "unconfirmed"))


@pytest.mark.parametrize(
    ("body", "state"),
    [("lao-cai", "ended"), ("phu-tho", "unconfirmed"), (None, "unconfirmed")],
)
def test_role_status_by_body(body: str | None, state: str) -> None:
    entry = person(secretary(D(2020, 1, 1), D(2025, 6, 30)), secretary(D(2025, 7, 1), body="phu-tho"))
    assert role_status(entry, SEC, D(2026, 1, 1), body=body).state == state


def test_ended_role_names_who_held_the_office_then() -> None:
    before = person(secretary(D(2020, 1, 1), D(2025, 6, 30), end_bound=True))
    after = person(secretary(D(2025, 7, 1)), id="b", en="Tran B")
    title = Entry(SEC, "title", "Bí thư Tỉnh ủy", "Provincial Party Secretary", "省委书记", "derived", "test", single_holder=True)
    status = role_status(before, SEC, D(2025, 9, 1), glossary=Glossary((title, before, after)))
    assert status.note == (
        "role ended: Secretary of the lao-cai Provincial Party Committee (2020-01-01..2025-06-30 (bound)); "
        "held then: no role in the glossary; Tran B held the office (2025-07-01..open)"
    )


@pytest.mark.parametrize(
    ("roles", "day", "state", "note"),
    [
        # seen in one article only: held that day; on other days unconfirmed (its end is not known), never "ended"
        ((secretary(D(2024, 11, 8), D(2024, 11, 8)),), D(2024, 11, 8), "confirmed", None),
        ((secretary(D(2024, 11, 8), D(2024, 11, 8)),), D(2026, 1, 1), "unconfirmed",
         "role unconfirmed: Secretary of the lao-cai Provincial Party Committee (seen 2024-11-08); newest check: none"),
        # a later known end after the sighting: ended
        ((secretary(D(2024, 11, 8), D(2024, 11, 8)), secretary(D(2025, 1, 1), D(2025, 6, 30))), D(2026, 1, 1), "ended",
         "role ended: Secretary of the lao-cai Provincial Party Committee (2025-01-01..2025-06-30); held then: no role in the glossary"),
    ],
)
def test_one_day_sightings(roles: tuple[Role, ...], day: dt.date, state: str, note: str | None) -> None:
    status = role_status(person(*roles), SEC, day)
    assert (status.state, status.note) == (state, note)
