"""CSV/TSV glossaries in the shapes machine-translation services accept.

* DeepL: two columns ``source,target``, no header, CSV or TSV, one entry per
  line, each source once.
* Google Cloud Translation, unidirectional glossary: the same two columns, no
  header (``.csv`` or ``.tsv``).
* Google Cloud Translation, equivalent term sets, and Amazon Translate custom
  terminology: CSV whose first row holds language codes (``vi,en,zh``), then
  one row per term.

A row holds one Vietnamese form (the canonical form or a spelling variant,
each on its own row) and the pinned target form(s) of its entry; alternatives,
provenance, notes and dates are not carried, so these files round-trip the
*pairs* (or triples), not whole entries. Use TBX for a lossless copy.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tamngu.glossary.model import Entry
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

#: ``--pair`` values and the columns they produce.
PAIRS: dict[str, tuple[str, ...]] = {"vi-en": ("vi", "en"), "vi-zh": ("vi", "zh"), "vi-en-zh": ("vi", "en", "zh")}
_LANG_ALIASES = {"vi": "vi", "vi-vn": "vi", "en": "en", "en-us": "en", "en-gb": "en", "zh": "zh", "zh-cn": "zh", "zh-hans": "zh"}
_EXTRA_COLUMNS = {"pos", "description"}  # optional Google columns, ignored on import


@dataclass(frozen=True)
class TableRow:
    """One row of a CSV/TSV glossary: a Vietnamese form and its targets by language."""

    line: int
    vi: str
    targets: tuple[tuple[str, str], ...]

    def target(self, lang: str) -> str:
        return dict(self.targets).get(lang, "")


@dataclass(frozen=True)
class TableExport:
    """The text of an exported table and what was left out of it."""

    text: str
    rows: int
    skipped: tuple[str, ...]


def export_table(entries: Iterable[Entry], pair: str, delimiter: str, header: bool) -> TableExport:
    """Rows ``vi form -> pinned target(s)`` for every form of every entry.

    A Vietnamese form already exported with other targets (two entries sharing
    a form in different periods) is skipped and named in ``skipped``: the
    services refuse a source twice. Pass a date to keep one period only.
    """
    columns = _columns(pair)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if header or len(columns) > 2:
        writer.writerow(columns)
    seen: dict[str, tuple[str, ...]] = {}
    skipped: list[str] = []
    for entry in entries:
        targets = tuple(entry.target(lang) for lang in columns[1:])  # type: ignore[arg-type]
        for form in entry.vi_forms:
            if form not in seen:
                seen[form] = targets
                writer.writerow((form, *targets))
            elif seen[form] != targets:
                skipped.append(f"{entry.id}: {form!r} (already exported as {' / '.join(seen[form])})")
    return TableExport(buffer.getvalue(), len(seen), tuple(skipped))


def _columns(pair: str) -> tuple[str, ...]:
    if pair not in PAIRS:
        raise BadInputError(f"unknown language pair {pair!r}; use one of: {', '.join(PAIRS)}")
    return PAIRS[pair]


def read_table(path: Path, delimiter: str, pair: str) -> list[TableRow]:
    """Read a CSV/TSV glossary; a first row of language codes is its header.

    Without a header the columns are those of ``pair`` (DeepL / Google
    unidirectional files have none).

    Raises:
        BadInputError: the file is not UTF-8, has no ``vi`` column, or a row is short.
    """
    text = _read_text(path)
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)]
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise BadInputError(f"{path}: no rows; export a glossary with 'tamngu glossary export' first")
    columns, body = _split_header(path, rows, pair)
    return [_table_row(path, number, row, columns) for number, row in body]


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path}: byte {exc.start} is not UTF-8; save the file as UTF-8 and retry") from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc}); check the path") from None


def _split_header(path: Path, rows: list[tuple[int, list[str]]], pair: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    first = [cell.strip().lower() for cell in rows[0][1]]
    if all(cell in _LANG_ALIASES or cell in _EXTRA_COLUMNS for cell in first):
        columns = [_LANG_ALIASES.get(cell, cell) for cell in first]
        body = rows[1:]
    else:
        columns, body = list(_columns(pair)), rows
    if "vi" not in columns:
        raise BadInputError(f"{path}:1: no 'vi' column in header {','.join(first)}; tamngu glossaries are Vietnamese-source")
    return columns, body


def _table_row(path: Path, number: int, row: list[str], columns: list[str]) -> TableRow:
    if len(row) < len(columns):
        raise BadInputError(f"{path}:{number}: {len(row)} columns, expected {len(columns)} ({','.join(columns)}); check the delimiter")
    cells = dict(zip(columns, (cell.strip() for cell in row)))
    if not cells["vi"]:
        raise BadInputError(f"{path}:{number}: empty Vietnamese term; fill it in or delete the row")
    targets = tuple((lang, cells[lang]) for lang in ("en", "zh") if lang in cells)
    return TableRow(number, cells["vi"], targets)


def pairs_of(entries: Iterable[Entry], pair: str, on_date: dt.date | None = None) -> set[tuple[str, ...]]:
    """The ``(vi form, target...)`` tuples a table export of ``entries`` holds (for round-trip checks)."""
    kept = [entry for entry in entries if entry.valid_on(on_date)]
    text = export_table(kept, pair, ",", header=True).text
    return {tuple(row) for row in list(csv.reader(io.StringIO(text)))[1:]}
