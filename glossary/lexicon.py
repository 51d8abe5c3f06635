"""The rules' word lists as reviewed data: one typed loader for ``glossary/data/lexicon/*.toml``.

The name finder (:mod:`tamngu.glossary.names`), the origin decider
(:mod:`tamngu.glossary.origin`) and the Chinese characters of Vietnamese names
(:mod:`tamngu.glossary.vnnames`) read their lexicons from here, as spaCy keeps
rule patterns as validated data:

- ``surnames.toml``: ``[[surname]]`` with ``vi`` and ``origin`` (one list for the finder and the decider);
- ``words.toml``: ``[[word]]`` with ``list`` (a :data:`WordList`) and ``vi``;
- ``context.toml``: ``[[cue]]`` with ``vi`` and ``side`` (whose title or body it is);
- ``places.toml``: ``[[place]]`` with ``vi`` and ``country`` (places the finder knows without the glossary);
- ``name_chars.toml``: ``[[char]]`` with ``vi``, ``position`` and ``zh`` or ``variants``.

Every row may carry an ``example`` (an invented sentence); ``tests/test_lexicon.py`` runs them all.
:func:`lexicon_problems` is what ``glossary check`` reports about these files.

>>> lexicon = load_lexicon()
>>> "nguyễn" in lexicon.surnames, lexicon.surname_origin["vương"]
(True, 'chinese')
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from tamngu.glossary.normalize import normalize
from tamngu.glossary.problem import Problem

LEXICON_DIR = Path(__file__).parent / "data" / "lexicon"

SurnameOrigin = Literal["vietnamese", "chinese", "either"]
Side = Literal["chinese", "vietnamese", "lao"]
Position = Literal["surname", "given"]
WordList = Literal[
    "person_cue", "place_cue", "title_word", "stop_word", "title_start", "title_end",
    "leading_place_word", "body_start", "unit_word", "title_stop", "middle_name",
]
# file -> (table key, required fields with their allowed values (None: any non-empty string), optional fields)
_SCHEMA: dict[str, tuple[str, dict[str, tuple[str, ...] | None], tuple[str, ...]]] = {
    "surnames.toml": ("surname", {"vi": None, "origin": get_args(SurnameOrigin)}, ("example",)),
    "words.toml": ("word", {"list": get_args(WordList), "vi": None}, ("example",)),
    "context.toml": ("cue", {"vi": None, "side": get_args(Side)}, ("example",)),
    "places.toml": ("place", {"vi": None, "country": None}, ("example",)),
    "name_chars.toml": ("char", {"vi": None, "position": get_args(Position)}, ("zh", "variants", "example")),
}


@dataclass(frozen=True)
class Row:
    """One row of a lexicon file, with where it is (for messages and the examples test)."""

    file: str
    line: int
    table: str
    fields: dict[str, str]

    @property
    def key(self) -> str:
        """The row's Vietnamese, normalized as the rules compare it."""
        return normalize(self.fields["vi"])

    @property
    def example(self) -> str:
        return self.fields.get("example", "")


@dataclass(frozen=True)
class Lexicon:
    """Every word list the rules read, normalized (keys as :func:`tamngu.glossary.normalize.normalize` makes them)."""

    rows: tuple[Row, ...]
    surname_origin: dict[str, str] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    surname_chars: dict[str, str] = field(default_factory=dict)
    given_chars: dict[str, str] = field(default_factory=dict)
    char_variants: dict[str, str] = field(default_factory=dict)

    @property
    def surnames(self) -> frozenset[str]:
        """Every surname, whatever its origin (the finder's list)."""
        return frozenset(self.surname_origin)

    def surnames_of(self, origin: SurnameOrigin) -> frozenset[str]:
        return frozenset(key for key, value in self.surname_origin.items() if value == origin)

    def word_set(self, name: WordList) -> frozenset[str]:
        return frozenset(self.words.get(name, ()))


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """The lexicon of ``directory`` (the shipped one by default), cached.

    Raises:
        GlossaryError: a file is missing or has a problem (run ``tamngu glossary check``).
    """
    from tamngu.errors import GlossaryError

    rows, problems = read_rows(directory)
    if problems:
        raise GlossaryError(f"{problems[0]} (lexicon; run 'tamngu glossary check')")
    return _build(tuple(rows))


