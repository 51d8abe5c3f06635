"""``tamngu translate`` end to end on the tiny models: plain text, JSON audit, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tamngu.cli import app

LINES = ["Bí thư Tỉnh ủy Vân Nam Vương Ninh.", "", "Đồng chí Trịnh Việt Hùng phát biểu."]


@pytest.fixture()
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def _models(tiny_models: dict[str, Path]) -> list[str]:
    return ["--model-en", str(tiny_models["en"]), "--model-zh", str(tiny_models["zh"]), "--device", "cpu"]


def test_json_lines_carry_source_targets_and_term_audit(tiny_models: dict[str, Path], text_file: Path) -> None:
    result = CliRunner().invoke(app, ["translate", str(text_file), "--to", "en,zh", "--json", "--beams", "2", *_models(tiny_models)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == LINES
    first = records[0]["targets"]
    assert set(first) == {"en", "zh"}
    for lang, required in (("en", "Wang Ning"), ("zh", "王宁")):
        terms = {t["source_text"]: t for t in first[lang]["terms"]}
        assert terms["Vương Ninh"]["required"] == required and terms["Vương Ninh"]["satisfied"] is True
        assert required in first[lang]["text"] and first[lang]["path"] == "hard"
    assert records[1]["targets"]["en"]["text"] == ""


def test_plain_output_one_line_per_segment_from_stdin(tiny_models: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, ["translate", "-", "--to", "en", "--beams", "1", *_models(tiny_models)],
                                input="\n".join(LINES) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and "Wang Ning" in lines[0] and lines[1] == "" and "Trinh Viet Hung" in lines[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "fr"], "--to must be en, zh or en,zh, got 'fr'"),
        (["--constraints", "strict"], "constraints (--constraints) must be one of hard, soft, off, got 'strict'"),
        (["--date", "29/10/2025"], "--date must be YYYY-MM-DD, got '29/10/2025'"),
        (["--engine", "onnx"], "engine (--engine) must be one of torch, ct2, got 'onnx'"),
        (["--torch-quantization", "int4"], "torch_quantization (--torch-quantization) must be one of auto, float32, int8, float16, bfloat16, got 'int4'"),
    ],
)
def test_bad_options_exit_2_with_one_line(text_file: Path, args: list[str], message: str,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(["translate", str(text_file), *args], monkeypatch, capsys)
    assert (code, out, err) == (2, "", f"error: {message}\n")


def _main(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from tamngu.cli import main

    monkeypatch.setattr("sys.argv", ["tamngu", *args])
    with pytest.raises(SystemExit) as caught:
        main()
    captured = capsys.readouterr()
    return int(caught.value.code or 0), captured.out, captured.err


def test_missing_input_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["translate", str(tmp_path / "nope.txt")])
    assert "does not exist" in str(result.exception)


def test_missing_model_stops_before_work_with_exit_2(tmp_path: Path, text_file: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "tamngu.cli", "translate", str(text_file), "--to", "en"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "error: model 'Helsinki-NLP/opus-mt-vi-en' is not in the local Hugging Face cache (offline); "
        "run `tamngu models fetch` on a connected machine"
    ]


def test_directory_input_needs_out(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["translate", str(tmp_path)])
    assert "add --out DIR" in str(result.exception)
