"""`glossary check --stale` (issue 24): open roles by risk; a check is only as new as its source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.glossary.check import check_glossary

TODAY = dt.date(2026, 12, 4)
ENTRY = '''
[[entry]]
id = "{id}"
type = "{type}"
vi = "{vi}"
en = "{vi}"
zh = "某"
provenance = "derived"
source = "test"
{extra}'''
TITLE = ENTRY.format(id="sec", type="title", vi="Bí thư Tỉnh ủy", extra="single_holder = true\n")
PLACE = ENTRY.format(id="lao-cai", type="place", vi="Lào Cai", extra="")


def entry(id: str, type: str = "person", extra: str = "") -> str:
    return ENTRY.format(id=id, type=type, vi=f"Người {id.upper()}", extra=extra)


def role(title: str, extra: str = "", checks: tuple[tuple[str, str], ...] = ()) -> str:
    text = f'\n[[entry.roles]]\ntitle = "{title}"\nen = "Role"\nzh = "职务"\n{extra}'
    for day, seen in checks:
        text += f'\n[[entry.roles.checks]]\nsource = "src {day}"\nsource_date = {day}\nseen = "{seen}"\n'
    return text


def stale(tmp_path: Path, text: str, days: int = 180) -> list[tuple[str, str, str | None, str]]:
    (tmp_path / "g.toml").write_text(TITLE + PLACE + text, encoding="utf-8")
    report = check_glossary(tmp_path, today=TODAY, stale_days=days)
    return [(item.entry_id, item.title, item.checked.isoformat() if item.checked else None, item.changed_by.split(" (")[0]) for item in report.stale]


@pytest.mark.parametrize(
    ("text", "days", "expected"),
    [
        # an open role never checked is stale; one that ended is not; one that begins after today is not open yet
        (entry("a") + role("county-head"), 180, [("a", "county-head", None, "")]),
        (entry("a") + role("county-head", "valid_to = 2024-11-08\n"), 180, []),
        (entry("a") + role("county-head", "valid_from = 2027-01-01\n"), 180, []),
        # a check is as new as its source: the source's date counts, the newest of several
        (entry("a") + role("county-head", checks=(("2026-11-30", "held"),)), 180, []),
        (entry("a") + role("county-head", checks=(("2025-01-01", "held"),)), 180, [("a", "county-head", "2025-01-01", "")]),
        (entry("a") + role("county-head", checks=(("2025-01-01", "held"), ("2026-10-01", "held"))), 180, []),
        (entry("a") + role("county-head", checks=(("2026-11-30", "held"),)), 3, [("a", "county-head", "2026-11-30", "")]),
        # the entry's old 'checked' day confirms no role
        (entry("a", extra="checked = 2026-12-01\n") + role("county-head"), 180, [("a", "county-head", None, "")]),
        # open roles: oldest newest-check first, never-checked before all; ties national posts first
        (
            entry("a")
            + role("county-head", checks=(("2026-01-01", "held"),))
            + role("ambassador", checks=(("2025-01-01", "held"),))
            + role("county-head")
            + role("state-president"),
            180,
            [
                ("a", "state-president", None, ""),
                ("a", "county-head", None, ""),
                ("a", "ambassador", "2025-01-01", ""),
                ("a", "county-head", "2026-01-01", ""),
            ],
        ),
        # a holder who began before the check changed nothing since it
        (
            entry("a") + role("sec", 'valid_from = 2020-01-01\nbody = "lao-cai"\n', (("2026-03-01", "held"),))
            + entry("b") + role("sec", 'valid_from = 2020-01-01\nvalid_to = 2020-01-01\nbody = "lao-cai"\n')
            + entry("c") + role("county-head"),
            180,
            [("c", "county-head", None, ""), ("a", "sec", "2026-03-01", "")],
        ),
        # current-office entries: began on a known day, no end
        (entry("m", "organization", "valid_from = 2025-03-01\n"), 180, [("m", "organization", None, "")]),
        (entry("m", "organization", "valid_from = 2025-03-01\nvalid_to = 2026-01-01\n"), 180, []),
    ],
)
def test_stale_items(tmp_path: Path, text: str, days: int, expected: list[tuple[str, str, str | None, str]]) -> None:
    assert stale(tmp_path, text, days) == expected


def test_changed_office_comes_first(tmp_path: Path) -> None:
    # an office changed since the check (a later holder began after it) comes first, however fresh the check;
    # write the data without going through the check (an open role after a successor fails check, but --stale still ranks it)
    from tamngu.glossary.freshness import stale_items
    from tamngu.glossary.loader import read_glossary

    text = (
        entry("c") + role("county-head")
        + entry("a") + role("sec", 'valid_from = 2020-01-01\nbody = "lao-cai"\n', (("2026-11-01", "held"),))
        + entry("b") + role("sec", 'valid_from = 2026-11-20\nbody = "lao-cai"\n')
    )  # fmt: skip
    (tmp_path / "g.toml").write_text(TITLE + PLACE + text, encoding="utf-8")
    glossary, _ = read_glossary(tmp_path)
    items = stale_items(glossary, TODAY, 180)
    assert [(i.entry_id, i.changed_by, i.checked) for i in items] == [
        ("a", f"b from 2026-11-20 ({tmp_path / 'g.toml'}:65)", dt.date(2026, 11, 1)),
        ("b", "", None),
        ("c", "", None),
    ]


def test_stale_is_a_warning_with_what_was_seen(tmp_path: Path) -> None:
    text = entry("a") + role("county-head", 'review = "no 2026 source found"\n', (("2025-01-01", "held"),))
    (tmp_path / "g.toml").write_text(TITLE + PLACE + text, encoding="utf-8")
    report = check_glossary(tmp_path, today=TODAY)
    assert report.ok and report.as_dict()["stale"] == [
        {"entry": "a", "file": str(tmp_path / "g.toml"), "line": 30, "kind": "role", "title": "county-head", "text": "Role",
         "checked": "2025-01-01", "age_days": 702, "tier": 3, "seen": "held", "source": "src 2025-01-01", "changed_by": None,
         "review": "no 2026 source found"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "out_part", "err_part"),
    [
        ([], "OK: 3 entries", "warning: 1 open-ended roles or current-office entries not checked for 180 days; list them with"),
        (["--stale"], "county-head", "warning: 1 open-ended roles"),
        (["--stale", "--days", "3000"], "OK: 3 entries", ""),
    ],
)
def test_cli_check_stale(tmp_path: Path, capsys, monkeypatch, args: list[str], out_part: str, err_part: str) -> None:  # type: ignore[no-untyped-def]
    import sys

    from tamngu.cli import main

    (tmp_path / "g.toml").write_text(TITLE + PLACE + entry("a") + role("county-head", checks=(("2020-01-01", "held"),)), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["tamngu", "glossary", "check", "--glossary", str(tmp_path), *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    assert (exited.value.code or 0, out_part in out, err_part in err) == (0, True, True)
    assert ("warning" in err) == bool(err_part)
