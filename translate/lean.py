"""A lean decoder step for MarianMT: the same arithmetic as transformers' eager decoder, fewer operations.

:func:`tamngu.translate.constraints.beam_search` calls the decoder once per
generated token. Through ``MarianMTModel.forward`` each call builds masks,
cache objects and output records, and runs three projections for the
self-attention and a growing ``torch.cat`` per layer. :class:`LeanStepper`
runs the same step from the model's own weights with:

- one fused self-attention q/k/v projection per layer (512 -> 1536 for OPUS-MT;
  int8 weights only, float32 runs the three one by one);
- the cross-attention keys and values of every layer computed once per batch
  (one fused k/v projection with int8 weights), before the first step;
- one preallocated key/value cache for all layers (``layers x 2 x rows x heads
  x positions x head_dim``) written in place at the step position, so
  reordering beams or dropping finished sentences is one indexing operation;
- every width group of the call in one batch: the encoder and the
  cross-attention run per group (over the group's own padded width, as alone),
  every projection over all rows at once, so the int8 products run on
  several times more rows per call;
- eager attention (``matmul``, ``* scaling``, ``softmax``, ``matmul``), post
  layer norm, ``embed * sqrt(d_model)`` plus the sinusoidal position row,
  ``lm_head`` plus ``final_logits_bias``, exactly as ``modeling_marian`` does.

Fusing int8 projections keeps every output element: for
:class:`~tamngu.translate.quantize.RowInt8Linear` the input row's int8 scale is
shared by the fused outputs while each output channel keeps its own weight
scale (checked bit for bit in ``tests/test_lean.py``). float32 projections are
not fused but run one by one (:class:`Concatenated`): MKL may round an output
of a wider product differently (seen on one row of the tiny model). Every operation is per
row (per hypothesis), so batches stay invariant.

:func:`unsupported` says why a model cannot take this path (not a Marian
model, attention other than eager, ...); the search then keeps transformers'
forward.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F  # noqa: N812

from tamngu.translate.jit import scripted
from tamngu.translate.quantize import RowInt8Linear

logger = logging.getLogger(__name__)

_CHUNK = 32  # cache positions allocated at a time


def unsupported(model: Any) -> str:
    """Why :class:`LeanStepper` cannot run ``model`` ("" when it can)."""
    config = getattr(model, "config", None)
    if getattr(config, "model_type", None) != "marian" or not hasattr(model, "final_logits_bias"):
        return f"{type(model).__name__} is not a MarianMTModel"
    if getattr(config, "_attn_implementation", None) != "eager":
        return f"attention is '{getattr(config, '_attn_implementation', None)}'; the lean decoder computes eager attention"
    if model.training:
        return "the model is in training mode"
    for layer in model.model.decoder.layers:
        for module in (*_attention_linears(layer), layer.fc1, layer.fc2):
            if not isinstance(module, (torch.nn.Linear, RowInt8Linear)):
                return f"a decoder projection is a {type(module).__name__}"
    if not isinstance(model.lm_head, (torch.nn.Linear, RowInt8Linear)):
        return f"the output projection is a {type(model.lm_head).__name__}"
    return ""


def _attention_linears(layer: Any) -> list[Any]:
    self_attn, cross = layer.self_attn, layer.encoder_attn
    return [self_attn.q_proj, self_attn.k_proj, self_attn.v_proj, self_attn.out_proj,
            cross.q_proj, cross.k_proj, cross.v_proj, cross.out_proj]


def fuse(linears: list[Any]) -> Any:
    """One projection whose outputs are ``linears``' outputs side by side (same values)."""
    if all(isinstance(m, RowInt8Linear) for m in linears):
        return _fuse_int8(linears)
    if all(isinstance(m, torch.nn.Linear) for m in linears):
        return Concatenated(linears)
    raise TypeError("cannot fuse projections of different kinds")


class Concatenated:
    """float projections run one by one, outputs side by side: one wider GEMM may round an output differently."""

    def __init__(self, linears: list[torch.nn.Linear]) -> None:
        self.linears = linears

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([m(x) for m in self.linears], dim=-1)


def _fuse_int8(linears: list[RowInt8Linear]) -> RowInt8Linear:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation notices for quantized tensors
        weights = [torch.ops.quantized.linear_unpack(m.packed)[0] for m in linears]
        ints = torch.cat([w.int_repr() for w in weights])
        scales = torch.cat([w.q_per_channel_scales() for w in weights])
        zeros = torch.cat([w.q_per_channel_zero_points() for w in weights])
        quantized = torch._make_per_channel_quantized_tensor(ints, scales, zeros, 0)
        packed = torch.ops.quantized.linear_prepack(quantized, None)
    biases = [m.bias for m in linears]
    bias = None if any(b is None for b in biases) else torch.cat([b.detach() for b in biases])
    return RowInt8Linear(packed, bias, ints.shape[0])


