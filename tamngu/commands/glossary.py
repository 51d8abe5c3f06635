"""``tamngu glossary ...``: look up, annotate, check, export and import the term base.

A thin layer: each command parses its options, calls a typed function from
:mod:`glossary` and renders what it returns (rich tables, or JSON with ``--json``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tamngu.fileio import atomic_write
from tamngu.glossary.loader import default_glossary_dir, load_glossary
from tamngu.glossary.lookup import MAX_QUERY_CHARS, LookupHit, cap_query, lookup, nearest
from tamngu.glossary.model import Entry, Glossary
from tamngu.commands import glossary_names, glossary_suggest
from tamngu.commands.options import DateOption, GlossaryOption, JsonOption, examples, parse_date
from tamngu.errors import BadInputError, GlossaryError, NotFoundError

logger = logging.getLogger(__name__)

app = typer.Typer(
    help="Look up, annotate, validate, export and import the curated glossary.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)



def _glossary(directory: Path | None) -> Glossary:
    return load_glossary(directory if directory is not None else default_glossary_dir())


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _console() -> Console:
    return Console(highlight=False)


def entry_json(entry: Entry) -> dict[str, Any]:
    """Every field of ``entry`` for JSON output (dates as ISO strings, roles as objects)."""
    from tamngu.glossary.exchange import entry_record

    record = entry_record(entry)
    record["roles"] = [dict(role) for role in record.get("roles", [])]
    return {**record, "file": entry.file, "line": entry.line}


# --------------------------------------------------------------------------- lookup


@app.command("lookup", epilog=examples("tamngu glossary lookup 'vuong ninh'   (Vương Ninh, seeds/000_3a4965e06602310f.txt)"))
def lookup_command(
    query: Annotated[str, typer.Argument(help="Vietnamese (diacritics optional), English, Chinese or pinyin.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many entries.")] = 5,
    as_json: JsonOption = False,
    glossary_dir: GlossaryOption = None,
) -> None:
    """Find entries by any of their names; exact hits first, then prefix, substring, fuzzy.

    Exits 1 (and names the nearest entries) when nothing matches.
    """
    glossary = _glossary(glossary_dir)
    given = len(query)
    query, cut = cap_query(query)
    if cut:
        typer.echo(f"warning: query cut to its first {MAX_QUERY_CHARS} of {given} characters (no glossary name is that long)", err=True)
    hits = lookup(glossary, query, limit)
    closest = [] if hits else nearest(glossary, query)
    if as_json:
        cut_note = {"query_cut_from": given} if cut else {}
        _print_json({"query": query, **cut_note, "hits": [_hit_json(hit) for hit in hits], "nearest": [_hit_json(hit) for hit in closest]})
    if not hits:
        names = ", ".join(f"{hit.entry.vi} ({hit.entry.en}, {hit.entry.zh})" for hit in closest)
        raise NotFoundError(f"no entry matches {query!r}; nearest: {names or 'none'}")
    if as_json:
        return
    console = _console()
    for hit in hits:
        console.print(_hit_table(hit))


def _hit_json(hit: LookupHit) -> dict[str, Any]:
    return {"id": hit.entry.id, "score": hit.score, "how": hit.how, "matched": hit.matched, "entry": entry_json(hit.entry)}


def _hit_table(hit: LookupHit) -> Table:
    entry = hit.entry
    table = Table(title=f"{entry.id}  [dim]({hit.how}, score {hit.score:.2f})[/dim]", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("vi", ", ".join(entry.vi_forms))
    table.add_row("en", ", ".join(entry.target_forms("en")))
    table.add_row("zh", ", ".join(entry.target_forms("zh")) + (f"  ({entry.pinyin})" if entry.pinyin else ""))
    table.add_row("type", entry.type)
    table.add_row("provenance", f"{entry.provenance}: {entry.source}")
    if entry.valid_from or entry.valid_to:
        table.add_row("valid", _period(entry.valid_from, entry.valid_to))
    for role in entry.roles:
        table.add_row("role", f"{role.en} / {role.zh}  [dim]{_period(role.valid_from, role.valid_to)}[/dim]")
    if entry.note:
        table.add_row("note", entry.note)
    table.add_row("defined", f"{entry.file}:{entry.line}")
    return table


def _period(start: dt.date | None, end: dt.date | None) -> str:
    return f"{start or '…'} – {end or '…'}"


# --------------------------------------------------------------------------- annotate


@app.command("annotate", epilog=examples("tamngu glossary annotate seeds/000_3a4965e06602310f.txt --json"))
def annotate_command(
    source: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input.")] = "-",
    date: DateOption = None,
    as_json: JsonOption = False,
    glossary_dir: GlossaryOption = None,
    names: Annotated[bool, typer.Option("--names", help="Also list names no entry covers (auto-pinned), with source and origin.")] = False,
) -> None:
    """List the glossary terms found in a Vietnamese text (whole syllables; the most text covered)."""
    from tamngu.glossary.resolve import resolve_article

    text = _read_text(source)
    if names:
        records = glossary_names.annotate_records(text, _glossary(glossary_dir), parse_date(date))
    else:  # the resolver's glossary pins of the text as one segment
        pins = resolve_article([text], _glossary(glossary_dir), date=parse_date(date)).pins[0]
        records = [_match_json(pin.match()) for pin in pins]
    if as_json:
        _print_json(records)
        return
    console = _console()
    console.print(_highlighted(text, records, brackets=console.color_system is None))
    console.print(_matches_table(records))


def _read_text(source: str) -> str:
    name = "standard input" if source == "-" else source
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise BadInputError(f"{name}: cannot read ({exc.strerror}); check the path") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{name}: byte {exc.start} is not UTF-8; convert the file first, e.g. iconv -f WINDOWS-1258 -t UTF-8"
        ) from None


def _match_json(match: Any) -> dict[str, Any]:
    entry = match.entry
    return {"start": match.start, "end": match.end, "text": match.text, "id": entry.id, "type": entry.type,
            "vi": entry.vi, "en": entry.en, "zh": entry.zh}  # fmt: skip


def _highlighted(text: str, records: list[dict[str, Any]], brackets: bool = False) -> Text:
    """``text`` with the matched spans styled (or wrapped in ⟦ ⟧ where there is no colour)."""
    if brackets:
        pieces, last = [], 0
        for record in records:
            pieces += [text[last : record["start"]], f"⟦{record['text']}⟧"]
            last = record["end"]
        return Text("".join(pieces) + text[last:])
    rendered = Text(text)
    for record in records:
        rendered.stylize("bold black on yellow", record["start"], record["end"])
    return rendered


def _matches_table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(records)} glossary terms", title_justify="left")
    for column in ("span", "text", "id", "type", "en", "zh"):
        table.add_column(column, overflow="fold")
    for record in records:
        span = f"{record['start']}-{record['end']}"
        table.add_row(span, record["text"], record["id"], record["type"], record["en"], record["zh"])
    return table


# --------------------------------------------------------------------------- check


StaleOption = Annotated[
    bool, typer.Option("--stale", help="List open roles by risk (offices changed since the check, then oldest source first) and current-office entries not checked for --days days.")
]
DaysOption = Annotated[int, typer.Option("--days", min=1, help="A role is stale when its newest check's source is older than this (a check is as new as its source).")]


@app.command("check", epilog=examples(
    "tamngu glossary check --stale --days 90 && tamngu glossary annotate seeds/000_3a4965e06602310f.txt"
))
def check_command(
    as_json: JsonOption = False, glossary_dir: GlossaryOption = None, stale: StaleOption = False, days: DaysOption = 180
) -> None:
    """Validate every glossary file: schema, dates, missing languages, duplicate and conflicting forms.

    Each problem names file, line and entry (and the conflicting entry); exits 2 on any. Facts not
    re-checked for --days days are a warning with a count (listed with --stale; always in --json).
    """
    from tamngu.glossary.check import check_glossary

    report = check_glossary(glossary_dir if glossary_dir is not None else default_glossary_dir(), stale_days=days)
    if as_json:
        _print_json(report.as_dict())
    else:
        for problem in report.problems:
            typer.echo(str(problem))
        if report.ok:
            _console().print(_check_table(report))
        if stale and report.stale:
            _console().print(_stale_table(report))
        if report.stale:
            typer.echo(
                f"warning: {len(report.stale)} open-ended roles or current-office entries not checked for {days} days"
                + ("" if stale else "; list them with 'tamngu glossary check --stale'"),
                err=True,
            )
    if not report.ok:
        count = len(report.problems)
        raise GlossaryError(f"{count} problem{'s' * (count != 1)} in {report.directory}; fix and run 'tamngu glossary check' again")


def _stale_table(report: Any) -> Table:
    title = f"Open roles by risk (as of {report.today}): offices changed since the check, then newest source older than {report.stale_days} days"
    table = Table(title=title, title_justify="left")
    for column in ("#", "entry", "line", "role or type", "rendering", "newest source", "days", "changed since / review"):
        table.add_column(column, justify="right" if column in ("#", "line", "days") else "left")
    for number, item in enumerate(report.stale, 1):
        checked = f"{item.checked.isoformat()} {item.seen}".strip() if item.checked else "never"
        why = item.changed_by or item.review
        table.add_row(str(number), item.entry_id, str(item.line), item.title, item.text, checked,
                      "" if item.age_days is None else str(item.age_days), why)  # fmt: skip
    return table


def _check_table(report: Any) -> Table:
    provenance = ", ".join(f"{name} {count}" for name, count in report.by_provenance.items())
    table = Table(title=f"OK: {report.entries} entries in {report.files} files", title_justify="left",
                  caption=f"{provenance}; version {report.version}", caption_justify="left")  # fmt: skip
    table.add_column("type")
    table.add_column("entries", justify="right")
    for entry_type, count in report.by_type.items():
        table.add_row(entry_type, str(count))
    return table


# --------------------------------------------------------------------------- export / import


@app.command("export", epilog=examples(
    "tamngu glossary export --for deepl --pair vi-en --date 2021-05-18 -o deepl-vi-en.tsv   "
    "(the entries valid on the day of seeds/003_6bcdd4cf1a5b396e.txt)"
))
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="tbx (TBX-Basic v3, everything), tbx2 (TBX v2 martif: OmegaT, translate-toolkit), csv or tsv.")] = "tbx",
    service: Annotated[Optional[str], typer.Option("--for", help="deepl, google, amazon or omegat: exactly the table that service documents.", show_default=False)] = None,
    pair: Annotated[str, typer.Option("--pair", help="table columns: vi-en, vi-zh, or vi-en-zh (one row per concept, with header).")] = "vi-en",
    header: Annotated[Optional[bool], typer.Option("--header/--no-header", help="first row of language codes (plain csv/tsv: default only for vi-en-zh; --for: refused where the service's table differs).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    date: DateOption = None,
    glossary_dir: GlossaryOption = None,
) -> None:
    """Export as TBX-Basic (v3, or v2 with --format tbx2), or as the table a service documents (--for).

    DeepL: --for deepl --pair vi-en|vi-zh (TSV, no header). Google: --for google --pair vi-en (unidirectional)
    or vi-en-zh (equivalent term set). Amazon Translate: --for amazon. OmegaT glossary: --for omegat (.txt).
    """
    from tamngu.glossary.exchange import export_glossary

    result = export_glossary(_glossary(glossary_dir), fmt, pair, header, parse_date(date), service)
    if output is None:
        typer.echo(result.data.decode("utf-8"), nl=False)
        return
    _write_atomically(output, result.data)
    skipped = f"; {len(result.skipped)} forms skipped (pinned twice, pass --date)" if result.skipped else ""
    typer.echo(f"wrote {result.entries} entries ({result.rows} rows) as {result.format} to {output}{skipped}", err=True)


def _write_atomically(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise BadInputError(f"{path}: directory {path.parent} does not exist; create it first")
    atomic_write(path, data)


@app.command("import", epilog=examples(
    "tamngu glossary export -o glossary.tbx && tamngu glossary import glossary.tbx --into newsroom-glossary",
    "tamngu glossary annotate seeds/000_3a4965e06602310f.txt --glossary newsroom-glossary",
))
def import_command(
    file: Annotated[Path, typer.Argument(help="A .tbx, .csv or .tsv glossary.")],
    into: Annotated[Path, typer.Option("--into", help="Directory to write <type>.toml files into.")] = Path("imported-glossary"),
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="tbx (v3 or v2), csv or tsv (default: from the file suffix).", show_default=False)] = None,
    pair: Annotated[str, typer.Option("--pair", help="Columns of a csv/tsv without header: vi-en, vi-zh, vi-en-zh.")] = "vi-en",
    entry_type: Annotated[Optional[str], typer.Option("--type", help="Entry type for rows/concepts that carry none.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files in --into.")] = False,
    as_json: JsonOption = False,
    glossary_dir: GlossaryOption = None,
) -> None:
    """Import a TBX/CSV/TSV glossary as TOML files (one per entry type).

    CSV/TSV rows whose Vietnamese form is already in --glossary keep that entry's
    other fields; new rows need English and Chinese (a vi,en,zh file) and --type.
    """
    from tamngu.glossary.exchange import import_glossary

    result = import_glossary(file, into, fmt, pair, _glossary(glossary_dir), entry_type, force)
    by_type = Counter(entry.type for entry in result.entries)
    if as_json:
        _print_json({"entries": len(result.entries), "by_type": dict(by_type), "written": [str(p) for p in result.written]})
        return
    table = Table(title=f"imported {len(result.entries)} entries from {file}", title_justify="left")
    table.add_column("file")
    table.add_column("entries", justify="right")
    for path in result.written:
        table.add_row(str(path), str(by_type[path.stem]))
    _console().print(table)


app.command(name="suggest", epilog=glossary_suggest.SUGGEST_EPILOG)(glossary_suggest.suggest_command)
app.command(name="add", epilog=glossary_suggest.ADD_EPILOG)(glossary_suggest.add_command)
app.command(name="gaps", epilog=glossary_names.GAPS_EPILOG)(glossary_names.gaps_command)
