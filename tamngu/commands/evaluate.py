"""``tamngu eval``: score runs against the references and write the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import tamngu.eval
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tamngu.commands.progress import progress
from tamngu.commands.options import GlossaryOption, JsonOption, examples
from tamngu.eval.metrics import DEFAULT_BOOTSTRAP
from tamngu.eval.model import Figure, LanguageReport, Rate, Report, RunInfo
from tamngu.eval.render import number
from tamngu.eval.text import clean
from tamngu.eval.report import check_out_dir, dumps, evaluate, steps, write_report

DEFAULT_REFS = Path("eval/references")
EPILOG = examples(
    "tamngu translate seeds/ --out runs/hard && tamngu translate seeds/ --constraints off --out runs/off",
    "tamngu eval runs/hard runs/off --refs eval/references --out report/",
)
_MARKS = {"better": " ▲", "worse": " ▼", "same": ""}


def eval_command(
    run_dirs: Annotated[list[Path], typer.Argument(help="Run directories written by 'tamngu translate --out'; the first is the baseline.")],
    refs: Annotated[Path, typer.Option("--refs", help="Folder of <article>.jsonl references.")] = DEFAULT_REFS,
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html, report.md and report.json.")] = Path("report"),
    glossary: GlossaryOption = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Score only this language (en or zh); repeatable.")] = None,
    allow_partial: Annotated[bool, typer.Option("--allow-partial", help="Score only the aligned segments when runs miss references, and empty hypotheses as empty (said loudly in the report).")] = False,
    bootstrap: Annotated[int, typer.Option("--bootstrap", min=1, help="Bootstrap resamples for 95% intervals and paired tests (1 = none).")] = DEFAULT_BOOTSTRAP,
    worst: Annotated[int, typer.Option("--worst", min=0, help="Worst segments to list per system and language.")] = 8,
    json_output: JsonOption = False,
) -> None:
    """Score runs against reference translations: BLEU, chrF++, TER (sacreBLEU, 95% CIs), term success.

    Writes OUT/report.html (self-contained), OUT/report.md and OUT/report.json.
    With two or more runs, opens with a verdict: each run against the first on term
    success and on quality, by paired bootstrap tests on the segments (p < 0.05).
    """
    check_out_dir(out)
    report = _evaluate_with_progress(run_dirs, refs, glossary, lang, allow_partial, bootstrap, worst, quiet=json_output)
    paths = write_report(report, out)
    if json_output:
        typer.echo(dumps(report))
        return
    _print_summary(report, paths)


def _evaluate_with_progress(run_dirs: list[Path], refs: Path, glossary: Path | None, langs: list[str] | None,
                            allow_partial: bool, bootstrap: int, worst: int, quiet: bool) -> Report:
    """Score with progress on stderr (with --json too): a bar on a terminal, a plain line every few seconds elsewhere."""
    total = steps(len(run_dirs), len(langs) if langs else 2)
    done = [0]
    with progress("scoring", "steps") as update:

        def advance(description: str) -> None:
            done[0] += 1
            update(done[0], total)  # type: ignore[misc]

        return evaluate(run_dirs, _refs_dir(refs), glossary, langs, allow_partial, bootstrap, worst, progress=advance)


def _refs_dir(refs: Path) -> Path:
    """The default ``eval/references`` also resolves from outside the repository root."""
    if refs == DEFAULT_REFS and not refs.is_dir():
        return Path(tamngu.eval.__file__).parent / "references"
    return refs


def _print_summary(report: Report, paths: dict[str, Path]) -> None:
    console = Console(highlight=False)
    for warning in (clean(text).text for text in report.warnings):  # a warning may quote a folder name
        console.print(f"[bold red]{escape(warning)}[/]" if warning.startswith("PARTIAL") else f"[yellow]{escape(warning)}[/]")
    for sentence in report.verdict.headline:
        console.print(f"[bold]{escape(sentence)}[/]")
    for language in report.languages:
        console.print(_scores_table(language, report))
    for run in report.runs:
        _print_roles(console, run)
    console.print(f"report: {paths['html']}  ({paths['md'].name}, {paths['json'].name})")


def _print_roles(console: Console, run: RunInfo) -> None:
    """A run's roles to confirm: its note lines, then each (entry, note) with its pins and segments."""
    if not run.roles_to_confirm:
        return
    console.print(f"[bold]Roles to confirm: {escape(clean(run.name).text)}[/]")
    for note in run.notes:
        console.print(f"[yellow]{escape(note)}[/]")
    for flag in run.roles_to_confirm:
        shown = ", ".join(flag.segments[:3]) + (f", ... ({len(flag.segments) - 3} more)" if len(flag.segments) > 3 else "")
        pins = "1 pin" if flag.count == 1 else f"{flag.count} pins"
        console.print(escape(clean(f"  {flag.entry_id} ({flag.source_text}): {flag.role_note}; {pins} in {shown}").text))


def _scores_table(language: LanguageReport, report: Report) -> Table:
    compared = any(system.figures["chrf"].comparison for system in language.systems)
    notes = [f"▲ better, ▼ worse than {report.baseline} (paired bootstrap, p < {report.alpha})"] if compared else []
    notes += [f"‡ {system.name}: degenerate, {system.degenerate}; TER not compared" for system in language.systems if system.degenerate]
    table = Table(title=f"{language.name}: {language.segments} segments", title_justify="left",
                  caption=escape("\n".join(notes)) if notes else None, caption_justify="left")
    for column in ("run", "BLEU", "chrF++", "TER", "term success", "consistency"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for system in language.systems:
        cells = [_figure_cell(system.figures[key]) for key in ("bleu", "chrf", "ter")]
        table.add_row(escape(system.name), *cells, _figure_cell(system.figures["terms"], percent=True), _rate(system.consistency))
    return table


def _figure_cell(figure: Figure, percent: bool = False) -> str:
    if figure.score is None:
        return "n/a"
    text = f"{number(figure.score)}{'%' if percent else ''}"
    if figure.low is not None and figure.high is not None and not percent:
        text += f" ±{number((figure.high - figure.low) / 2)}"
    if figure.withheld:
        return text + " ‡"
    return text + (_MARKS[figure.comparison.direction] if figure.comparison else "")


def _rate(rate: Rate) -> str:
    return "n/a" if rate.success is None else f"{number(rate.success)}% {rate.hits}/{rate.total}"
