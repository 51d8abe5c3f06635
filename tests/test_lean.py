"""The lean decoder step (tamngu.translate.lean) against transformers' forward on the tiny random models."""

from __future__ import annotations

import copy
import dataclasses
import logging
from pathlib import Path

import pytest
import torch

from tamngu.translate import lean
from tamngu.translate.backend import Constraint
from tamngu.translate.constraints import HFStepper, SearchSettings, beam_search
from tamngu.translate.lean import LeanStepper, fuse
from tamngu.translate.quantize import quantize

from samples import SAMPLES as ENGINE_SAMPLES

SAMPLES = [*ENGINE_SAMPLES, "Lễ hội sông Hồng năm 2025 được tổ chức tại Lào Cai vào tháng 11/2025."]
PINS = [[Constraint(((7, 8, 9), (10,)))], [], [Constraint(((11,),)), Constraint(((12, 13),))], [], [Constraint(((20, 21),))], [], []]


@pytest.fixture(scope="module")
def models(tiny_models: dict[str, Path]):  # type: ignore[no-untyped-def]
    """{"float32": eager vi->en model, "int8": its RowInt8Linear copy, "sdpa": the default-attention model}, tokenizer."""
    from transformers import AutoTokenizer, MarianMTModel

    torch.set_num_threads(1)
    eager = MarianMTModel.from_pretrained(tiny_models["en"], attn_implementation="eager").eval()
    sdpa = MarianMTModel.from_pretrained(tiny_models["en"], attn_implementation="sdpa").eval()
    built = {"float32": eager, "int8": quantize(copy.deepcopy(eager), "int8", "cpu"), "sdpa": sdpa}
    return built, AutoTokenizer.from_pretrained(tiny_models["en"])


def _settings(model, beams: int, decoder: str = "auto", **changes) -> SearchSettings:  # type: ignore[no-untyped-def]
    pad = model.config.pad_token_id
    return dataclasses.replace(SearchSettings(beams, 1.0, 0, pad, pad, (pad,), False, decoder), **changes)