def attention(query: torch.Tensor, keys: torch.Tensor, values: torch.Tensor, scaling: float,
              mask: torch.Tensor | None) -> torch.Tensor:
    """transformers' ``eager_attention_forward``: ``softmax(q k^T * scaling + mask) v``."""
    scores = torch.matmul(query, keys.transpose(2, 3)).mul_(scaling)
    if mask is not None:
        scores = scores.add_(mask)
    return torch.matmul(scores.softmax(dim=-1), values)


class _Group(NamedTuple):
    """One width group's cross-attention keys and values (layers x rows x heads x width x head_dim) and padding mask."""

    keys: torch.Tensor
    values: torch.Tensor
    mask: torch.Tensor
    rows: int


class _Norm(NamedTuple):
    weight: torch.Tensor
    bias: torch.Tensor
    eps: float


class _Layer(NamedTuple):
    qkv: Any  # self-attention q, k, v in one projection
    self_out: Any
    self_norm: _Norm
    cross_q: Any
    cross_out: Any
    cross_norm: _Norm
    fc1: Any
    fc2: Any
    activation: Any
    final_norm: _Norm


def _norm(module: torch.nn.LayerNorm) -> _Norm:
    return _Norm(module.weight.detach(), module.bias.detach(), module.eps)


class LeanDecoder:
    """The decoder weights of one MarianMTModel, arranged for :class:`LeanStepper`."""

    def __init__(self, model: Any) -> None:
        decoder = model.model.decoder
        first = decoder.layers[0].self_attn
        self.heads, self.head_dim, self.scaling = first.num_heads, first.head_dim, first.scaling
        self.embed, self.embed_scale = decoder.embed_tokens.weight.detach(), decoder.embed_scale
        self.positions = decoder.embed_positions.weight.detach()
        self.lm_head, self.logits_bias = model.lm_head, model.final_logits_bias.detach()
        self.layers = [self._layer(layer) for layer in decoder.layers]
        self.cross_kv = [fuse([layer.encoder_attn.k_proj, layer.encoder_attn.v_proj]) for layer in decoder.layers]
        projections = [model.lm_head, *self.cross_kv]
        for layer in self.layers:
            projections += [layer.qkv, layer.self_out, layer.cross_q, layer.cross_out, layer.fc1, layer.fc2]
        # int8 products are exact per row; float GEMMs may round a row differently beside other rows
        self.row_exact = all(isinstance(m, RowInt8Linear) for m in projections)

    @staticmethod
    def _layer(layer: Any) -> _Layer:
        attn, cross = layer.self_attn, layer.encoder_attn
        return _Layer(
            fuse([attn.q_proj, attn.k_proj, attn.v_proj]), attn.out_proj, _norm(layer.self_attn_layer_norm),
            cross.q_proj, cross.out_proj, _norm(layer.encoder_attn_layer_norm),
            layer.fc1, layer.fc2, layer.activation_fn, _norm(layer.final_layer_norm),
        )


def lean_decoder(model: Any) -> LeanDecoder:
    """The model's :class:`LeanDecoder`, built once and kept on the model."""
    decoder = getattr(model, "_tamngu_lean", None)
    if decoder is None:
        decoder = LeanDecoder(model)
        model._tamngu_lean = decoder
    return decoder


