"""Models that cannot serve their direction are refused with one line before any work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tamngu.errors import BadInputError, ModelNotFoundError
from tamngu.translate.models import resolve_model


def _copy(tiny: Path, tmp_path: Path, *, drop: str = "", languages: tuple[str, str] | None = None) -> Path:
    model = tmp_path / "model"
    shutil.copytree(tiny, model)
    if drop:
        (model / drop).unlink()
    if languages:
        config = json.loads((model / "tokenizer_config.json").read_text(encoding="utf-8"))
        config["source_lang"], config["target_lang"] = languages
        (model / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return model


@pytest.mark.parametrize(
    ("which", "direction", "languages", "message"),
    [
        ("zh", "vi-en", None, "translates en->zh by its own tokenizer_config.json (source_lang 'en', target_lang 'zh'), "
                              "but --model-en (config: model_en) needs a vi->en model such as Helsinki-NLP/opus-mt-vi-en"),
        ("en", "en-zh", None, "translates vi->en by its own tokenizer_config.json (source_lang 'vi', target_lang 'en'), "
                              "but --model-zh (config: model_zh) needs a en->zh model"),
        ("en", "vi-en", ("eng", "zho"), "source_lang 'eng', target_lang 'zho'"),  # OPUS-MT's three-letter codes
        ("en", "vi-en", ("vie", "eng"), None),
        ("en", "vi-en", ("mul", "eng"), None),  # a code tamngu does not know decides nothing
        ("en", "vi-en", None, None),
    ],
)
def test_a_model_for_another_direction_is_refused(tiny_models: dict[str, Path], tmp_path: Path, which: str,
                                                   direction: str, languages: tuple[str, str] | None, message: str | None) -> None:
    model = _copy(tiny_models[which], tmp_path, languages=languages)
    if message is None:
        assert resolve_model(str(model), direction=direction).path == model
        return
    with pytest.raises(BadInputError) as caught:
        resolve_model(str(model), direction=direction)
    assert message in str(caught.value) and str(caught.value).count("\n") == 0


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("source.spm", "no source.spm (the Marian tokenizer's files)"),
        ("target.spm", "no target.spm (the Marian tokenizer's files)"),
        ("vocab.json", "no vocab.json (the Marian tokenizer's files)"),
    ],
)
def test_missing_tokenizer_file_is_named(tiny_models: dict[str, Path], tmp_path: Path, drop: str, message: str) -> None:
    model = _copy(tiny_models["en"], tmp_path, drop=drop)
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model(str(model))
    assert str(caught.value).startswith(f"{model}: {message}; copy the whole model directory again")


def test_cli_refuses_the_wrong_direction_before_any_work(tiny_models: dict[str, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tamngu.cli import main

    source = tmp_path / "in.txt"
    source.write_text("Tỉnh Lào Cai.\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["tamngu", "translate", str(source), "--to", "en", "--model-en", str(tiny_models["zh"])])
    with pytest.raises(SystemExit) as caught:
        main()
    err = capsys.readouterr().err
    assert caught.value.code == 2 and err.startswith("error: model ") and "source_lang 'en', target_lang 'zh'" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("args", [["--version"], ["--version", "translate"]])
def test_version(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import platform

    from tamngu import __version__
    from tamngu.cli import main

    monkeypatch.setattr("sys.argv", ["tamngu", *args])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code in (0, None)
    assert capsys.readouterr().out == f"tamngu {__version__} (Python {platform.python_version()})\n"
