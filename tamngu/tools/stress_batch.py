"""Stream a generated corpus through ``run_batch`` and report throughput and memory.

The corpus repeats the five seed articles with variations: article ``i`` is
seed ``i % 5``; its numbers are shifted by ``(i // 5) % VARIANTS`` (so
sentences with figures exist in ``VARIANTS`` versions) and the blocks between
its lead and its related-news section (paragraphs, photos with captions) are
shuffled. Each article has its own id, date-free segments and outputs; most
sentences recur, as in a news archive, so the translation memory serves them
and the model translates each distinct sentence once. That keeps a 10,000
article run within minutes on the tiny random MarianMT test models (built once
into ``WORK/models``; nothing is downloaded), whose hard-constrained decoding
costs about half a second per sentence on a laptop CPU.

Peak memory is sampled with psutil after every ``--sample-every`` articles, so
the output shows whether resident memory stays flat as the corpus grows.

Example::

    python -m tamngu.tools.stress_batch --articles 10000 --work /tmp/tamngu-stress

``--kill-series`` instead runs ``tamngu translate`` on the seed articles the
way an unlucky newsroom would: SIGKILL at random intervals (``--min-gap`` to
``--max-gap`` seconds, 2 to 60 by default), restart, until a run finishes by
itself; ``--series N`` such series, each into a fresh directory. An
uninterrupted run first gives the reference outputs and the longest a restart
may live without committing anything: its time to the first commit (model
loading and one group) plus its longest wait between two commits. The figures
(restarts, how many made progress, how many outlived that bound without
progress, whether the outputs are byte-identical to the reference) print as
JSON. ``--model big`` uses a larger random model (d_model 256, 3+3 layers) so
one group takes seconds::

    python -m tamngu.tools.stress_batch --kill-series --series 3 --model big --work /tmp/tamngu-kill
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tamngu.glossary.loader import load_glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.runner import BatchProgress
from tamngu.tools.random_models import SEEDS_DIR

_NUMBER = re.compile(r"\d+")
_SHORT_BLOCK = 60
_RELATED = {"Có thể bạn quan tâm", "Tin cùng chuyên mục", "Tin Liên Quan"}


def generate_corpus(directory: Path, count: int, variants: int) -> list[Path]:
    """Write ``count`` article files (seed ``i % 5``) unless already there."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"{index:06d}-v{variants}.txt"
        if not path.exists():
            shift = (index // len(seeds)) % variants
            path.write_text(_variant(seeds[index % len(seeds)], shift, random.Random(index)), encoding="utf-8")
        paths.append(path)
    return paths


def _variant(text: str, shift: int, rng: random.Random) -> str:
    blocks = text.split("\n\n")
    end = next((i for i, block in enumerate(blocks) if block.strip() in _RELATED), len(blocks))
    head = 2 if blocks and not blocks[0].rstrip().endswith(".") else 0  # keep title and lead first
    # only text blocks move and change (media residue and bylines stay as they are)
    movable = [i for i in range(head, end) if len(blocks[i]) > _SHORT_BLOCK]
    shuffled = [blocks[i] for i in movable]
    rng.shuffle(shuffled)
    for i, block in zip(movable, shuffled):
        blocks[i] = block
    for i in range(1, end):
        if shift and len(blocks[i]) > _SHORT_BLOCK:
            blocks[i] = _NUMBER.sub(lambda match: str(int(match.group(0)) + shift), blocks[i])
    return "\n\n".join(blocks)


def build_models(directory: Path, *, big: bool = False) -> dict[str, Path]:
    """The tiny vi->en and en->zh random models (same recipe as the test fixture), or ``big`` ones (:data:`BIG`)."""
    from tamngu.tools.random_models import TINY, MarianShape, tiny_marian

    shape = MarianShape(**BIG) if big else TINY
    paths = {"en": directory / "vi-en", "zh": directory / "en-zh"}
    if not (paths["en"] / "config.json").exists():
        tiny_marian(paths["en"], "vi-en", seed=1234, shape=shape)
    if not (paths["zh"] / "config.json").exists():
        tiny_marian(paths["zh"], "en-zh", seed=1235, shape=shape)
    return paths


# ---------------------------------------------------------------- kill series

BIG = {"d_model": 256, "layers": 3, "heads": 4, "ffn": 1024}  # a group of eight takes seconds on one CPU thread
_POLL = 0.1  # seconds between looks at the memory


def kill_series(work: Path, *, series: int, model: str, targets: str, beams: int, gaps: tuple[float, float],
                seed: int, restarts_cap: int = 400) -> dict[str, object]:  # fmt: skip
    """Kill ``tamngu translate seeds/`` at random intervals until it finishes, ``series`` times; the figures."""
    models = build_models(work / f"models-{model}", big=model == "big")
    command = [sys.executable, "-m", "tamngu.cli", "translate", str(SEEDS_DIR), "--to", targets, "--beams", str(beams),
               "--device", "cpu", "--json", "--model-en", str(models["en"]), "--model-zh", str(models["zh"])]  # fmt: skip
    reference = work / f"reference-{model}-{targets}-b{beams}"
    if reference.exists():
        shutil.rmtree(reference)
    started = time.monotonic()
    commits = _run_watching(command + ["--out", str(reference)], reference / "memory.sqlite")
    reference_seconds = time.monotonic() - started
    first, longest = commits[0], max(b - a for a, b in zip(commits, commits[1:])) if len(commits) > 1 else 0.0
    bound = first + longest
    rng = random.Random(seed)
    runs = [_one_series(command, work / f"killed-{index}", reference, bound, gaps, rng, restarts_cap) for index in range(series)]
    restarts = [restart for run in runs for restart in run["restarts"]]  # type: ignore[attr-defined]
    return {
        "model": model, "targets": targets, "beams": beams, "gaps_s": list(gaps), "series": series,
        "reference": {"seconds": round(reference_seconds, 1), "commits": len(commits), "rows": _rows(reference / "memory.sqlite"),
                      "first_commit_s": round(first, 1), "longest_gap_s": round(longest, 1)},
        "bound_s": round(bound, 1),
        "kills": len(restarts),
        "kills_with_progress": sum(1 for r in restarts if r["rows_after"] > r["rows_before"]),
        "kills_past_bound": sum(1 for r in restarts if r["lived_s"] > bound),
        "kills_past_bound_without_progress": sum(1 for r in restarts if r["lived_s"] > bound and r["rows_after"] == r["rows_before"]),
        "byte_identical": all(run["byte_identical"] for run in runs),
        "runs": runs,
    }  # fmt: skip


def _one_series(command: list[str], out: Path, reference: Path, bound: float, gaps: tuple[float, float],
                rng: random.Random, cap: int) -> dict[str, object]:  # fmt: skip
    """Restart and SIGKILL one run directory until a run finishes; every restart's lifetime and rows."""
    if out.exists():
        shutil.rmtree(out)
    restarts = []
    while True:
        before = _rows(out / "memory.sqlite")
        gap = rng.uniform(*gaps)
        process = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started = time.monotonic()
        try:
            process.wait(timeout=gap)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            after = _rows(out / "memory.sqlite")
            restarts.append({"lived_s": round(time.monotonic() - started, 1), "rows_before": before, "rows_after": after})
            print(f"  killed after {restarts[-1]['lived_s']:5.1f} s: {before} -> {after} rows", file=sys.stderr, flush=True)
            if len(restarts) >= cap:
                raise RuntimeError(f"no finished run after {cap} restarts") from None
            continue
        stderr = process.stderr.read() if process.stderr else ""
        if process.returncode != 0:
            raise RuntimeError(f"run failed ({process.returncode}): {stderr[-2000:]}")
        break
    final = {"lived_s": round(time.monotonic() - started, 1), "rows_before": before, "rows_after": _rows(out / "memory.sqlite")}
    same = _outputs(out) == _outputs(reference)
    print(f"  finished after {final['lived_s']:5.1f} s; byte-identical: {same}", file=sys.stderr, flush=True)
    return {"restarts": restarts, "final": final, "byte_identical": same}


def _run_watching(command: list[str], memory: Path) -> list[float]:
    """Run ``command`` to its end; the seconds from its start at which the memory's row count grew."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started, rows, commits = time.monotonic(), 0, []
    while process.poll() is None:
        now = _rows(memory)
        if now > rows:
            rows, commits = now, [*commits, time.monotonic() - started]
        time.sleep(_POLL)
    if process.returncode != 0:
        raise RuntimeError(f"reference run failed: {(process.stderr.read() if process.stderr else '')[-2000:]}")
    return commits or [time.monotonic() - started]


def _rows(memory: Path) -> int:
    if not memory.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{memory}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.Error:
        return 0


def _outputs(run_dir: Path) -> dict[str, bytes]:
    """Every output file's bytes; the manifest without its creation time."""
    files = {str(p.relative_to(run_dir)): p.read_bytes() for p in sorted(run_dir.rglob("*"))
             if p.is_file() and not p.name.startswith((".", "memory.sqlite", "manifest.json"))}  # fmt: skip
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("created", None)
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tamngu-stress"))
    parser.add_argument("--targets", default="en,zh")
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--variants", type=int, default=2, help="versions of each sentence with figures")
    parser.add_argument("--fresh", action="store_true", help="delete the run directory first (no memory hits)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--kill-series", action="store_true", help="kill `tamngu translate seeds/` at random intervals instead")
    parser.add_argument("--series", type=int, default=1, help="kill series (each into a fresh run directory)")
    parser.add_argument("--model", choices=("tiny", "big"), default="tiny", help="the random models of a kill series")
    parser.add_argument("--min-gap", type=float, default=2.0, help="shortest life of a killed run, seconds")
    parser.add_argument("--max-gap", type=float, default=60.0, help="longest life of a killed run, seconds")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the kill intervals")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.kill_series:
        figures = kill_series(args.work, series=args.series, model=args.model, targets=args.targets, beams=args.beams,
                              gaps=(args.min_gap, args.max_gap), seed=args.seed)  # fmt: skip
        _print_figures(figures, args.json)
        return 0 if figures["byte_identical"] and not figures["kills_past_bound_without_progress"] else 1

    from tamngu.translate.config import TranslateConfig

    corpus = generate_corpus(args.work / "corpus", args.articles, args.variants)
    models = build_models(args.work / "models")
    config = TranslateConfig(model_en=str(models["en"]), model_zh=str(models["zh"]), device="cpu", beams=args.beams)
    out = args.work / f"run-{args.articles}-v{args.variants}"
    if args.fresh and out.exists():
        import shutil

        shutil.rmtree(out)
    process = psutil.Process()
    samples: list[dict[str, float]] = []
    started = time.monotonic()
    done = 0

    def on_progress(event: BatchProgress) -> None:
        nonlocal done
        if event.article is None:
            return
        done += 1
        if done % args.sample_every == 0 or done == len(corpus):
            rss = process.memory_info().rss / 2**20
            samples.append({"articles": done, "seconds": round(time.monotonic() - started, 1), "rss_mib": round(rss, 1)})
            print(f"  {done:>6} articles  {samples[-1]['seconds']:>8.1f} s  RSS {rss:7.1f} MiB", file=sys.stderr)

    summary = run_batch(
        corpus, out, tuple(args.targets.split(",")), config, load_glossary(None), on_progress=on_progress
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "articles": summary.articles,
        "segments": summary.segments,
        "model_translations": summary.translated,
        "memory_hits": summary.cache_hits,
        "seconds": round(summary.seconds, 1),
        "segments_per_second": round(summary.segments_per_second, 1),
        "articles_per_second": round(summary.articles / summary.seconds, 2),
        "terms_satisfied_pct": summary.terms_satisfied_pct,
        "peak_rss_mib": round(peak, 1),
        "rss_samples": samples,
        "torch_threads": __import__("torch").get_num_threads(),
    }
    _print_figures(figures, args.json)
    return 0


def _print_figures(figures: dict[str, object], path: Path | None) -> None:
    print(json.dumps(figures, indent=2))
    if path:
        path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