def lexicon_problems(directory: Path = LEXICON_DIR) -> list[Problem]:
    """What ``glossary check`` reports about the lexicon files: schema, values, repeated rows."""
    rows, problems = read_rows(directory)
    seen: dict[tuple[str, ...], Row] = {}
    for row in rows:
        marker = (row.table, row.fields.get("list", row.fields.get("position", "")), row.fields["vi"])
        if marker in seen:
            first = seen[marker]
            problems.append(Problem(row.file, row.line, row.fields["vi"], f"repeats the row at line {first.line}; remove one"))
        seen.setdefault(marker, row)
        if row.table == "char" and not (row.fields.get("zh") or row.fields.get("variants")):
            problems.append(Problem(row.file, row.line, row.fields["vi"], "a character row needs zh or variants"))
        if row.table == "place" and not re.fullmatch(r"[A-Z]{2}", row.fields["country"]):
            problems.append(Problem(row.file, row.line, row.fields["vi"], "country must be a two-letter ISO 3166-1 code like 'CN'"))
    return problems


def read_rows(directory: Path = LEXICON_DIR) -> tuple[list[Row], list[Problem]]:
    """Every row of the lexicon files and the schema problems found on the way."""
    rows: list[Row] = []
    problems: list[Problem] = []
    for name, (table, required, optional) in _SCHEMA.items():
        path = directory / name
        if not path.is_file():
            problems.append(Problem(str(path), 0, "", "lexicon file missing; restore it from the repository"))
            continue
        try:
            records = tomllib.loads(path.read_text(encoding="utf-8")).get(table, [])
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(Problem(str(path), 0, "", f"is not valid UTF-8 TOML: {exc}"))
            continue
        for line, record in zip(_lines(path, table), records):
            messages = _row_problems(record, required, optional)
            problems += [Problem(str(path), line, str(record.get("vi", "")), m) for m in messages]
            if not messages:
                rows.append(Row(str(path), line, table, {k: str(v).strip() for k, v in record.items()}))
    return rows, problems


def _row_problems(record: dict[str, Any], required: dict[str, tuple[str, ...] | None], optional: tuple[str, ...]) -> list[str]:
    problems = [f"unknown field '{key}'" for key in sorted(set(record) - set(required) - set(optional))]
    for key, allowed in required.items():
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"missing '{key}'")
        elif allowed is not None and value not in allowed:
            problems.append(f"{key} '{value}' must be one of {', '.join(allowed)}")
    problems += [f"'{key}' must be a string" for key in optional if key in record and not isinstance(record[key], str)]
    return problems


def _lines(path: Path, table: str) -> Iterator[int]:
    header = f"[[{table}]]"
    return (n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip() == header)


def _build(rows: tuple[Row, ...]) -> Lexicon:
    words: dict[str, list[str]] = {}
    context: dict[str, list[str]] = {}
    lexicon = Lexicon(rows)
    for row in rows:
        f = row.fields
        if row.table == "surname":
            lexicon.surname_origin[row.key] = f["origin"]
        elif row.table == "word":
            words.setdefault(f["list"], []).append(row.key)
        elif row.table == "cue":
            context.setdefault(f["side"], []).append(row.key)
        elif row.table == "place":
            lexicon.places[row.key] = f["country"]
        else:
            if f.get("zh"):
                (lexicon.surname_chars if f["position"] == "surname" else lexicon.given_chars)[row.key] = f["zh"]
            if f.get("variants"):
                lexicon.char_variants[row.key] = f["variants"]
    lexicon.words.update({name: tuple(keys) for name, keys in words.items()})
    lexicon.context.update({side: tuple(keys) for side, keys in context.items()})
    return lexicon
