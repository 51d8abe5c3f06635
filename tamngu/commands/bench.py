"""``tamngu bench``: engines side by side on a random model of the opus-mt-vi-en shape."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from tamngu.commands.options import JsonOption, examples
from tamngu.errors import BadInputError
from tamngu.tools.bench import ENGINES, BenchOptions, run_bench
from tamngu.tools.bench_contention import summary_lines
from tamngu.tools.bench_report import RATIOS

EPILOG = examples(
    "tamngu bench --out bench/   (segments of seeds/; full, under 10 minutes on 2 cores)",
    "tamngu bench --quick --json",
)


def bench_command(
    quick: Annotated[bool, typer.Option("--quick", help="Tiny model, a few segments, in-process (the CI smoke test).")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for bench.json (and the built model); default: a temporary folder.")] = None,
    segments: Annotated[int | None, typer.Option("--segments", min=1, help="Seed segments to translate (evenly spread over the corpus; default 16, quick 6).")] = None,
    beams: Annotated[str, typer.Option("--beams", help="Comma-separated beam sizes to measure (1 = greedy).")] = "4,1",
    engine: Annotated[list[str] | None, typer.Option("--engine", help=f"Measure only this engine (repeatable): {', '.join(ENGINES)}. The naive baseline always runs.")] = None,
    redecode_share: Annotated[float, typer.Option("--redecode-share", min=0.0, max=1.0, help="Share of segments the ct2 hard path re-decodes with the torch decoder.")] = 0.1,
    threads: Annotated[int | None, typer.Option("--threads", min=1, help="CPU threads for every engine of the main table (default 1); the 2-thread and contention rows set their own.")] = None,
    device: Annotated[str, typer.Option("--device", help="cpu, or cuda on a GPU machine (torch and CTranslate2 in float16).")] = "cpu",
    model_dir: Annotated[Path | None, typer.Option("--model-dir", help="Reuse a model directory built by an earlier bench instead of building one.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Measure segments/s, target tokens/s and peak memory of each engine against the naive transformers loop.

    Engines: the naive baseline (generate over file-order batches of 16), tamngu torch (int8 weights on CPU) without and with hard constraints, with hard constraints through transformers' forward per step instead of the lean decoder, and with float32 weights, tamngu ct2 int8, and the ct2 verify-and-redecode path; at beam 4 and greedy, each in a fresh subprocess, with equal forced output lengths.

    Rows say whether the engine guarantees every pin and which one `tamngu translate` uses by default; the summary adds hard-vs-plain, guaranteed-vs-ct2 and lean-vs-transformers-step ratios on wall and CPU seconds. On CPU (not --quick) it also measures the default engine and ct2 at beam 4 on 2 threads, the default engine beside 2 busy processes it starts and ends itself (default arrangement against 1 and 2 threads), and the peak memory of a whole `tamngu translate` run with both models (vi->en->zh), with ratio lines for memory vs ct2, 2 vs 1 thread and default vs the best fixed thread count. Writes OUT/bench.json (--json prints it).
    """
    options = BenchOptions(
        quick=quick,
        beams=_beams(beams),
        engines=tuple(engine) if engine else tuple(ENGINES),
        segments=segments,
        redecode_share=redecode_share,
        isolate=not quick,
        model_dir=model_dir,
        threads=threads if threads is not None else 1,
        device=device,
    )
    folder = out or Path(tempfile.mkdtemp(prefix="tamngu-bench-"))
    report = _run_with_progress(options, folder, quiet=json_output)
    if json_output:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_summary(report, folder)


def _beams(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        values = ()
    if not values or min(values) < 1:
        raise BadInputError(f"--beams must be comma-separated positive integers such as 4,1, got '{text}'")
    return values


def _run_with_progress(options: BenchOptions, folder: Path, quiet: bool) -> dict[str, Any]:
    console = Console(stderr=True)
    total = 3 + len(options.beams) * (1 + len([e for e in options.engines if e != "naive"]))
    total += 6 if options.device == "cpu" and not options.quick else 0  # 2-thread rows, contention rows, whole run
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=quiet) as progress:
        task = progress.add_task("bench", total=total)
        state = {"started": False}

        def step(label: str) -> None:
            if state["started"]:
                progress.advance(task)
            state["started"] = True
            progress.update(task, description=label)

        report = run_bench(options, folder, progress=step)
        progress.advance(task)
    return report


def _print_summary(report: dict[str, Any], folder: Path) -> None:
    console = Console()
    if not console.is_terminal:  # a log file or a pipe: the full table, not 80 columns of ellipses
        console = Console(width=160)
    machine, workload = report["machine"], report["workload"]
    title = (f"{machine['cpu']} ({', '.join(machine.get('cpu_features', []))}), {machine['physical_cores']} cores; {workload['segments']} segments, "
             f"{workload['target_tokens']} target tokens; model d_model {report['model']['d_model']}, "
             f"vocab {report['model']['vocab_size']}")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("engine", "beam", "weights", "pins", "wall s", "cpu s", "seg/s", "tok/s", "peak MB", "ΔMB", "ratio"):
        table.add_column(column, justify="left" if column == "engine" else "right", no_wrap=True,
                         min_width=12 if column == "engine" else None)
    for row in report["results"]:
        ratio = "" if row["ratio_to_baseline"] is None else f"{row['ratio_to_baseline']:.2f}"
        pins = "guaranteed" + (", default" if row["default"] else "") if row["guaranteed"] else ("default" if row["default"] else "")
        table.add_row(row["engine"], str(row["beams"]), row["quantization"], pins, f"{row['seconds']:.1f}", f"{row['cpu_seconds']:.1f}",
                      f"{row['segments_per_s']:.3g}", f"{row['tokens_per_s']:.3g}", f"{row['peak_rss_mb']:.0f}",
                      f"{row['rss_delta_mb']:.0f}", ratio)
    console.print(table)
    console.print("ratio: segments/s over the naive baseline's at the same beam size")
    redecoded = workload["redecoded_segments"]
    console.print(f"ct2-redecode: {redecoded} of {workload['segments']} segments re-decoded by the hard torch decoder "
                  f"(--redecode-share {workload['redecode_share']})")
    for name, per_beam in report["ratios"].items():
        if name not in RATIOS:  # the thread, contention and memory ratios: printed below
            continue
        first, second, kind = RATIOS[name]
        what = f"{first} seconds / {second} seconds" if kind == "time" else f"{first} seg/s / {second} seg/s"
        console.print(f"{name} ({what}): " + ", ".join(f"beam {b}: {v['wall']:.2f}x wall, {v['cpu']:.2f}x cpu" for b, v in per_beam.items()))
    for line in summary_lines(report):
        console.print(line, highlight=False)
    console.print(f"load: {machine['uptime_start']} at start; {machine['uptime_end']} at end")
    console.print(f"bench.json: {folder / 'bench.json'}")
