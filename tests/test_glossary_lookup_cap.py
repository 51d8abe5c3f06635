"""``glossary lookup`` with a query far longer than any name: cut, said, and quick."""

from __future__ import annotations

import json

import pytest
from cli_helpers import invoke

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.lookup import MAX_QUERY_CHARS, cap_query, entry_keys, lookup


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vuong ninh", ("vuong ninh", False)),
        ("a" * MAX_QUERY_CHARS, ("a" * MAX_QUERY_CHARS, False)),
        ("a" * (MAX_QUERY_CHARS + 1), ("a" * MAX_QUERY_CHARS, True)),
        ("Vương Ninh " * 1000, (("Vương Ninh " * 1000)[:MAX_QUERY_CHARS], True)),
    ],
)
def test_cap_query(query: str, expected: tuple[str, bool]) -> None:
    assert cap_query(query) == expected


def test_no_glossary_form_is_longer_than_the_cap() -> None:
    """The warning says no glossary name is that long; the shipped glossary keeps it true."""
    assert max(len(key.form) for entry in load_glossary(None) for key in entry_keys(entry)) < MAX_QUERY_CHARS


@pytest.mark.parametrize(
    ("query", "first"),
    [("vuong ninh", "wang-ning"), ("Vương Ninh" + " " * 5000, "wang-ning"), ("Vương Ninh" + "x" * 5000, None)],
)
def test_a_long_query_still_finds_what_its_start_names(query: str, first: str | None) -> None:
    hits = lookup(load_glossary(None), query, 1)
    assert (hits[0].entry.id if hits else None) == first


def test_cli_says_the_query_was_cut(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    query = "Vương Ninh" + " phát biểu" * 100
    code, out, err = invoke(capsys, monkeypatch, "glossary", "lookup", query, "--json")
    report = json.loads(out)
    assert report["query_cut_from"] == len(query) and report["query"] == query[:MAX_QUERY_CHARS]
    assert f"warning: query cut to its first {MAX_QUERY_CHARS} of {len(query)} characters" in err
    assert code == 1  # nothing is that long a name: exit 1 with the nearest entries
