"""``tamngu eval``: score runs against the references and write the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

import tamngu.eval
from rich.console import Console
from rich.table import Table

from tamngu.commands.progress import progress
from tamngu.commands.options import GlossaryOption, JsonOption, examples
from tamngu.eval.metrics import DEFAULT_BOOTSTRAP
from tamngu.eval.report import dumps, evaluate, steps, write_report

DEFAULT_REFS = Path("eval/references")
EPILOG = examples(
    "tamngu translate seeds/ --out runs/hard && tamngu translate seeds/ --constraints off --out runs/off",
    "tamngu eval runs/hard runs/off --refs eval/references --out report/",
)
_LANG_NAMES = {"en": "English", "zh": "Chinese"}


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
    With two or more runs, adds paired bootstrap significance against the first.
    """
    report = _evaluate_with_progress(run_dirs, refs, glossary, lang, allow_partial, bootstrap, worst, quiet=json_output)
    paths = write_report(report, out)
    if json_output:
        typer.echo(dumps(report))
        return
    _print_summary(report, paths)


def _evaluate_with_progress(run_dirs: list[Path], refs: Path, glossary: Path | None, langs: list[str] | None,
                            allow_partial: bool, bootstrap: int, worst: int, quiet: bool) -> dict[str, Any]:
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


def _print_summary(report: dict[str, Any], paths: dict[str, Path]) -> None:
    console = Console()
    for warning in report["warnings"]:
        console.print(f"[bold red]{warning}[/]" if warning.startswith("PARTIAL") else f"[yellow]{warning}[/]")
    for lang, scores in report["languages"].items():
        console.print(_headline_table(lang, scores))
    console.print(f"report: {paths['html']}  ({paths['md'].name}, {paths['json'].name})")


def _headline_table(lang: str, scores: dict[str, Any]) -> Table:
    significance = scores.get("significance")
    caption = f"† p < 0.05 against {significance['baseline']} (paired bootstrap)" if significance else None
    table = Table(title=f"{_LANG_NAMES.get(lang, lang)}: {scores['segments']} segments", title_justify="left",
                  caption=caption, caption_justify="left")
    for column in ("system", "BLEU", "chrF++", "TER", "term success", "consistency"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name, system in scores["systems"].items():
        cells = [_score_cell(system["corpus"][key], significance["systems"][name][key]["p_value"] if significance else None)
                 for key in ("bleu", "chrf", "ter")]
        table.add_row(name, *cells, _rate(system["terms"]), _rate(system["terms"]["consistency"]))
    return table


def _score_cell(score: dict[str, Any], p_value: float | None) -> str:
    text = f"{score['score']:.1f}"
    if score.get("ci") is not None:
        text += f" ±{score['ci']:.1f}"
    if p_value is not None and p_value < 0.05:
        text += " †"
    return text


def _rate(tally: dict[str, Any]) -> str:
    return "n/a" if tally.get("success") is None else f"{tally['success']:.1f}% {tally['hits']}/{tally['total']}"
