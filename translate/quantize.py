"""Weights for the torch engine: int8 linear layers that keep batches invariant.

torch's dynamic quantization (``torch.ao.quantization.quantize_dynamic``)
quantizes a layer's input with one scale per call, taken from the whole
batch, so a segment's translation would depend on the segments decoded beside
it, and a resumed run would not repeat an uninterrupted one. :class:`RowInt8Linear`
quantizes every input row with its own scale instead:

    y_r = (absmax(x_r) / 63) * W_int8 · round(63 * x_r / absmax(x_r)) * w_scale

Each row is scaled to the range [-63, 63] before one int8 matrix product
(fbgemm's x86 kernel with a fixed input scale of 1; seven bits, so the u8 x s8
pair sums of AVX2 cannot saturate) and scaled back after it. Integer products
are exact, so a row's output depends only on that row, whatever the batch.

Example::

    >>> import torch
    >>> layer = torch.nn.Linear(8, 3)
    >>> x = torch.randn(5, 8)
    >>> quantized = RowInt8Linear.from_linear(layer)
    >>> torch.equal(quantized(x[:1]), quantized(x)[:1])   # batch-invariant
    True
    >>> bool((quantized(x) - layer(x)).abs().max() < 0.1)
    True
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

import torch

from tamngu.errors import BadInputError
from tamngu.translate import pages
from tamngu.translate.config import TORCH_QUANTIZATIONS as QUANTIZATIONS
from tamngu.translate.jit import scripted

logger = logging.getLogger(__name__)


def default_quantization(device: str) -> str:
    """int8 weights on CPU where the x86 int8 kernels exist, float16 on CUDA, else float32."""
    if device != "cpu":
        return "float16"
    return "int8" if int8_supported() else "float32"


def int8_supported() -> bool:
    """Whether torch has the x86 (fbgemm) int8 kernels :class:`RowInt8Linear` uses."""
    engines = torch.backends.quantized.supported_engines
    return ("x86" in engines or "fbgemm" in engines) and hasattr(
        torch.ops.quantized, "linear_with_input_q_dq_qweight_dq_output_fp32"
    )


class RowInt8Linear(torch.nn.Module):
    """A linear layer with per-output-channel int8 weights and per-row int8 inputs."""

    def __init__(self, packed: Any, bias: torch.Tensor | None, out_features: int) -> None:
        super().__init__()
        self.packed = packed
        self.bias = None if bias is None else torch.nn.Parameter(bias, requires_grad=False)
        self.out_features = out_features

    @classmethod
    def from_linear(cls, layer: torch.nn.Linear) -> RowInt8Linear:
        weight = layer.weight.detach().float()
        # max |w| per row as max(max w, -min w): the same values without a weight-sized abs() copy (105 MB for OPUS-MT's output layer)
        scales = (torch.maximum(weight.amax(dim=1), weight.amin(dim=1).neg()) / 127.0).clamp(min=1e-12).double()
        zero_points = torch.zeros(weight.shape[0], dtype=torch.long)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's deprecation notices for quantized tensors
            quantized = torch.quantize_per_channel(weight, scales, zero_points, 0, torch.qint8)
            packed = torch.ops.quantized.linear_prepack(quantized, None)
        bias = None if layer.bias is None else layer.bias.detach().float().clone()
        return cls(packed, bias, weight.shape[0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 2 and x.dtype == torch.float32:
            return scripted(row_int8_linear)(x, self.packed, self.bias)
        rows = x.reshape(-1, x.shape[-1]).float()
        return scripted(row_int8_linear)(rows, self.packed, self.bias).reshape(*x.shape[:-1], self.out_features)


def row_int8_linear(rows: torch.Tensor, packed: torch.classes.quantized.LinearPackedParamsBase, bias: torch.Tensor | None) -> torch.Tensor:
    """Per-row int8 product of float32 ``rows`` (2-D) with ``packed`` weights, plus ``bias``."""
    absmax = rows.abs().amax(dim=1, keepdim=True).clamp_(min=1e-12)  # = the inf-norm, exactly (vectorised: ~8x faster)
    # 63 input levels each side of zero: 7-bit unsigned input with zero point 64 (63.0 / absmax as Tensor.__rdiv__ does it)
    scaled = rows * absmax.reciprocal().mul_(63.0)
    product = torch.ops.quantized.linear_with_input_q_dq_qweight_dq_output_fp32(scaled, 1.0, 64, packed)
    unscale = absmax.mul_(1.0 / 63.0)
    if bias is None:
        return product.mul_(unscale)
    return torch.addcmul(bias, product, unscale, out=product)  # in place: one logits-sized buffer less per step


def quantize(model: Any, quantization: str, device: str) -> Any:
    """``model`` with its weights in ``quantization`` (one of :data:`QUANTIZATIONS`), in place.

    Raises:
        BadInputError: an unknown quantization, or int8 where its kernels are missing.
    """
    if quantization not in QUANTIZATIONS:
        raise BadInputError(f"unknown torch quantization '{quantization}'; choose from {', '.join(QUANTIZATIONS)}")
    if quantization == "auto":
        quantization = default_quantization(device)
    if quantization in ("float16", "bfloat16"):
        return model.to(getattr(torch, quantization))
    if quantization == "int8":
        if device != "cpu" or not int8_supported():
            raise BadInputError(f"torch int8 weights need a CPU with torch's x86 int8 kernels (device {device}); use float32 or float16")
        _replace_linears(model)
    return model


def _replace_linears(model: torch.nn.Module) -> None:
    """Every ``torch.nn.Linear`` of ``model`` as a :class:`RowInt8Linear`, the float weights let go one by one."""
    mapped = pages.file_mappings()
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, torch.nn.Linear):
                setattr(module, name, RowInt8Linear.from_linear(child))
                _release_weight(child.weight, mapped)  # one weight resident at a time (the tied embedding reads back by row)
    for tensor in (*model.parameters(), *model.buffers()):  # the embedding: only the rows looked up come back
        _release_weight(tensor, mapped)


def _release_weight(weight: torch.Tensor, mapped: list[tuple[int, int]]) -> None:
    """Drop the resident pages of a weight read from a file mapping: it reads from the file again where used.

    transformers maps the checkpoint file into memory; every weight read while
    quantizing would stay resident, and count in the process' memory, as long
    as the mapping lives, which is as long as any tensor of the file does. The
    float weights of the replaced layers are never read again; of the shared
    embedding (read whole to quantize the tied output layer) only the rows of
    the tokens looked up come back, a few MB instead of 105 MB for OPUS-MT.
    A weight outside a file mapping (another format, a copy) is left alone.
    """
    start, size = weight.data_ptr(), weight.numel() * weight.element_size()
    if any(low <= start and start + size <= high for low, high in mapped):
        pages.release(start, size)
