"""Hard-constraint bookkeeping of one segment: a token trie and named hypothesis states.

Torch-free, so every rule here is tested on tiny integer cases
(``tests/test_constraint_state.py``). The search in
:mod:`tamngu.translate.constraints` asks it four questions about a hypothesis:
which state follows a token, which tokens advance a constraint, how many
tokens it still owes, and which bank it sits in.

Worked example. Two constraints, "A B C" (or the alternative "D") and
"B E", as token ids ``A=1, B=2, C=3, D=4, E=5``::

    >>> cons = ConstraintSet([Constraint(((1, 2, 3), (4,))), Constraint(((2, 5),))])
    >>> cons.children        # the trie: node 0 is the root
    [{1: 1, 4: 4, 2: 5}, {2: 2}, {3: 3}, {}, {}, {5: 6}, {}]
    >>> state = START        # State(met=0b00, node=0, occurrence=0)
    >>> cons.tokens_owed(state)   # "D" (1 token) + "B E" (2 tokens)
    3
    >>> state = cons.next_state(state, 1)   # "A": phrase "A B C" in progress at node 1
    >>> state
    State(met=0, node=1, occurrence=0)
    >>> cons.bank(state)     # one constraint token produced
    1
    >>> sorted(cons.advancing_tokens(state))   # go on with "B", or start "D" or "B E" afresh
    [1, 2, 4]
    >>> state = cons.next_state(cons.next_state(state, 2), 3)   # "A B C": constraint 0 met
    >>> state
    State(met=1, node=0, occurrence=1)
    >>> cons.tokens_owed(state)
    2

A hypothesis that deviates from a started phrase loses its progress; the
deviating token may start another phrase. One phrase occurrence meets one
constraint: where a longer phrase extends a shorter one ("Lao Cai" ->
"Lao Cai Province"), the longer takes the occurrence over, as the term audit
and the evaluation count (:mod:`tamngu.glossary.targets`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

from tamngu.translate.backend import Constraint, Phrase

logger = logging.getLogger(__name__)

__all__ = ["START", "Constraint", "ConstraintSet", "Phrase", "State"]


class State(NamedTuple):
    """Where one hypothesis stands with its segment's constraints.

    Attributes:
        met: bitmask of the constraints met so far.
        node: trie node of the phrase in progress (0: none).
        occurrence: 1 + index of the constraint the current phrase occurrence
            met, or 0. It stays set for one step after the phrase ends, so the
            next token can be kept from gluing letters onto the term.
    """

    met: int
    node: int
    occurrence: int


START = State(0, 0, 0)


class ConstraintSet:
    """The constraints of one segment as a token trie, with exact "tokens still owed" bookkeeping.

    Args:
        constraints: the segment's constraints; each lists token-phrase
            alternatives, any one of which meets it.
    """

    def __init__(self, constraints: Sequence[Constraint]) -> None:
        self.count = len(constraints)
        self.full = (1 << self.count) - 1
        self.min_len = [c.min_length for c in constraints]
        self.blocked_after = [c.blocked_after for c in constraints]
        self.children: list[dict[int, int]] = [{}]
        self.depth = [0]
        self.ends: list[list[int]] = [[]]  # node -> constraints whose phrase ends there
        self.reach = [0]  # node -> bitmask of constraints reachable through it
        self.remaining: list[dict[int, int]] = [{}]  # node -> constraint -> fewest tokens to finish it
        for index, constraint in enumerate(constraints):
            for phrase in constraint.alternatives:
                self._add(index, phrase)
        self._owed: dict[State, int] = {}
        self._live: dict[tuple[int, int], dict[int, int]] = {}
        self._advancing: dict[tuple[int, int], tuple[int, ...]] = {}
        self._transitions: dict[tuple[State, int], State] = {}
        self._banks: dict[int, int] = {}

    # -- questions the search asks ---------------------------------------------------

    def next_state(self, state: State, token: int) -> State:
        """The state after ``token``."""
        if not state.node and token not in self.children[0]:  # the common case: nothing starts
            return state if not state.occurrence else State(state.met, 0, 0)
        key = (state, token)
        found = self._transitions.get(key)
        if found is None:
            found = self._transitions[key] = self._transition(state, token)
        return found

    def advancing_tokens(self, state: State) -> tuple[int, ...]:
        """Tokens that advance a constraint: continue the phrase in progress, or start an unmet one."""
        key = (state.met, state.node)
        found = self._advancing.get(key)
        if found is None:
            tokens = dict(self.live(state.met, state.node))
            if state.node:
                tokens.update((t, c) for t, c in self.live(state.met, 0).items() if t not in tokens)
            found = self._advancing[key] = tuple(tokens)
        return found

    def tokens_owed(self, state: State) -> int:
        """Fewest tokens that meet every unmet constraint from this state."""
        found = self._owed.get(state)
        if found is None:
            found = self._owed[state] = self._fewest_tokens(state)
        return found

    def owed_without_progress(self, met: int) -> int:
        """Tokens owed with no phrase in progress: the shortest alternative of each unmet constraint."""
        return sum(length for i, length in enumerate(self.min_len) if not met >> i & 1)

    def bank(self, state: State) -> int:
        """Constraint tokens produced: met phrases plus progress in the current one."""
        done = self._banks.get(state.met)
        if done is None:
            done = self._banks[state.met] = sum(length for i, length in enumerate(self.min_len) if state.met >> i & 1)
        return done + self.depth[state.node]

    def all_met(self, state: State) -> bool:
        return state.met == self.full

    def continuations(self, state: State) -> list[int]:
        """Tokens that go on with the phrase in progress (a longer phrase may extend a finished one)."""
        return list(self.children[state.node]) if state.node else []

    def live(self, met: int, node: int) -> dict[int, int]:
        """Children of ``node`` (token -> child) that lead to an unmet constraint."""
        key = (met, node)
        found = self._live.get(key)
        if found is None:
            unmet = self.full & ~met
            found = self._live[key] = {t: c for t, c in self.children[node].items() if self.reach[c] & unmet}
        return found

    # -- building and transitions -----------------------------------------------------

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

    def _fewest_tokens(self, state: State) -> int:
        met, node, occurrence = state
        base = self.owed_without_progress(met)
        best = base
        unmet = self.full & ~met
        released = self.min_len[occurrence - 1] if node and occurrence else 0  # a takeover un-meets it
        for index, left in self.remaining[node].items():
            if node and unmet >> index & 1:
                best = min(best, left + base - self.min_len[index] + released)
        return best

    def _transition(self, state: State, token: int) -> State:
        met, node, occurrence = state
        if not node:
            occurrence = 0  # a new occurrence
        child = self.live(met, node).get(token)
        if child is None and node:
            node, occurrence = 0, 0  # deviation: the phrase in progress starts over
            child = self.live(met, 0).get(token)
        if child is None:
            return State(met, 0, 0)
        for index in self.ends[child]:
            if not met >> index & 1:
                if occurrence:  # this occurrence met a shorter phrase: the longer one takes it
                    met &= ~(1 << (occurrence - 1))
                met |= 1 << index
                occurrence = index + 1
                break
        return State(met, child, occurrence) if self.live(met, child) else State(met, 0, occurrence)