class LeanStepper:
    """Decoder steps over a preallocated cache; the interface of ``constraints.HFStepper``.

    Args:
        model: a MarianMTModel for which :func:`unsupported` returns "".
        max_steps: the most decoder steps any row will take.
    """

    def __init__(self, model: Any, max_steps: int) -> None:
        self.model, self.lean = model, lean_decoder(model)
        self.max_steps = max_steps
        self.pos = 0
        self.cache = torch.empty(0)
        self.groups: list[_Group] = []

    def encode(self, batches: list[tuple[torch.Tensor, torch.Tensor]], beams: int) -> None:
        """Run the encoder and every layer's cross-attention keys and values, ``beams`` rows per segment.

        ``batches`` are the width groups, (token ids, attention mask) each, in row order: all
        of them decode in one batch, each row attending to its own group's encoder states.
        """
        self.groups = [self._group(ids, mask, beams) for ids, mask in batches]
        rows, lean, first = sum(g.rows for g in self.groups), self.lean, self.groups[0].keys
        shape = (len(lean.layers), 2, rows, lean.heads, min(_CHUNK, self.max_steps), lean.head_dim)
        self.cache = first.new_empty(shape)
        self.pos = 0

    def _group(self, ids: torch.Tensor, mask: torch.Tensor, beams: int) -> _Group:
        lean = self.lean
        hidden = self.model.get_encoder()(input_ids=ids, attention_mask=mask, return_dict=True).last_hidden_state
        batch, width, _ = hidden.shape
        shape = (batch, width, 2, lean.heads, lean.head_dim)
        cross = torch.stack([kv(hidden).view(shape) for kv in lean.cross_kv])  # layers, batch, width, 2, heads, hd
        cross = cross.permute(0, 3, 1, 4, 2, 5).repeat_interleave(beams, dim=2)  # layers, 2, rows, heads, width, hd
        additive = torch.zeros(mask.shape, dtype=hidden.dtype, device=hidden.device)
        additive.masked_fill_(mask == 0, torch.finfo(hidden.dtype).min)  # transformers' eager padding mask
        return _Group(cross[:, 0].contiguous(), cross[:, 1].contiguous(), additive.repeat_interleave(beams, dim=0)[:, None, None, :],
                      batch * beams)

    def step(self, inputs: torch.Tensor) -> torch.Tensor:
        """Logits (float32) of the next token after ``inputs`` (one token id per row)."""
        lean, pos = self.lean, self.pos
        if pos == self.cache.shape[4]:
            self._grow()
        rows = inputs.shape[0]
        x = F.embedding(inputs, lean.embed).mul_(lean.embed_scale).add_(lean.positions[pos])
        d, heads, hd, scaling = x.shape[-1], lean.heads, lean.head_dim, lean.scaling
        attend, groups, spans = scripted(attention), self.groups, [g.rows for g in self.groups]
        for i, layer in enumerate(lean.layers):
            qkv = layer.qkv(x).view(rows, 3, heads, hd)
            self.cache[i, :, :, :, pos].copy_(qkv[:, 1:].transpose(0, 1))
            keys, values = self.cache[i, 0, :, :, : pos + 1], self.cache[i, 1, :, :, : pos + 1]
            attn = attend(qkv[:, 0, :, None], keys, values, scaling, None).view(rows, d)
            x = torch.layer_norm(x + layer.self_out(attn), (d,), *layer.self_norm)
            query = layer.cross_q(x).view(rows, heads, 1, hd)
            if len(groups) == 1:
                attn = attend(query, groups[0].keys[i], groups[0].values[i], scaling, groups[0].mask)
            else:
                parts = query.split(spans)
                attn = torch.cat([attend(q, g.keys[i], g.values[i], scaling, g.mask) for q, g in zip(parts, groups)])
            x = torch.layer_norm(x + layer.cross_out(attn.view(rows, d)), (d,), *layer.cross_norm)
            x = torch.layer_norm(x + layer.fc2(layer.activation(layer.fc1(x))), (d,), *layer.final_norm)
        self.pos = pos + 1
        return (lean.lm_head(x) + lean.logits_bias).float()

    def reorder(self, order: list[int]) -> None:
        """Row ``r`` continues the hypothesis of row ``order[r]`` (same sentences, same rows count)."""
        changed = [row for row, source in enumerate(order) if source != row]
        if not changed:
            return
        filled = self.cache[:, :, :, :, : self.pos]
        device = filled.device
        rows = torch.tensor(changed, device=device)
        filled.index_copy_(2, rows, filled.index_select(2, torch.tensor([order[r] for r in changed], device=device)))

    def shrink(self, order: list[int]) -> None:
        """Keep rows ``order`` (old row of each new row, in group order): finished sentences leave the batch."""
        device, pos, kept = self.cache.device, self.pos, len(order)
        moved = [row for row, source in enumerate(order) if source != row]
        filled = self.cache[:, :, :, :, :pos]
        if 2 * len(moved) <= kept:  # in place: copy the rows that move, drop the tail (a view, no copy)
            if moved:
                sources = torch.tensor([order[row] for row in moved], device=device)
                filled.index_copy_(2, torch.tensor(moved, device=device), filled.index_select(2, sources))
            self.cache = self.cache[:, :, :kept]
        else:  # into a new cache, the filled positions only
            shape = self.cache.shape
            cache = self.cache.new_empty((*shape[:2], kept, *shape[3:]))
            torch.index_select(filled, 2, torch.tensor(order, device=device), out=cache[:, :, :, :, :pos])
            self.cache = cache
        groups, first = [], 0
        for group in self.groups:
            kept_rows = [row - first for row in order if first <= row < first + group.rows]
            first += group.rows
            if len(kept_rows) == group.rows:  # same sentences: every row of a sentence has the same encoder states
                groups.append(group)
            elif kept_rows:
                index = torch.tensor(kept_rows, device=device)
                groups.append(_Group(group.keys.index_select(1, index), group.values.index_select(1, index),
                                     group.mask.index_select(0, index), len(kept_rows)))
        self.groups = groups

    def _grow(self) -> None:
        size = min(self.max_steps, 2 * self.cache.shape[4])
        if size <= self.cache.shape[4]:
            size = self.cache.shape[4] + _CHUNK  # a caller stepping past max_steps: keep going
        grown = self.cache.new_empty((*self.cache.shape[:4], size, self.cache.shape[5]))
        grown[:, :, :, :, : self.pos].copy_(self.cache[:, :, :, :, : self.pos])
        self.cache = grown
