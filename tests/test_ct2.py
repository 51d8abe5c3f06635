"""The CTranslate2 engine: cached conversion, torch-equal greedy output, and the guarantee kept by re-decoding."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tamngu.translate import ct2_convert
from tamngu.translate.backend import Constraint, DecodeOptions, get_backend
from tamngu.translate.ct2_backend import Ct2Backend, thread_plan
from tamngu.translate.ct2_convert import converted_dir, ensure_converted, model_revision

SEGMENTS = 8  # short seed lines used by the decoding tests (random models never stop before the cap)
SHORT = 240  # characters


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Converted models go to a temporary cache, never the user's Hugging Face cache."""
    monkeypatch.setenv(ct2_convert.CACHE_ENV, str(tmp_path_factory.getbasetemp() / "ct2-cache"))


@pytest.fixture(scope="module")
def tokenizer(tiny_models: dict[str, Path]):  # type: ignore[no-untyped-def]
    import warnings

    from transformers import AutoTokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return AutoTokenizer.from_pretrained(tiny_models["en"])


@pytest.fixture(scope="module")
def engines(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The torch backend and a float32 ct2 backend of the tiny vi->en model."""
    root = tmp_path_factory.mktemp("ct2-float32")
    return {
        "torch": get_backend("torch")(tiny_models["en"], threads=1, quantization="float32"),
        "ct2": Ct2Backend(tiny_models["en"], quantization="float32", cache_root=root, threads=1),
    }


@pytest.fixture(scope="module")
def short_segments(seed_segments: list[str]) -> list[str]:
    return [text for text in seed_segments if len(text) <= SHORT][:SEGMENTS]


@pytest.fixture(scope="module")
def source_ids(tokenizer, short_segments: list[str]) -> list[list[int]]:  # type: ignore[no-untyped-def]
    return [tokenizer(text)["input_ids"] for text in short_segments]


# --- conversion and cache ------------------------------------------------------------------


def test_conversion_is_cached(tiny_models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ensure_converted(tiny_models["en"], model_ref="tiny", quantization="int8", root=tmp_path)
    assert (first / "model.bin").is_file()
    monkeypatch.setattr(ct2_convert, "_convert_atomically", _forbidden)
    assert ensure_converted(tiny_models["en"], model_ref="tiny", quantization="int8", root=tmp_path) == first
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [first.name]  # no staging folder left behind


def test_concurrent_conversions_convert_once(tiny_models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = ct2_convert._convert_atomically

    def counting(source: Path, target: Path, quantization: str) -> None:
        calls.append(target)
        real(source, target, quantization)

    monkeypatch.setattr(ct2_convert, "_convert_atomically", counting)
    found: list[Path] = []
    workers = [
        threading.Thread(target=lambda: found.append(ensure_converted(tiny_models["en"], model_ref="tiny", root=tmp_path)))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(calls) == 1 and len(set(found)) == 1 and len(found) == 3


def test_unfinished_conversion_is_redone(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    target = converted_dir("tiny", model_revision(tiny_models["en"]), "int8", tmp_path)
    target.mkdir(parents=True)
    (target / "model.bin").write_bytes(b"half a model")  # a crash before the marker was written
    assert ensure_converted(tiny_models["en"], model_ref="tiny", root=tmp_path) == target
    assert (target / "model.bin").stat().st_size > len(b"half a model")


@pytest.mark.parametrize(
    ("quantization_a", "quantization_b", "same"),
    [("int8", "int8", True), ("int8", "float32", False), ("float16", "int8_float32", False)],
)
def test_cache_key_includes_quantization(tiny_models: dict[str, Path], quantization_a: str, quantization_b: str, same: bool) -> None:
    revision = model_revision(tiny_models["en"])
    a = converted_dir("Helsinki-NLP/opus-mt-vi-en", revision, quantization_a, Path("/c"))
    b = converted_dir("Helsinki-NLP/opus-mt-vi-en", revision, quantization_b, Path("/c"))
    assert (a == b) is same


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("models--Helsinki-NLP--opus-mt-vi-en/snapshots/0123abcd/", "0123abcd"),
        ("models--x--y/snapshots/ffee99/", "ffee99"),
    ],
)
def test_revision_of_hub_snapshot(tmp_path: Path, relative: str, expected: str) -> None:
    folder = tmp_path / relative
    folder.mkdir(parents=True)
    assert model_revision(folder) == expected


def test_revision_of_local_directory_follows_content(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"d_model": 32}')
    before = model_revision(tmp_path)
    (tmp_path / "config.json").write_text('{"d_model": 64}')
    assert model_revision(tmp_path) != before and before.startswith("local-")


def test_unknown_quantization_is_a_user_error(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from tamngu.errors import BadInputError

    with pytest.raises(BadInputError, match="int4"):
        ensure_converted(tiny_models["en"], quantization="int4", root=tmp_path)


@pytest.mark.parametrize(
    ("threads", "cores", "expected"),
    [(None, 2, (2, 1)), (1, 2, (1, 1)), (None, 1, (1, 1)), (None, 8, (4, 2)), (16, 8, (4, 2)), (3, 16, (3, 1))],
)
def test_thread_plan_stays_within_physical_cores(threads: int | None, cores: int, expected: tuple[int, int]) -> None:
    inter, intra = thread_plan(threads, cores)
    assert (inter, intra) == expected and inter * intra <= cores


# --- decoding ------------------------------------------------------------------------------


def _limits(ids: list[list[int]]) -> list[int]:
    return [min(511, 2 * len(x) + 10) for x in ids]


def test_greedy_equals_torch_one_by_one(engines: dict[str, object], source_ids: list[list[int]]) -> None:
    for ids in source_ids:
        options = DecodeOptions(1, 1.0, _limits([ids]))
        assert engines["ct2"].generate([ids], options) == engines["torch"].generate([ids], options)  # type: ignore[attr-defined]


def test_greedy_equals_torch_batched(engines: dict[str, object], source_ids: list[list[int]]) -> None:
    options = DecodeOptions(1, 1.0, _limits(source_ids))
    assert engines["ct2"].generate(source_ids, options) == engines["torch"].generate(source_ids, options)  # type: ignore[attr-defined]


def test_beam_search_equals_torch_one_by_one(engines: dict[str, object], source_ids: list[list[int]]) -> None:
    """One segment per call, its cap is the call's cap: beam 4 agrees too on these models.

    (In a batch, CTranslate2 takes one cap per call, so a beam that reaches a
    segment's own cap is cut there instead of being forced to end there.)
    """
    for ids in source_ids:
        options = DecodeOptions(4, 1.0, _limits([ids]))
        assert engines["ct2"].generate([ids], options) == engines["torch"].generate([ids], options)  # type: ignore[attr-defined]


@pytest.mark.parametrize("beams", [1, 4])
def test_forced_lengths_match_torch(engines: dict[str, object], source_ids: list[list[int]], beams: int) -> None:
    forced = [8, 8, 16, 5]
    options = DecodeOptions(beams, 1.0, forced, forced)
    for name in ("ct2", "torch"):
        outputs = engines[name].generate(source_ids[: len(forced)], options)  # type: ignore[attr-defined]
        assert [len(out) for out in outputs] == [n - 1 for n in forced], name


def test_no_hard_constraints(engines: dict[str, object], source_ids: list[list[int]]) -> None:
    constraint = Constraint(((5, 6),))
    with pytest.raises(ValueError, match="torch"):
        engines["ct2"].generate(source_ids[:1], DecodeOptions(1, 1.0, [20]), [[constraint]])  # type: ignore[attr-defined]


# --- the guarantee on the ct2 engine ---------------------------------------------------------


def test_ct2_engine_keeps_every_term_through_redecoding(tiny_models: dict[str, Path], short_segments: list[str]) -> None:
    from tamngu.glossary.loader import load_glossary
    from tamngu.translate.config import TranslateConfig
    from tamngu.translate.pipeline import Translator

    config = TranslateConfig(model_en=str(tiny_models["en"]), model_zh=str(tiny_models["zh"]), engine="ct2", constraints="hard", threads=1)
    targets = ("en", "zh")  # zh pivots through en: both models go through ct2 and the re-decoder
    results = Translator(config, load_glossary()).translate(short_segments, targets=targets)
    terms = [term for r in results for lang in targets for term in r.targets[lang].terms]
    assert terms and all(term.satisfied for term in terms)
    paths = [r.targets[lang].path for r in results for lang in targets]
    assert set(paths) <= {"ct2-soft", "ct2-soft+hard-redecode"}
    for result in results:  # a segment without terms has nothing to re-decode
        for lang in targets:
            if not result.targets[lang].terms:
                assert result.targets[lang].path == "ct2-soft"
    # random weights do not write pinned forms on their own, so the torch decoder must have stepped in
    assert "ct2-soft+hard-redecode" in paths


def _forbidden(*_args: object) -> None:
    raise AssertionError("converted again instead of using the cache")
