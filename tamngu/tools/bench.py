"""Side-by-side speed benchmark of tamngu's engines against the naive transformers loop.

A script, not a test: :func:`run_bench` builds a random-weight model of the
exact ``Helsinki-NLP/opus-mt-vi-en`` shape (``--quick``: a tiny one), takes real
segments of the seed corpus, and translates them with every engine at beam 4
and greedy, each engine and beam setting in a fresh subprocess so its peak
memory is its own.

Equal work everywhere: random weights never choose to stop, so every segment
gets a forced output length derived from its source length,
``L = roundup8(round(1.1 * source tokens) + 2)`` (EOS included; rounded to 8
so CTranslate2, which takes one length per call, can decode equal-length
groups), with ``min_new_tokens == max_new_tokens == L`` on every engine. The
naive loop, like ``generate()`` over a padded batch, runs each batch of 16 to
its longest ``L``; the torch engine takes a length per segment and drops
finished segments from its batch; CTranslate2 takes one length per call, so
segments within 2x of a call's longest ``L`` share the call (extra tokens
cut). Throughput counts only the ``L - 1`` tokens each segment needs,
identical for every engine.

Engines:

* ``naive``: what a user writes (transformers v5 removed
  ``pipeline("translation")``; this is the model-card loop it ran): batches of
  16 segments in file order, padded, ``model.generate(num_beams=...)``.
* ``torch`` / ``torch-hard``: tamngu's torch engine (length-sorted token-budget
  batches), without and with the glossary's hard constraints.
* ``ct2``: tamngu's CTranslate2 engine, int8.
* ``ct2-redecode``: the ``engine="ct2"`` hard path: soft sources on CTranslate2,
  then a share of segments (``redecode_share``; random weights never satisfy
  soft pins, so the share is set, not observed) re-decoded by the
  hard-constrained torch decoder.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tamngu.tools import seeds_dir

logger = logging.getLogger(__name__)

ENGINES: dict[str, str] = {
    "naive": "naive transformers generate (file order, batch 16)",
    "torch": "tamngu torch, no constraints",
    "torch-hard": "tamngu torch, hard constraints",
    "ct2": "tamngu ct2 int8, no constraints",
    "ct2-redecode": "tamngu ct2 int8 soft + verify + torch hard re-decode",
}
BASELINE = "naive"
BENCH_FORMAT = 1
NAIVE_BATCH = 16
QUICK_SEGMENTS = 6
CT2_GROUP_RATIO = 2  # CTranslate2 rows within 2x of a call's longest forced length share the call
FULL_SEGMENTS = 16  # one naive batch of 16; the naive beam-4 run dominates the 10-minute budget

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
        seed: seed of the random weights.
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
    seed: int = 0


@dataclass
class RunResult:
    """One engine at one beam setting."""

    engine: str
    label: str
    beams: int
    segments: int
    target_tokens: int
    seconds: float
    cpu_seconds: float
    segments_per_s: float
    tokens_per_s: float
    peak_rss_mb: float
    rss_delta_mb: float
    redecoded: int = 0
    wrong_lengths: int = 0
    loadavg_1m: float = 0.0
    ratio_to_baseline: float | None = None
    isolation: str = "subprocess"


@dataclass
class _Segment:
    """One benchmark segment, prepared once for every engine."""

    text: str
    soft_text: str
    source_tokens: int
    length: int  # forced new tokens, EOS included
    constraints: list[list[list[int]]] = field(default_factory=list)  # per pin: token-id alternatives
    redecode: bool = False


# --- public ---------------------------------------------------------------------------


def forced_length(source_tokens: int) -> int:
    """New tokens (EOS included) every engine generates for a source of this length."""
    raw = round(1.1 * source_tokens) + 2
    return 8 * math.ceil(raw / 8)


def run_bench(options: BenchOptions, out_dir: Path | str, progress: Progress | None = None) -> dict[str, Any]:
    """Build the workload, measure every engine and beam setting, write ``out_dir/bench.json``.

    Args:
        options: what to measure.
        out_dir: where ``bench.json`` (and the built model and CTranslate2 cache) go.
        progress: called with a short label before each step.

    Returns:
        The content of ``bench.json``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _label: None)
    load_start = os.getloadavg()[0]
    workload_path, workload = prepare_workload(options, out, say)
    results = []
    for beams in options.beams:
        for engine in _engines(options):
            say(f"{engine} beam {beams}")
            run = _measure(engine, beams, workload_path, options.isolate)
            results.append(run)
    _add_ratios(results)
    report = _report(options, workload, results, load_start)
    _write_json(out / "bench.json", report)
    return report


