"""Constraint bookkeeping, bank allocation, masks, phrase tokenization and the term audit: tiny exact cases, no model."""

from __future__ import annotations

import pytest

from tamngu.translate.audit import PinnedTerm, audit, occurrences, substitute
from tamngu.translate.backend import Constraint
from tamngu.translate.beam import Candidate, Hypothesis, merge, round_robin, stay_in_place
from tamngu.translate.constraint_state import START, ConstraintSet, State
from tamngu.translate.phrases import glues, target_phrases
from tamngu.translate.pipeline import length_batches

# Two terms: "A B C" (or the alternative "D") and "B E"; the second mentioned twice.
ABC_OR_D = Constraint(((1, 2, 3), (4,)))
BE = Constraint(((2, 5),))


def _walk(cons: ConstraintSet, tokens: list[int]) -> State:
    state = START
    for token in tokens:
        state = cons.next_state(state, token)
    return state


@pytest.mark.parametrize(
    ("tokens", "met"),
    [
        ([1, 2, 3], 0b001),  # phrase finished
        ([1, 2], 0b000),  # started, not finished: does not count
        ([1, 2, 9, 3], 0b000),  # deviation resets progress
        ([1, 9, 1, 2, 3], 0b001),  # ... and the phrase may start again
        ([4], 0b001),  # an alternative satisfies the constraint
        ([2, 5], 0b010),  # first mention of the repeated term
        ([2, 5, 2, 5], 0b110),  # second mention needs a second occurrence
        ([1, 2, 2, 5], 0b010),  # the deviating token may start another phrase
        ([4, 2, 5, 7, 2, 5], 0b111),
    ],
)
def test_constraint_progress(tokens: list[int], met: int) -> None:
    cons = ConstraintSet([ABC_OR_D, BE, BE])
    assert _walk(cons, tokens).met == met


@pytest.mark.parametrize(
    ("tokens", "need"),
    [
        ([], 1 + 2 + 2),  # shortest alternative of each unmet constraint
        ([1], 1 + 2 + 2),  # abandoning "A B C" for "D" is as short as finishing it
        ([1, 2], 1 + 2 + 2),  # finishing "A B C" costs one token, as "D" would
        ([2], 1 + 1 + 2),
        ([4, 2, 5, 2, 5], 0),
    ],
)
def test_tokens_still_owed(tokens: list[int], need: int) -> None:
    cons = ConstraintSet([ABC_OR_D, BE, BE])
    assert cons.tokens_owed(_walk(cons, tokens)) == need


@pytest.mark.parametrize(
    ("tokens", "met", "need"),
    [
        # "Lao Cai" (twice) and "Lao Cai Province": one occurrence meets one term, the
        # longer phrase taking it over from the shorter (glossary.targets counts so)
        ([10, 11], 0b001, 2 + 3),
        ([10, 11, 12], 0b100, 2 + 2),
        ([10, 11, 12, 10, 11], 0b101, 2),
        ([10, 11, 12, 10, 11, 7, 10, 11], 0b111, 0),
        ([10, 11, 7, 10, 11, 12], 0b101, 2),
    ],
)
def test_one_occurrence_meets_one_term(tokens: list[int], met: int, need: int) -> None:
    lao_cai, province = Constraint(((10, 11),)), Constraint(((10, 11, 12),))
    cons = ConstraintSet([lao_cai, lao_cai, province])
    state = _walk(cons, tokens)
    assert (state.met, cons.tokens_owed(state)) == (met, need)


def test_banks_count_constraint_tokens() -> None:
    cons = ConstraintSet([ABC_OR_D, BE])
    assert [cons.bank(_walk(cons, t)) for t in ([], [1], [1, 2], [4], [4, 2, 5])] == [0, 1, 2, 1, 3]


