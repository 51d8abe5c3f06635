"""Thread arrangements side by side, on a quiet machine and beside busy processes the bench starts itself.

``tamngu bench`` runs its engine table at one thread. This module holds what the
rows beside it need: how the engines use two cores (the default engine and
CTranslate2 at 2 threads, against their 1-thread rows), how the default engine
holds up when other programs keep the cores busy
(the same run beside ``busy`` CPU-bound processes, started before and stopped
after each run, with the default arrangement of ``tamngu translate``: every
physical core, OpenMP threads waiting passively (:mod:`tamngu.translate.threads`),
and with fixed thread counts).
Under contention the figure that matters is wall time: CPU seconds do not show
threads waiting for a core.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

logger = logging.getLogger(__name__)

BUSY_LOOP = "while True: pass"


@contextlib.contextmanager
def busy_processes(count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` CPU-bound Python processes (an endless loop each), ended when the block ends."""
    processes = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(count)]
    try:
        yield processes
    finally:
        for process in processes:
            process.kill()
        for process in processes:
            process.wait()


def arrangement_label(threads: str) -> str:
    """How a row names its thread arrangement: "auto" is the default of ``tamngu translate``."""
    return "default (every core, passive waiting)" if threads == "auto" else f"{threads} thread{'s' if threads != '1' else ''}"


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def contention_note(busy: int) -> str:
    return f"{busy} busy processes ({BUSY_LOOP!r}) started before and ended after each run"


def cores() -> int:
    from tamngu.translate.threads import physical_cores

    return physical_cores()


def arrangements() -> list[str]:
    """The default arrangement ("auto"), then 1 thread and every physical core."""
    return ["auto", "1"] + ([str(cores())] if cores() > 1 else [])


def ratios(results: list[dict[str, Any]], thread_rows: list[dict[str, Any]], contention: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Memory, 2-vs-1-thread and contention ratios, in the shape of ``bench_report.ratios``.

    >>> rows = [{"engine": "torch-hard", "beams": 4, "seconds": 10.0, "cpu_seconds": 9.0, "peak_rss_mb": 660.0},
    ...         {"engine": "ct2", "beams": 4, "seconds": 14.0, "cpu_seconds": 13.0, "peak_rss_mb": 640.0}]
    >>> two = [{"engine": "torch-hard", "beams": 4, "seconds": 6.0, "cpu_seconds": 10.0},
    ...        {"engine": "ct2", "beams": 4, "seconds": 8.0, "cpu_seconds": 14.0}]
    >>> busy = {"rows": [{"engine": "torch-hard", "beams": 4, "threads": "auto", "seconds": 5.0, "cpu_seconds": 4.0},
    ...                  {"engine": "torch-hard", "beams": 4, "threads": "1", "seconds": 8.0, "cpu_seconds": 4.0},
    ...                  {"engine": "torch-hard", "beams": 4, "threads": "2", "seconds": 4.0, "cpu_seconds": 4.4}]}
    >>> found = ratios(rows, two, busy)
    >>> found["peak_memory_default_vs_ct2"], found["threads_2_vs_1_torch_hard"]["4"]["wall"]
    ({'4': {'peak': 1.03}}, 1.67)
    >>> found["guaranteed_default_vs_ct2_2_threads"]["4"]["wall"], found["contention_default_vs_best_fixed"]["4"]["wall"]
    (1.33, 1.25)
    """
    found: dict[str, dict[str, dict[str, float]]] = {}
    one = {(r["engine"], r["beams"]): r for r in results}
    for (engine, beams), row in one.items():
        other = one.get(("ct2", beams))
        if engine == "torch-hard" and other and other.get("peak_rss_mb"):
            found.setdefault("peak_memory_default_vs_ct2", {})[str(beams)] = {"peak": round(row["peak_rss_mb"] / other["peak_rss_mb"], 2)}
    two = {(r["engine"], r["beams"]): r for r in thread_rows}
    for (engine, beams), row in two.items():
        base = one.get((engine, beams))
        if base and row["seconds"] and row["cpu_seconds"]:
            found[f"threads_2_vs_1_{engine.replace('-', '_')}"] = {str(beams): _speed(base, row)}
    if ("torch-hard", 4) in two and ("ct2", 4) in two:
        found["guaranteed_default_vs_ct2_2_threads"] = {"4": _speed(two[("ct2", 4)], two[("torch-hard", 4)])}
    busy = contention.get("rows", [])
    default = [r for r in busy if r["threads"] == "auto"]
    fixed = [r for r in busy if r["threads"] != "auto"]
    if default and fixed:
        best = min(fixed, key=lambda r: r["seconds"])
        found["contention_default_vs_best_fixed"] = {str(default[0]["beams"]): {
            "wall": round(default[0]["seconds"] / best["seconds"], 2), "best_fixed_threads": float(best["threads"])}}
    return found


def _speed(slow: dict[str, Any], fast: dict[str, Any]) -> dict[str, float]:
    """How many times faster ``fast`` ran than ``slow`` (wall and CPU seconds)."""
    return {"wall": round(slow["seconds"] / fast["seconds"], 2), "cpu": round(slow["cpu_seconds"] / fast["cpu_seconds"], 2)}


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The thread, contention, memory and whole-run figures of a bench report, one line each, for the summary."""
    lines = []
    for row in report.get("thread_rows", []):
        lines.append(f"{row['engine']} beam {row['beams']}, 2 threads: {row['seconds']:.1f} wall s, {row['cpu_seconds']:.1f} cpu s, "
                     f"peak {row['peak_rss_mb']:.0f} MB (load {row['loadavg_1m']})")
    contention = report.get("contention")
    if contention:
        lines.append(f"contention: {contention['note']}; {contention['segments']} segments, beam 4:")
        lines += [f"  {row['engine']} {arrangement_label(row['threads'])}: {row['seconds']:.1f} wall s, {row['cpu_seconds']:.1f} cpu s "
                  f"(load {row['loadavg_1m']})" for row in contention["rows"]]
    ratios_found = report.get("ratios", {})
    for name, what in RATIO_LINES.items():
        for beams, values in ratios_found.get(name, {}).items():
            figures = ", ".join(f"{value:g}x {kind}" if kind != "best_fixed_threads" else f"best fixed: {value:g} threads"
                                for kind, value in values.items())
            lines.append(f"{name} ({what}), beam {beams}: {figures}")
    run = report.get("translate_run")
    if run:
        lines.append(f"whole run ({run['command']}, {run['segments']} segments, both models): peak {run['peak_rss_mb']:.0f} MB, "
                     f"{run['cpu_seconds']:.1f} cpu s, {run['seconds']:.1f} wall s")
    return lines


RATIO_LINES = {
    "peak_memory_default_vs_ct2": "torch-hard peak MB / ct2 peak MB, 1 thread",
    "threads_2_vs_1_torch_hard": "torch-hard 1-thread seconds / 2-thread seconds",
    "threads_2_vs_1_ct2": "ct2 1-thread seconds / 2-thread seconds",
    "guaranteed_default_vs_ct2_2_threads": "ct2 seconds / torch-hard seconds, both on 2 threads",
    "contention_default_vs_best_fixed": "default arrangement wall s / best fixed thread count's, beside busy processes",
}
