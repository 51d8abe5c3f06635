"""The engines ``tamngu bench`` measures, and how each translates the workload.

Every engine gets the same segments and the same forced output lengths
(:mod:`tamngu.tools.bench_workload`); only the translation itself is timed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tamngu.tools.bench_workload import Segment

logger = logging.getLogger(__name__)

NAIVE_BATCH = 16
CT2_GROUP_RATIO = 2  # CTranslate2 rows within 2x of a call's longest forced length share the call


@dataclass(frozen=True)
class EngineSpec:
    """One benchmarked engine.

    Attributes:
        label: what the row measures.
        backend: tamngu engine ("torch", "ct2"), or "" for the naive loop.
        quantization: weights ("auto": int8 on CPU, float16 on CUDA).
        hard: decoded under the glossary's hard constraints.
        guaranteed: every pin is guaranteed in the output (hard, or verify + hard re-decode).
        mode: (engine, constraint mode) as ``tamngu translate`` names it, for the ``default`` mark.
        decoder: the torch decoder step ("auto": the lean one where it runs; "hf": transformers' forward).
    """

    label: str
    backend: str = ""
    quantization: str = "auto"
    hard: bool = False
    guaranteed: bool = False
    mode: tuple[str, str] = ("", "")
    decoder: str = "auto"


ENGINES: dict[str, EngineSpec] = {
    "naive": EngineSpec("naive transformers generate (file order, batch 16)"),
    "torch": EngineSpec("tamngu torch, no constraints", "torch", mode=("torch", "off")),
    "torch-hard": EngineSpec("tamngu torch, hard constraints", "torch", hard=True, guaranteed=True, mode=("torch", "hard")),
    "torch-hf-hard": EngineSpec("tamngu torch, hard constraints, transformers' forward per step", "torch", hard=True,
                                guaranteed=True, decoder="hf"),
    "torch-fp32-hard": EngineSpec("tamngu torch float32 weights, hard constraints", "torch", "float32", hard=True, guaranteed=True),
    "ct2": EngineSpec("tamngu ct2, no constraints", "ct2", mode=("ct2", "off")),
    "ct2-redecode": EngineSpec("tamngu ct2 soft + verify + torch hard re-decode", "ct2", guaranteed=True, mode=("ct2", "hard")),
}
BASELINE = "naive"

Timing = tuple[float, float]  # wall seconds, CPU seconds


def is_default(engine: str) -> bool:
    """Whether ``engine`` is what ``tamngu translate`` runs with its default settings."""
    from tamngu.translate.config import TranslateConfig

    config, spec = TranslateConfig(), ENGINES[engine]
    quantization = getattr(config, "torch_quantization", "auto")
    return spec.mode == (config.engine, config.constraints) and spec.quantization == quantization and spec.decoder == "auto"


def resolved_quantization(engine: str, device: str) -> str:
    """The weights an engine row runs with on ``device``."""
    spec = ENGINES[engine]
    if not spec.backend:
        return "float32"
    if spec.quantization != "auto":
        return spec.quantization
    if spec.backend == "ct2":
        from tamngu.translate.ct2_convert import default_quantization

        return default_quantization(device)
    from tamngu.translate.quantize import default_quantization as torch_default

    return torch_default(device)


class Clock:
    """Wall time and process CPU time (all threads) since creation; waits for CUDA work to finish."""

    def __init__(self, device: str = "cpu") -> None:
        self.device = device
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> Timing:
        if self.device == "cuda":
            import torch

            torch.cuda.synchronize()
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def run_naive(engine: str, beams: int, segments: list[Segment], workload: dict[str, Any]) -> tuple[Timing, list[int], int]:
    """The model-card loop: file order, batches of 16, padded, ``generate``."""
    import warnings

    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    device = workload.get("device", "cpu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(workload["model_dir"])
    model = AutoModelForSeq2SeqLM.from_pretrained(workload["model_dir"]).to(device).eval()
    lengths: list[int] = []
    clock = Clock(device)
    for first in range(0, len(segments), NAIVE_BATCH):
        chunk = segments[first : first + NAIVE_BATCH]
        batch = tokenizer([s.text for s in chunk], return_tensors="pt", padding=True, truncation=True).to(device)
        longest = max(s.length for s in chunk)
        output = model.generate(**batch, num_beams=beams, max_new_tokens=longest, min_new_tokens=longest)
        tokenizer.batch_decode(output, skip_special_tokens=True)
        # every row runs to the batch's longest; the segment's own share is its L - 1 tokens
        lengths.extend(min(_content_length(row, tokenizer), s.length - 1) for row, s in zip(output.tolist(), chunk))
    return clock.stop(), lengths, 0


def _content_length(row: list[int], tokenizer: Any) -> int:
    special = {tokenizer.pad_token_id, tokenizer.eos_token_id}
    return sum(1 for token in row if token not in special)


def run_tamngu(engine: str, beams: int, segments: list[Segment], workload: dict[str, Any]) -> tuple[Timing, list[int], int]:
    """tamngu's engines on length-sorted token-budget batches with forced lengths."""
    import warnings

    from transformers import AutoTokenizer

    from tamngu.translate.backend import Constraint

    spec = ENGINES[engine]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = AutoTokenizer.from_pretrained(workload["model_dir"])
    redecodes = [i for i, s in enumerate(segments) if s.redecode] if engine == "ct2-redecode" else []
    first = _backend(spec.backend, spec.quantization, workload, spec.decoder)
    second = _backend("torch", "auto", workload) if redecodes else None
    budget = int(workload["batch_tokens"])

    def constraints_of(index: int) -> list[Constraint]:
        return [Constraint(tuple(tuple(p) for p in pin)) for pin in segments[index].constraints]

    clock = Clock(workload.get("device", "cpu"))
    texts = [s.soft_text if engine == "ct2-redecode" else s.text for s in segments]
    hard = constraints_of if spec.hard else None
    lengths = decode_all(first, tokenizer, texts, segments, range(len(segments)), beams, budget, hard)
    if second is not None:  # every re-decode of the run in one pass, batched by length
        redone = decode_all(second, tokenizer, [s.text for s in segments], segments, redecodes, beams, budget, constraints_of)
        for index, length in zip(redecodes, redone):
            lengths[index] = length
    return clock.stop(), lengths, len(redecodes)


def _backend(name: str, quantization: str, workload: dict[str, Any], decoder: str = "auto") -> Any:
    from tamngu.translate.backend import get_backend

    model_dir = Path(workload["model_dir"])
    common = {"device": workload.get("device", "cpu"), "threads": workload.get("threads")}
    if name == "ct2":
        return get_backend("ct2")(model_dir, quantization=quantization, cache_root=Path(workload["ct2_cache"]),
                                  model_id=f"bench-{model_dir.name}", **common)
    return get_backend("torch")(model_dir, quantization=quantization, decoder=decoder, **common)


def decode_all(
    backend: Any,
    tokenizer: Any,
    texts: Sequence[str],
    segments: Sequence[Segment],
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
        for group in forced_length_groups(batch, [segments[rows[b]].length for b in batch], backend.name):
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


def forced_length_groups(batch: list[int], forced: list[int], engine: str) -> list[list[int]]:
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
