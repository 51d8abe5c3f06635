"""The masking rules of one search step, one small function per rule.

Each rule only *adds* to a :class:`StepMask`: tokens a row may not take, or a
list of the only tokens it may take. :meth:`StepMask.apply` then writes them
into the step's scores at once as one intersection (a token survives if no rule
bans it and it is in every keep-list of its row), so the order in which rules
are called does not matter, and the guarantee does not hang on it.

transformers' processors (as ``generate()`` applies them to OPUS-MT):

- :func:`ban_bad_tokens`: ``bad_words_ids`` of single tokens (``<pad>``);
- :func:`ban_eos_before_min_length`: ``min_new_tokens``;
- :func:`force_eos_at_max_length`: EOS forced at ``max_length``.

The constraint guarantee (every returned hypothesis meets every constraint):

- :func:`ban_eos_until_all_met`: a hypothesis cannot end while it owes a term;
- :func:`keep_tokens_that_fit`: near the length cap, only tokens after which
  every owed term still fits before ``max_length``;
- :func:`ban_glue_after_term`: right after an English term, no piece that would
  glue letters onto it ("Wang Ning" + "a"), except one that goes on with a
  longer phrase ("Lao Cai" -> "Lao Cai Province").

Example: two beams of a vocabulary of 6, EOS = 0, where the row 1 must not end
yet and may only take tokens 3 or 4::

    >>> import torch
    >>> mask = StepMask()
    >>> ban_eos_until_all_met(mask, 1, eos=0)
    >>> mask.keep_only(1, [0, 3, 4])
    >>> scores = torch.zeros(2, 6)
    >>> mask.apply(scores)
    >>> scores[1].tolist()
    [-inf, -inf, -inf, 0.0, 0.0, -inf]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import torch

from tamngu.translate.constraint_state import ConstraintSet, State

logger = logging.getLogger(__name__)


@dataclass
class StepMask:
    """Everything the rules say about one step's scores, applied at once by :meth:`apply`."""

    ban_rows: list[int] = field(default_factory=list)
    ban_tokens: list[int] = field(default_factory=list)
    ban_columns: list[int] = field(default_factory=list)  # tokens banned on every row
    ban_sets: list[tuple[int, torch.Tensor]] = field(default_factory=list)  # (row, token ids)
    keep_lists: dict[int, set[int]] = field(default_factory=dict)
    forced: list[tuple[int, int]] = field(default_factory=list)  # (row, the only token, scored 0)

    def ban(self, row: int, token: int) -> None:
        self.ban_rows.append(row)
        self.ban_tokens.append(token)

    def keep_only(self, row: int, tokens: Iterable[int]) -> None:
        kept = set(tokens)
        self.keep_lists[row] = self.keep_lists[row] & kept if row in self.keep_lists else kept

    def apply(self, scores: torch.Tensor) -> None:
        """Write the mask into ``scores`` (rows x vocabulary) in place."""
        impossible = float("-inf")
        if self.ban_columns:
            scores[:, self.ban_columns] = impossible
        if self.ban_rows:
            device = scores.device
            scores[torch.tensor(self.ban_rows, device=device), torch.tensor(self.ban_tokens, device=device)] = impossible
        for row, ids in self.ban_sets:
            scores[row, ids] = impossible
        for row, kept in self.keep_lists.items():
            allowed = sorted(kept)
            values = scores[row, allowed].clone() if allowed else None
            scores[row] = impossible
            if values is not None:
                scores[row, allowed] = values
        for row, token in self.forced:
            scores[row] = impossible
            scores[row, token] = 0.0


# --- transformers' processors -------------------------------------------------------------


def ban_bad_tokens(mask: StepMask, bad_token_ids: Sequence[int]) -> None:
    """No row may take a bad token (OPUS-MT: ``<pad>``)."""
    mask.ban_columns.extend(bad_token_ids)


def ban_eos_before_min_length(mask: StepMask, rows: range, eos: int) -> None:
    """The rows of a segment that has fewer than its minimum new tokens may not end."""
    for row in rows:
        mask.ban(row, eos)


def force_eos_at_max_length(mask: StepMask, rows: range, eos: int) -> None:
    """At the length cap, the rows of a segment must end (EOS scored 0, as transformers)."""
    mask.forced.extend((row, eos) for row in rows)


# --- the constraint guarantee -----------------------------------------------------------


def ban_eos_until_all_met(mask: StepMask, row: int, eos: int) -> None:
    """A hypothesis that still owes a constraint may not end."""
    mask.ban(row, eos)


def keep_tokens_that_fit(mask: StepMask, row: int, cons: ConstraintSet, state: State, steps_left: int) -> None:
    """Near the cap, only tokens after which every owed constraint still fits.

    ``steps_left`` counts the non-EOS tokens that still fit, this one included.
    Far from the cap any token leaves room, and the rule adds nothing.
    """
    if cons.owed_without_progress(state.met) <= steps_left - 1:
        return
    room = steps_left - 1
    mask.keep_only(row, [t for t in cons.advancing_tokens(state) if cons.tokens_owed(cons.next_state(state, t)) <= room])


class GlueIndex:
    """Token-id tensors of glue pieces, built once per (blocked set, phrase node)."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._ids: dict[tuple[int, tuple[int, ...]], torch.Tensor] = {}
        self._keep: dict[int, frozenset[int]] = {}

    def blocked(self, blocked: frozenset[int], continuations: list[int]) -> torch.Tensor:
        key = (id(blocked), tuple(continuations))
        found = self._ids.get(key)
        if found is None:
            self._keep[id(blocked)] = blocked  # keeps id() stable while cached
            found = self._ids[key] = torch.tensor(sorted(blocked.difference(continuations)), device=self.device, dtype=torch.long)
        return found


def ban_glue_after_term(mask: StepMask, row: int, cons: ConstraintSet, state: State, glue: GlueIndex) -> None:
    """Right after a finished term, no piece may glue letters onto it; a longer phrase may go on."""
    if not state.occurrence:
        return
    blocked = cons.blocked_after[state.occurrence - 1]
    if blocked:
        mask.ban_sets.append((row, glue.blocked(blocked, cons.continuations(state))))
