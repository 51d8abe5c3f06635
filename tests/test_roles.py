"""The one-holder rule (issue 24): one person per single-holder office of one body on any day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.glossary.check import check_glossary
from tamngu.glossary.loader import read_glossary

BASE = '''
[[entry]]
id = "secretary"
type = "title"
vi = "Bí thư Tỉnh ủy"
en = "Secretary of the Provincial Party Committee"
zh = "省委书记"
provenance = "derived"
source = "test"
single_holder = true

[[entry]]
id = "deputy"
type = "title"
vi = "Phó Bí thư Tỉnh ủy"
en = "Deputy Secretary of the Provincial Party Committee"
zh = "省委副书记"
provenance = "derived"
source = "test"

[[entry]]
id = "lao-cai"
type = "place"
vi = "Lào Cai"
en = "Lao Cai"
zh = "老街"
provenance = "derived"
source = "test"

[[entry]]
id = "phu-tho"
type = "place"
vi = "Phú Thọ"
en = "Phu Tho"
zh = "富寿"
provenance = "derived"
source = "test"
'''

PERSON = '''
[[entry]]
id = "{id}"
type = "person"
vi = "{vi}"
en = "{vi}"
zh = "某"
provenance = "derived"
source = "test"
'''


def person(id: str, *roles: str) -> str:
    return PERSON.format(id=id, vi=f"Người {id.upper()}") + "".join(roles)


def role(start: str | None = None, end: str | None = None, *, title: str = "secretary", body: str | None = "lao-cai", extra: str = "") -> str:
    text = f'\n[[entry.roles]]\ntitle = "{title}"\nen = "Role"\nzh = "职务"\n'
    text += f"valid_from = {start}\n" if start else ""
    text += f"valid_to = {end}\n" if end else ""
    text += f'body = "{body}"\n' if body else ""
    return text + extra


def problems(tmp_path: Path, people: str) -> list[str]:
    (tmp_path / "g.toml").write_text(BASE + people, encoding="utf-8")
    return [f"{p.line}: {p.entry_id}: {p.message}" for p in check_glossary(tmp_path, today=dt.date(2026, 12, 4)).problems]


OPEN_AFTER = (
    "'secretary' of 'lao-cai' is open in 'a' ({f}:{a}, 2020-01-01..open) although a later holder's role has started in 'b' "
    "({f}:{b}, 2025-07-01..open); end it from a source, or with valid_to = 2025-06-30 and end_bound = true (the day before the successor's start)"
)
OVERLAP = (
    "'secretary' of 'lao-cai' is held by one person at a time, but 'b' ({f}:{b}, 2024-06-01..2025-01-01) overlaps 'a' "
    "({f}:{a}, 2020-01-01..2024-06-15); correct the dates from sources (an end no source gives is the day before the successor's start, with end_bound = true)"
)


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        # successive holders, the first ended the day before: fine
        (person("a", role("2020-01-01", "2025-06-30")) + person("b", role("2025-07-01")), []),
        # the first ended by a bound (no source gives the day): fine
        (person("a", role("2020-01-01", "2025-06-30", extra="end_bound = true\n")) + person("b", role("2025-07-01")), []),
        # open after a successor started: the open role carries the problem, with the bound to write
        (person("a", role("2020-01-01")) + person("b", role("2025-07-01")), [("a", "open", 48, 64)]),
        # overlapping closed roles: the later one carries it
        (person("a", role("2020-01-01", "2024-06-15")) + person("b", role("2024-06-01", "2025-01-01")), [("b", "overlap", 48, 65)]),
        # touching on one day is an overlap too
        (person("a", role("2020-01-01", "2024-06-01")) + person("b", role("2024-06-01", "2025-01-01")), [("b", "overlap*", 48, 65)]),
        # two bodies with the same office name: Lao Cai's secretary and Phu Tho's
        (person("a", role("2020-01-01")) + person("b", role("2025-07-01", body="phu-tho")), []),
        # an office many hold at once (not single-holder): no rule
        (person("a", role("2020-01-01", title="deputy")) + person("b", role("2025-07-01", title="deputy")), []),
        # an acting holder, then the same person confirmed, sharing a day: one person, fine
        (person("a", role("2025-01-01", "2025-03-01", extra="acting = true\n"), role("2025-03-01")), []),
        # an acting holder is a holder: open while another's role began
        (person("a", role("2025-01-01", extra="acting = true\n")) + person("b", role("2025-07-01")), [("a", "open-acting", 48, 65)]),
        # an acting holder between two holders, bounded on both sides: fine
        (
            person("a", role("2020-01-01", "2024-12-31")) + person("b", role("2025-01-01", "2025-02-28", extra="acting = true\n"))
            + person("c", role("2025-03-01")),
            [],
        ),
    ],
)
def test_one_holder_rule(tmp_path: Path, people: str, expected: list[tuple[str, str, int, int]]) -> None:
    found = problems(tmp_path, people)
    f = str(tmp_path / "g.toml")
    wanted = []
    for entry_id, kind, a, b in expected:
        if kind == "open":
            wanted.append(f"{a}: a: " + OPEN_AFTER.format(f=f, a=a, b=b))
        elif kind == "open-acting":
            wanted.append(f"{a}: a: " + OPEN_AFTER.format(f=f, a=a, b=b).replace("2020-01-01..open)", "2025-01-01..open acting)", 1))
        elif kind == "overlap":
            wanted.append(f"{b}: b: " + OVERLAP.format(f=f, a=a, b=b))
        else:
            wanted.append(f"{b}: b: " + OVERLAP.format(f=f, a=a, b=b).replace("2024-06-15)", "2024-06-01)"))
    assert found == wanted


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (person("a", role("2020-01-01", body="nowhere")),
         "role 1: body 'nowhere' is no entry id; write the id of the province, prefecture, county or organization"),
        (person("a", role("2020-01-01", body=None)),
         "role 1: 'secretary' is held by one person at a time; give the role its body (the entry id of whose office it is)"),
        (person("a", role("2020-01-01", extra="checked = 2026-01-01\n")),
         "role 1: 'checked' says nothing of what was seen; write [[entry.roles.checks]] with source, source_date and seen"),
        (person("a", role("2020-01-01", extra="end_bound = true\n")),
         "role 1: end_bound = true says valid_to is a bound; give valid_to (the day before the successor's start)"),
        (person("a", role("2020-01-01", extra="acting = 1\n")), "role 1: field 'acting' must be true or false"),
        (person("a", role("2020-01-01", extra='\n[[entry.roles.checks]]\nsource = "VNA"\nsource_date = 2026-01-01\nseen = "yes"\n')),
         "role 1: check 1: 'seen' must be 'held' or 'ended' (what the source showed), got 'yes'"),
        (person("a", role("2020-01-01", extra='\n[[entry.roles.checks]]\nsource = "VNA"\nsource_date = "2026-01-01"\nseen = "held"\n')),
         "role 1: check 1: 'source_date' must be the source's own date, a TOML date like 2026-04-07, got '2026-01-01'"),
        (person("a", role("2020-01-01", extra='\n[[entry.roles.checks]]\nsource = ""\nsource_date = 2026-01-01\nseen = "held"\n')),
         "role 1: check 1: 'source' must name the page or publication consulted"),
        (person("a", role("2020-01-01", extra='\n[[entry.roles.checks]]\nsource = "VNA"\nsource_date = 2026-01-01\nseen = "held"\nday = 1\n')),
         "role 1: check 1: unknown field 'day'"),
        (PERSON.format(id="a", vi="Người A").replace('type = "person"', 'type = "place"') + "single_holder = true\n",
         "'single_holder' belongs to title entries (an office one person holds at a time); remove it here"),
    ],
)
def test_role_field_problems(tmp_path: Path, people: str, expected: str) -> None:
    found = problems(tmp_path, people)
    assert len(found) == 1 and found[0].split(": ", 2)[2] == expected, found


def test_roles_read_with_their_lines_and_checks(tmp_path: Path) -> None:
    check = '\n[[entry.roles.checks]]\nsource = "VNA, 7/4/2026"\nsource_date = 2026-04-07\nseen = "held"\n'
    text = BASE + person("a", role("2020-01-01", "2025-06-30", extra="end_bound = true\nacting = true\n"), role("2025-07-01", extra=check))
    (tmp_path / "g.toml").write_text(text, encoding="utf-8")
    glossary, found = read_glossary(tmp_path)
    first, second = glossary.get("a").roles  # type: ignore[union-attr]
    assert found == []
    assert (first.line, first.body, first.acting, first.end_bound, first.checks) == (48, "lao-cai", True, True, ())
    assert (second.line, [(c.source, c.source_date, c.seen) for c in second.checks]) == (58, [("VNA, 7/4/2026", dt.date(2026, 4, 7), "held")])
    assert second.newest_check == second.checks[0] and glossary.get("secretary").single_holder  # type: ignore[union-attr]
