"""``tamngu corpus ...``: look at how raw articles are parsed and segmented."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tamngu.commands.options import JsonOption, examples
from tamngu.corpus.parse import load_article
from tamngu.corpus.segment import article_report

app = typer.Typer(
    help="Inspect how raw article files are parsed into parts and segments.",
    no_args_is_help=True,
)

_INSPECT_EPILOG = examples("tamngu corpus inspect seeds/000_3a4965e06602310f.txt --json")


@app.command("inspect", epilog=_INSPECT_EPILOG)
def inspect_command(
    file: Path = typer.Argument(..., help="A raw article file: UTF-8 text copied from the web page, or the saved page (.html)."),
    as_json: JsonOption = False,
) -> None:
    """Show the parse of FILE: title, lead, body, captions, metadata, dropped lines and why, segment ids.

    For a saved page (.html) the line numbers are those of the article as extracted.
    """
    article = load_article(file)
    report = article_report(article)
    if article.empty:
        typer.echo(f"warning: {file}: no article text found (empty file?)", err=True)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_report(report)


def _print_report(report: dict) -> None:  # type: ignore[type-arg]
    console = Console()
    layout = "body-only (no headline)" if report["body_only"] else "headline + lead + body"
    console.print(f"[bold]{report['article']}[/bold]  {report['source']}  ({layout})")
    console.print(f"[bold]title:[/bold] {report['title'] or '-'}")
    console.print(f"[bold]lead:[/bold] {report['lead'] or '-'}")
    _print_list(console, "body", report["body"])
    _print_list(console, "captions", report["captions"])
    metadata = report["metadata"]
    for key in ("bylines", "photo_credits", "images"):
        console.print(f"[bold]{key}:[/bold] {', '.join(metadata[key]) or '-'}", highlight=False)
    for key in ("stamp", "date", "author", "url", "site"):
        if key in metadata:
            console.print(f"[bold]{key}:[/bold] {metadata[key]}", highlight=False)
    _print_dropped(console, report["dropped"])
    _print_segments(console, report["segments"])


def _print_list(console: Console, name: str, paragraphs: list[str]) -> None:
    console.print(f"[bold]{name}:[/bold] {len(paragraphs)} paragraph(s)")
    for index, text in enumerate(paragraphs):
        console.print(f"  [{index}] {text}", highlight=False)


def _print_dropped(console: Console, dropped: list[dict]) -> None:  # type: ignore[type-arg]
    table = Table(title=f"dropped lines ({len(dropped)})", title_justify="left")
    for column in ("line", "reason", "text"):
        table.add_column(column, overflow="fold")
    for item in dropped:
        table.add_row(str(item["line"]), item["reason"], item["text"])
    console.print(table)


def _print_segments(console: Console, segments: list[dict]) -> None:  # type: ignore[type-arg]
    table = Table(title=f"segments ({len(segments)})", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("source", overflow="ellipsis", no_wrap=True, max_width=80)
    for segment in segments:
        table.add_row(segment["id"], segment["source"])
    console.print(table)
