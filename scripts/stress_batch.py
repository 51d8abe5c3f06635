"""Stream a generated corpus through ``run_batch`` and report throughput and memory.

The corpus repeats the five seed articles with variations: every number in
repeat ``k`` is shifted by ``k`` and the title carries the article number, so
sentences with figures (and every title) are new text while the rest repeats,
as in a real news archive where boilerplate recurs. Models are the tiny random
MarianMT test models (built once into ``WORK/models``; nothing is downloaded).

Peak memory is sampled with psutil after every ``--sample-every`` articles, so
the output shows whether resident memory stays flat as the corpus grows.

Example::

    python scripts/stress_batch.py --articles 10000 --work /tmp/tamngu-stress
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import sys
import time
from pathlib import Path

import psutil

from glossary.loader import load_glossary
from translate.batch import run_batch
from translate.random_models import SEEDS_DIR

_NUMBER = re.compile(r"\d+")


def generate_corpus(directory: Path, count: int) -> list[Path]:
    """Write ``count`` article files (seed ``i % 5``, repeat ``i // 5``) unless already there."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"{index:06d}.txt"
        if not path.exists():
            path.write_text(_variant(seeds[index % len(seeds)], index // len(seeds), index), encoding="utf-8")
        paths.append(path)
    return paths


def _variant(text: str, repeat: int, index: int) -> str:
    if repeat:
        text = _NUMBER.sub(lambda match: str(int(match.group(0)) + repeat), text)
    first, _, rest = text.partition("\n")
    if first and not first.endswith("."):  # a headline: make every title unique
        first = f"{first} (bài {index})"
    return f"{first}\n{rest}"


def build_models(directory: Path) -> dict[str, Path]:
    """The tiny vi->en and en->zh random models (same recipe as the test fixture)."""
    from translate.random_models import tiny_marian

    paths = {"en": directory / "vi-en", "zh": directory / "en-zh"}
    if not (paths["en"] / "config.json").exists():
        tiny_marian(paths["en"], "vi-en", seed=1234)
    if not (paths["zh"] / "config.json").exists():
        tiny_marian(paths["zh"], "en-zh", seed=1235)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tamngu-stress"))
    parser.add_argument("--targets", default="en,zh")
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--fresh", action="store_true", help="delete the run directory first (no memory hits)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    from translate.config import TranslateConfig

    corpus = generate_corpus(args.work / "corpus", args.articles)
    models = build_models(args.work / "models")
    config = TranslateConfig(model_en=str(models["en"]), model_zh=str(models["zh"]), device="cpu", beams=args.beams)
    out = args.work / f"run-{args.articles}"
    if args.fresh and out.exists():
        import shutil

        shutil.rmtree(out)
    process = psutil.Process()
    samples: list[dict[str, float]] = []
    started = time.monotonic()
    done = 0

    def on_article(_: str) -> None:
        nonlocal done
        done += 1
        if done % args.sample_every == 0 or done == len(corpus):
            rss = process.memory_info().rss / 2**20
            samples.append({"articles": done, "seconds": round(time.monotonic() - started, 1), "rss_mib": round(rss, 1)})
            print(f"  {done:>6} articles  {samples[-1]['seconds']:>8.1f} s  RSS {rss:7.1f} MiB", file=sys.stderr)

    summary = run_batch(
        corpus, out, tuple(args.targets.split(",")), config, load_glossary(None), progress=False, on_article=on_article
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
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