def _batch(tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:  # type: ignore[no-untyped-def]
    ids = [tokenizer(text)["input_ids"] for text in texts]
    width = -(-max(len(row) for row in ids) // 8) * 8
    tokens = torch.zeros((len(ids), width), dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, source in enumerate(ids):
        tokens[row, : len(source)], mask[row, : len(source)] = torch.tensor(source), 1
    return tokens, mask


# --- fused projections ------------------------------------------------------------------------


@pytest.mark.parametrize("weights", ["float32", "int8"])
@pytest.mark.parametrize("rows", [1, 3, 8])
def test_fused_projection_keeps_every_output(models, weights: str, rows: int) -> None:  # type: ignore[no-untyped-def]
    built, _ = models
    attn = built[weights].model.decoder.layers[1].self_attn
    parts = [attn.q_proj, attn.k_proj, attn.v_proj]
    x = torch.randn(rows, attn.embed_dim, generator=torch.Generator().manual_seed(rows))
    with torch.inference_mode():
        assert torch.equal(fuse(parts)(x), torch.cat([part(x) for part in parts], dim=-1))


# --- one step at a time -----------------------------------------------------------------------

# (beams, rows kept after each step: None = a reorder only, else the kept rows' sources)
STEP_CASES = [
    (1, [None, None, None, None]),
    (2, [[1, 1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11, 12, 13], None, [0, 0, 2, 3], None]),
    (4, [[row - row % 4 + 3 - row % 4 for row in range(28)], [0, 0, 0, 0, 5, 6, 7, 4], None, None]),
]


def _order(step: int, rows: int, beams: int) -> list[int]:
    """A reorder within sentences: each beam continues a neighbour's hypothesis."""
    return [row - row % beams + (row + step) % beams for row in range(rows)]


@pytest.mark.parametrize("weights", ["float32", "int8"])
@pytest.mark.parametrize(("beams", "plan"), STEP_CASES)
def test_lean_step_logits_equal_transformers(models, weights: str, beams: int, plan: list) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    model = built[weights]
    ids, mask = _batch(tokenizer, SAMPLES)
    hf, ours = HFStepper(model), LeanStepper(model, max_steps=len(plan) + 1)
    tokens = torch.arange(len(SAMPLES) * beams) % 40 + 3
    with torch.inference_mode():
        hf.encode([(ids, mask)], beams)
        ours.encode([(ids, mask)], beams)
        for step, keep in enumerate(plan):
            theirs, mine = hf.step(tokens), ours.step(tokens)
            assert torch.equal(mine, theirs), f"step {step}: max |diff| {(mine - theirs).abs().max().item():.3g}"
            order = _order(step, len(tokens), beams) if keep is None else keep
            for stepper in (hf, ours):
                if keep is None:
                    stepper.reorder(order)
                else:
                    stepper.shrink(order)
            tokens = (tokens[order] * 7 + step) % 50 + 3


# (beams, texts of each width group, rows kept after step 2: old row of each new row)
GROUP_CASES = [
    (1, [SAMPLES[:1], SAMPLES[1:3], SAMPLES[6:]], [0, 2, 3]),
    (2, [[SAMPLES[2], SAMPLES[0]], [SAMPLES[3], SAMPLES[5]], SAMPLES[6:]], [1, 1, 4, 5, 6, 6, 8, 9]),
    (4, [SAMPLES[:1], SAMPLES[4:6]], [0, 1, 2, 3]),
]


@pytest.mark.parametrize(("beams", "groups", "keep"), GROUP_CASES)
def test_width_groups_in_one_batch_equal_each_group_alone(models, beams: int, groups: list, keep: list[int]) -> None:  # type: ignore[no-untyped-def]
    """int8 only: its products are exact per row; float32 GEMMs round a row differently beside other rows."""
    built, tokenizer = models
    model = built["int8"]
    batches = [_batch(tokenizer, texts) for texts in groups]
    assert len({ids.shape[1] for ids, _ in batches}) == len(batches)  # different widths
    alone = [HFStepper(model) for _ in batches]
    together = LeanStepper(model, max_steps=5)
    spans = [ids.shape[0] * beams for ids, _ in batches]
    tokens = torch.arange(sum(spans)) % 30 + 3
    with torch.inference_mode():
        together.encode(batches, beams)
        for stepper, batch in zip(alone, batches):
            stepper.encode([batch], beams)
        for step in range(4):
            mine = together.step(tokens)
            theirs = torch.cat([stepper.step(part) for stepper, part in zip(alone, tokens.split(spans))])
            assert torch.equal(mine, theirs), f"step {step}"
            order = keep if step == 2 else _order(step, len(tokens), beams)
            _move(together, alone, spans, order, shrink=step == 2)
            spans = [sum(1 for row in order if sum(spans[:g]) <= row < sum(spans[: g + 1])) for g in range(len(spans))]
            tokens = (tokens[order] * 5 + step) % 40 + 3
            alone = [stepper for stepper, span in zip(alone, spans) if span]
            spans = [span for span in spans if span]


def _move(together: LeanStepper, alone: list[HFStepper], spans: list[int], order: list[int], *, shrink: bool) -> None:
    """Apply ``order`` to the joint stepper and, group by group, to the steppers of each group alone."""
    if shrink:
        together.shrink(order)
    else:
        together.reorder(order)
    first = 0
    for stepper, span in zip(alone, spans):
        local = [row - first for row in order if first <= row < first + span]
        first += span
        if local and shrink:
            stepper.shrink(local)
        elif local:
            stepper.reorder(local)


@pytest.mark.parametrize(("weights", "merged"), [("int8", True), ("float32", False)])
def test_only_row_exact_weights_merge_width_groups(models, weights: str, merged: bool) -> None:  # type: ignore[no-untyped-def]
    """int8 products are exact per row, so rows batched equal rows alone; float32 GEMMs promise no such thing
    (MKL on the dev machine rounds a row differently beside 3 others), so float32 never merges groups."""
    built, _ = models
    assert lean.lean_decoder(built[weights]).row_exact is merged
    if merged:
        rows = torch.randn(4, built[weights].config.d_model, generator=torch.Generator().manual_seed(4))
        with torch.inference_mode():
            alone = torch.cat([built[weights].lm_head(rows[i : i + 1]) for i in range(4)])
            assert torch.equal(built[weights].lm_head(rows), alone)


def test_lean_cache_grows_past_a_chunk(models) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    ids, mask = _batch(tokenizer, SAMPLES[:2])
    hf, ours = HFStepper(built["float32"]), LeanStepper(built["float32"], max_steps=lean._CHUNK + 5)
    tokens = torch.tensor([5, 9])
    with torch.inference_mode():
        hf.encode([(ids, mask)], 1)
        ours.encode([(ids, mask)], 1)
        for _ in range(lean._CHUNK + 3):
            assert torch.equal(ours.step(tokens), hf.step(tokens))
            tokens = tokens.flip(0)
    assert ours.cache.shape[4] == lean._CHUNK + 5


# --- whole searches ---------------------------------------------------------------------------


@pytest.mark.parametrize("weights", ["float32", "int8"])
@pytest.mark.parametrize("beams", [1, 4])
def test_lean_search_equals_hf_search_under_constraints(models, weights: str, beams: int) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    model = built[weights]
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES]
    max_new = [len(ids) + 4 for ids in sources]
    run = {decoder: beam_search(model, sources, _settings(model, beams, decoder), max_new_tokens=max_new, constraints=PINS)
           for decoder in ("lean", "hf")}
    assert run["lean"] == run["hf"]


@pytest.mark.parametrize(("beams", "length_penalty", "early_stopping"), [(1, 1.0, False), (4, 1.0, False), (4, 0.5, "never"), (3, 2.0, True)])
def test_lean_search_equals_generate(models, beams: int, length_penalty: float, early_stopping) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    model = built["float32"]
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES[:4]]
    settings = _settings(model, beams, "lean", length_penalty=length_penalty, early_stopping=early_stopping)
    ours = beam_search(model, sources, settings, max_new_tokens=[10] * len(sources))
    theirs = []
    for ids in sources:
        out = model.generate(torch.tensor([ids]), num_beams=beams, max_new_tokens=10, length_penalty=length_penalty,
                             early_stopping=early_stopping)[0].tolist()
        body = [t for t in out[1:] if t != model.config.pad_token_id]
        theirs.append(body[:-1] if body and body[-1] == 0 else body)
    assert ours == theirs


@pytest.mark.parametrize("weights", ["float32", "int8"])
@pytest.mark.parametrize("beams", [1, 4])
def test_lean_batched_equals_one_by_one(models, weights: str, beams: int) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    model = built[weights]
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES]
    max_new = [len(ids) + 4 for ids in sources]
    settings = _settings(model, beams, "lean")
    batched = beam_search(model, sources, settings, max_new_tokens=max_new, constraints=PINS)
    single = [beam_search(model, [ids], settings, max_new_tokens=[limit], constraints=[pin])[0]
              for ids, limit, pin in zip(sources, max_new, PINS)]
    assert batched == single


