"""Beam search with hard lexical constraints (Dynamic Beam Allocation).

transformers v5 dropped its constrained beam search and CTranslate2 never had
one, so tamngu owns this decoder. It runs the model's encoder once, then the
decoder one token at a time over its key/value cache, reordering the cache by
beam index after every step.

Without constraints the search is transformers' own beam search, step for
step (top ``2k`` continuations, a pool of ``k`` finished hypotheses scored
``logp / length ** length_penalty``, the same early-stopping heuristic, EOS
forced at ``max_length``), so it returns what ``model.generate()`` returns;
``num_beams=1`` is greedy search.

With constraints it is Dynamic Beam Allocation (Post & Vilar 2018), in the
round-robin bank form of Hu et al. (2019):

- candidates are the top ``2k`` continuations of the whole beam, the best
  continuation of every hypothesis, and every token that advances a
  constraint of a hypothesis (the next token of the phrase in progress, and the
  first token of any unmet phrase);
- each candidate's *bank* is the number of constraint tokens it has produced
  (met phrases plus progress in the current one); the next beam takes the best
  candidate of every bank, highest bank first, then the second best of every
  bank, and so on, so hypotheses that have met more constraints keep a share of
  the beam without crowding out the best-scoring ones;
- a phrase counts only once finished: a hypothesis that deviates from a
  started phrase loses its progress;
- a constraint may list alternatives (token phrases); any one satisfies it;
- end-of-sentence is blocked until every constraint is met, and a hypothesis
  may only take a token if the constraints it still owes fit in the tokens left
  before ``max_length``, so every returned hypothesis meets every constraint.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from tamngu.translate.backend import Constraint, Phrase

logger = logging.getLogger(__name__)

__all__ = ["Constraint", "Phrase", "SearchSettings", "beam_search", "target_phrases"]

_NEG = -1.0e9  # transformers' "impossible" score
# A hypothesis' constraint state: (met constraints as a bitmask, trie node of the
# phrase in progress, 1 + index of the constraint the current phrase occurrence met,
# or 0). The third stays set for one step after the phrase ends, to keep the next
# token from gluing onto it.
State = tuple[int, int, int]
_START: State = (0, 0, 0)
_DEAD = -1.0e8  # candidates at or below this are not real continuations


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
    search = _Search(model, sources, settings, max_new_tokens, min_new_tokens, constraints)
    with torch.inference_mode():
        return search.run()


def target_phrases(tokenizer: object, form: str, *, glued: bool = True) -> tuple[Phrase, ...]:
    """Token-id phrases that write ``form`` in the target language.

    Two variants: as a word of its own (sentencepiece's word-start ``▁``, as
    after a space) and, with ``glued``, joined to the preceding text (as inside
    Chinese text). Both decode to ``form``. English forms take the first only,
    so a term never starts inside a word ("YunnanLiu Yong").
    """
    spm = getattr(tokenizer, "spm_target", None)
    vocab = getattr(tokenizer, "encoder", None)
    if spm is None or vocab is None:
        ids = tokenizer(text_target=form, add_special_tokens=False)["input_ids"]  # type: ignore[operator]
        return (tuple(ids),) if ids else ()
    unk = vocab.get(getattr(tokenizer, "unk_token", "<unk>"))
    variants: list[Phrase] = []
    segmentations = [spm.encode(form, out_type=str)] + ([_glued_pieces(spm, form)] if glued else [])
    for pieces in segmentations:
        ids = tuple(vocab.get(piece, unk) for piece in pieces)
        if ids and unk not in ids and ids not in variants:
            variants.append(ids)
    return tuple(variants)


def _glued_pieces(spm: object, form: str) -> list[str]:
    """Unigram Viterbi segmentation of ``form`` without the leading word-start mark."""
    text = form.replace(" ", "\u2581")
    n = len(text)
    best = [0.0] + [float("-inf")] * n
    back: list[tuple[int, list[str]]] = [(0, [])] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - 16), end):
            if best[start] == float("-inf"):
                continue
            pieces = _piece_or_bytes(spm, text[start:end], single=end - start == 1)
            if pieces is None:
                continue
            score = best[start] + sum(spm.get_score(spm.piece_to_id(p)) for p in pieces)  # type: ignore[attr-defined]
            if score > best[end]:
                best[end], back[end] = score, (start, pieces)
    out: list[str] = []
    end = n
    while end > 0:
        start, pieces = back[end]
        out[:0] = pieces
        end = start
    return out


def _piece_or_bytes(spm: object, text: str, *, single: bool) -> list[str] | None:
    piece_id = spm.piece_to_id(text)  # type: ignore[attr-defined]
    if piece_id != spm.unk_id() and not spm.is_control(piece_id):  # type: ignore[attr-defined]
        return [text]
    if single:  # byte fallback for a character the model does not know
        return [f"<0x{byte:02X}>" for byte in text.encode("utf-8")]
    return None


# --------------------------------------------------------------------------- constraint state


class _ConstraintSet:
    """The constraints of one segment as a token trie, with exact "tokens still owed" bookkeeping.

    A hypothesis' state is ``(met, node)``: a bitmask of met constraints and the
    trie node of the phrase in progress (0: none).
    """

    def __init__(self, constraints: Sequence[Constraint]) -> None:
        self.count = len(constraints)
        self.full = (1 << self.count) - 1
        self.min_len = [c.min_length for c in constraints]
        self.children: list[dict[int, int]] = [{}]
        self.depth = [0]
        self.ends: list[list[int]] = [[]]
        self.reach = [0]
        self.remaining: list[dict[int, int]] = [{}]  # node -> constraint -> fewest tokens to finish it
        for index, constraint in enumerate(constraints):
            for phrase in constraint.alternatives:
                self._add(index, phrase)
        # One phrase occurrence meets one constraint: where a longer phrase extends a
        # shorter one ("Lao Cai" -> "Lao Cai Province"), the longer takes it over, as
        # the audit and the evaluation count (glossary.targets).
        self.blocked_after = [c.blocked_after for c in constraints]
        self._need: dict[State, int] = {}
        self._live: dict[tuple[int, int], dict[int, int]] = {}
        self._advance: dict[tuple[State, int], State] = {}
        self._produced: dict[int, int] = {}

    def _add(self, index: int, phrase: Phrase) -> None:
        node = 0
        self._touch(0, index, len(phrase))
        for position, token in enumerate(phrase):
            child = self.children[node].get(token)
            if child is None:
                child = len(self.children)
                self.children[node][token] = child
                self.children.append({})
                self.depth.append(position + 1)
                self.ends.append([])
                self.reach.append(0)
                self.remaining.append({})
            node = child
            self._touch(node, index, len(phrase) - position - 1)
        if index not in self.ends[node]:
            self.ends[node].append(index)

    def _touch(self, node: int, index: int, left: int) -> None:
        self.reach[node] |= 1 << index
        self.remaining[node][index] = min(left, self.remaining[node].get(index, left))

    def base_need(self, met: int) -> int:
        """Tokens owed with no phrase in progress."""
        return sum(length for i, length in enumerate(self.min_len) if not met >> i & 1)

    def need(self, state: State) -> int:
        """Fewest tokens that meet every unmet constraint from this state."""
        if state not in self._need:
            met, node, path = state
            base = self.base_need(met)
            best = base
            unmet = self.full & ~met
            released = self.min_len[path - 1] if node and path else 0  # a takeover un-meets it
            for index, left in self.remaining[node].items():
                if node and unmet >> index & 1:
                    best = min(best, left + base - self.min_len[index] + released)
            self._need[state] = best
        return self._need[state]

    def live(self, met: int, node: int) -> dict[int, int]:
        """Children of ``node`` that lead to an unmet constraint."""
        key = (met, node)
        found = self._live.get(key)
        if found is None:
            unmet = self.full & ~met
            found = {t: c for t, c in self.children[node].items() if self.reach[c] & unmet}
            self._live[key] = found
        return found

    def advancing(self, met: int, node: int) -> list[int]:
        """Tokens that advance a constraint from this state (continue the phrase, or start one)."""
        key = (met, -node - 1)
        found = self._live.get(key)
        if found is None:
            tokens = dict(self.live(met, node))
            if node:
                tokens.update((t, c) for t, c in self.live(met, 0).items() if t not in tokens)
            found = self._live[key] = tokens
        return list(found)

    def advance(self, state: State, token: int) -> State:
        """The state after ``token``."""
        met, node, path = state
        if not node and token not in self.children[0]:
            return state if not path else (met, 0, 0)  # the common case: nothing starts
        key = (state, token)
        found = self._advance.get(key)
        if found is None:
            found = self._advance[key] = self._transition(met, node, path, token)
        return found

    def _transition(self, met: int, node: int, path: int, token: int) -> State:
        if not node:
            path = 0  # a new occurrence
        child = self.live(met, node).get(token)
        if child is None and node:
            node, path = 0, 0  # deviation: the phrase in progress starts over
            child = self.live(met, 0).get(token)
        if child is None:
            return met, 0, 0
        for index in self.ends[child]:
            if not met >> index & 1:
                if path:  # this occurrence met a shorter phrase: the longer one takes it
                    met &= ~(1 << (path - 1))
                met |= 1 << index
                path = index + 1
                break
        return (met, child, path) if self.live(met, child) else (met, 0, path)

    def produced(self, state: State) -> int:
        """Bank of a state: constraint tokens produced."""
        met, node = state[0], state[1]
        done = self._produced.get(met)
        if done is None:
            done = self._produced[met] = sum(length for i, length in enumerate(self.min_len) if met >> i & 1)
        return done + self.depth[node]


# --------------------------------------------------------------------------- the search


@dataclass
class _Hyp:
    tokens: tuple[int, ...]
    score: float
    state: State = (0, 0, 0)


@dataclass
class _Sentence:
    """Search state of one segment."""

    index: int
    max_len: int  # sequence length cap, start token included
    min_new: int
    cons: _ConstraintSet
    running: list[_Hyp] = field(default_factory=list)
    finished: list[tuple[np.float32, tuple[int, ...]]] = field(default_factory=list)
    improvable: bool = True
    done: bool = False


class _Search:
    def __init__(
        self,
        model: torch.nn.Module,
        sources: Sequence[Sequence[int]],
        settings: SearchSettings,
        max_new_tokens: Sequence[int],
        min_new_tokens: Sequence[int] | None,
        constraints: Sequence[Sequence[Constraint]],
    ) -> None:
        self.model = model
        self.settings = settings
        self.k = settings.num_beams
        self.device = next(model.parameters()).device
        mins = min_new_tokens or [0] * len(sources)
        self.sentences = [
            _Sentence(i, 1 + int(max_new_tokens[i]), int(mins[i]), _ConstraintSet(constraints[i]))
            for i in range(len(sources))
        ]
        for sentence in self.sentences:  # room for every constraint and the EOS token
            sentence.max_len = max(sentence.max_len, 2 + sentence.cons.need(_START))
        self.constrained = any(s.cons.count for s in self.sentences)
        self.sources = sources
        self.greedy = self.k == 1 and not self.constrained
        self._glue_index: dict[int, torch.Tensor] = {}

    # -- main loop -------------------------------------------------------------------

    def run(self) -> list[list[int]]:
        encoder_hidden, encoder_mask = self._encode()
        start = self.settings.decoder_start_token_id
        for sentence in self.sentences:
            sentence.running = [_Hyp((start,), 0.0 if j == 0 else _NEG) for j in range(self.k)]
        active = list(self.sentences)
        cache = None
        cur_len = 1
        while active:
            inputs = torch.tensor([[h.tokens[-1]] for s in active for h in s.running], device=self.device)
            logits, cache = self._step(inputs, encoder_hidden, encoder_mask, cache)
            chosen = self._advance(active, logits, cur_len)
            cur_len += 1
            still = [i for i, s in enumerate(active) if not s.done]
            order = [i * self.k + src for i in still for src in chosen[i]]
            if not still:
                break
            if len(still) < len(active):  # drop finished sentences from the batch
                rows = torch.tensor([i * self.k + j for i in still for j in range(self.k)], device=self.device)
                encoder_hidden, encoder_mask = encoder_hidden.index_select(0, rows), encoder_mask.index_select(0, rows)
                if order:
                    _reorder(cache, torch.tensor(order, device=self.device), cross=True)
            else:
                _reorder_in_place(cache, order, self.device)
            active = [active[i] for i in still]
        return [self._best(s) for s in self.sentences]

    def _encode(self) -> tuple[torch.Tensor, torch.Tensor]:
        pad = self.settings.pad_token_id
        width = max(len(ids) for ids in self.sources)
        ids = torch.full((len(self.sources), width), pad, dtype=torch.long)
        mask = torch.zeros((len(self.sources), width), dtype=torch.long)
        for row, source in enumerate(self.sources):
            ids[row, : len(source)] = torch.tensor(list(source), dtype=torch.long)
            mask[row, : len(source)] = 1
        ids, mask = ids.to(self.device), mask.to(self.device)
        hidden = self.model.get_encoder()(input_ids=ids, attention_mask=mask, return_dict=True).last_hidden_state
        return hidden.repeat_interleave(self.k, dim=0), mask.repeat_interleave(self.k, dim=0)

    def _step(self, inputs, encoder_hidden, encoder_mask, cache):  # type: ignore[no-untyped-def]
        outputs = self.model(
            encoder_outputs=(encoder_hidden,),
            attention_mask=encoder_mask,
            decoder_input_ids=inputs,
            cache=cache,
            use_cache=True,
            return_dict=True,
        )
        new_cache = getattr(outputs, "cache", None) or getattr(outputs, "past_key_values", None)
        return outputs.logits[:, -1, :].to(dtype=torch.float32), new_cache

    # -- one step ---------------------------------------------------------------------

    def _advance(self, active: list[_Sentence], logits: torch.Tensor, cur_len: int) -> list[list[int]]:
        """Extend every active sentence by one token; return, per sentence, the source row of each new hyp."""
        vocab = logits.shape[-1]
        if self.greedy:
            return self._advance_greedy(active, logits, cur_len)
        log_probs = torch.log_softmax(logits, dim=-1)
        self._mask(active, log_probs, cur_len)
        running = torch.tensor([h.score for s in active for h in s.running], dtype=torch.float32, device=self.device)
        total = (log_probs + running[:, None]).view(len(active), self.k * vocab)
        top_scores, top_ids = torch.topk(total, 2 * self.k, dim=-1)
        top = list(zip(top_scores.tolist(), top_ids.tolist()))
        extra = self._extra_candidates(active, total.view(-1, vocab)) if self.constrained else None
        chosen = []
        for i, sentence in enumerate(active):
            candidates = [(score, idx // vocab, idx % vocab) for score, idx in zip(*top[i])]
            if extra is not None:
                candidates = _merge(candidates, extra[i])
            chosen.append(self._select(sentence, candidates, cur_len))
        return chosen

    def _advance_greedy(self, active: list[_Sentence], logits: torch.Tensor, cur_len: int) -> list[list[int]]:
        scores = logits.clone()
        self._mask(active, scores, cur_len)
        tokens = scores.argmax(dim=-1).tolist()
        eos = self.settings.eos_token_id
        for sentence, token in zip(active, tokens):
            hyp = sentence.running[0]
            hyp.tokens = hyp.tokens + (token,)
            if token == eos or cur_len + 1 >= sentence.max_len:
                sentence.finished = [(np.float32(0.0), hyp.tokens)]
                sentence.done = True
        return [[0] for _ in active]

    def _mask(self, active: list[_Sentence], scores: torch.Tensor, cur_len: int) -> None:
        """transformers' logits processors (bad words, min/forced EOS) plus constraint masks, in place."""
        eos = self.settings.eos_token_id
        if self.settings.bad_token_ids:
            scores[:, list(self.settings.bad_token_ids)] = float("-inf")
        for i, sentence in enumerate(active):
            rows = slice(i * self.k, (i + 1) * self.k)
            if cur_len == sentence.max_len - 1:
                scores[rows] = float("-inf")
                scores[rows, eos] = 0.0
                continue
            if cur_len - 1 < sentence.min_new:
                scores[rows, eos] = float("-inf")
            if sentence.cons.count:
                self._mask_constraints(sentence, scores, i * self.k, cur_len)

    def _mask_constraints(self, sentence: _Sentence, scores: torch.Tensor, row0: int, cur_len: int) -> None:
        cons, eos = sentence.cons, self.settings.eos_token_id
        steps_left = sentence.max_len - 1 - cur_len  # non-EOS tokens that still fit, this one included
        for j, hyp in enumerate(sentence.running):
            row = row0 + j
            if hyp.state[0] != cons.full:
                scores[row, eos] = float("-inf")
            if hyp.state[2]:
                self._mask_glue(cons, hyp.state, scores, row)
            if cons.base_need(hyp.state[0]) <= steps_left - 1:
                continue  # any token leaves room for the constraints
            allowed = [t for t in _advancing(cons, hyp) if cons.need(cons.advance(hyp.state, t)) <= steps_left - 1]
            keep = scores[row, allowed].clone() if allowed else None
            scores[row] = float("-inf")
            if keep is not None:
                scores[row, allowed] = keep

    def _mask_glue(self, cons: _ConstraintSet, state: State, scores: torch.Tensor, row: int) -> None:
        """After a finished phrase, no token may glue letters onto it (but a longer phrase may go on)."""
        blocked = cons.blocked_after[state[2] - 1]
        if not blocked:
            return
        ids = self._glue_index.get(id(blocked))
        if ids is None:
            ids = self._glue_index[id(blocked)] = torch.tensor(sorted(blocked), device=self.device)
        going_on = list(cons.children[state[1]]) if state[1] else []
        keep = scores[row, going_on].clone() if going_on else None
        scores[row, ids] = float("-inf")
        if keep is not None:
            scores[row, going_on] = keep

    def _extra_candidates(self, active: list[_Sentence], total: torch.Tensor) -> list[list[tuple[float, int, int]]]:
        """Per sentence: each hypothesis' best token and every constraint-advancing token."""
        best_scores, best_tokens = total.max(dim=-1)
        best = list(zip(best_scores.tolist(), best_tokens.tolist()))
        pairs: list[tuple[int, int, int]] = []  # (sentence, beam, token)
        for i, sentence in enumerate(active):
            for j, hyp in enumerate(sentence.running):
                if sentence.cons.count and hyp.score > _DEAD:
                    pairs.extend((i, j, t) for t in _advancing(sentence.cons, hyp))
        values = total[[i * self.k + j for i, j, _ in pairs], [t for _, _, t in pairs]].tolist() if pairs else []
        extra: list[list[tuple[float, int, int]]] = [[] for _ in active]
        for i in range(len(active)):
            for j in range(self.k):
                score, token = best[i * self.k + j]
                extra[i].append((score, j, token))
        for (i, j, token), score in zip(pairs, values):
            extra[i].append((score, j, token))
        return extra

    def _select(self, sentence: _Sentence, candidates: list[tuple[float, int, int]], cur_len: int) -> list[int]:
        """Pick the next beam and update the finished pool; return the source beam of each new hypothesis."""
        k, eos, cons = self.k, self.settings.eos_token_id, sentence.cons
        ordered = candidates
        if cons.count:
            ordered = _round_robin(
                [(s, j, t, cons.advance(sentence.running[j].state, t)) for s, j, t in candidates if s > _DEAD],
                cons,
            )
        else:
            ordered = [(s, j, t, _START) for s, j, t in candidates]
        hits_max = cur_len + 1 >= sentence.max_len
        finished_now = [(s, j) for s, j, t, _ in ordered[:k] if t == eos or hits_max]
        nxt = [(s, j, t, state) for s, j, t, state in ordered if t != eos and not hits_max][:k]
        self._update_finished(sentence, finished_now, cur_len)
        old = sentence.running
        new = [_Hyp(old[j].tokens + (t,), s, state) for s, j, t, state in nxt]
        sources = [j for _, j, _, _ in nxt]
        while len(new) < k:  # too few live continuations: pad with dead hypotheses
            new.append(_Hyp(old[0].tokens + (eos,), _NEG * 10))
            sources.append(0)
        if cons.count:  # slot order is free under DBA: keep hypotheses in their rows, fewer cache copies
            new, sources = _stay_in_place(new, sources)
        sentence.running = new
        self._check_done(sentence, cur_len + 1)
        return sources

    def _update_finished(self, sentence: _Sentence, finished_now: list[tuple[float, int]], cur_len: int) -> None:
        if not finished_now or not sentence.improvable:
            return
        if self.settings.early_stopping is True and len(sentence.finished) >= self.k:
            return
        penalty = np.float32(float(cur_len) ** self.settings.length_penalty)
        pool = list(sentence.finished)
        for score, j in finished_now:
            hyp = sentence.running[j]
            tokens = hyp.tokens + (self.settings.eos_token_id,)
            pool.append((np.float32(score) / penalty, tokens))
        pool.sort(key=lambda item: -item[0])
        sentence.finished = pool[: self.k]

    def _check_done(self, sentence: _Sentence, cur_len: int) -> None:
        """transformers' stopping rule: max length, or no running hypothesis can beat the finished pool."""
        if cur_len >= sentence.max_len:
            sentence.done = True
            return
        live = [h.score for h in sentence.running if h.score > _DEAD]
        if not live:
            sentence.done = True
            return
        if len(sentence.finished) < self.k:
            return
        if self.settings.early_stopping is True:
            sentence.done = True
            return
        penalty = self.settings.length_penalty
        # transformers' heuristic: the best running score at its current length, or at
        # max length for early_stopping="never" with a positive length penalty
        length = sentence.max_len - 1 if self.settings.early_stopping == "never" and penalty > 0 else cur_len - 1
        best = np.float32(max(live)) / np.float32(float(length) ** penalty)
        worst = min(score for score, _ in sentence.finished)
        if not best > worst:
            sentence.improvable = False
            sentence.done = True

    def _best(self, sentence: _Sentence) -> list[int]:
        eos, start = self.settings.eos_token_id, self.settings.decoder_start_token_id
        if not sentence.finished:  # cannot happen with a max length; keep the best running one
            tokens = max(sentence.running, key=lambda h: h.score).tokens
        else:
            tokens = sentence.finished[0][1]
        body = list(tokens[1:]) if tokens and tokens[0] == start else list(tokens)
        return body[:-1] if body and body[-1] == eos else body


