"""The glossary loader: schema problems name file, line and entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.glossary.loader import load_glossary, read_glossary
from tamngu.errors import GlossaryError

GOOD = '''
[[entry]]
id = "wang-ning"
type = "person"
vi = "Vương Ninh"
en = "Wang Ning"
zh = "王宁"
provenance = "verified"
source = "test"
'''


def write(tmp_path: Path, text: str, name: str = "person.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_loads_entry_with_line(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, GOOD))
    entry = glossary.get("wang-ning")
    assert entry is not None and (entry.en, entry.zh, entry.line) == ("Wang Ning", "王宁", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace('"person"', '"persona"'), "person.toml:2: entry 'wang-ning': unknown entry type 'persona'"),
        (GOOD.replace('zh = "王宁"\n', ""), "person.toml:2: entry 'wang-ning': missing required field 'zh'"),
        (GOOD.replace('"verified"', '"official"'), "provenance 'official' must be 'verified', 'derived' or 'reviewed'"),
        (GOOD + "valid_from = \"2021\"\n", "must be a TOML date"),
        (GOOD + GOOD, "person.toml:11: entry 'wang-ning': duplicate id; first defined at"),
        (GOOD + 'checked = "2026-12-04"\n', "entry 'wang-ning': field 'checked' must be a TOML date"),
        (GOOD + "checked = 2999-01-01\n", "entry 'wang-ning': checked 2999-01-01 is in the future"),
        (GOOD + "checked_source = 3\n", "entry 'wang-ning': field 'checked_source' must be a string"),
        (GOOD + '[[entry.roles]]\ntitle = "t"\nen = "T"\nzh = "书记"\nchecked = "x"\n', "role 1: field 'checked' must be a TOML date"),
        (GOOD + '[[entry.roles]]\ntitle = "t"\nen = "T"\nzh = "书记"\nchecked_source = 1\n', "role 1: field 'checked_source' must be a string"),
        (GOOD + '[[entry.roles]]\ntitle = "t"\nen = "T"\nzh = "书记"\nchecked_on = 2026-01-01\n', "role 1: unknown field 'checked_on'"),
        ("[[entry]\n", "person.toml:1: is not valid TOML"),
    ],
)
def test_problems_name_file_line_entry(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = read_glossary(write(tmp_path, text))
    assert any(expected in str(problem) for problem in problems), [str(p) for p in problems]


def test_checked_dates_and_sources_load(tmp_path: Path) -> None:
    text = GOOD + 'checked = 2026-12-04\nchecked_source = "Yunnan Daily, 2026"\n[[entry.roles]]\ntitle = "t"\nen = "T"\nzh = "书记"\nchecked = 2026-11-01\n'
    entry = load_glossary(write(tmp_path, text)).get("wang-ning")
    assert entry is not None
    assert (entry.checked, entry.checked_source) == (dt.date(2026, 12, 4), "Yunnan Daily, 2026")
    assert [(role.checked, role.checked_source) for role in entry.roles] == [(dt.date(2026, 11, 1), "")]


def test_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "person.toml").write_bytes(GOOD.replace("王宁", "x").encode("cp1258"))
    with pytest.raises(GlossaryError, match=r"person.toml:\d+: is not UTF-8"):
        load_glossary(tmp_path)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="glossary directory not found"):
        load_glossary(tmp_path / "nope")


def test_shipped_glossary_loads_clean() -> None:
    glossary, problems = read_glossary()
    assert problems == [] and len(glossary) > 0


@pytest.mark.parametrize(
    ("args", "code", "stderr_part"),
    [
        (["nonsense"], 2, "No such command"),
        (["glossary", "lookup", ""], 2, "error: empty query"),
        (["glossary", "check", "--glossary", "/nonexistent-tamngu"], 2, "glossary directory not found"),
    ],
)
def test_console_script_errors_are_one_line_without_traceback(args: list[str], code: int, stderr_part: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tamngu.cli", *args], capture_output=True, text=True)
    assert done.returncode == code
    assert stderr_part in done.stderr and "Traceback" not in done.stderr
