"""`glossary check`: every problem names file, line, entry and the conflicting entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.glossary.check import check_glossary

ENTRY = '''
[[entry]]
id = "{id}"
type = "{type}"
vi = "{vi}"
en = "{en}"
zh = "{zh}"
provenance = "derived"
source = "test"
{extra}'''


def entry(id: str, vi: str, en: str = "Honghe Prefecture", zh: str = "红河州", type: str = "place", extra: str = "") -> str:
    return ENTRY.format(id=id, vi=vi, en=en, zh=zh, type=type, extra=extra)


def write(tmp_path: Path, text: str, name: str = "place.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path) -> list[str]:
    return [str(problem) for problem in check_glossary(tmp_path).problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # same form, different targets, both always valid: no rule to choose
        (
            entry("honghe", "châu Hồng Hà") + entry("red-river", "CHÂU HỒNG HÀ", en="Red River", zh="红河"),
            "place.toml:11: entry 'red-river': Vietnamese form 'CHÂU HỒNG HÀ' is pinned to 'Red River'/'红河' here and to "
            "'Honghe Prefecture'/'红河州' in entry 'honghe' (",
        ),
        # overlapping dated periods still conflict
        (
            entry("a", "Bí thư Tỉnh ủy", extra="valid_from = 2021-01-01\nvalid_to = 2025-06-30\n")
            + entry("b", "Bí thư Tỉnh uỷ", en="Y", extra="valid_from = 2025-06-30\n"),
            "entry 'b': Vietnamese form 'Bí thư Tỉnh uỷ' is pinned to 'Y'",
        ),
        # same form twice in one entry (tone placement and spacing do not make it different)
        (entry("a", "Tỉnh ủy", extra='variants = ["Tỉnh  uỷ"]\n'), "place.toml:2: entry 'a': Vietnamese form 'Tỉnh  uỷ' is listed twice"),
        # same form, same targets in two entries
        (entry("a", "Hà Khẩu") + entry("b", "hà khẩu"), "entry 'b': Vietnamese form 'hà khẩu' is listed twice: also in entry 'a'"),
        (entry("a", "Hà Khẩu", extra='en_alt = ["Honghe Prefecture"]\n'), "entry 'a': en_alt repeats the pinned en form"),
        (entry("a", "Hà Khẩu", extra='variants = ["–"]\n'), "entry 'a': Vietnamese form '–' has no letter or digit"),
        (entry("Hekou", "Hà Khẩu"), "entry 'Hekou': id 'Hekou' must be lowercase ASCII"),
        (entry("a", "Hà Khẩu", type="city"), "place.toml:2: entry 'a': unknown entry type 'city'"),
        (entry("a", "Hà Khẩu", extra="valid_from = 2025-13-01\n"), "place.toml:"),
        (entry("a", "Hà Khẩu", extra='valid_from = "2025-01-01"\n'), "entry 'a': field 'valid_from' must be a TOML date"),
        (entry("a", "Hà Khẩu", extra="valid_from = 2025-02-01\nvalid_to = 2025-01-01\n"), "valid_from 2025-02-01 is after valid_to"),
        (entry("a", "Hà Khẩu", zh=""), "entry 'a': required field 'zh' is empty"),
        (entry("a", "Hà Khẩu", en=" "), "entry 'a': required field 'en' is empty"),
    ],
)
def test_problems(tmp_path: Path, text: str, expected: str) -> None:
    found = messages(write(tmp_path, text))
    assert any(expected in message for message in found), found


def test_conflict_names_both_files_and_lines(tmp_path: Path) -> None:
    write(tmp_path, entry("honghe", "châu Hồng Hà"), "a.toml")
    write(tmp_path, "\n\n" + entry("other", "Châu Hồng Hà", en="Other"), "b.toml")
    [message] = messages(tmp_path)
    assert message.startswith(f"{tmp_path / 'b.toml'}:4: entry 'other':") and f"({tmp_path / 'a.toml'}:2)" in message


@pytest.mark.parametrize(
    "extra_first, extra_second",
    [
        ("valid_to = 2025-06-30\n", "valid_from = 2025-07-01\n"),
        ("valid_from = 2021-01-01\nvalid_to = 2021-12-31\n", "valid_from = 2022-01-01\nvalid_to = 2022-12-31\n"),
    ],
)
def test_disjoint_periods_are_fine(tmp_path: Path, extra_first: str, extra_second: str) -> None:
    text = entry("a", "Bí thư Tỉnh ủy", extra=extra_first) + entry("b", "Bí thư Tỉnh ủy", en="Y", extra=extra_second)
    assert messages(write(tmp_path, text)) == []


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "place.toml").write_bytes(entry("a", "Hà Khẩu").encode("cp1258", errors="replace"))
    [message] = messages(tmp_path)
    assert "place.toml:" in message and "is not UTF-8" in message


def test_summary_counts(tmp_path: Path) -> None:
    write(tmp_path, entry("a", "Hà Khẩu") + entry("b", "Bí thư", type="title"))
    report = check_glossary(tmp_path)
    assert report.ok
    assert (report.entries, report.by_type, report.by_provenance) == (2, {"place": 1, "title": 1}, {"verified": 0, "derived": 2, "reviewed": 0})


def test_shipped_glossary_is_clean() -> None:
    from tamngu.glossary.loader import default_glossary_dir

    report = check_glossary(default_glossary_dir())
    assert report.problems == (), [str(p) for p in report.problems]


# freshness (--stale) is tested in tests/test_roles_freshness.py


def test_cli_check_days_must_be_positive(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from tamngu.cli import main

    monkeypatch.setattr(sys, "argv", ["tamngu", "glossary", "check", "--glossary", str(write(tmp_path, entry("a", "Hà Khẩu"))), "--days", "0"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2 and "Traceback" not in capsys.readouterr().err
