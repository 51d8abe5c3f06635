"""How much slower is hard-constrained decoding than plain beam search?

Builds a random-weight model of the exact ``Helsinki-NLP/opus-mt-vi-en`` shape
(:func:`tamngu.tools.random_models.opus_vi_en_shape`), takes segments of the seed
corpus with their glossary pins (English forms), and decodes them with the
torch engine twice per round, plain and hard-constrained, on the same
length-sorted batches with equal forced output lengths (min = max new tokens),
so both searches run the same number of decoder steps. Rounds alternate the
order to spread the noise of a shared machine; the script prints each run (wall
and CPU seconds), each round's hard/plain ratio, and as the headline the median
of those per-round ratios (the ratio of the two medians can pair a slow plain
round with a fast hard one, and then disagrees with every round).

Run: ``python -m tamngu.tools.speed [--segments 48] [--rounds 3] [--beams 4] [--quantization int8] [--profile]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from tamngu.tools.bench_workload import forced_length, seed_texts, spread
from tamngu.translate.backend import Constraint, DecodeOptions


@dataclass
class Workload:
    """Token ids, forced lengths and constraints of the measured segments."""

    sources: list[list[int]]
    lengths: list[int]
    constraints: list[list[Constraint]]
    batches: list[list[int]]


def build_workload(model_dir: Path, segments: int, batch_tokens: int) -> Workload:
    """Seed segments spread over the corpus, their pins as constraints, length-sorted batches."""
    import warnings

    from transformers import AutoTokenizer

    from tamngu.glossary.loader import load_glossary
    from tamngu.glossary.matcher import Matcher
    from tamngu.translate.audit import pinned_terms
    from tamngu.translate.phrases import target_phrases
    from tamngu.translate.pipeline import length_batches

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
    texts = spread(seed_texts(), segments)
    matcher = Matcher(load_glossary())
    sources, lengths, constraints = [], [], []
    for text in texts:
        ids = tokenizer(text, truncation=True, max_length=512)["input_ids"]
        pins = pinned_terms(matcher.find(text), "en")
        found = [tuple(p for form in pin.alternatives for p in target_phrases(tokenizer, form)) for pin in pins]
        sources.append(ids)
        lengths.append(max(forced_length(len(ids)), 2 + sum(min(map(len, alts)) for alts in found if alts)))
        constraints.append([Constraint(tuple(dict.fromkeys(alts))) for alts in found if alts])
    return Workload(sources, lengths, constraints, length_batches([len(s) for s in sources], batch_tokens))


class Timing(NamedTuple):
    wall: float
    cpu: float


def decode(backend: Any, workload: Workload, beams: int, hard: bool) -> Timing:
    """Wall and CPU seconds to decode every batch of ``workload``."""
    started, cpu = time.perf_counter(), time.process_time()
    for batch in workload.batches:
        lengths = [workload.lengths[i] for i in batch]
        options = DecodeOptions(beams, 1.0, lengths, lengths)
        constraints = [workload.constraints[i] for i in batch] if hard else None
        backend.generate([workload.sources[i] for i in batch], options, constraints)
    return Timing(time.perf_counter() - started, time.process_time() - cpu)


def main(argv: list[str] | None = None) -> None:
    """Build the model, measure plain and hard decoding side by side, print the figures."""
    args = _parser().parse_args(argv)
    import torch

    from tamngu.tools.random_models import opus_vi_en_shape
    from tamngu.translate.torch_backend import TorchBackend

    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(args.model) if args.model else opus_vi_en_shape(Path(tmp) / "opus-vi-en-shape", seed=0)
        workload = build_workload(model_dir, args.segments, args.batch_tokens)
        backend = TorchBackend(model_dir, device="cpu", threads=args.threads, quantization=args.quantization)
        _describe(workload, args, torch.get_num_threads())
        decode(backend, Workload(workload.sources[:2], workload.lengths[:2], workload.constraints[:2], [[0, 1]]), args.beams, True)
        times: dict[str, list[Timing]] = {"plain": [], "hard": []}
        for round_index in range(args.rounds):
            order = ("plain", "hard") if round_index % 2 == 0 else ("hard", "plain")
            for mode in order:
                timing = decode(backend, workload, args.beams, mode == "hard")
                times[mode].append(timing)
                print(f"round {round_index + 1} {mode:5s} {timing.wall:7.2f} s (cpu {timing.cpu:7.2f} s)  "
                      f"{_rate(workload, timing.wall)}", flush=True)
        _report(times, workload)
        if args.profile:
            _profile(backend, workload, args.beams)


def _describe(workload: Workload, args: argparse.Namespace, threads: int) -> None:
    pins = sum(len(c) for c in workload.constraints)
    tokens = sum(workload.lengths)
    print(f"model: random weights, opus-mt-vi-en shape (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocab 53739)")
    print(f"segments {len(workload.sources)}, with pins {sum(1 for c in workload.constraints if c)}, pins {pins}, "
          f"batches {len(workload.batches)}, beam {args.beams}, forced target tokens {tokens}, torch threads {threads}, "
          f"weights {args.quantization}")


def _rate(workload: Workload, seconds: float) -> str:
    return f"{len(workload.sources) / seconds:6.2f} seg/s  {sum(workload.lengths) / seconds:7.1f} tok/s"


def round_ratios(times: dict[str, list[Timing]], clock: str = "wall") -> list[float]:
    """hard / plain seconds of each round (both modes of a round ran back to back)."""
    return [getattr(h, clock) / getattr(p, clock) for p, h in zip(times["plain"], times["hard"])]


def _report(times: dict[str, list[Timing]], workload: Workload) -> None:
    for mode in ("plain", "hard"):
        wall, cpu = (statistics.median(getattr(t, clock) for t in times[mode]) for clock in ("wall", "cpu"))
        print(f"median {mode:5s} {wall:.2f} s, cpu {cpu:.2f} s ({_rate(workload, wall)})")
    for clock in ("wall", "cpu"):
        per_round = round_ratios(times, clock)
        print(f"hard / plain ({clock}) = {statistics.median(per_round):.3f}, median of the rounds ("
              + ", ".join(f"{r:.3f}" for r in per_round) + ")")


def _profile(backend: Any, workload: Workload, beams: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    decode(backend, workload, beams, True)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tamngu.tools.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=48, help="seed segments to decode (default 48)")
    parser.add_argument("--rounds", type=int, default=3, help="plain/hard rounds, order alternating (default 3)")
    parser.add_argument("--beams", type=int, default=4, help="beam size (default 4)")
    parser.add_argument("--batch-tokens", type=int, default=1024, help="padded source tokens per batch (default 1024)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    parser.add_argument("--model", default=None, help="use this model directory instead of building one")
    parser.add_argument("--quantization", default="auto", help="torch weights: auto (int8 on CPU), float32, int8, bfloat16")
    parser.add_argument("--profile", action="store_true", help="profile one hard-constrained pass afterwards (cProfile; py-spy gives native frames too)")
    return parser


if __name__ == "__main__":
    main()