def prepare_workload(options: BenchOptions, out: Path, say: Progress) -> tuple[Path, dict[str, Any]]:
    """Build (or reuse) the model, convert it to CTranslate2, and write ``workload.json``."""
    say("building the model")
    model_dir = options.model_dir or _build_model(options, out)
    say("converting to CTranslate2")
    from tamngu.translate.ct2_convert import ensure_converted

    cache = out / "ct2-cache"
    ensure_converted(model_dir, model_ref=f"bench-{model_dir.name}", quantization="int8", root=cache)
    say("tokenizing the seed segments")
    segments = _prepare_segments(model_dir, options)
    workload = {
        "model_dir": str(model_dir),
        "ct2_cache": str(cache),
        "batch_tokens": options.batch_tokens,
        "redecode_share": options.redecode_share,
        "threads": options.threads,
        "segments": [asdict(segment) for segment in segments],
    }
    path = out / "workload.json"
    _write_json(path, workload)
    return path, workload


def run_engine(engine: str, beams: int, workload: dict[str, Any]) -> dict[str, Any]:
    """Translate the workload with one engine, timing only the translation itself.

    Returns:
        seconds, segments, target tokens, redecoded segments, outputs of the
        wrong length, and peak/delta resident memory in MB.
    """
    import ctranslate2  # noqa: F401  (libraries loaded before the baseline: the delta is models and work)
    import psutil
    import torch  # noqa: F401
    import transformers  # noqa: F401

    rss_start = psutil.Process().memory_info().rss
    if workload.get("threads"):
        import torch

        torch.set_num_threads(int(workload["threads"]))
    segments = [_Segment(**row) for row in workload["segments"]]
    runner = _run_naive if engine == BASELINE else _run_tamngu
    (seconds, cpu_seconds), lengths, redecoded = runner(engine, beams, segments, workload)
    peak = _peak_rss()
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
    }


# --- workload -------------------------------------------------------------------------


def _engines(options: BenchOptions) -> list[str]:
    unknown = [e for e in options.engines if e not in ENGINES]
    if unknown:
        from tamngu.errors import BadInputError

        raise BadInputError(f"unknown bench engine '{unknown[0]}'; choose from {', '.join(ENGINES)}")
    return [BASELINE] + [e for e in ENGINES if e in options.engines and e != BASELINE]


def _build_model(options: BenchOptions, out: Path) -> Path:
    from tamngu.tools import random_models

    if options.quick:
        target = out / f"model-tiny-vi-en-seed{options.seed}"
        build = lambda: random_models.tiny_marian(target, "vi-en", seed=options.seed)  # noqa: E731
    else:
        target = out / f"model-opus-vi-en-shape-seed{options.seed}"
        build = lambda: random_models.opus_vi_en_shape(target, seed=options.seed)  # noqa: E731
    if not (target / "config.json").is_file() or not (target / "model.safetensors").is_file():
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI shows its own progress
        build()
    return target


def _seed_texts() -> list[str]:
    """Segments of the seed corpus in reading order (segmenter)."""
    from tamngu.corpus.parse import load_article
    from tamngu.corpus.segment import segments_of

    return [s.text for path in sorted(seeds_dir().glob("*.txt")) for s in segments_of(load_article(path))]


