"""CSV/TSV glossaries, plain or in the exact shape a service documents (``--for``).

Shapes by service (what each one's documentation asks for):

* ``deepl``: two columns ``source<TAB>target``, no header, no BOM, no CSV
  quoting (the SDK's ``convert_tsv_to_dict`` splits raw lines), each source
  once; one language pair per glossary dictionary.
* ``google``: unidirectional glossary for a pair: two columns, no header
  (``.csv``); equivalent term set for ``vi-en-zh``: a header of language codes
  (``vi,en,zh-CN``) then one row per Vietnamese spelling, with accepted English
  and Chinese alternatives in the optional ``description`` column.
* ``amazon``: Amazon Translate custom terminology: CSV whose first row holds
  Amazon's language codes (``vi,en,zh``), then one row per Vietnamese spelling.
* ``omegat``: OmegaT glossary: tab-separated UTF-8, ``source<TAB>target<TAB>comment``,
  no header; the comment names the entry type and the accepted alternatives.

A service's header row is part of its shape: ``--header`` where it has none,
or ``--no-header`` where it needs one, is refused. Without ``--for`` the table
is plain CSV/TSV (header optional; by default only ``vi-en-zh`` has one; CSV
starts with a UTF-8 BOM so Excel shows the diacritics and characters). Pairs,
and Google's and Amazon's three-language tables, give one row per Vietnamese
form (spelling variants map to the pinned targets; a service matches the
source text, so a variant without a row is never replaced); a plain
``vi-en-zh`` table gives one row per concept, the canonical forms, so no
column repeats a term. Alternatives beyond the
service's place for them, provenance, notes and dates are not carried: these
files round-trip the *pairs* (or triples), not whole entries. Use TBX for a
lossless copy.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tamngu.errors import BadInputError
from tamngu.glossary.langtags import LANGUAGE_TAGS
from tamngu.glossary.model import Entry

logger = logging.getLogger(__name__)

#: ``--pair`` values and the columns they produce.
PAIRS: dict[str, tuple[str, ...]] = {"vi-en": ("vi", "en"), "vi-zh": ("vi", "zh"), "vi-en-zh": ("vi", "en", "zh")}
_LANG_ALIASES = {"vi": "vi", "vi-vn": "vi", "en": "en", "en-us": "en", "en-gb": "en", "zh": "zh", "zh-cn": "zh", "zh-hans": "zh"}
_EXTRA_COLUMNS = {"pos", "description"}  # optional Google columns, ignored on import
_AMAZON_CODES = {"vi": "vi", "en": "en", "zh": "zh"}  # Amazon Translate: zh is Chinese (Simplified)
BOM = "\ufeff"


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


@dataclass(frozen=True)
class TableShape:
    """How a table is laid out: delimiter, header codes, BOM, quoting, where alternatives go."""

    delimiter: str
    header: bool
    codes: Mapping[str, str]
    bom: bool = False
    quoted: bool = True  # CSV quoting; False: raw lines, a field may hold no delimiter or line break
    extra: str = ""  # "description" (Google column) or "comment" (OmegaT third column)
    suffix: str = ".csv"
    variant_rows: bool = False  # a vi-en-zh row per Vietnamese spelling, not one per concept


def _deepl(columns: tuple[str, ...]) -> TableShape:
    _one_pair("deepl", columns, "a DeepL glossary dictionary holds one language pair")
    return TableShape("\t", header=False, codes=LANGUAGE_TAGS, quoted=False, suffix=".tsv")


def _google(columns: tuple[str, ...]) -> TableShape:
    if len(columns) == 2:
        return TableShape(",", header=False, codes=LANGUAGE_TAGS)
    return TableShape(",", header=True, codes=LANGUAGE_TAGS, extra="description", variant_rows=True)


def _amazon(columns: tuple[str, ...]) -> TableShape:
    return TableShape(",", header=True, codes=_AMAZON_CODES, variant_rows=True)


def _omegat(columns: tuple[str, ...]) -> TableShape:
    _one_pair("omegat", columns, "an OmegaT glossary is bilingual")
    return TableShape("\t", header=False, codes=LANGUAGE_TAGS, quoted=False, extra="comment", suffix=".txt")


#: ``--for`` values: the shape each service documents, given the columns.
SERVICES: dict[str, Callable[[tuple[str, ...]], TableShape]] = {"deepl": _deepl, "google": _google, "amazon": _amazon, "omegat": _omegat}
#: What a header row would be to each service that has none, and why one that has it needs it.
_HEADER_REASONS = {
    "deepl": "DeepL's glossary TSV has no header row (its SDK reads one as a term)",
    "omegat": "an OmegaT glossary has no header row (OmegaT reads one as a term)",
    "google": "Google's unidirectional glossary has no header row (it would be a term)",
}
_NEEDS_HEADER_REASONS = {
    "google": "Google's equivalent term set starts with its row of language codes",
    "amazon": "Amazon Translate reads the language of each column from the first row",
}


def _one_pair(service: str, columns: tuple[str, ...], why: str) -> None:
    if len(columns) != 2:
        raise BadInputError(f"--for {service} with --pair {'-'.join(columns)}: {why}; use --pair vi-en or --pair vi-zh")


def table_shape(pair: str, service: str | None = None, delimiter: str = ",", header: bool | None = None) -> TableShape:
    """The shape of a ``service``'s table for ``pair``, or of a plain table (``delimiter``, ``header``).

    ``header`` None is the shape's own choice (a plain table: only ``vi-en-zh``
    has one); True or False is honoured by a plain table, and refused by a
    service whose shape says otherwise.

    Raises:
        BadInputError: unknown pair or service, a pair the service cannot hold,
            or a header the service's shape has not (or a missing one it needs).
    """
    columns = _columns(pair)
    if service is None:
        wanted = len(columns) > 2 if header is None else header
        return TableShape(delimiter, wanted, LANGUAGE_TAGS, bom=delimiter == ",", suffix=".csv" if delimiter == "," else ".tsv")
    if service not in SERVICES:
        raise BadInputError(f"unknown service {service!r}; use one of: {', '.join(SERVICES)}")
    shape = SERVICES[service](columns)
    if header is not None and header != shape.header:
        reason = (_NEEDS_HEADER_REASONS if shape.header else _HEADER_REASONS)[service]
        flag = "--header" if header else "--no-header"
        raise BadInputError(f"--for {service} --pair {pair} {flag}: {reason}; drop {flag}")
    return shape


def export_table(entries: Iterable[Entry], pair: str, shape: TableShape) -> TableExport:
    """The table of ``entries`` for ``pair`` in ``shape``.

    Pairs: one row per Vietnamese form (canonical and variants) to the pinned
    target. ``vi-en-zh``: one row per concept (canonical forms). A source
    already exported with other targets (two entries sharing a form in
    different periods) is skipped and named in ``skipped``: the services refuse
    a source twice. Pass a date to keep one period only.
    """
    columns = _columns(pair)
    rows: list[tuple[str, ...]] = []
    seen: dict[str, tuple[str, ...]] = {}
    skipped: list[str] = []
    for entry in entries:
        targets = tuple(entry.target(lang) for lang in columns[1:])  # type: ignore[arg-type]
        extra = (_alternatives(entry, columns, shape.extra),) if shape.extra else ()
        for form in entry.vi_forms if len(columns) == 2 or shape.variant_rows else (entry.vi,):
            if form in seen:
                if seen[form] != targets:
                    skipped.append(f"{entry.id}: {form!r} (already exported as {' / '.join(seen[form])})")
                continue
            if not shape.quoted and _breaks_raw_line((form, *targets, *extra), shape.delimiter):
                skipped.append(f"{entry.id}: {form!r} (holds a tab or line break)")
                continue
            seen[form] = targets
            rows.append((form, *targets, *extra))
    header = [tuple(shape.codes.get(lang, lang) for lang in columns) + ((shape.extra,) if shape.extra == "description" else ())]
    text = _render(header * shape.header + rows, shape)
    return TableExport(text, len(rows), tuple(skipped))


def _alternatives(entry: Entry, columns: tuple[str, ...], kind: str) -> str:
    parts = [entry.type] if kind == "comment" else []
    for lang in columns:
        forms = entry.variants if lang == "vi" else entry.target_forms(lang)[1:]  # type: ignore[arg-type]
        if forms and lang != "vi":  # Vietnamese variants have rows of their own
            parts.append(f"{lang} also: {' | '.join(forms)}")
    return "; ".join(parts)


def _breaks_raw_line(fields: tuple[str, ...], delimiter: str) -> bool:
    return any(delimiter in field or "\n" in field or "\r" in field for field in fields)


def _render(rows: list[tuple[str, ...]], shape: TableShape) -> str:
    if not shape.quoted:
        text = "".join(shape.delimiter.join(row) + "\n" for row in rows)
    else:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=shape.delimiter, lineterminator="\n").writerows(rows)
        text = buffer.getvalue()
    return BOM + text if shape.bom else text


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
    text = export_table(kept, pair, TableShape(",", header=True, codes=LANGUAGE_TAGS)).text
    return {tuple(row) for row in list(csv.reader(io.StringIO(text)))[1:]}