@pytest.mark.parametrize(
    ("tokens", "advancing"),
    [
        ([], [1, 2, 4]),  # first tokens of every unmet phrase
        ([1], [1, 2, 4]),  # go on with "A B C" (B), or start afresh
        ([1, 2], [1, 2, 3, 4]),
        ([4], [2]),  # "A B C" or "D" met: only "B E" is left
        ([4, 2, 5], []),
    ],
)
def test_advancing_tokens(tokens: list[int], advancing: list[int]) -> None:
    cons = ConstraintSet([ABC_OR_D, BE])
    assert sorted(cons.advancing_tokens(_walk(cons, tokens))) == advancing


@pytest.mark.parametrize(
    ("tokens", "state"),
    [
        ([1, 2, 3], State(0b01, 0, 1)),  # met; the occurrence stays one step (glue rule)
        ([1, 2, 3, 9], State(0b01, 0, 0)),
        ([2], State(0b00, 5, 0)),
        ([2, 5], State(0b10, 0, 2)),
    ],
)
def test_named_states(tokens: list[int], state: State) -> None:
    cons = ConstraintSet([ABC_OR_D, BE])
    assert _walk(cons, tokens) == state


def _candidates(rows: list[tuple[float, int, int, State]]) -> list[Candidate]:
    return [Candidate(score, beam, token, state) for score, beam, token, state in rows]


def test_round_robin_takes_the_best_of_every_bank_in_turn() -> None:
    cons = ConstraintSet([ABC_OR_D, BE])
    bank = {0: START, 1: State(0, 1, 0), 2: State(0, 2, 0)}  # "", "A", "A B": banks 0, 1, 2
    rows = [(-0.5, 0, 10, bank[0]), (-1.5, 1, 11, bank[2]), (-1.0, 2, 12, bank[0]), (-2.0, 3, 13, bank[1]), (-3.0, 0, 14, bank[2])]
    ordered = round_robin(_candidates(rows), cons)
    assert [c.token for c in ordered] == [11, 13, 10, 14, 12]


def test_merge_keeps_top_order_and_adds_new_pairs_best_first() -> None:
    top = _candidates([(-1.0, 0, 5, START), (-2.0, 1, 5, START)])
    extra = _candidates([(-9.0, 0, 7, START), (-1.0, 0, 5, START), (-3.0, 1, 6, START)])
    assert [(c.beam, c.token) for c in merge(top, extra)] == [(0, 5), (1, 5), (1, 6), (0, 7)]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([0, 1, 2, 3], [0, 1, 2, 3]),
        ([2, 2, 0, 1], [0, 1, 2, 2]),  # each source row keeps its own hypothesis, the rest fill free rows
        ([3, 3, 3, 3], [3, 3, 3, 3]),
    ],
)
def test_stay_in_place(sources: list[int], expected: list[int]) -> None:
    hyps = [Hypothesis((i,), 0.0) for i in range(4)]
    moved, rows = stay_in_place(hyps, sources)
    assert rows == expected and sorted(h.tokens for h in moved) == sorted(h.tokens for h in hyps)


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 0, 2)])
def test_mask_rules_compose_in_any_order(order: tuple[int, int, int]) -> None:
    """A token survives if no rule bans it and every keep-list has it, whatever the call order."""
    import torch

    from tamngu.translate import masks

    cons = ConstraintSet([Constraint(((3, 4),), frozenset({1, 3, 5}))])
    after_term = State(0, 0, 1)  # one step after a phrase of the (only) constraint
    glue = masks.GlueIndex(torch.device("cpu"))
    rules = [
        lambda m: masks.ban_eos_until_all_met(m, 0, eos=0),
        lambda m: masks.ban_glue_after_term(m, 0, cons, after_term, glue),
        lambda m: masks.keep_tokens_that_fit(m, 0, cons, START, steps_left=2),  # "3 4" must start now
    ]
    mask = masks.StepMask()
    for index in order:
        rules[index](mask)
    scores = torch.zeros(1, 7)
    mask.apply(scores)
    assert [i for i, v in enumerate(scores[0].tolist()) if v == 0.0] == []  # 3 must start, but 3 glues
    relaxed = masks.StepMask()
    masks.keep_tokens_that_fit(relaxed, 0, cons, START, steps_left=2)
    masks.ban_eos_until_all_met(relaxed, 0, eos=0)
    scores = torch.zeros(1, 7)
    relaxed.apply(scores)
    assert [i for i, v in enumerate(scores[0].tolist()) if v == 0.0] == [3]


