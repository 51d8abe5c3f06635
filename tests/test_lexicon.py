"""The rules' word lists as data: every example row of glossary/data/lexicon runs here, and the files are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamngu.glossary.lexicon import LEXICON_DIR, Row, lexicon_problems, load_lexicon
from tamngu.glossary.names import find_names
from tamngu.glossary.normalize import normalize
from tamngu.glossary.origin import context_votes, lao_votes
from tamngu.glossary.vnnames import vietnamese_chinese

EXAMPLES = [row for row in load_lexicon().rows if row.example]


def _mentions(text: str) -> list[tuple[str, str]]:
    return [(normalize(m.text), m.kind) for m in find_names(text)]


def _holds(row: Row) -> bool:
    """What the row's example shows, by the kind of row."""
    key, example = row.key, row.example
    if row.table == "surname":  # the finder keeps the surname, even opening a sentence
        return any(text.split()[0] == key for text, _ in _mentions(example))
    if row.table == "cue":
        chinese, vietnamese, _ = context_votes([example])
        return {"chinese": chinese, "vietnamese": vietnamese, "lao": lao_votes([example])}[row.fields["side"]] > 0
    if row.table == "place":  # a run headed by a known place is split there
        return key in [text for text, _ in _mentions(example)]
    if row.table == "char":
        return row.fields["zh"] in vietnamese_chinese(example).zh
    kinds = {"person_cue": "person", "title_start": "person", "title_end": "person", "place_cue": "place"}
    if row.fields["list"] in kinds:
        return kinds[row.fields["list"]] in [kind for _, kind in _mentions(example)]
    if row.fields["list"] == "stop_word":  # never part of a name
        return all(key not in text.split() for text, _ in _mentions(example))
    return key in normalize(example)


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"{Path(r.file).stem}:{r.line}:{r.fields['vi']}" for r in EXAMPLES])
def test_every_example(row: Row) -> None:
    assert _holds(row), f"{row.file}:{row.line}: example {row.example!r} does not show {row.fields}"


def test_the_shipped_lexicon_is_clean() -> None:
    assert lexicon_problems() == []
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize(
    ("file", "text", "fragment"),
    [
        ("surnames.toml", '[[surname]]\nvi = "Khương"\norigin = "korean"\n', "origin 'korean' must be one of"),
        ("words.toml", '[[word]]\nlist = "cue"\nvi = "ông"\n', "list 'cue' must be one of"),
        ("places.toml", '[[place]]\nvi = "Hà Khẩu"\ncountry = "China"\n', "two-letter ISO"),
        ("name_chars.toml", '[[char]]\nvi = "hùng"\nposition = "given"\n', "needs zh or variants"),
        ("context.toml", '[[cue]]\nvi = "sở"\nside = "vietnamese"\ncolour = "red"\n', "unknown field 'colour'"),
    ],
)
def test_problems_name_the_file_and_line(tmp_path: Path, file: str, text: str, fragment: str) -> None:
    for path in LEXICON_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / file).write_text(text, encoding="utf-8")
    problems = lexicon_problems(tmp_path)
    assert [(Path(p.file).name, p.line) for p in problems] == [(file, 1)] and fragment in problems[0].message