# --- which path runs --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "change", "reason"), [
    ("float32", None, ""),
    ("int8", None, ""),
    ("sdpa", None, "attention is 'sdpa'"),
    ("float32", "train", "training mode"),
    ("float32", "conv", "a decoder projection is a Conv1d"),
])
def test_unsupported_names_the_reason(models, name: str, change: str | None, reason: str) -> None:  # type: ignore[no-untyped-def]
    built, _ = models
    model = copy.deepcopy(built[name])
    if change == "train":
        model.train()
    elif change == "conv":
        model.model.decoder.layers[0].fc1 = torch.nn.Conv1d(1, 1, 1)
    found = lean.unsupported(model)
    assert (reason in found) and (bool(found) == bool(reason))


def test_auto_falls_back_to_transformers_with_a_logged_reason(models, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    built, tokenizer = models
    model = copy.deepcopy(built["sdpa"])
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES[:3]]
    with caplog.at_level(logging.INFO, logger="tamngu.translate.constraints"):
        auto = beam_search(model, sources, _settings(model, 2), max_new_tokens=[8, 8, 8], constraints=PINS[:3])
    assert "attention is 'sdpa'" in caplog.text
    assert auto == beam_search(model, sources, _settings(model, 2, "hf"), max_new_tokens=[8, 8, 8], constraints=PINS[:3])
    with pytest.raises(ValueError, match="lean decoder cannot run"):
        beam_search(model, sources, _settings(model, 2, "lean"), max_new_tokens=[8, 8, 8])
