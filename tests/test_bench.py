"""Smoke test of ``tamngu bench --quick``: structure and equal work, never timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tamngu.translate import ct2_convert
from tamngu.tools.bench import ENGINES, BenchOptions, forced_length, run_bench
from tamngu.tools.bench_engines import is_default
from tamngu.tools.bench_report import ratios
from tamngu.tools.bench_workload import Segment, choose_redecodes, spread


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ct2_convert.CACHE_ENV, str(tmp_path / "ct2-cache"))


@pytest.mark.parametrize(("source_tokens", "expected"), [(1, 8), (6, 16), (10, 16), (73, 88), (100, 112)])
def test_forced_length(source_tokens: int, expected: int) -> None:
    assert forced_length(source_tokens) == expected


@pytest.mark.parametrize(
    ("size", "count", "expected"),
    [(10, 3, [0, 3, 6]), (5, 5, [0, 1, 2, 3, 4]), (5, 9, [0, 1, 2, 3, 4]), (6, 2, [0, 3])],
)
def test_spread_keeps_file_order(size: int, count: int, expected: list[int]) -> None:
    assert spread([str(i) for i in range(size)], count) == [str(i) for i in expected]


@pytest.mark.parametrize(
    ("pinned", "share", "expected"),
    [
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.1, [0]),
        ([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 0.2, [1, 5]),
        ([0, 1, 0, 0, 1, 0, 0, 0, 0, 0], 1.0, [1, 4]),  # never more than the segments with pins
        ([1, 1, 1, 1], 0.0, []),
    ],
)
def test_redecode_choice(pinned: list[int], share: float, expected: list[int]) -> None:
    segments = [Segment("x", "x", 3, 8, [[[5]]] if p else []) for p in pinned]
    choose_redecodes(segments, share)
    assert [i for i, s in enumerate(segments) if s.redecode] == expected


@pytest.fixture(scope="module")
def quick_report(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("bench")
    options = BenchOptions(quick=True, isolate=False, threads=1, segments=4, redecode_share=0.5, model_dir=tiny_models["en"])
    return run_bench(options, out) | {"_out": str(out)}


def test_quick_report_structure(quick_report: dict) -> None:  # type: ignore[type-arg]
    assert json.loads((Path(quick_report["_out"]) / "bench.json").read_text()) == {k: v for k, v in quick_report.items() if k != "_out"}
    assert {"cpu", "physical_cores", "ct2_threads"} <= set(quick_report["machine"])
    assert {"torch", "transformers", "ctranslate2"} <= set(quick_report["versions"])
    runs = {(r["engine"], r["beams"]) for r in quick_report["results"]}
    assert runs == {(engine, beams) for engine in ENGINES for beams in (4, 1)}
    assert set(quick_report["ratios"]) == {"hard_vs_plain_torch", "ct2_redecode_vs_ct2", "guaranteed_default_vs_ct2", "torch_int8_vs_fp32_hard",
                                           "lean_vs_hf_step_hard", "peak_memory_default_vs_ct2"}
    assert all(set(per_beam) == {"4", "1"} for per_beam in quick_report["ratios"].values())
    assert not {"thread_rows", "contention", "translate_run"} & set(quick_report)  # full runs only
    assert {"cpu_features", "loadavg_start", "uptime_start", "uptime_end"} <= set(quick_report["machine"])


def test_rows_mark_guaranteed_and_default(quick_report: dict) -> None:  # type: ignore[type-arg]
    marks = {r["engine"]: (r["guaranteed"], r["default"], r["quantization"]) for r in quick_report["results"] if r["beams"] == 4}
    assert marks == {
        "naive": (False, False, "float32"),
        "torch": (False, False, "int8"),
        "torch-hard": (True, True, "int8"),
        "torch-hf-hard": (True, False, "int8"),
        "torch-fp32-hard": (True, False, "float32"),
        "ct2": (False, False, "int8"),
        "ct2-redecode": (True, False, "int8"),
    }
    assert [e for e in ENGINES if is_default(e)] == ["torch-hard"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # time ratio: hard seconds over plain seconds, on wall and CPU seconds
        ([("torch", 4, 2.0, 1.0), ("torch-hard", 4, 2.2, 1.1)], {"hard_vs_plain_torch": {"4": {"wall": 1.1, "cpu": 1.1}}}),
        # speed ratio: the guaranteed default's segments/s over ct2's (inverse of the seconds)
        ([("ct2", 1, 3.0, 2.0), ("torch-hard", 1, 2.0, 4.0)], {"guaranteed_default_vs_ct2": {"1": {"wall": 1.5, "cpu": 0.5}}}),
        ([("torch-hard", 4, 2.0, 1.0)], {}),  # no partner row, no ratio
    ],
)
def test_ratios(rows: list[tuple[str, int, float, float]], expected: dict) -> None:  # type: ignore[type-arg]
    results = [{"engine": e, "beams": b, "seconds": wall, "cpu_seconds": cpu} for e, b, wall, cpu in rows]
    assert ratios(results) == expected


def test_quick_report_measures_equal_work(quick_report: dict) -> None:  # type: ignore[type-arg]
    workload = quick_report["workload"]
    for run in quick_report["results"]:
        assert run["wrong_lengths"] == 0, run["engine"]  # every engine produced each segment's forced length
        assert run["target_tokens"] == workload["target_tokens"]
        assert run["redecoded"] == (workload["redecoded_segments"] if run["engine"] == "ct2-redecode" else 0)
        assert run["segments_per_s"] > 0 and run["peak_rss_mb"] > 0
    assert workload["redecoded_segments"] == min(2, workload["pinned_segments"]) > 0
    naive = [r["ratio_to_baseline"] for r in quick_report["results"] if r["engine"] == "naive"]
    assert naive == [1.0, 1.0]


def test_worker_runs_in_a_subprocess(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from tamngu.tools.bench import _measure, prepare_workload

    options = BenchOptions(quick=True, threads=1, segments=2, model_dir=tiny_models["en"])
    workload_path, workload = prepare_workload(options, tmp_path, lambda _label: None)
    run = _measure("ct2", 1, workload_path, isolate=True)
    assert (run.isolation, run.wrong_lengths, run.segments) == ("subprocess", 0, 2)
    assert run.target_tokens == sum(s["length"] - 1 for s in workload["segments"])


def test_cli_quick_json(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from tamngu.cli import app

    args = ["bench", "--quick", "--json", "--out", str(tmp_path), "--segments", "2", "--beams", "1", "--engine", "ct2", "--model-dir", str(tiny_models["en"])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [r["engine"] for r in report["results"]] == ["naive", "ct2"] and (tmp_path / "bench.json").is_file()


@pytest.mark.parametrize("beams", ["0", "4,x", ""])
def test_cli_rejects_bad_beams(beams: str) -> None:
    from tamngu.cli import app

    result = CliRunner().invoke(app, ["bench", "--quick", "--beams", beams])
    assert result.exit_code != 0 and "--beams" in str(result.exception or result.output)


@pytest.mark.parametrize(("device", "message"), [("tpu", "--device must be cpu or cuda"), ("cuda", "no CUDA device")])
def test_cli_rejects_a_device_it_cannot_use(device: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    from tamngu.cli import app

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = CliRunner().invoke(app, ["bench", "--quick", "--device", device])
    assert result.exit_code != 0 and message in str(result.exception or result.output)


@pytest.mark.parametrize(
    ("plain", "hard", "expected"),
    [
        ([1.0, 2.0, 4.0], [1.1, 1.9, 4.4], [1.1, 0.95, 1.1]),  # each round pairs its own two runs
        ([3.0], [3.0], [1.0]),
    ],
)
def test_speed_ratios_pair_each_round(plain: list[float], hard: list[float], expected: list[float]) -> None:
    from tamngu.tools.speed import Timing, round_ratios

    times = {"plain": [Timing(p, p) for p in plain], "hard": [Timing(h, h) for h in hard]}
    assert [round(r, 3) for r in round_ratios(times)] == expected


def _row(engine: str, seconds: float, threads: str = "1", peak: float = 0.0) -> dict:  # type: ignore[type-arg]
    return {"engine": engine, "beams": 4, "seconds": seconds, "cpu_seconds": seconds, "threads": threads, "peak_rss_mb": peak}


@pytest.mark.parametrize(
    ("busy_rows", "expected"),
    [
        ([_row("torch-hard", 6.0, "auto"), _row("torch-hard", 12.0, "1"), _row("torch-hard", 5.0, "2")], {"wall": 1.2, "best_fixed_threads": 2.0}),
        ([_row("torch-hard", 6.0, "auto"), _row("torch-hard", 4.0, "1"), _row("torch-hard", 8.0, "2")], {"wall": 1.5, "best_fixed_threads": 1.0}),
    ],
)
def test_contention_ratio_is_default_over_best_fixed(busy_rows: list, expected: dict) -> None:  # type: ignore[type-arg]
    from tamngu.tools.bench_contention import ratios

    assert ratios([], [], {"rows": busy_rows})["contention_default_vs_best_fixed"] == {"4": expected}


@pytest.mark.parametrize(
    ("rows", "two", "expected"),
    [
        ([_row("torch-hard", 10.0, peak=700.0), _row("ct2", 14.0, peak=640.0)], [], {"peak_memory_default_vs_ct2": {"4": {"peak": 1.09}}}),
        ([_row("torch-hard", 10.0), _row("ct2", 14.0)], [_row("torch-hard", 5.0, "2"), _row("ct2", 10.0, "2")],
         {"threads_2_vs_1_torch_hard": {"4": {"wall": 2.0, "cpu": 2.0}}, "threads_2_vs_1_ct2": {"4": {"wall": 1.4, "cpu": 1.4}},
          "guaranteed_default_vs_ct2_2_threads": {"4": {"wall": 2.0, "cpu": 2.0}}}),
    ],
)
def test_memory_and_thread_ratios(rows: list, two: list, expected: dict) -> None:  # type: ignore[type-arg]
    from tamngu.tools.bench_contention import ratios

    assert ratios(rows, two, {}) == expected
