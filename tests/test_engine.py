"""The engine on the tiny random models: generate() equality, batch invariance, hard constraints, pivot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import torch

from tamngu.glossary.loader import load_glossary
from tamngu.errors import ModelNotFoundError
from tamngu.translate.backend import Constraint, DecodeOptions, get_backend
from tamngu.translate.config import TranslateConfig
from tamngu.translate.constraints import SearchSettings, beam_search
from tamngu.translate.pipeline import Translator

from samples import SAMPLES


def _config(tiny_models: dict[str, Path], **changes: object) -> TranslateConfig:
    base = TranslateConfig(
        model_en=str(tiny_models["en"]),
        model_zh=str(tiny_models["zh"]),
        device="cpu",
        threads=1,
        length_ratio=0.6,  # random models never stop early: keep outputs short (pins still fit)
        length_offset=4,
    )
    return base.replace(**changes)


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary()


@pytest.fixture(scope="module")
def vi_en(tiny_models: dict[str, Path]):  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer, MarianMTModel

    torch.set_num_threads(1)
    model = MarianMTModel.from_pretrained(tiny_models["en"]).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["en"])
    return model, tokenizer


def _settings(model, beams: int, length_penalty: float = 1.0, early_stopping: bool = False) -> SearchSettings:  # type: ignore[no-untyped-def]
    pad = model.config.pad_token_id
    return SearchSettings(beams, length_penalty, 0, pad, pad, (pad,), early_stopping)


def _generate(model, ids: list[int], beams: int, max_new: int, **kwargs) -> list[int]:  # type: ignore[no-untyped-def]
    out = model.generate(torch.tensor([ids]), num_beams=beams, max_new_tokens=max_new, **kwargs)[0].tolist()
    body = [t for t in out[1:] if t != model.config.pad_token_id]
    return body[:-1] if body and body[-1] == 0 else body


@pytest.fixture(scope="module")
def eos_prone(tiny_models: dict[str, Path]):  # type: ignore[no-untyped-def]
    """The vi->en model with a constant end-of-sentence logit that often wins, so
    searches finish at every length, not only at max length."""
    from transformers import AutoTokenizer, MarianMTModel

    model = MarianMTModel.from_pretrained(tiny_models["en"]).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["en"])
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES[:4] + SEED_SAMPLE]
    limits = [4 + len(ids) // 3 for ids in sources]
    # The random weights follow the glossary's vocabulary, so calibrate the bias: the first one under
    # which transformers' own generate() finishes some searches early and runs others to the limit.
    for bias in (10.0, 8.0, 12.0, 9.0, 11.0, 7.0, 13.0, 6.0, 14.0, 9.5, 10.5, 8.5, 11.5, 7.5, 12.5):
        with torch.no_grad():
            model.model.shared.weight[0].zero_()
            model.final_logits_bias[0, 0] = bias
        if all(_finishes_at_many_lengths(model, sources, limits, beams, penalty, stop) for beams, penalty, stop in MANY_LENGTHS):
            return model, sources, limits
    pytest.fail("no end-of-sentence bias makes the tiny model finish at many lengths")


def _finishes_at_many_lengths(model, sources, limits, beams, length_penalty, early_stopping) -> bool:  # type: ignore[no-untyped-def]
    outputs = [_generate(model, ids, beams, limit, length_penalty=length_penalty, early_stopping=early_stopping)
               for ids, limit in zip(sources, limits)]
    return {len(out) < limit - 1 for out, limit in zip(outputs, limits)} == {True, False}


MANY_LENGTHS = [(1, 1.0, False), (4, 0.5, "never")]


SEED_SAMPLE = [
    "Đồng chí Bí thư Tỉnh uỷ, Chủ tịch Hội đồng nhân dân tỉnh cho biết: Để hiện thực hoá mục tiêu xây dựng Lào Cai.",
    "Nhân dịp này, đồng chí Bí thư Tỉnh ủy Trịnh Việt Hùng trân trọng mời đồng chí Bí thư Tỉnh ủy.",
    "Tham gia buổi hội kiến về phía đoàn công tác của tỉnh Lào Cai có đồng chí Phạm Toàn Thắng.",
    "Lễ hội sông Hồng năm 2025 được tổ chức tại Lào Cai vào tháng 11/2025.",
]


@pytest.mark.parametrize(
    ("beams", "length_penalty", "early_stopping"),
    [(1, 1.0, False), (4, 1.0, False), (4, 1.0, True), (4, 0.5, "never"), (3, 0.0, False), (4, 2.0, False)],
)
def test_unconstrained_search_equals_generate(eos_prone, beams: int, length_penalty: float, early_stopping) -> None:  # type: ignore[no-untyped-def]
    model, sources, max_new = eos_prone
    settings = _settings(model, beams, length_penalty, early_stopping)
    ours = beam_search(model, sources, settings, max_new_tokens=max_new)
    theirs = [
        _generate(model, ids, beams, limit, length_penalty=length_penalty, early_stopping=early_stopping)
        for ids, limit in zip(sources, max_new)
    ]
    assert ours == theirs


@pytest.mark.parametrize(("beams", "length_penalty", "early_stopping"), MANY_LENGTHS)
def test_equality_cases_finish_at_many_lengths(eos_prone, beams: int, length_penalty: float, early_stopping) -> None:  # type: ignore[no-untyped-def]
    model, sources, max_new = eos_prone
    ours = beam_search(model, sources, _settings(model, beams, length_penalty, early_stopping), max_new_tokens=max_new)
    assert {len(out) < limit - 1 for out, limit in zip(ours, max_new)} == {True, False}


def test_generate_equality_holds_on_the_plain_tiny_model(vi_en) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = vi_en
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES[:3]]
    ours = beam_search(model, sources, _settings(model, 4), max_new_tokens=[12, 12, 12])
    assert ours == [_generate(model, ids, 4, 12) for ids in sources]


@pytest.fixture(scope="module")
def vi_en_int8(vi_en):  # type: ignore[no-untyped-def]
    import copy

    from tamngu.translate.quantize import quantize

    model, tokenizer = vi_en
    return quantize(copy.deepcopy(model), "int8", "cpu"), tokenizer


@pytest.mark.parametrize(("beams", "weights"), [(1, "float32"), (4, "float32"), (1, "int8"), (4, "int8")])
def test_batched_equals_one_by_one(vi_en, vi_en_int8, beams: int, weights: str) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = vi_en if weights == "float32" else vi_en_int8
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES]
    max_new = [len(ids) + 4 for ids in sources]
    pins = [[Constraint(((7, 8, 9), (10,)))], [], [Constraint(((11,),)), Constraint(((12, 13),))], [], [], []]
    settings = _settings(model, beams)
    batched = beam_search(model, sources, settings, max_new_tokens=max_new, constraints=pins)
    single = [
        beam_search(model, [ids], settings, max_new_tokens=[limit], constraints=[pin])[0]
        for ids, limit, pin in zip(sources, max_new, pins)
    ]
    assert batched == single


@pytest.mark.parametrize(("beams", "weights"), [(1, "int8"), (4, "int8"), (4, "float32")])
def test_outputs_equal_across_thread_counts(vi_en, vi_en_int8, beams: int, weights: str) -> None:  # type: ignore[no-untyped-def]
    """--threads moves only the speed: the same token ids on 1 and 2 threads (so it is no decoding setting)."""
    model, tokenizer = vi_en if weights == "float32" else vi_en_int8
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES * 4]  # 24 segments: rows enough for threads to split
    pins = [[Constraint(((7, 8, 9), (10,)))], [], [Constraint(((11,),)), Constraint(((12, 13),))], [], [], []] * 4
    outputs = {}
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            outputs[threads] = beam_search(model, sources, _settings(model, beams), max_new_tokens=[len(ids) + 4 for ids in sources],
                                           constraints=pins)
    finally:
        torch.set_num_threads(1)
    assert outputs[1] == outputs[2]


def _contains(tokens: list[int], phrase: tuple[int, ...]) -> bool:
    return any(tuple(tokens[i : i + len(phrase)]) == phrase for i in range(len(tokens)))


@pytest.mark.parametrize("beams", [1, 2, 4])
def test_hard_constraints_fit_even_a_tight_length(vi_en, beams: int) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = vi_en
    ids = tokenizer(SAMPLES[2])["input_ids"]
    pins = [Constraint(((5, 6, 7),)), Constraint(((8, 9), (10, 11, 12))), Constraint(((13,),))]
    out = beam_search(model, [ids], _settings(model, beams), max_new_tokens=[7], constraints=[pins])[0]
    assert len(out) <= 6
    assert _contains(out, (5, 6, 7)) and (_contains(out, (8, 9)) or _contains(out, (10, 11, 12))) and 13 in out


@pytest.mark.parametrize("beams", [1, 4])
def test_int8_weights_keep_every_pin(vi_en, vi_en_int8, beams: int) -> None:  # type: ignore[no-untyped-def]
    """int8 and float32 weights rank differently (the note reports how often), but both meet every pin."""
    tokenizer = vi_en[1]
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES]
    pins = [[Constraint(((7, 8, 9), (10,))), Constraint(((11,),))]] * len(SAMPLES)
    for model in (vi_en[0], vi_en_int8[0]):
        outputs = beam_search(model, sources, _settings(model, beams), max_new_tokens=[9] * len(SAMPLES), constraints=pins)
        assert all((_contains(out, (7, 8, 9)) or 10 in out) and 11 in out for out in outputs)


def test_constrained_hypothesis_meets_min_and_max_new_tokens(vi_en) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = vi_en
    ids = tokenizer(SAMPLES[0])["input_ids"]
    settings = _settings(model, 4)
    out = beam_search(model, [ids], settings, max_new_tokens=[12], min_new_tokens=[12], constraints=[[Constraint(((5, 6),))]])[0]
    assert len(out) == 11 and _contains(out, (5, 6))


@pytest.fixture(scope="module")
def seed_run(tiny_models: dict[str, Path], glossary, seed_segments: list[str]):  # type: ignore[no-untyped-def]
    translator = Translator(_config(tiny_models), glossary)
    return translator.translate(seed_segments, targets=("en", "zh"))


def test_hard_constraints_pin_every_seed_term(seed_run) -> None:  # type: ignore[no-untyped-def]
    terms = [term for result in seed_run for target in result.targets.values() for term in target.terms]
    assert len(terms) > 500  # the seed corpus is full of glossary names
    missed = [(term.entry_id, term.required) for term in terms if not term.satisfied]
    assert missed == []
    assert {target.path for result in seed_run for target in result.targets.values()} == {"hard"}


def test_pivot_pins_the_same_entries_in_chinese(seed_run, glossary) -> None:  # type: ignore[no-untyped-def]
    for result in seed_run:
        english, chinese = result.targets["en"], result.targets["zh"]
        assert [t.entry_id for t in english.terms] == [t.entry_id for t in chinese.terms]
        for term in chinese.terms:
            entry = glossary.get(term.entry_id)
            assert term.required == entry.zh
            assert chinese.text[term.target_start :].startswith(tuple(entry.target_forms("zh")))


def test_audit_spans_point_at_the_source(seed_run) -> None:  # type: ignore[no-untyped-def]
    for result in seed_run:
        for term in result.targets["en"].terms:
            assert result.source[term.source_start : term.source_end] == term.source_text


@pytest.mark.parametrize("mode", ["off", "soft"])
def test_off_and_soft_modes_report_their_path(tiny_models: dict[str, Path], glossary, mode: str) -> None:  # type: ignore[no-untyped-def]
    translator = Translator(_config(tiny_models, constraints=mode), glossary)
    results = translator.translate(SAMPLES[:2], targets=("en", "zh"))
    assert [r.targets[lang].path for r in results for lang in ("en", "zh")] == [mode] * 4
    for lang in ("en", "zh"):  # terms are audited in every mode
        assert "wang-ning" in [t.entry_id for t in results[0].targets[lang].terms]


def test_soft_mode_writes_pinned_forms_into_the_source(tiny_models: dict[str, Path], glossary) -> None:  # type: ignore[no-untyped-def]
    from tamngu.translate.audit import pinned_terms
    from tamngu.translate.pipeline import _substitute_english

    translator = Translator(_config(tiny_models, constraints="soft"), glossary)
    source = "Đồng chí Vương Ninh và đồng chí Lưu Dũng."
    matches = translator.article_matches([source])[0]
    english = translator._soft_source("en", source, pinned_terms(matches, "en"))
    assert english == "Đồng chí Wang Ning và đồng chí Liu Yong."
    chinese = _substitute_english("Wang Ning met Liu Yong.", pinned_terms(matches, "zh"), glossary)
    assert chinese == "王宁 met 刘勇."


def test_translator_keeps_input_order_and_empty_segments(tiny_models: dict[str, Path], glossary) -> None:  # type: ignore[no-untyped-def]
    segments = [SAMPLES[1], "", SAMPLES[2], SAMPLES[0]]
    results = Translator(_config(tiny_models, batch_tokens=20), glossary).translate(segments, targets=("en",))
    assert [r.source for r in results] == segments
    assert results[1].targets["en"].text == ""
    alone = Translator(_config(tiny_models), glossary).translate([SAMPLES[0]], targets=("en",))
    assert alone[0].targets["en"].text == results[3].targets["en"].text


@pytest.mark.parametrize(
    ("day", "entry_id", "required"),
    [
        (dt.date(2025, 1, 15), "district-party-committee", "District Party Committee"),
        (dt.date(2025, 8, 1), "county-party-committee", "County Party Committee"),
    ],
)
def test_dated_glossary_entries_follow_the_article_date(tiny_models: dict[str, Path], glossary, day, entry_id, required) -> None:  # type: ignore[no-untyped-def]
    translator = Translator(_config(tiny_models), glossary)
    result = translator.translate(["Huyện ủy đã họp."], targets=("en",), on_date=day)[0]
    terms = result.targets["en"].terms
    assert [(t.entry_id, t.required, t.satisfied) for t in terms] == [(entry_id, required, True)]


def test_missing_model_fails_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, glossary) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    translator = Translator(TranslateConfig(model_en="Helsinki-NLP/opus-mt-vi-en"), glossary)
    with pytest.raises(ModelNotFoundError, match="opus-mt-vi-en.*tamngu models fetch"):
        translator.translate(["Xin chào"], targets=("en",))


def test_torch_backend_registered_with_hard_constraints() -> None:
    backend = get_backend("torch")
    assert backend.supports_hard_constraints
    assert DecodeOptions(4, 1.0, [10]).min_new_tokens is None


def _cached_pretrained() -> Path | None:
    from tamngu.translate.models import cached_snapshot

    found = cached_snapshot("Helsinki-NLP/opus-mt-vi-en")
    return found.path if found else None


@pytest.mark.pretrained
@pytest.mark.skipif(_cached_pretrained() is None, reason="Helsinki-NLP/opus-mt-vi-en is not in the local Hugging Face cache")
def test_real_model_pins_names_and_matches_generate(glossary) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer, MarianMTModel

    path = _cached_pretrained()
    translator = Translator(TranslateConfig(model_en=str(path), device="cpu"), glossary)
    result = translator.translate([SAMPLES[0], SAMPLES[3]], targets=("en",))
    for segment in result:
        assert all(term.satisfied for term in segment.targets["en"].terms)
    model, tokenizer = MarianMTModel.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path)
    ids = tokenizer(SAMPLES[2])["input_ids"]
    ours = beam_search(model, [ids], _settings(model, 4), max_new_tokens=[64])[0]
    assert ours == _generate(model, ids, 4, 64)


def test_ct2_engine_verifies_soft_output_and_redecodes_misses(tiny_models: dict[str, Path], glossary,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TAMNGU_CT2_CACHE", str(tmp_path / "ct2"))
    translator = Translator(_config(tiny_models, engine="ct2"), glossary)
    results = translator.translate(SAMPLES, targets=("en", "zh"))
    targets = [target for result in results for target in result.targets.values()]
    assert all(term.satisfied for target in targets for term in target.terms)
    assert {target.path for target in targets} <= {"ct2-soft", "ct2-soft+hard-redecode"}
    # random weights never write the pinned forms by themselves: every segment with a term was re-decoded
    assert all(target.path == "ct2-soft+hard-redecode" for target in targets if target.terms)
    assert any(target.path == "ct2-soft" for target in targets if not target.terms)


@pytest.mark.parametrize("pinned_row", [0, 2])
def test_greedy_segment_ignores_pinned_batchmates(eos_prone, pinned_row: int) -> None:  # type: ignore[no-untyped-def]
    """At beam 1 a segment without pins is decoded greedily even beside segments with pins (which need the beam
    path): the end-of-sentence-prone model makes beam-1 search and greedy search differ."""
    model, sources, max_new = eos_prone
    settings = _settings(model, 1)
    pins: list[list[Constraint]] = [[] for _ in sources]
    pins[pinned_row] = [Constraint(((7, 8),))]
    batched = beam_search(model, sources, settings, max_new_tokens=max_new, constraints=pins)
    alone = [beam_search(model, [ids], settings, max_new_tokens=[limit], constraints=[pin])[0]
             for ids, limit, pin in zip(sources, max_new, pins)]
    assert batched == alone


CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: run tamngu/tools/gpu_check.sh on a GPU machine")


@CUDA
@pytest.mark.parametrize("beams", [1, 4])
def test_cuda_float16_keeps_every_pin(tiny_models: dict[str, Path], beams: int) -> None:
    from transformers import AutoTokenizer

    backend = get_backend("torch")(tiny_models["en"], device="cuda")
    assert backend.quantization == "float16"
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["en"])
    sources = [tokenizer(text)["input_ids"] for text in SAMPLES]
    pins = [[Constraint(((7, 8, 9), (10,))), Constraint(((11,),))]] * len(SAMPLES)
    outputs = backend.generate(sources, DecodeOptions(beams, 1.0, [9] * len(SAMPLES)), pins)
    assert all((_contains(out, (7, 8, 9)) or 10 in out) and 11 in out for out in outputs)


@CUDA
def test_cuda_greedy_search_equals_generate(vi_en) -> None:  # type: ignore[no-untyped-def]
    import copy

    model, tokenizer = vi_en
    model = copy.deepcopy(model).to("cuda", torch.float16)
    for text in SAMPLES:
        ids = tokenizer(text)["input_ids"]
        ours = beam_search(model, [ids], _settings(model, 1), max_new_tokens=[8])[0]
        expected = model.generate(torch.tensor([ids], device="cuda"), num_beams=1, max_new_tokens=8)[0].tolist()
        body = [t for t in expected[1:] if t != model.config.pad_token_id]
        assert ours == (body[:-1] if body and body[-1] == 0 else body)