def _spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items evenly spread over ``items``, in their order."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _prepare_segments(model_dir: Path, options: BenchOptions) -> list[_Segment]:
    import warnings

    from transformers import AutoTokenizer

    from tamngu.glossary.loader import load_glossary
    from tamngu.glossary.matcher import Matcher
    from tamngu.translate.audit import pinned_terms, substitute
    from tamngu.translate.constraints import target_phrases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
    count = options.segments or (QUICK_SEGMENTS if options.quick else FULL_SEGMENTS)
    texts = _spread(_seed_texts(), count)
    matcher = Matcher(load_glossary())
    segments = []
    for text in texts:
        pins = pinned_terms(matcher.find(text), "en")
        soft = substitute(text, [(p.source_start, p.source_end, p.required) for p in pins])
        constraints = [[list(phrase) for phrase in _phrases(tokenizer, pin.alternatives, target_phrases)] for pin in pins]
        source_tokens = len(tokenizer(text, truncation=True, max_length=512)["input_ids"])
        segments.append(_Segment(text, soft, source_tokens, forced_length(source_tokens), [c for c in constraints if c]))
    _choose_redecodes(segments, options.redecode_share)
    return segments


def _phrases(tokenizer: Any, forms: Sequence[str], target_phrases: Callable[[Any, str], Any]) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for form in forms:
        found.extend(p for p in target_phrases(tokenizer, form) if p not in found)
    return found


def _choose_redecodes(segments: list[_Segment], share: float) -> None:
    """Mark ``share`` of the segments, evenly spread over those with pins, for re-decoding."""
    pinned = [s for s in segments if s.constraints]
    wanted = min(len(pinned), math.ceil(share * len(segments))) if share > 0 else 0
    if wanted:
        step = len(pinned) / wanted
        for i in range(wanted):
            pinned[int(i * step)].redecode = True


# --- engines --------------------------------------------------------------------------


def _run_naive(engine: str, beams: int, segments: list[_Segment], workload: dict[str, Any]) -> tuple[tuple[float, float], list[int], int]:
    """The model-card loop: file order, batches of 16, padded, ``generate``."""
    import warnings

    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(workload["model_dir"])
    model = AutoModelForSeq2SeqLM.from_pretrained(workload["model_dir"]).eval()
    lengths: list[int] = []
    clock = _Clock()
    for first in range(0, len(segments), NAIVE_BATCH):
        chunk = segments[first : first + NAIVE_BATCH]
        batch = tokenizer([s.text for s in chunk], return_tensors="pt", padding=True, truncation=True)
        longest = max(s.length for s in chunk)
        output = model.generate(**batch, num_beams=beams, max_new_tokens=longest, min_new_tokens=longest)
        tokenizer.batch_decode(output, skip_special_tokens=True)
        # every row runs to the batch's longest; the segment's own share is its L - 1 tokens
        lengths.extend(min(_content_length(row, tokenizer), s.length - 1) for row, s in zip(output.tolist(), chunk))
    return clock.stop(), lengths, 0


def _content_length(row: list[int], tokenizer: Any) -> int:
    special = {tokenizer.pad_token_id, tokenizer.eos_token_id}
    return sum(1 for token in row if token not in special)


def _run_tamngu(engine: str, beams: int, segments: list[_Segment], workload: dict[str, Any]) -> tuple[tuple[float, float], list[int], int]:
    """tamngu's engines on length-sorted token-budget batches with forced lengths."""
    import warnings

    from transformers import AutoTokenizer

    from tamngu.translate.backend import Constraint, get_backend

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(workload["model_dir"])
    model_dir = Path(workload["model_dir"])
    threads = workload.get("threads")
    uses_ct2 = engine.startswith("ct2")
    redecodes = [i for i, s in enumerate(segments) if s.redecode] if engine == "ct2-redecode" else []
    first = (
        get_backend("ct2")(model_dir, threads=threads, quantization="int8", cache_root=Path(workload["ct2_cache"]), model_id=f"bench-{model_dir.name}")
        if uses_ct2
        else get_backend("torch")(model_dir, threads=threads)
    )
    second = get_backend("torch")(model_dir, threads=threads) if redecodes else None
    budget = int(workload["batch_tokens"])

    def constraints_of(index: int) -> list[Constraint]:
        return [Constraint(tuple(tuple(p) for p in pin)) for pin in segments[index].constraints]

    clock = _Clock()
    texts = [s.soft_text if engine == "ct2-redecode" else s.text for s in segments]
    hard = constraints_of if engine == "torch-hard" else None
    lengths = _decode_all(first, tokenizer, texts, segments, range(len(segments)), beams, budget, hard)
    if second is not None:
        redone = _decode_all(second, tokenizer, [s.text for s in segments], segments, redecodes, beams, budget, constraints_of)
        for index, length in zip(redecodes, redone):
            lengths[index] = length
    return clock.stop(), lengths, len(redecodes)


