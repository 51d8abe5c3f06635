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
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import resource
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


def build_models(directory: Path) -> dict[str, Path]:
    """The tiny vi->en and en->zh random models (same recipe as the test fixture)."""
    from tamngu.tools.random_models import tiny_marian

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
    parser.add_argument("--variants", type=int, default=2, help="versions of each sentence with figures")
    parser.add_argument("--fresh", action="store_true", help="delete the run directory first (no memory hits)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

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
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
