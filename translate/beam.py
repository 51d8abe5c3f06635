"""Beam bookkeeping without torch: hypotheses, candidates, bank allocation, the finished pool.

The search in :mod:`tamngu.translate.constraints` computes scores with torch
and hands plain Python candidates to the functions here, which choose the next
beam. Without constraints the choice is transformers' beam search (best ``k``
non-EOS candidates of the top ``2k``); with constraints it is Dynamic Beam
Allocation (Post & Vilar 2018) in the round-robin bank form of Hu et al. (2019).

Worked example of the round robin: candidates (score, beam, token, state) whose
banks (constraint tokens produced) are 2, 0, 0, 1 and 2, best scores first
within a bank::

    bank 2: -1.5 (b)   -3.0 (e)
    bank 1: -2.0 (d)
    bank 0: -0.5 (a)   -1.0 (c)

    round robin: b, d, a   (rank 0 of every bank, highest bank first),
                 e, c      (rank 1 ...)

so a hypothesis that has met more constraints keeps a place in the beam
without crowding out the best-scoring ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from tamngu.translate.constraint_state import START, ConstraintSet, State

logger = logging.getLogger(__name__)

NEG = -1.0e9  # transformers' "impossible" score
DEAD = -1.0e8  # candidates at or below this are not real continuations


class Candidate(NamedTuple):
    """One continuation: beam ``beam`` of a segment extended by ``token``."""

    score: float
    beam: int
    token: int
    state: State = START


@dataclass
class Hypothesis:
    tokens: tuple[int, ...]
    score: float
    state: State = START


class Finished(NamedTuple):
    """A finished hypothesis in the pool: length-normalised score (float32, as transformers) and tokens."""

    score: np.float32
    tokens: tuple[int, ...]


@dataclass
class Sentence:
    """Search state of one segment.

    Attributes:
        index: position in the batch as given.
        max_len: sequence length cap, start token included.
        min_new: EOS is blocked before this many new tokens.
        cons: the segment's constraints.
        running: the ``k`` hypotheses of the beam.
        finished: the pool of the best ``k`` finished hypotheses, best first.
        improvable: False once no running hypothesis can beat the pool.
        done: the segment left the batch.
    """

    index: int
    max_len: int
    min_new: int
    cons: ConstraintSet
    running: list[Hypothesis] = field(default_factory=list)
    finished: list[Finished] = field(default_factory=list)
    improvable: bool = True
    done: bool = False


@dataclass(frozen=True)
class PoolRules:
    """transformers' finished-pool and stopping settings."""

    num_beams: int
    length_penalty: float
    early_stopping: bool | str
    eos_token_id: int


def merge(top: Sequence[Candidate], extra: Sequence[Candidate]) -> list[Candidate]:
    """``top`` followed by the candidates of ``extra`` (best first) that are not already in it."""
    seen = {(c.beam, c.token) for c in top}
    merged = list(top)
    for candidate in sorted(extra, key=lambda c: -c.score):
        if (candidate.beam, candidate.token) not in seen:
            seen.add((candidate.beam, candidate.token))
            merged.append(candidate)
    return merged


def round_robin(candidates: Sequence[Candidate], cons: ConstraintSet) -> list[Candidate]:
    """Order candidates: best of each bank (highest bank first), then second best of each, ..."""
    by_bank: dict[int, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: -c.score):
        by_bank.setdefault(cons.bank(candidate.state), []).append(candidate)
    ranked = [(rank, -bank, -c.score, c) for bank, group in by_bank.items() for rank, c in enumerate(group)]
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]


def stay_in_place(hyps: list[Hypothesis], sources: list[int]) -> tuple[list[Hypothesis], list[int]]:
    """Permute the new beam so that a hypothesis extending row ``j`` sits in row ``j`` where possible.

    Slot order is free under DBA; keeping hypotheses in their rows means fewer
    key/value cache rows to copy.
    """
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


def update_finished(sentence: Sentence, finished_now: Sequence[Candidate], cur_len: int, rules: PoolRules) -> None:
    """Add hypotheses that just ended to the pool, keeping the best ``num_beams``."""
    if not finished_now or not sentence.improvable:
        return
    if rules.early_stopping is True and len(sentence.finished) >= rules.num_beams:
        return
    penalty = np.float32(float(cur_len) ** rules.length_penalty)
    pool = list(sentence.finished)
    for candidate in finished_now:
        tokens = sentence.running[candidate.beam].tokens + (rules.eos_token_id,)
        pool.append(Finished(np.float32(candidate.score) / penalty, tokens))
    pool.sort(key=lambda item: -item.score)
    sentence.finished = pool[: rules.num_beams]


def check_done(sentence: Sentence, cur_len: int, rules: PoolRules) -> None:
    """transformers' stopping rule: max length, or no running hypothesis can beat the finished pool."""
    if cur_len >= sentence.max_len:
        sentence.done = True
        return
    live = [h.score for h in sentence.running if h.score > DEAD]
    if not live:
        sentence.done = True
        return
    if len(sentence.finished) < rules.num_beams:
        return
    if rules.early_stopping is True:
        sentence.done = True
        return
    penalty = rules.length_penalty
    # transformers' heuristic: the best running score at its current length, or at
    # max length for early_stopping="never" with a positive length penalty
    length = sentence.max_len - 1 if rules.early_stopping == "never" and penalty > 0 else cur_len - 1
    best = np.float32(max(live)) / np.float32(float(length) ** penalty)
    worst = min(item.score for item in sentence.finished)
    if not best > worst:
        sentence.improvable = False
        sentence.done = True


def best_tokens(sentence: Sentence, start: int, eos: int) -> list[int]:
    """The best finished hypothesis without start and EOS tokens."""
    if not sentence.finished:  # cannot happen with a max length; keep the best running one
        tokens = max(sentence.running, key=lambda h: h.score).tokens
    else:
        tokens = sentence.finished[0].tokens
    body = list(tokens[1:]) if tokens and tokens[0] == start else list(tokens)
    return body[:-1] if body and body[-1] == eos else body


def select(sentence: Sentence, candidates: Sequence[Candidate], cur_len: int, rules: PoolRules) -> list[int]:
    """Pick the next beam of ``sentence`` and update its finished pool.

    Returns:
        The source beam of each new hypothesis (the cache rows to copy).
    """
    k, eos, cons = rules.num_beams, rules.eos_token_id, sentence.cons
    ordered: Sequence[Candidate] = candidates
    if cons.count:
        running = sentence.running
        ordered = round_robin(
            [c._replace(state=cons.next_state(running[c.beam].state, c.token)) for c in candidates if c.score > DEAD], cons
        )
    hits_max = cur_len + 1 >= sentence.max_len
    finished_now = [c for c in ordered[:k] if c.token == eos or hits_max]
    following = [c for c in ordered if c.token != eos and not hits_max][:k]
    update_finished(sentence, finished_now, cur_len, rules)
    old = sentence.running
    new = [Hypothesis(old[c.beam].tokens + (c.token,), c.score, c.state) for c in following]
    sources = [c.beam for c in following]
    while len(new) < k:  # too few live continuations: pad with dead hypotheses
        new.append(Hypothesis(old[0].tokens + (eos,), NEG * 10))
        sources.append(0)
    if cons.count:
        new, sources = stay_in_place(new, sources)
    sentence.running = new
    check_done(sentence, cur_len + 1, rules)
    return sources
