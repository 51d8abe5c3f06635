"""``tamngu models list|fetch`` and model resolution, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tamngu.cli import app
from tamngu.errors import ModelNotFoundError
from tamngu.translate.config import TranslateConfig, load_config
from tamngu.translate.models import resolve_model


@pytest.fixture()
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    return tmp_path / "hub"


def test_list_shows_local_dirs_present_and_hub_ids_missing(tiny_models: dict[str, Path], offline: Path) -> None:
    result = CliRunner().invoke(app, ["models", "list", "--model-en", str(tiny_models["en"]), "--json"])
    report = json.loads(result.stdout)
    rows = {row["direction"]: row for row in report["configured"]}
    assert result.exit_code == 0  # a missing model is reported, not an error
    assert rows["vi-en"]["present"] is True and rows["vi-en"]["source"] == "local directory"
    assert rows["en-zh"] == {**rows["en-zh"], "ref": "Helsinki-NLP/opus-mt-en-zh", "present": False, "source": "missing"}
    local = {item["path"]: item for item in report["local"]}  # the configured model's siblings are listed
    assert local[str(tiny_models["en"].resolve())]["configured"] == "en"
    assert local[str(tiny_models["zh"].resolve())]["configured"] == ""


def test_list_exit_0_when_everything_is_present(tiny_models: dict[str, Path], offline: Path) -> None:
    result = CliRunner().invoke(app, ["models", "list", "--model-en", str(tiny_models["en"]), "--model-zh", str(tiny_models["zh"])])
    assert result.exit_code == 0, result.output
    assert "local directory" not in result.stdout  # the table shows paths, not the source label
    assert str(tiny_models["zh"]) in result.stdout  # piped: whole paths, never cut at 80 columns
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_hub_cache_snapshot_is_found_offline(tiny_models: dict[str, Path], offline: Path) -> None:
    # a hand-made cache entry as huggingface_hub lays it out
    snapshot = offline / "models--Helsinki-NLP--opus-mt-vi-en" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    for file in tiny_models["en"].iterdir():
        (snapshot / file.name).write_bytes(file.read_bytes())
    (offline / "models--Helsinki-NLP--opus-mt-vi-en" / "refs").mkdir()
    (offline / "models--Helsinki-NLP--opus-mt-vi-en" / "refs" / "main").write_text("a" * 40)
    resolved = resolve_model("Helsinki-NLP/opus-mt-vi-en")
    assert (resolved.path, resolved.revision, resolved.local_dir) == (snapshot, "a" * 40, False)


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("Helsinki-NLP/opus-mt-vi-en", "model 'Helsinki-NLP/opus-mt-vi-en' is not in the local Hugging Face cache (offline); run `tamngu models fetch`"),
        ("./no/such/model", "model directory './no/such/model' does not exist"),
    ],
)
def test_missing_models_raise_one_line(offline: Path, ref: str, message: str) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model(ref)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_fetch_offline_fails_with_exit_2(offline: Path) -> None:
    result = CliRunner().invoke(app, ["models", "fetch", "--model-zh", "/tmp"])
    assert isinstance(result.exception, ModelNotFoundError)
    assert "could not download 'Helsinki-NLP/opus-mt-vi-en'" in str(result.exception)


@pytest.mark.parametrize(
    ("toml", "overrides", "expected"),
    [
        ("", {}, {"beams": 4, "constraints": "hard", "model_en": "Helsinki-NLP/opus-mt-vi-en"}),
        ("[tool.tamngu]\nbeams = 6\nengine = 'ct2'\n", {}, {"beams": 6, "engine": "ct2"}),
        ("[tool.tamngu]\nbeams = 6\n", {"beams": 2, "constraints": None}, {"beams": 2, "constraints": "hard"}),
        ("[tool.tamngu]\nbeams = 6\n[tool.tamngu.bench]\nquick = true\n", {}, {"beams": 6}),
    ],
)
def test_config_precedence(tmp_path: Path, toml: str, overrides: dict, expected: dict) -> None:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    config = load_config(cwd=tmp_path, **overrides)
    assert {key: getattr(config, key) for key in expected} == expected


def test_config_file_errors_name_file_and_key(tmp_path: Path) -> None:
    from tamngu.errors import BadInputError

    path = tmp_path / "tamngu.toml"
    path.write_text("beam = 4\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"tamngu.toml: unknown setting 'beam'; known settings: .*beams"):
        load_config(path)
    assert TranslateConfig().decoding_settings()["beams"] == 4
    assert "device" not in TranslateConfig().decoding_settings()