def _decode_all(
    backend: Any,
    tokenizer: Any,
    texts: Sequence[str],
    segments: Sequence[_Segment],
    rows: Sequence[int],
    beams: int,
    budget: int,
    constraints_of: Callable[[int], list[Any]] | None,
) -> list[int]:
    """Tokenize, batch by length within ``budget``, decode and detokenize; output lengths by row."""
    from tamngu.translate.backend import DecodeOptions
    from tamngu.translate.pipeline import length_batches

    rows = list(rows)
    ids = [tokenizer(texts[i], truncation=True, max_length=512)["input_ids"] for i in rows]
    lengths = [0] * len(segments)
    for batch in length_batches([len(x) for x in ids], budget):
        for group in _forced_length_groups(batch, [segments[rows[b]].length for b in batch], backend.name):
            members = [rows[b] for b in group]
            forced = _group_lengths([segments[m].length for m in members], backend.name)
            options = DecodeOptions(beams, 1.0, forced, forced)
            constraints = [constraints_of(m) for m in members] if constraints_of else None
            outputs = backend.generate([ids[b] for b in group], options, constraints)
            for member, output in zip(members, outputs):
                wanted = segments[member].length - 1
                tokenizer.decode(output[:wanted], skip_special_tokens=True)
                lengths[member] = wanted if len(output) >= wanted else len(output)
    return [lengths[i] for i in rows]


def _forced_length_groups(batch: list[int], forced: list[int], engine: str) -> list[list[int]]:
    """Split a batch into the calls that force its lengths.

    The torch engine takes a length per row and drops finished rows from the
    batch, as it does with real weights. CTranslate2 takes one length per
    call: rows whose forced length is at least half the longest one share a
    call at that longest length (their extra tokens are cut), so CTranslate2
    does at least the work natural end-of-sentence would give it.
    """
    if engine != "ct2":
        return [batch]
    order = sorted(range(len(batch)), key=lambda i: -forced[i])
    groups: list[list[int]] = []
    head = 0
    for i in order:
        if not groups or forced[i] * CT2_GROUP_RATIO < head:
            groups.append([])
            head = forced[i]
        groups[-1].append(batch[i])
    return groups


def _group_lengths(forced: list[int], engine: str) -> list[int]:
    return [max(forced)] * len(forced) if engine == "ct2" else forced


# --- measuring ----------------------------------------------------------------------------


class _Clock:
    """Wall time and process CPU time (all threads) since creation."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _measure(engine: str, beams: int, workload_path: Path, isolate: bool) -> RunResult:
    load = os.getloadavg()[0]
    if isolate:
        raw = _in_subprocess(engine, beams, workload_path)
    else:
        raw = run_engine(engine, beams, json.loads(workload_path.read_text(encoding="utf-8")))
    seconds = max(raw["seconds"], 1e-9)
    return RunResult(
        engine=engine,
        label=ENGINES[engine],
        beams=beams,
        segments=raw["segments"],
        target_tokens=raw["target_tokens"],
        seconds=round(seconds, 3),
        cpu_seconds=round(raw["cpu_seconds"], 3),
        segments_per_s=round(raw["segments"] / seconds, 3),
        tokens_per_s=round(raw["target_tokens"] / seconds, 1),
        peak_rss_mb=round(raw["peak_rss_mb"], 1),
        rss_delta_mb=round(raw["rss_delta_mb"], 1),
        redecoded=raw["redecoded"],
        wrong_lengths=raw["wrong_lengths"],
        loadavg_1m=round(load, 2),
        isolation="subprocess" if isolate else "in-process",
    )


def _in_subprocess(engine: str, beams: int, workload_path: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as result_file:
        result_path = Path(result_file.name)
    try:
        command = [sys.executable, "-m", "tamngu.tools.bench", engine, str(beams), str(workload_path), str(result_path)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"bench worker {engine} beam {beams} failed: {tail[0]}")
        return json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        result_path.unlink(missing_ok=True)


def _peak_rss() -> int:
    """Peak resident memory of this process image, in bytes.

    ``/proc/self/status`` ``VmHWM`` belongs to the current address space, so a
    worker does not inherit the parent's peak the way ``ru_maxrss`` does
    across ``fork`` + ``exec``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak if sys.platform == "darwin" else peak * 1024


