"""Beam search with hard lexical constraints (Dynamic Beam Allocation), in torch.

transformers v5 dropped its constrained beam search and CTranslate2 never had
one, so tamngu owns this decoder. It runs the model's encoder once, then the
decoder one token at a time over its key/value cache, reordering the cache by
beam index after every step. The decoder step is a stepper (``encode``,
``step``, ``reorder``, ``shrink``): :class:`~tamngu.translate.lean.LeanStepper`
(MarianMT with eager attention: fused projections, a preallocated cache, the
same arithmetic as transformers) or :class:`HFStepper` (transformers' forward,
for every other model; ``SearchSettings.decoder`` chooses, "auto" falls back
with a logged reason).

Without constraints the search is transformers' own beam search, step for
step (top ``2k`` continuations, a pool of ``k`` finished hypotheses scored
``logp / length ** length_penalty``, the same early-stopping heuristic, EOS
forced at ``max_length``), so it returns what ``model.generate()`` returns;
``num_beams=1`` is greedy search.

With constraints it is Dynamic Beam Allocation (Post & Vilar 2018), in the
round-robin bank form of Hu et al. (2019):

- candidates are the top ``2k`` continuations of the whole beam, the best
  continuation of every hypothesis, and every token that advances a
  constraint of a hypothesis (:meth:`ConstraintSet.advancing_tokens`);
- the next beam takes the best candidate of every bank (constraint tokens
  produced), highest bank first, then the second best of every bank, and so on
  (:func:`tamngu.translate.beam.round_robin`);
- the masking rules of :mod:`tamngu.translate.masks` block end-of-sentence until
  every constraint is met and, near the length cap, keep only tokens after
  which the owed constraints still fit, so every returned hypothesis meets every
  constraint.

The pieces: :mod:`~tamngu.translate.constraint_state` (torch-free trie and
named states), :mod:`~tamngu.translate.beam` (torch-free candidates, banks,
finished pool), :mod:`~tamngu.translate.masks` (one function per rule) and
:mod:`~tamngu.translate.phrases` (token phrases of a target form).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from tamngu.translate import lean, masks
from tamngu.translate.backend import Constraint, Phrase
from tamngu.translate.beam import DEAD, NEG, Candidate, Finished, Hypothesis, PoolRules, Sentence, best_tokens, merge, select
from tamngu.translate.constraint_state import START, ConstraintSet
from tamngu.translate.lean import LeanStepper
from tamngu.translate.phrases import target_phrases

logger = logging.getLogger(__name__)

PAD_MULTIPLE = 8  # source widths are padded to a multiple of this (see width_groups)

__all__ = ["Constraint", "Phrase", "SearchSettings", "beam_search", "target_phrases"]


@dataclass(frozen=True)
class SearchSettings:
    """Model-specific ids and the beam search knobs (OPUS-MT defaults)."""

    num_beams: int = 4
    length_penalty: float = 1.0
    eos_token_id: int = 0
    pad_token_id: int = 0
    decoder_start_token_id: int = 0
    bad_token_ids: tuple[int, ...] = ()
    early_stopping: bool | str = False  # True, False or "never", as in transformers
    decoder: str = "auto"  # "lean" (tamngu.translate.lean), "hf" (transformers' forward), "auto": lean where it runs


def beam_search(
    model: torch.nn.Module,
    sources: Sequence[Sequence[int]],
    settings: SearchSettings,
    *,
    max_new_tokens: Sequence[int],
    min_new_tokens: Sequence[int] | None = None,
    constraints: Sequence[Sequence[Constraint]] | None = None,
) -> list[list[int]]:
    """Translate a batch of source token ids, optionally under hard constraints.

    Args:
        model: an encoder-decoder model with a language-modelling head.
        sources: per segment, source token ids (EOS included).
        settings: beam size, length penalty and special token ids.
        max_new_tokens: per segment, the most tokens to generate (EOS included).
        min_new_tokens: per segment, EOS is blocked before this many tokens.
        constraints: per segment, the phrases the output must contain.

    Returns:
        Per segment, the best hypothesis without start and EOS tokens.
    """
    if not sources:
        return []
    constraints = constraints or [()] * len(sources)
    results: list[list[int]] = [[] for _ in sources]
    groups = list(width_groups([len(ids) for ids in sources]).items())
    lean_model = _lean_or_why(model, settings.decoder) == ""
    # with int8 weights (exact per row) the lean decoder runs every width group in one batch, cross-attention by group
    merge = lean_model and lean.lean_decoder(model).row_exact
    # widest group first: short segments, which tend to finish first, sit at the end, where the stepper drops them in place
    for part in [groups[::-1]] if merge else [[group] for group in groups]:
        rows = [row for _, members in part for row in members]
        search = _Search(
            model,
            [sources[i] for i in rows],
            settings,
            [max_new_tokens[i] for i in rows],
            [min_new_tokens[i] for i in rows] if min_new_tokens is not None else None,
            [constraints[i] for i in rows],
            [width for width, members in part for _ in members],
            lean_model,
        )
        with torch.inference_mode():
            for row, output in zip(rows, search.run()):
                results[row] = output
    return results


def _lean_or_why(model: torch.nn.Module, choice: str) -> str:
    """"" when ``model`` decodes with :class:`LeanStepper`, else why not (logged once per model under "auto")."""
    reason = "asked for transformers' forward" if choice == "hf" else lean.unsupported(model)
    if reason and choice == "lean":
        raise ValueError(f"the lean decoder cannot run this model: {reason}")
    if reason and choice == "auto" and not getattr(model, "_tamngu_fallback_logged", False):
        logger.info("decoding with transformers' forward, not the lean decoder: %s", reason)
        model._tamngu_fallback_logged = True
    return reason


def width_groups(lengths: Sequence[int]) -> dict[int, list[int]]:
    """Rows by padded source width: each length rounded up to a multiple of :data:`PAD_MULTIPLE`.

    A segment is always padded to its own width and decoded only beside
    segments of that width, so its arithmetic (encoder attention over the
    padded width, the decoder's cross-attention) is the same whatever else is
    in the batch: a translation does not depend on its batchmates, which int8
    weights would otherwise amplify from rounding noise into other words.

    >>> width_groups([3, 9, 8, 17, 1])
    {8: [0, 2, 4], 16: [1], 24: [3]}
    """
    groups: dict[int, list[int]] = {}
    for row, length in enumerate(lengths):
        groups.setdefault(-(-length // PAD_MULTIPLE) * PAD_MULTIPLE, []).append(row)
    return dict(sorted(groups.items()))


class _Search:
    def __init__(
        self,
        model: torch.nn.Module,
        sources: Sequence[Sequence[int]],
        settings: SearchSettings,
        max_new_tokens: Sequence[int],
        min_new_tokens: Sequence[int] | None,
        constraints: Sequence[Sequence[Constraint]],
        widths: Sequence[int],
        lean_model: bool,
    ) -> None:
        self.model = model
        self.widths = widths  # per source, its padded width; equal widths are consecutive
        self.lean_model = lean_model
        self.settings = settings
        self.k = settings.num_beams
        self.rules = PoolRules(settings.num_beams, settings.length_penalty, settings.early_stopping, settings.eos_token_id)
        self.device = next(model.parameters()).device
        mins = min_new_tokens or [0] * len(sources)
        self.sentences = [
            Sentence(i, 1 + int(max_new_tokens[i]), int(mins[i]), ConstraintSet(constraints[i])) for i in range(len(sources))
        ]
        for sentence in self.sentences:  # room for every constraint and the EOS token
            sentence.max_len = max(sentence.max_len, 2 + sentence.cons.tokens_owed(START))
        self.constrained = any(s.cons.count for s in self.sentences)
        self.sources = sources
        self.greedy = self.k == 1 and not self.constrained
        self.glue = masks.GlueIndex(self.device)

    # -- main loop -------------------------------------------------------------------

    def run(self) -> list[list[int]]:
        stepper = self._stepper()
        stepper.encode(self._source_batches(), self.k)
        start = self.settings.decoder_start_token_id
        for sentence in self.sentences:
            sentence.running = [Hypothesis((start,), 0.0 if j == 0 else NEG) for j in range(self.k)]
        active = list(self.sentences)
        cur_len = 1
        while active:
            inputs = torch.tensor([h.tokens[-1] for s in active for h in s.running], device=self.device)
            chosen = self._advance(active, stepper.step(inputs), cur_len)  # no step's logits outlive it
            cur_len += 1
            still = [i for i, s in enumerate(active) if not s.done]
            if not still:
                break
            order = [i * self.k + src for i in still for src in chosen[i]]
            if len(still) < len(active):  # drop finished sentences from the batch
                stepper.shrink(order)
            else:
                stepper.reorder(order)
            active = [active[i] for i in still]
        start, eos = self.settings.decoder_start_token_id, self.settings.eos_token_id
        return [best_tokens(s, start, eos) for s in self.sentences]

    def _stepper(self) -> HFStepper | LeanStepper:
        if self.lean_model:
            return LeanStepper(self.model, max(s.max_len for s in self.sentences))
        return HFStepper(self.model)

    def _source_batches(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """(token ids, attention mask) of every width group, in row order."""
        pad, batches, first = self.settings.pad_token_id, [], 0
        while first < len(self.sources):
            width = self.widths[first]
            count = next((i for i in range(first, len(self.sources)) if self.widths[i] != width), len(self.sources)) - first
            ids = torch.full((count, width), pad, dtype=torch.long)
            mask = torch.zeros((count, width), dtype=torch.long)
            for row, source in enumerate(self.sources[first : first + count]):
                ids[row, : len(source)] = torch.tensor(list(source), dtype=torch.long)
                mask[row, : len(source)] = 1
            batches.append((ids.to(self.device), mask.to(self.device)))
            first += count
        return batches

    # -- one step ---------------------------------------------------------------------

    def _advance(self, active: list[Sentence], logits: torch.Tensor, cur_len: int) -> list[list[int]]:
        """Extend every active sentence by one token; return, per sentence, the source row of each new hyp."""
        if self.greedy:
            return self._advance_greedy(active, logits, cur_len)
        vocab = logits.shape[-1]
        log_probs = torch.log_softmax(logits, dim=-1)
        self._step_mask(active, cur_len).apply(log_probs)
        running = torch.tensor([h.score for s in active for h in s.running], dtype=torch.float32, device=self.device)
        total = log_probs.add_(running[:, None]).view(len(active), self.k * vocab)
        if self.k == 1:  # greedy under constraints: the two best by block maxima, each row's best reused below
            top_scores, top_ids = top_two(total)
            best = (top_scores[:, 0], top_ids[:, 0])
        else:
            top_scores, top_ids = torch.topk(total, 2 * self.k, dim=-1)
            best = None
        extra = self._extra_candidates(active, total.view(-1, vocab), best) if self.constrained else None
        chosen = []
        for i, (scores, ids) in enumerate(zip(top_scores.tolist(), top_ids.tolist())):
            candidates = [Candidate(score, idx // vocab, idx % vocab) for score, idx in zip(scores, ids)]
            if extra is not None:
                candidates = merge(candidates, extra[i])
            chosen.append(select(active[i], candidates, cur_len, self.rules))
        return chosen

    def _advance_greedy(self, active: list[Sentence], logits: torch.Tensor, cur_len: int) -> list[list[int]]:
        scores = logits  # the step's own logits, read only here: masked in place
        self._step_mask(active, cur_len).apply(scores)
        tokens = scores.argmax(dim=-1).tolist()
        eos = self.settings.eos_token_id
        for sentence, token in zip(active, tokens):
            hyp = sentence.running[0]
            hyp.tokens = hyp.tokens + (token,)
            if token == eos or cur_len + 1 >= sentence.max_len:
                sentence.finished = [Finished(0.0, hyp.tokens)]  # type: ignore[arg-type]
                sentence.done = True
        return [[0] for _ in active]

    def _step_mask(self, active: list[Sentence], cur_len: int) -> masks.StepMask:
        """Every rule of :mod:`tamngu.translate.masks` for this step, gathered in one mask."""
        mask = masks.StepMask()
        eos = self.settings.eos_token_id
        masks.ban_bad_tokens(mask, self.settings.bad_token_ids)
        for i, sentence in enumerate(active):
            rows = range(i * self.k, (i + 1) * self.k)
            if cur_len == sentence.max_len - 1:
                masks.force_eos_at_max_length(mask, rows, eos)
                continue
            if cur_len - 1 < sentence.min_new:
                masks.ban_eos_before_min_length(mask, rows, eos)
            if sentence.cons.count:
                self._constraint_rules(mask, sentence, rows.start, cur_len)
        return mask

    def _constraint_rules(self, mask: masks.StepMask, sentence: Sentence, row0: int, cur_len: int) -> None:
        cons, eos = sentence.cons, self.settings.eos_token_id
        steps_left = sentence.max_len - 1 - cur_len  # non-EOS tokens that still fit, this one included
        for row, hyp in enumerate(sentence.running, start=row0):
            if not cons.all_met(hyp.state):
                masks.ban_eos_until_all_met(mask, row, eos)
            masks.ban_glue_after_term(mask, row, cons, hyp.state, self.glue)
            masks.keep_tokens_that_fit(mask, row, cons, hyp.state, steps_left)

    def _extra_candidates(
        self, active: list[Sentence], total: torch.Tensor, best: tuple[torch.Tensor, torch.Tensor] | None = None
    ) -> list[list[Candidate]]:
        """Per sentence: each hypothesis' best token (``best``: already known) and every constraint-advancing token."""
        best_scores, best_tokens_ = best if best is not None else row_max(total)
        best = list(zip(best_scores.tolist(), best_tokens_.tolist()))
        pairs: list[tuple[int, int, int]] = []  # (sentence, beam, token)
        for i, sentence in enumerate(active):
            if not sentence.cons.count:
                continue
            for j, hyp in enumerate(sentence.running):
                if hyp.score > DEAD:
                    pairs.extend((i, j, t) for t in sentence.cons.advancing_tokens(hyp.state))
        values = total[[i * self.k + j for i, j, _ in pairs], [t for _, _, t in pairs]].tolist() if pairs else []
        extra: list[list[Candidate]] = [
            [Candidate(score, j, token) for j, (score, token) in enumerate(best[i * self.k : (i + 1) * self.k])]
            for i in range(len(active))
        ]
        for (i, j, token), score in zip(pairs, values):
            extra[i].append(Candidate(score, j, token))
        return extra


_BLOCK = 1024  # row_max's block width


def row_max(scores: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``scores.max(dim=-1)`` of a 2-D tensor, the same values and indices (the first maximum of a row), ~5x faster.

    ``max(dim)`` walks a row one element at a time; ``amax`` is vectorised. The
    row is cut in blocks of :data:`_BLOCK`: ``amax`` per block, ``max`` over
    the block maxima gives the first block holding the row's maximum, and
    ``max`` within that block its first position. Maxima are exact, so both
    agree bit for bit (ties and ``-inf`` rows included).
    """
    rows, vocab = scores.shape
    if scores.stride(1) != 1:
        return scores.max(dim=-1)
    blocks = -(-vocab // _BLOCK)
    if blocks < 4:
        return scores.max(dim=-1)
    full = vocab // _BLOCK * _BLOCK
    maxima = scores.as_strided((rows, full // _BLOCK, _BLOCK), (scores.stride(0), _BLOCK, 1)).amax(dim=-1)
    if full < vocab:
        maxima = torch.cat([maxima, scores[:, full:].amax(dim=-1, keepdim=True)], dim=1)
    block = maxima.max(dim=-1).indices
    index = (block[:, None] * _BLOCK + torch.arange(_BLOCK, device=scores.device)).clamp_(max=vocab - 1)
    values, within = scores.gather(1, index).max(dim=-1)
    return values, index.gather(1, within[:, None]).squeeze(1)


def top_two(scores: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``torch.topk(scores, 2)`` of a 2-D tensor: the same values and indices, from two :func:`row_max` passes.

    Where a row's best two values are unique (the best above the second, and no
    third value equal to the second), they and their positions are determined, so
    topk cannot return anything else. A row with a tie among them takes
    ``torch.topk`` itself, whose order among equal values is its own. ``scores``
    is written to and restored (the best of each row is set aside for the second pass).
    """
    rows = torch.arange(scores.shape[0], device=scores.device)
    first, first_at = row_max(scores)
    scores[rows, first_at] = float("-inf")
    second, second_at = row_max(scores)
    scores[rows, first_at] = first
    unique = (first > second) & ((scores >= second[:, None]).sum(dim=1) == 2)
    values, indices = torch.stack([first, second], dim=1), torch.stack([first_at, second_at], dim=1)
    if not bool(unique.all()):
        tied = (~unique).nonzero().flatten()
        values[tied], indices[tied] = torch.topk(scores[tied], 2, dim=-1)
    return values, indices


class HFStepper:
    """Decoder steps through transformers' forward and its cache (any seq2seq LM).

    The interface :class:`~tamngu.translate.lean.LeanStepper` shares: ``encode``
    once, then per step ``step``, and ``reorder`` or ``shrink`` the rows.
    """

    def __init__(self, model: torch.nn.Module) -> None:
        self.model = model
        self.cache = None

    def encode(self, batches: list[tuple[torch.Tensor, torch.Tensor]], beams: int) -> None:
        (ids, mask), = batches  # one width group per search
        hidden = self.model.get_encoder()(input_ids=ids, attention_mask=mask, return_dict=True).last_hidden_state
        self.hidden, self.mask = hidden.repeat_interleave(beams, dim=0), mask.repeat_interleave(beams, dim=0)
        self.cache = None

    def step(self, inputs: torch.Tensor) -> torch.Tensor:
        outputs = self.model(
            encoder_outputs=(self.hidden,),
            attention_mask=self.mask,
            decoder_input_ids=inputs[:, None],
            cache=self.cache,
            use_cache=True,
            return_dict=True,
        )
        self.cache = getattr(outputs, "cache", None) or getattr(outputs, "past_key_values", None)
        return outputs.logits[:, -1, :].to(dtype=torch.float32)

    def reorder(self, order: list[int]) -> None:
        _reorder_in_place(self.cache, order, self.hidden.device)

    def shrink(self, order: list[int]) -> None:
        rows = torch.tensor(order, device=self.hidden.device)
        self.hidden, self.mask = self.hidden.index_select(0, rows), self.mask.index_select(0, rows)
        _reorder(self.cache, rows, cross=True)


def _reorder(cache, order: torch.Tensor, *, cross: bool) -> None:  # type: ignore[no-untyped-def]
    """Reorder the decoder cache rows; cross-attention rows only when the batch shrinks.

    Within a sentence every beam attends to the same encoder states, so the
    cross-attention cache needs no reordering while the batch keeps its sentences.
    """
    self_cache = getattr(cache, "self_attention_cache", None)
    if cross or self_cache is None:
        cache.reorder_cache(order)
    else:
        self_cache.reorder_cache(order)


def _reorder_in_place(cache, order: list[int], device: torch.device) -> None:  # type: ignore[no-untyped-def]
    """Copy only the self-attention cache rows whose hypothesis came from another row.

    Same result as ``reorder_cache(order)`` on the self-attention cache, which
    copies every row of every layer each step.
    """
    changed = [row for row, source in enumerate(order) if source != row]
    if not changed:
        return
    layers = getattr(getattr(cache, "self_attention_cache", None), "layers", None)
    if not layers or not all(hasattr(layer, "keys") and hasattr(layer, "values") for layer in layers):
        _reorder(cache, torch.tensor(order, device=device), cross=False)
        return
    if 2 * len(changed) > len(order):
        cache.self_attention_cache.reorder_cache(torch.tensor(order, device=device))
        return
    rows = torch.tensor(changed, device=device)
    sources = torch.tensor([order[row] for row in changed], device=device)
    for layer in layers:
        if layer.keys is None or layer.keys.numel() == 0:
            continue
        layer.keys.index_copy_(0, rows, layer.keys.index_select(0, sources))
        layer.values.index_copy_(0, rows, layer.values.index_select(0, sources))
