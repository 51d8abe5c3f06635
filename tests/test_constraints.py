"""Constraint bookkeeping, phrase tokenization and the term audit: tiny exact cases, no model."""

from __future__ import annotations

import pytest

from tamngu.translate.audit import PinnedTerm, audit, occurrences, substitute
from tamngu.translate.backend import Constraint
from tamngu.translate.constraints import _START, _ConstraintSet, target_phrases
from tamngu.translate.pipeline import length_batches

# Two terms: "A B C" (or the alternative "D") and "B E"; the second mentioned twice.
ABC_OR_D = Constraint(((1, 2, 3), (4,)))
BE = Constraint(((2, 5),))


def _walk(cons: _ConstraintSet, tokens: list[int]) -> tuple[int, int, int]:
    state = _START
    for token in tokens:
        state = cons.advance(state, token)
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
    cons = _ConstraintSet([ABC_OR_D, BE, BE])
    assert _walk(cons, tokens)[0] == met


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
    cons = _ConstraintSet([ABC_OR_D, BE, BE])
    assert cons.need(_walk(cons, tokens)) == need


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
    cons = _ConstraintSet([lao_cai, lao_cai, province])
    state = _walk(cons, tokens)
    assert (state[0], cons.need(state)) == (met, need)


def test_banks_count_constraint_tokens() -> None:
    cons = _ConstraintSet([ABC_OR_D, BE])
    assert [cons.produced(_walk(cons, t)) for t in ([], [1], [1, 2], [4], [4, 2, 5])] == [0, 1, 2, 1, 3]


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
