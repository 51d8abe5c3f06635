"""The transformers engine: MarianMT in PyTorch, with tamngu's own beam search.

Decoding goes through :func:`tamngu.translate.constraints.beam_search`, which runs the
model's encoder once and its decoder step by step over the key/value cache.
Without constraints it reproduces ``model.generate()``; with constraints it is
a Dynamic Beam Allocation search that guarantees every pinned phrase.

Weights (:mod:`tamngu.translate.quantize`): ``quantization="auto"`` is int8 on
CPU (every linear layer, the 53,739 x 512 output projection included, with
per-row input scales so batches stay invariant) and float16 on CUDA; "float32"
keeps the checkpoint's weights. The search, and with it the guarantee, is the
same for every choice; only the scores it ranks move.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from tamngu.translate.backend import Backend, Constraint, DecodeOptions, register
from tamngu.translate.quantize import default_quantization, quantize

logger = logging.getLogger(__name__)


@register
class TorchBackend(Backend):
    """A ``MarianMTModel`` (or any Marian-architecture seq2seq model) on CPU or CUDA.

    Args (besides :class:`Backend`'s):
        quantization: weights, one of :data:`tamngu.translate.quantize.QUANTIZATIONS`
            ("auto": int8 on CPU, float16 on CUDA).
        decoder: the decoder step: "auto" (:mod:`tamngu.translate.lean` where it runs, else
            transformers' forward), "lean" or "hf".

    ``threads`` None leaves torch its default (every physical core); its OpenMP threads wait
    passively (:mod:`tamngu.translate.threads`), so a busy machine does not stall them.
    """

    name = "torch"
    supports_hard_constraints = True

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        threads: int | None = None,
        model_id: str = "",
        quantization: str = "auto",
        decoder: str = "auto",
    ) -> None:
        self.quantization = default_quantization(device) if quantization == "auto" else quantization
        self.decoder = decoder  # SearchSettings.decoder: "auto" (lean where it runs), "lean" or "hf"
        super().__init__(model_dir, device=device, threads=threads, model_id=model_id)

    def load(self) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bars on the user's terminal
        if self.threads:
            torch.set_num_threads(self.threads)
        # one query token per step: plain matmul attention beats the CPU flash kernel (about 15% of the step)
        attention = "eager" if self.device == "cpu" else "sdpa"
        model = AutoModelForSeq2SeqLM.from_pretrained(self.model_dir, attn_implementation=attention).to(self.device).eval()
        config = model.generation_config
        self.model = quantize(model, self.quantization, self.device)
        self.eos_token_id = int(_first(config.eos_token_id, model.config.eos_token_id))
        self.pad_token_id = int(_first(config.pad_token_id, model.config.pad_token_id))
        self.decoder_start_token_id = int(_first(config.decoder_start_token_id, model.config.decoder_start_token_id, self.pad_token_id))
        self.bad_token_ids = tuple(ids[0] for ids in (config.bad_words_ids or []) if len(ids) == 1)

    def generate(
        self,
        sources: Sequence[Sequence[int]],
        options: DecodeOptions,
        constraints: Sequence[Sequence[Constraint]] | None = None,
    ) -> list[list[int]]:
        from tamngu.translate.constraints import SearchSettings, beam_search

        settings = SearchSettings(
            num_beams=options.num_beams,
            length_penalty=options.length_penalty,
            eos_token_id=self.eos_token_id,
            pad_token_id=self.pad_token_id,
            decoder_start_token_id=self.decoder_start_token_id,
            bad_token_ids=self.bad_token_ids,
            decoder=self.decoder,
        )
        return beam_search(
            self.model,
            sources,
            settings,
            max_new_tokens=options.max_new_tokens,
            min_new_tokens=options.min_new_tokens,
            constraints=constraints,
        )


def _first(*values: object) -> object:
    for value in values:
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is not None:
            return value
    raise ValueError("model config lacks eos/pad token ids")
