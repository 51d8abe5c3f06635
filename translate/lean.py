"""A lean decoder step for MarianMT: the same arithmetic as transformers' eager decoder, fewer operations.

:func:`tamngu.translate.constraints.beam_search` calls the decoder once per
generated token. Through ``MarianMTModel.forward`` each call builds masks,
cache objects and output records, and runs three projections for the
self-attention and a growing ``torch.cat`` per layer. :class:`LeanStepper`
runs the same step from the model's own weights with:

- one fused self-attention q/k/v projection per layer (512 -> 1536 for OPUS-MT;
  int8 weights only, float32 runs the three one by one);
- the cross-attention keys and values of every layer computed once per batch
  (one fused k/v projection with int8 weights), before the first step, and kept
  once per sentence, not once per beam (beam ``b`` of every sentence attends in
  one product: the same per-row products, a quarter of the memory at beam 4);
- one preallocated key/value cache for all layers (``layers x 2 x rows x heads
  x positions x head_dim``) written in place at the step position, so
  reordering beams or dropping finished sentences is one indexing operation;
  it is allocated for the longest segment at once (pages become resident only
  as positions are written), so it is never copied to grow;
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

from tamngu.translate import pages
from tamngu.translate.jit import scripted
from tamngu.translate.quantize import RowInt8Linear

logger = logging.getLogger(__name__)

_CHUNK = 32  # cache positions added when a caller steps past max_steps


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
    """One width group's cross-attention keys and values and padding mask, once per sentence, not per beam.

    ``keys`` and ``values`` are layers x sentences x heads x width x head_dim, ``mask`` sentences x 1 x 1 x
    width; the group's rows are its sentences' beams, ``beams`` consecutive rows each.
    """

    keys: torch.Tensor
    values: torch.Tensor
    mask: torch.Tensor
    rows: int
    beams: int


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


def _release_rows(cache: torch.Tensor, kept: int) -> None:
    """Give back the resident pages of the cache rows from ``kept`` on (sentences that left the batch).

    The in-place shrink keeps them inside the cache's storage, never to be read again;
    the rows of one layer's keys (or values) lie side by side, so each is one range.
    """
    rows = cache.shape[2]
    if cache.device.type != "cpu" or kept >= rows:
        return
    size = (rows - kept) * cache.stride(2) * cache.element_size()
    for layer in range(cache.shape[0]):
        for kind in range(2):
            pages.release(cache[layer, kind, kept].data_ptr(), size)


def _cross_attention(attend: Any, query: torch.Tensor, group: _Group, layer: int, scaling: float) -> torch.Tensor:
    """Cross-attention of one group's rows (sentence-major, ``group.beams`` per sentence) at one layer.

    The keys and values are stored once per sentence; beam ``b`` of every sentence attends in one
    product (the same 1 x head_dim by head_dim x width products as with keys repeated per beam,
    so the same values), and the beams are put back in row order.
    """
    keys, values, beams = group.keys[layer], group.values[layer], group.beams
    if beams == 1:
        return attend(query, keys, values, scaling, group.mask)
    per_beam = query.view(-1, beams, *query.shape[1:])
    return torch.stack([attend(per_beam[:, b], keys, values, scaling, group.mask) for b in range(beams)], 1).flatten(0, 1)


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
        The key/value cache is allocated for ``max_steps`` positions at once: its pages become
        resident only as positions are written, and it never needs a grown copy.
        """
        self.groups = [self._group(ids, mask, beams) for ids, mask in batches]
        rows, lean, first = sum(g.rows for g in self.groups), self.lean, self.groups[0].keys
        shape = (len(lean.layers), 2, rows, lean.heads, max(1, self.max_steps), lean.head_dim)
        self.cache = first.new_empty(shape)
        self.pos = 0

    def _group(self, ids: torch.Tensor, mask: torch.Tensor, beams: int) -> _Group:
        lean = self.lean
        hidden = self.model.get_encoder()(input_ids=ids, attention_mask=mask, return_dict=True).last_hidden_state
        batch, width, _ = hidden.shape
        keys = hidden.new_empty((len(lean.cross_kv), batch, lean.heads, width, lean.head_dim))
        values = torch.empty_like(keys)
        for i, kv in enumerate(lean.cross_kv):  # one layer at a time: no stacked copy of every layer
            both = kv(hidden).view(batch, width, 2, lean.heads, lean.head_dim).permute(2, 0, 3, 1, 4)
            keys[i].copy_(both[0])
            values[i].copy_(both[1])
        additive = torch.zeros(mask.shape, dtype=hidden.dtype, device=hidden.device)
        additive.masked_fill_(mask == 0, torch.finfo(hidden.dtype).min)  # transformers' eager padding mask
        return _Group(keys, values, additive[:, None, None, :], batch * beams, beams)

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
                attn = _cross_attention(attend, query, groups[0], i, scaling)
            else:
                attn = torch.cat([_cross_attention(attend, q, g, i, scaling) for q, g in zip(query.split(spans), groups)])
            x = torch.layer_norm(x + layer.cross_out(attn.view(rows, d)), (d,), *layer.cross_norm)
            x = torch.layer_norm(x + layer.fc2(layer.activation(layer.fc1(x))), (d,), *layer.final_norm)
        self.pos = pos + 1
        return lean.lm_head(x).add_(lean.logits_bias).float()

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
            _release_rows(self.cache, kept)
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
            elif kept_rows:  # whole sentences leave: keep the states of the sentences whose rows stay
                index = torch.tensor(kept_rows[:: group.beams], device=device).div_(group.beams, rounding_mode="floor")
                groups.append(_Group(group.keys.index_select(1, index), group.values.index_select(1, index),
                                     group.mask.index_select(0, index), len(kept_rows), group.beams))
        self.groups = groups

    def _grow(self) -> None:
        size = self.cache.shape[4] + _CHUNK  # a caller stepping past max_steps: keep going
        grown = self.cache.new_empty((*self.cache.shape[:4], size, self.cache.shape[5]))
        grown[:, :, :, :, : self.pos].copy_(self.cache[:, :, :, :, : self.pos])
        self.cache = grown