def _advancing(cons: _ConstraintSet, hyp: _Hyp) -> list[int]:
    """Tokens that advance a constraint: the next tokens of the phrase in progress and first tokens."""
    return cons.advancing(hyp.state[0], hyp.state[1])


def _stay_in_place(hyps: list[_Hyp], sources: list[int]) -> tuple[list[_Hyp], list[int]]:
    """Permute the new beam so that a hypothesis extending row ``j`` sits in row ``j`` where possible."""
    slots: list[int | None] = [None] * len(hyps)
    rest = []
    for index, source in enumerate(sources):
        if slots[source] is None:
            slots[source] = index
        else:
            rest.append(index)
    free = iter(rest)
    order = [slot if slot is not None else next(free) for slot in slots]
    return [hyps[i] for i in order], [sources[i] for i in order]


def _merge(top: list[tuple[float, int, int]], extra: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    seen = {(j, t) for _, j, t in top}
    merged = list(top)
    for score, j, t in sorted(extra, key=lambda c: -c[0]):
        if (j, t) not in seen:
            seen.add((j, t))
            merged.append((score, j, t))
    return merged


def _round_robin(candidates: list[tuple[float, int, int, tuple[int, int]]], cons: _ConstraintSet) -> list:  # type: ignore[type-arg]
    """Order candidates: best of each bank (highest bank first), then second best of each, ..."""
    by_bank: dict[int, list] = {}  # type: ignore[type-arg]
    for candidate in sorted(candidates, key=lambda c: -c[0]):
        by_bank.setdefault(cons.produced(candidate[3]), []).append(candidate)
    ranked = [(rank, -bank, c) for bank, group in by_bank.items() for rank, c in enumerate(group)]
    ranked.sort(key=lambda item: (item[0], item[1], -item[2][0]))
    return [item[2] for item in ranked]


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
