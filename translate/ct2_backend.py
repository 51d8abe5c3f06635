"""The CTranslate2 engine: a converted Marian model, int8 on CPU, float16 on CUDA.

The model is converted once and cached (:mod:`tamngu.translate.ct2_convert`).
CTranslate2 takes token strings, so the backend maps the pipeline's token ids
to the Marian vocabulary's pieces and back; its vocabulary is the Marian one
without the trailing ``<pad>`` (the converter drops it so it is never produced,
as the OPUS-MT ``bad_words_ids`` do in transformers).

It has no lexical constraints: :class:`tamngu.translate.pipeline.Translator` runs it
in the soft mode, verifies each segment, and re-decodes the misses with the
hard-constrained torch decoder.

Differences from the torch engine: greedy search gives the same tokens (float32);
beam search stops on CTranslate2's own rule (the best ``num_beams`` finished
hypotheses, patience 1) instead of transformers' "cannot improve" heuristic, so
beam outputs may differ on near ties. Per-segment length caps are applied as
one cap per call (the batch's largest) with longer outputs cut to their own
cap; per-segment minimum lengths (benchmarks) split the batch into groups of
equal limits, which the worker threads decode in parallel.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from tamngu.translate.backend import Backend, Constraint, DecodeOptions, register
from tamngu.translate.ct2_convert import default_quantization, ensure_converted
from tamngu.translate.threads import physical_cores

logger = logging.getLogger(__name__)

__all__ = ["Ct2Backend", "physical_cores", "thread_plan"]


def thread_plan(threads: int | None = None, cores: int | None = None) -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` with ``inter * intra <= threads``.

    Independent workers scale better than threads inside one matrix product on
    small CPUs (no synchronisation per layer), so cores go to workers first,
    up to four; beyond that each worker gets several intra-op threads.

    Args:
        threads: cores to use (None: every physical core).
        cores: the machine's physical cores (None: ask psutil).
    """
    budget = max(1, min(threads or cores or physical_cores(), cores or physical_cores()))
    inter = min(budget, 4)
    return inter, max(1, budget // inter)


@register
class Ct2Backend(Backend):
    """A Marian model converted to CTranslate2 (no hard constraints).

    Args (besides :class:`Backend`'s):
        quantization: weights stored in the converted model ("auto": int8 on
            CPU, float16 on CUDA).
        compute_type: CTranslate2 compute type (None: the quantization).
        cache_root: where converted models are cached (None: next to the HF cache).
    """

    name = "ct2"
    supports_hard_constraints = False

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        threads: int | None = None,
        model_id: str = "",
        quantization: str = "auto",
        compute_type: str | None = None,
        cache_root: Path | None = None,
    ) -> None:
        self.quantization = default_quantization(device) if quantization == "auto" else quantization
        self.compute_type = compute_type or self.quantization
        self.cache_root = cache_root
        super().__init__(model_dir, device=device, threads=threads, model_id=model_id)

    def load(self) -> None:
        import ctranslate2

        self.converted_dir = ensure_converted(
            self.model_dir, model_ref=self.model_id, quantization=self.quantization, root=self.cache_root
        )
        self.inter_threads, self.intra_threads = thread_plan(self.threads) if self.device == "cpu" else (1, 0)
        self.translator = ctranslate2.Translator(
            str(self.converted_dir),
            device=self.device,
            compute_type=self.compute_type,
            inter_threads=self.inter_threads,
            intra_threads=self.intra_threads,
        )
        self.source_pieces, self.target_ids = _vocabularies(self.converted_dir)
        logger.info(
            "ct2 model %s (%s) with %d x %d threads", self.converted_dir.name, self.compute_type, self.inter_threads, self.intra_threads
        )

    def generate(
        self,
        sources: Sequence[Sequence[int]],
        options: DecodeOptions,
        constraints: Sequence[Sequence[Constraint]] | None = None,
    ) -> list[list[int]]:
        if constraints and any(constraints):
            raise ValueError("the ct2 engine has no hard constraints; decode constrained segments with the torch engine")
        if not sources:
            return []
        tokens = [self._pieces(ids) for ids in sources]
        outputs: list[list[int]] = [[] for _ in sources]
        for rows, (low, high) in self._groups(options, len(sources)).items():
            pending = self._submit([tokens[i] for i in rows], options, low, high)
            for row, result in zip(rows, pending):
                outputs[row] = self._ids(result.result().hypotheses[0])[: options.max_new_tokens[row] - 1]
        return outputs

    # -- helpers ---------------------------------------------------------------------

    def _groups(self, options: DecodeOptions, count: int) -> dict[tuple[int, ...], tuple[int, int]]:
        """Rows decoded together and their (min, max) decoding lengths, EOS excluded.

        ``max_new_tokens`` counts the EOS token the torch engine forces at the
        cap, CTranslate2's lengths do not: both produce ``max_new - 1`` tokens.
        """
        if options.min_new_tokens is None:
            return {tuple(range(count)): (0, max(options.max_new_tokens) - 1)}
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for row in range(count):
            high = options.max_new_tokens[row] - 1
            groups[(min(options.min_new_tokens[row], high), high)].append(row)
        return {tuple(rows): limits for limits, rows in groups.items()}

    def _submit(self, tokens: list[list[str]], options: DecodeOptions, low: int, high: int) -> list:  # type: ignore[type-arg]
        """Queue one group; CTranslate2 sorts it by length and splits it over the workers."""
        padded = len(tokens) * max(len(t) for t in tokens)
        per_worker = max(max(len(t) for t in tokens), -(-padded // self.inter_threads))
        return self.translator.translate_batch(
            tokens,
            asynchronous=True,
            max_batch_size=per_worker,
            batch_type="tokens",
            beam_size=options.num_beams,
            length_penalty=options.length_penalty,
            max_input_length=0,
            min_decoding_length=max(0, low),
            max_decoding_length=max(1, high),
        )

    def _pieces(self, ids: Sequence[int]) -> list[str]:
        vocab = self.source_pieces
        return [vocab[i] for i in ids if i < len(vocab)]

    def _ids(self, pieces: Sequence[str]) -> list[int]:
        unk = self.target_ids.get("<unk>", 1)
        return [self.target_ids.get(piece, unk) for piece in pieces]


def _vocabularies(converted: Path) -> tuple[list[str], dict[str, int]]:
    """Source pieces by id, and target ids by piece, of a converted model."""
    shared = converted / "shared_vocabulary.json"
    source = shared if shared.is_file() else converted / "source_vocabulary.json"
    target = shared if shared.is_file() else converted / "target_vocabulary.json"
    source_pieces = json.loads(source.read_text(encoding="utf-8"))
    target_pieces = json.loads(target.read_text(encoding="utf-8"))
    return source_pieces, {piece: index for index, piece in enumerate(target_pieces)}
