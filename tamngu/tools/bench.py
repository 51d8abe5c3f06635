"""Side-by-side speed benchmark of tamngu's engines against the naive transformers loop.

A script, not a test: :func:`run_bench` builds a random-weight model of the
exact ``Helsinki-NLP/opus-mt-vi-en`` shape (``--quick``: a tiny one), takes real
segments of the seed corpus, and translates them with every engine at beam 4
and greedy, each engine and beam setting in a fresh subprocess so its peak
memory is its own.

Equal work everywhere: random weights never choose to stop, so every segment
gets a forced output length derived from its source length,
``L = roundup8(round(1.1 * source tokens) + 2)`` (EOS included), with
``min_new_tokens == max_new_tokens == L`` on every engine. The naive loop, like
``generate()`` over a padded batch, runs each batch of 16 to its longest ``L``;
the torch engine takes a length per segment and drops finished segments from
its batch; CTranslate2 takes one length per call, so segments within 2x of a
call's longest ``L`` share the call (extra tokens cut). Throughput counts only
the ``L - 1`` tokens each segment needs, identical for every engine.

Engines (:data:`tamngu.tools.bench_engines.ENGINES`): the naive loop; tamngu
torch (int8 weights on CPU, float16 on CUDA) without and with hard constraints,
and with float32 weights; CTranslate2 (int8 / float16); and the CTranslate2
verify-and-redecode path. Each row says whether the engine ``guaranteed`` every
pin and whether it is the ``default`` of ``tamngu translate``; the report adds
hard-vs-plain and guaranteed-vs-CTranslate2 ratios on wall and CPU seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tamngu.translate  # noqa: F401  (before torch: OpenMP threads wait passively, as in `tamngu translate`)
from tamngu.tools import bench_contention as contention_
from tamngu.tools import bench_report as report_
from tamngu.tools.bench_engines import BASELINE, ENGINES, NAIVE_BATCH, is_default, resolved_quantization, run_naive, run_tamngu
from tamngu.tools.bench_workload import FULL_SEGMENTS, QUICK_SEGMENTS, Segment, build_model, forced_length, prepare_segments

logger = logging.getLogger(__name__)

__all__ = ["ENGINES", "BenchOptions", "RunResult", "forced_length", "prepare_workload", "run_bench", "run_engine"]

BENCH_FORMAT = 3
TRANSLATE_RUN_SEGMENTS = 2  # the shortest: random weights never stop early, every output runs to its cap (2x + 10 tokens), twice
DEVICES = ("cpu", "cuda")

Progress = Callable[[str], None]


@dataclass
class BenchOptions:
    """What to benchmark.

    Attributes:
        quick: tiny model and a few segments, in-process (the CI smoke test).
        beams: beam settings to measure (1 is greedy).
        engines: engines to measure, a subset of :data:`ENGINES` (the baseline is always run).
        segments: how many seed segments (evenly spread, file order kept); None: the default.
        redecode_share: share of segments the ct2 hard path re-decodes with torch.
        batch_tokens: token budget of tamngu's batches.
        isolate: measure each run in a fresh subprocess (clean peak memory).
        model_dir: reuse an already built model directory instead of building one.
        threads: CPU threads of every engine (None: all physical cores, the libraries' default).
        device: "cpu" or "cuda".
        seed: seed of the random weights.
        thread_rows: also the default engine and CTranslate2 at beam 4 on 2 threads (CPU, 2+ cores).
        busy: CPU-bound processes beside the contention rows (0: no contention rows).
        translate_run: also the peak memory of a whole ``tamngu translate`` run (vi->en->zh).
    """

    quick: bool = False
    beams: tuple[int, ...] = (4, 1)
    engines: tuple[str, ...] = tuple(ENGINES)
    segments: int | None = None
    redecode_share: float = 0.1
    batch_tokens: int = 4096
    isolate: bool = True
    model_dir: Path | None = None
    threads: int | None = None
    device: str = "cpu"
    seed: int = 0
    thread_rows: bool = True
    busy: int = 2
    translate_run: bool = True


@dataclass
class RunResult:
    """One engine at one beam setting."""

    engine: str
    label: str
    beams: int
    quantization: str
    guaranteed: bool
    default: bool
    segments: int
    target_tokens: int
    seconds: float
    cpu_seconds: float
    segments_per_s: float
    tokens_per_s: float
    peak_rss_mb: float
    rss_delta_mb: float
    gpu_peak_mb: float = 0.0
    redecoded: int = 0
    wrong_lengths: int = 0
    loadavg_1m: float = 0.0
    ratio_to_baseline: float | None = None
    isolation: str = "subprocess"
    threads: str = ""
    busy: int = 0


def run_bench(options: BenchOptions, out_dir: Path | str, progress: Progress | None = None) -> dict[str, Any]:
    """Build the workload, measure every engine and beam setting, write ``out_dir/bench.json``.

    Args:
        options: what to measure.
        out_dir: where ``bench.json`` (and the built model and CTranslate2 cache) go.
        progress: called with a short label before each step.

    Returns:
        The content of ``bench.json``.
    """
    _check(options)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _label: None)
    load_start, uptime_start = os.getloadavg(), report_.uptime()
    workload_path, workload = prepare_workload(options, out, say)
    results = []
    for beams in options.beams:
        for engine in _engines(options):
            say(f"{engine} beam {beams}")
            results.append(_measure(engine, beams, workload_path, options.isolate))
    _add_baseline_ratios(results)
    extra = _extra_sections(options, out, workload_path, workload, say)
    report = _report(options, workload, results, load_start, uptime_start)
    report.update(extra)
    report["ratios"].update(contention_.ratios(report["results"], extra.get("thread_rows", []), extra.get("contention", {})))
    report_.write_json(out / "bench.json", report)
    return report


def _extra_sections(options: BenchOptions, out: Path, workload_path: Path, workload: dict[str, Any], say: Progress) -> dict[str, Any]:
    """Rows beside the engine table: 2 threads, contention, and a whole ``tamngu translate`` run."""
    extra: dict[str, Any] = {}
    cpu = options.device == "cpu" and not options.quick
    if cpu and options.thread_rows and contention_.cores() >= 2:
        extra["thread_rows"] = []
        for engine in ("torch-hard", "ct2"):
            say(f"{engine} beam 4, 2 threads")
            extra["thread_rows"].append(asdict(_measure(engine, 4, workload_path, options.isolate, threads="2")))
    if cpu and options.busy > 0:
        extra["contention"] = _contention(options, out, workload, say)
    if cpu and options.translate_run:
        say("tamngu translate, vi->en->zh")
        from tamngu.tools.bench_translate import translate_run
        from tamngu.tools.bench_workload import build_en_zh_model

        en_zh = build_en_zh_model(options.seed, out)
        shortest = sorted(workload["segments"], key=lambda segment: segment["source_tokens"])[:TRANSLATE_RUN_SEGMENTS]
        texts = [segment["text"] for segment in shortest]
        extra["translate_run"] = translate_run(Path(workload["model_dir"]), en_zh, texts, out, options.threads)
    return extra


def _contention(options: BenchOptions, out: Path, workload: dict[str, Any], say: Progress) -> dict[str, Any]:
    """The default engine at beam 4 beside ``options.busy`` busy processes: default arrangement, then fixed counts."""
    half = dict(workload, segments=workload["segments"][::2])  # every other segment: the runs stay short under load
    path = out / "workload-contention.json"
    report_.write_json(path, half)
    rows = []
    for threads in contention_.arrangements():
        say(f"torch-hard beam 4 beside {options.busy} busy processes, {contention_.arrangement_label(threads)}")
        with contention_.busy_processes(options.busy):
            rows.append(asdict(_measure("torch-hard", 4, path, options.isolate, threads=threads, busy=options.busy)))
    return {"busy": options.busy, "note": contention_.contention_note(options.busy), "segments": len(half["segments"]), "rows": rows}


def prepare_workload(options: BenchOptions, out: Path, say: Progress) -> tuple[Path, dict[str, Any]]:
    """Build (or reuse) the model, convert it to CTranslate2, and write ``workload.json``."""
    say("building the model")
    model_dir = options.model_dir or build_model(options.quick, options.seed, out)
    say("converting to CTranslate2")
    from tamngu.translate.ct2_convert import default_quantization, ensure_converted

    cache = out / "ct2-cache"
    ensure_converted(model_dir, model_ref=f"bench-{model_dir.name}", quantization=default_quantization(options.device), root=cache)
    say("tokenizing the seed segments")
    count = options.segments or (QUICK_SEGMENTS if options.quick else FULL_SEGMENTS)
    segments = prepare_segments(model_dir, count, options.redecode_share)
    workload = {
        "model_dir": str(model_dir),
        "ct2_cache": str(cache),
        "batch_tokens": options.batch_tokens,
        "redecode_share": options.redecode_share,
        "threads": options.threads,
        "device": options.device,
        "segments": [asdict(segment) for segment in segments],
    }
    path = out / "workload.json"
    report_.write_json(path, workload)
    return path, workload


def run_engine(engine: str, beams: int, workload: dict[str, Any]) -> dict[str, Any]:
    """Translate the workload with one engine, timing only the translation itself.

    Returns:
        seconds (wall and CPU), segments, target tokens, redecoded segments,
        outputs of the wrong length, and peak/delta resident memory in MB.
    """
    import ctranslate2  # noqa: F401  (libraries loaded before the baseline: the delta is models and work)
    import psutil
    import torch
    import transformers  # noqa: F401

    rss_start = psutil.Process().memory_info().rss
    if workload.get("threads"):
        torch.set_num_threads(int(workload["threads"]))
    segments = [Segment(**row) for row in workload["segments"]]
    runner = run_naive if engine == BASELINE else run_tamngu
    (seconds, cpu_seconds), lengths, redecoded = runner(engine, beams, segments, workload)
    peak = report_.peak_rss()
    wrong = sum(1 for got, seg in zip(lengths, segments) if got != seg.length - 1)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "segments": len(segments),
        "target_tokens": sum(seg.length - 1 for seg in segments),
        "redecoded": redecoded,
        "wrong_lengths": wrong,
        "peak_rss_mb": peak / 2**20,
        "rss_delta_mb": max(0, peak - rss_start) / 2**20,
        "gpu_peak_mb": report_.gpu_peak_mb(workload.get("device", "cpu")),
    }


# --- running ------------------------------------------------------------------------------


def _check(options: BenchOptions) -> None:
    from tamngu.errors import BadInputError

    if options.device not in DEVICES:
        raise BadInputError(f"--device must be cpu or cuda, got '{options.device}'")
    if options.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise BadInputError("--device cuda: torch sees no CUDA device here; run on a GPU machine or use --device cpu")


def _engines(options: BenchOptions) -> list[str]:
    unknown = [e for e in options.engines if e not in ENGINES]
    if unknown:
        from tamngu.errors import BadInputError

        raise BadInputError(f"unknown bench engine '{unknown[0]}'; choose from {', '.join(ENGINES)}")
    return [BASELINE] + [e for e in ENGINES if e in options.engines and e != BASELINE]


def _measure(engine: str, beams: int, workload_path: Path, isolate: bool, threads: str = "", busy: int = 0) -> RunResult:
    load = os.getloadavg()[0]
    workload = json.loads(workload_path.read_text(encoding="utf-8"))
    if threads:
        workload["threads"] = None if threads == "auto" else int(threads)
    raw = _in_subprocess(engine, beams, workload_path, threads) if isolate else run_engine(engine, beams, workload)
    seconds = max(raw["seconds"], 1e-9)
    spec = ENGINES[engine]
    return RunResult(
        engine=engine,
        label=spec.label,
        beams=beams,
        quantization=resolved_quantization(engine, workload.get("device", "cpu")),
        guaranteed=spec.guaranteed,
        default=is_default(engine),
        segments=raw["segments"],
        target_tokens=raw["target_tokens"],
        seconds=round(seconds, 3),
        cpu_seconds=round(raw["cpu_seconds"], 3),
        segments_per_s=round(raw["segments"] / seconds, 3),
        tokens_per_s=round(raw["target_tokens"] / seconds, 1),
        peak_rss_mb=round(raw["peak_rss_mb"], 1),
        rss_delta_mb=round(raw["rss_delta_mb"], 1),
        gpu_peak_mb=round(raw.get("gpu_peak_mb", 0.0), 1),
        redecoded=raw["redecoded"],
        wrong_lengths=raw["wrong_lengths"],
        loadavg_1m=round(load, 2),
        isolation="subprocess" if isolate else "in-process",
        threads=threads or str(workload.get("threads") or "auto"),
        busy=busy,
    )


def _in_subprocess(engine: str, beams: int, workload_path: Path, threads: str = "") -> dict[str, Any]:
    """One engine run in a fresh worker process; ``threads``: "" (the workload's), a number, or "auto"."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as result_file:
        result_path = Path(result_file.name)
    try:
        command = [sys.executable, "-m", "tamngu.tools.bench", engine, str(beams), str(workload_path), str(result_path)]
        command += [threads] if threads else []
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"bench worker {engine} beam {beams} failed: {tail[0]}")
        return json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        result_path.unlink(missing_ok=True)


def _add_baseline_ratios(results: list[RunResult]) -> None:
    base = {r.beams: r.segments_per_s for r in results if r.engine == BASELINE}
    for result in results:
        if base.get(result.beams):
            result.ratio_to_baseline = round(result.segments_per_s / base[result.beams], 2)


# --- report -------------------------------------------------------------------------------


def _report(
    options: BenchOptions, workload: dict[str, Any], results: list[RunResult], load_start: Sequence[float], uptime_start: str
) -> dict[str, Any]:
    segments = workload["segments"]
    rows = [asdict(r) for r in results]
    return {
        "tamngu_bench": BENCH_FORMAT,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": options.quick,
        "machine": report_.machine(tuple(load_start), uptime_start, options.threads, options.device),  # type: ignore[arg-type]
        "versions": report_.versions(),
        "model": report_.model_shape(Path(workload["model_dir"])),
        "workload": {
            "segments": len(segments),
            "source_tokens": sum(s["source_tokens"] for s in segments),
            "target_tokens": sum(s["length"] - 1 for s in segments),
            "length_rule": "L = roundup8(round(1.1 * source tokens) + 2), min_new_tokens = max_new_tokens = L (EOS included)",
            "length_forcing": {
                "naive": "one generate() per file-order batch of 16, every row to the batch's longest L",
                "torch": "L per segment; finished segments leave the batch",
                "ct2": "one L per call: segments within 2x of the call's longest L share it, extra tokens cut",
            },
            "pinned_segments": sum(1 for s in segments if s["constraints"]),
            "pins": sum(len(s["constraints"]) for s in segments),
            "redecode_share": options.redecode_share,
            "redecoded_segments": sum(1 for s in segments if s["redecode"]),
            "batch_tokens": options.batch_tokens,
            "naive_batch": NAIVE_BATCH,
        },
        "results": rows,
        "ratios": report_.ratios(rows),
    }


def _worker(argv: Sequence[str]) -> int:
    """Subprocess entry: ``python -m tamngu.tools.bench ENGINE BEAMS WORKLOAD RESULT [THREADS]``.

    THREADS overrides the workload's thread count: a number, or "auto" for the engine's
    own default arrangement (every physical core; see :mod:`tamngu.translate.threads`).
    """
    engine, beams, workload_path, result_path, *threads = argv
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    workload = json.loads(Path(workload_path).read_text(encoding="utf-8"))
    if threads:
        workload["threads"] = None if threads[0] == "auto" else int(threads[0])
    result = run_engine(engine, int(beams), workload)
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1:]))