def test_glue_rule_lets_a_longer_phrase_go_on() -> None:
    import torch

    from tamngu.translate import masks

    lao_cai, province = Constraint(((10, 11),), frozenset({12, 13})), Constraint(((10, 11, 12),), frozenset({13}))
    cons = ConstraintSet([lao_cai, province])
    state = _walk(cons, [10, 11])  # "Lao Cai" met, "Province" may follow
    mask = masks.StepMask()
    masks.ban_glue_after_term(mask, 0, cons, state, masks.GlueIndex(torch.device("cpu")))
    scores = torch.zeros(1, 15)
    mask.apply(scores)
    assert [i for i, v in enumerate(scores[0].tolist()) if v < 0] == [13]


def test_max_length_forces_eos() -> None:
    import torch

    from tamngu.translate import masks

    mask = masks.StepMask()
    masks.force_eos_at_max_length(mask, range(1, 2), eos=0)
    masks.ban_bad_tokens(mask, [2])
    scores = torch.full((2, 4), -1.0)
    mask.apply(scores)
    assert scores.tolist() == [[-1.0, -1.0, float("-inf"), -1.0], [0.0, float("-inf"), float("-inf"), float("-inf")]]


def test_bookkeeping_imports_without_torch() -> None:
    import subprocess
    import sys

    code = "import sys; sys.modules['torch'] = None; import tamngu.translate.constraint_state, tamngu.translate.beam"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0


