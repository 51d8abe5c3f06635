"""``tamngu glossary gaps`` and the name parts of ``annotate --names`` and ``add --from-gaps``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from tamngu.commands.options import GlossaryOption, JsonOption, examples
from tamngu.errors import BadInputError
from tamngu.glossary.loader import default_glossary_dir, load_glossary
from tamngu.glossary.model import Glossary

GAPS_EPILOG = examples("tamngu glossary gaps seeds/ --json > gaps.json   (then: tamngu glossary add --from-gaps gaps.json)")


def gaps_command(
    inputs: Annotated[list[str], typer.Argument(help="Run directories (of 'tamngu translate --out') and/or article files or folders of *.txt.")],
    as_json: JsonOption = False,
    glossary_dir: GlossaryOption = None,
) -> None:
    """List every name the glossary does not cover: auto-pinned or left unpinned, most frequent first.

    Each name comes with its occurrences (article, segment, a snippet), origin,
    candidates and evidence. Save the JSON, set "decision": "add" on the names
    to keep, and take them in with 'tamngu glossary add --from-gaps FILE'.
    """
    from tamngu.glossary.gaps import collect_gaps, gaps_json

    articles = read_articles(inputs)
    report = gaps_json(collect_gaps(articles, _glossary(glossary_dir)))
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(_gaps_table(report))
    console.print(f"{report['names']} names ({report['auto']} auto-pinned, {report['unpinned']} unpinned) "
                  f"in {len(articles)} article{'s' if len(articles) != 1 else ''}; review with --json and 'tamngu glossary add --from-gaps FILE'")


def _gaps_table(report: dict[str, Any]) -> Table:
    table = Table(title="Names the glossary does not cover", title_justify="left")
    for column in ("n", "name", "type", "origin", "source", "en", "zh", "why / example"):
        table.add_column(column, overflow="fold")
    for item in report["items"]:
        example = item["occurrences"][0]["snippet"] if item["occurrences"] else ""
        table.add_row(str(item["count"]), item["text"], item["type"], item["origin"] or "-", item["source"],
                      item["en"] or "-", item["zh"] or "-", item["reason"] or example)
    return table


def read_articles(inputs: list[str]) -> dict[str, list[str]]:
    """Article id -> segments, from run directories (``articles/*.json``) and article text files."""
    from tamngu.corpus.parse import load_article
    from tamngu.corpus.segment import segments_of
    from tamngu.translate.records import read_article

    articles: dict[str, list[str]] = {}
    for name in inputs:
        path = Path(name)
        if (path / "articles").is_dir():
            for document in sorted((path / "articles").glob("*.json")):
                articles[document.stem] = read_article(document).sources
            continue
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        if not files or not all(f.is_file() for f in files):
            raise BadInputError(f"{name}: not a run directory, an article file or a folder of *.txt articles")
        for file in files:
            articles[file.stem] = [segment.text for segment in segments_of(load_article(file))]
    return articles


def annotate_records(text: str, glossary: Glossary, on_date: Any) -> list[dict[str, Any]]:
    """``annotate --names``: the resolver's pins with the same fields as glossary matches plus source and origin."""
    from tamngu.glossary.resolve import resolve_article

    lines = text.split("\n")
    resolved = resolve_article(lines, glossary, date=on_date, names=True)
    records, offset = [], 0
    for line, pins in zip(lines, resolved.pins):
        for pin in pins:
            entry = pin.entry
            records.append({"start": offset + pin.start, "end": offset + pin.end, "text": pin.text, "id": entry.id,
                            "type": entry.type, "vi": entry.vi, "en": entry.en, "zh": entry.zh,
                            "source": pin.source, "origin": pin.origin})
        offset += len(line) + 1
    return records


def add_from_gaps_command(path: Path, glossary_dir: Optional[Path], json_output: bool) -> None:
    """``glossary add --from-gaps FILE``: take the reviewed names in, atomically."""
    from tamngu.glossary.gaps import add_from_gaps

    directory = glossary_dir if glossary_dir is not None else default_glossary_dir()
    added = add_from_gaps(path, directory)
    if json_output:
        typer.echo(json.dumps([{"id": d.entry_id, "type": d.type, "vi": d.vi, "en": d.en, "zh": d.zh} for d in added],
                              ensure_ascii=False, indent=2))
        return
    Console(highlight=False).print(f"added {len(added)} entries from {path}: " + ", ".join(d.entry_id for d in added))


def _glossary(directory: Optional[Path]) -> Glossary:
    return load_glossary(directory if directory is not None else default_glossary_dir())