def _add_ratios(results: list[RunResult]) -> None:
    base = {r.beams: r.segments_per_s for r in results if r.engine == BASELINE}
    for result in results:
        if base.get(result.beams):
            result.ratio_to_baseline = round(result.segments_per_s / base[result.beams], 2)


# --- report -------------------------------------------------------------------------------


def _report(options: BenchOptions, workload: dict[str, Any], results: list[RunResult], load_start: float) -> dict[str, Any]:
    segments = workload["segments"]
    return {
        "tamngu_bench": BENCH_FORMAT,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": options.quick,
        "machine": _machine(load_start, options.threads),
        "versions": _versions(),
        "model": _model_shape(Path(workload["model_dir"])),
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
        "results": [asdict(r) for r in results],
        "overheads": _overheads(results),
    }


def _overheads(results: list[RunResult]) -> dict[str, dict[str, float]]:
    """Time of the constrained path over the plain one on the same engine, per beam setting."""
    seconds = {(r.engine, r.beams): r.seconds for r in results}
    pairs = {"torch_hard_vs_torch": ("torch-hard", "torch"), "ct2_redecode_vs_ct2": ("ct2-redecode", "ct2")}
    overheads: dict[str, dict[str, float]] = {}
    for name, (slow, fast) in pairs.items():
        for (engine, beams), value in seconds.items():
            if engine == slow and seconds.get((fast, beams)):
                overheads.setdefault(name, {})[str(beams)] = round(value / seconds[(fast, beams)], 2)
    return overheads


def _machine(load_start: float, threads: int | None) -> dict[str, Any]:
    import psutil

    from tamngu.translate.ct2_backend import physical_cores, thread_plan

    import torch

    return {
        "cpu": _cpu_model(),
        "cpu_features": _cpu_features(),
        "physical_cores": physical_cores(),
        "logical_cores": psutil.cpu_count(logical=True),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "torch_threads": threads or torch.get_num_threads(),
        "ct2_threads": dict(zip(("inter", "intra"), thread_plan(threads))),
        "loadavg_1m_start": round(load_start, 2),
        "loadavg_1m_end": round(os.getloadavg()[0], 2),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cpu_features() -> list[str]:
    """The vector extensions int8/fp32 kernels care about (Linux only)."""
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_int8")
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return [flag for flag in wanted if flag in flags]
    except OSError:
        pass
    return []


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("tamngu", "torch", "transformers", "ctranslate2", "sentencepiece"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def _model_shape(model_dir: Path) -> dict[str, Any]:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    keys = ("d_model", "encoder_layers", "decoder_layers", "encoder_attention_heads", "encoder_ffn_dim", "vocab_size", "activation_function")
    return {"path": str(model_dir), **{key: config.get(key) for key in keys}}


def _write_json(path: Path, data: Any) -> None:
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(staging, path)


def _worker(argv: Sequence[str]) -> int:
    """Subprocess entry: ``python -m tamngu.tools.bench ENGINE BEAMS WORKLOAD RESULT``."""
    engine, beams, workload_path, result_path = argv
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    workload = json.loads(Path(workload_path).read_text(encoding="utf-8"))
    result = run_engine(engine, int(beams), workload)
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1:]))