@pytest.mark.parametrize("module", ["constraint_state", "masks", "phrases", "constraints", "quantize"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    found = importlib.import_module(f"tamngu.translate.{module}")
    assert doctest.testmod(found, extraglobs={"Constraint": Constraint}).failed == 0


@pytest.mark.parametrize(("piece", "expected"), [("ing", True), ("\u2581Wang", False), (",", False), ("<0xC3>", True), ("<0x2C>", False), ("3", True)])
def test_glue_pieces(piece: str, expected: bool) -> None:
    assert glues(piece) is expected


def test_constraint_needs_a_phrase() -> None:
    with pytest.raises(ValueError):
        Constraint(((),))


@pytest.mark.parametrize(
    ("text", "forms", "lang", "expected"),
    [
        ("Wang Ning met Wang Ning", ["Wang Ning"], "en", [0, 14]),
        ("Lao Cai Province and Lao Cai", ["Lao Cai", "Lao Cai Province"], "en", [0, 21]),
        ("wang ning", ["Wang Ning"], "en", [0]),  # English ignores case, as the evaluation does
        ("YunnanLiu Yong", ["Yunnan"], "en", []),  # not a word of its own
        ("the Chinese Embassy", ["China"], "en", []),
        ("(Wang Ning)", ["Wang Ning"], "en", [1]),
        ("王宁会见王宁", ["王宁"], "zh", [0, 4]),
        ("老街省", ["老街"], "zh", [0]),  # Chinese has no word boundaries
        ("aaa", ["aa"], "zh", [0]),  # occurrences do not overlap
    ],
)
def test_occurrences(text: str, forms: list[str], lang: str, expected: list[int]) -> None:
    assert occurrences(text, forms, lang) == expected


def _pin(entry_id: str, required: str, *alternatives: str) -> PinnedTerm:
    return PinnedTerm(entry_id, "person", "x", 0, 1, required, (required, *alternatives))


@pytest.mark.parametrize(
    ("target", "satisfied", "starts"),
    [
        ("Wang Ning and Liu Yong", [True, True, False], [0, 14, None]),  # second Wang Ning mention missing
        ("Wang Ning, Liu Yong, Wang Ning", [True, True, True], [0, 11, 21]),
        ("Secretary Wang", [False, False, False], [None, None, None]),
    ],
)
def test_audit_counts_mentions(target: str, satisfied: list[bool], starts: list[int | None]) -> None:
    pins = [_pin("wang-ning", "Wang Ning"), _pin("liu-yong", "Liu Yong"), _pin("wang-ning", "Wang Ning")]
    terms = audit(pins, target, "en")
    assert [t.satisfied for t in terms] == satisfied
    assert [t.target_start for t in terms] == starts


@pytest.mark.parametrize(
    ("source", "spans", "expected"),
    [
        ("Bí thư Vương Ninh đến", [(7, 17, "Wang Ning")], "Bí thư Wang Ning đến"),
        ("ab cd", [(0, 2, "X"), (3, 5, "Y")], "X Y"),
        ("Lao Cai Province", [(0, 7, "老街"), (0, 16, "老街省")], "老街省"),  # the longer span wins
    ],
)
def test_substitute(source: str, spans: list[tuple[int, int, str]], expected: str) -> None:
    assert substitute(source, spans) == expected


@pytest.mark.parametrize(
    ("lengths", "budget", "expected"),
    [
        ([3, 9, 5], 100, [[1, 2, 0]]),
        ([3, 9, 5], 10, [[1], [2, 0]]),
        ([3, 9, 5, 5], 10, [[1], [2, 3], [0]]),
        ([20], 10, [[0]]),  # a segment longer than the budget still gets a batch
    ],
)
def test_batches_longest_first_within_budget(lengths: list[int], budget: int, expected: list[list[int]]) -> None:
    assert length_batches(lengths, budget) == expected


def test_target_phrases_word_start_and_glued(tiny_models: dict) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_models["zh"])
    phrases = target_phrases(tokenizer, "王宁")
    pieces = [tokenizer.convert_ids_to_tokens(list(p)) for p in phrases]
    assert len(phrases) == 2
    assert pieces[0][0].startswith("\u2581") and not pieces[1][0].startswith("\u2581")
    for phrase in phrases:
        text = tokenizer.spm_target.decode_pieces(tokenizer.convert_ids_to_tokens(list(phrase)))
        assert text.strip() == "王宁"


# (vocabulary, how the rows are filled): row_max must give max(dim=-1)'s values and first indices
ROW_MAX_CASES = [
    (53739, "random"),  # OPUS-MT's vocabulary: 52 full blocks and a tail
    (4096, "random"),  # whole blocks, no tail
    (3000, "random"),  # under 4 blocks: max itself
    (5000, "ties"),  # values rounded to 0.1: many equal maxima, the first one wins
    (5000, "neg_inf_rows"),  # rows entirely -inf (fully masked): index 0
    (5000, "max_in_tail"),  # the maximum in the last, short block, twice
    (5000, "max_across_blocks"),  # the same maximum at the end of one block and the start of the next
]


@pytest.mark.parametrize(("vocab", "fill"), ROW_MAX_CASES)
def test_row_max_equals_max(vocab: int, fill: str) -> None:
    import torch

    from tamngu.translate.constraints import row_max

    scores = torch.randn(6, vocab, generator=torch.Generator().manual_seed(vocab))
    if fill == "ties":
        scores = scores.round(decimals=1)
    elif fill == "neg_inf_rows":
        scores[[0, 4]] = float("-inf")
    elif fill == "max_in_tail":
        scores[:, [vocab - 3, vocab - 1]] = 9.0
    elif fill == "max_across_blocks":
        scores[:, [1023, 1024, 2048]] = 9.0
    expected = scores.max(dim=-1)
    values, indices = row_max(scores)
    assert torch.equal(values, expected.values) and torch.equal(indices, expected.indices)
