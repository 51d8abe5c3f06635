"""The README's set-up commands are the ones CI runs, with the same fallback when PyTorch's index is unreachable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_setup() -> list[str]:
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Set up and test", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    return block.group(1).strip().splitlines()


def _ci_commands() -> list[str]:
    lines = ROOT.joinpath(".ci/run").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip().replace("python3 -m pip", "pip") for line in lines if line.startswith("python3 -m ")]


@pytest.mark.parametrize(
    "piece",
    [
        "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu --retries 1 --timeout 15 || pip install torch==2.13.0",
        'pip install -e ".[dev,ray]"',
    ],
)
def test_readme_install_line_has_the_ci_fallback(piece: str) -> None:
    install = _readme_setup()[0]
    assert piece in install
    assert piece.split(" || ")[0] in " ".join(_ci_commands())


def test_readme_has_two_commands_the_second_runs_the_tests() -> None:
    assert _readme_setup()[1] == "python -m pytest -q"
    assert len(_readme_setup()) == 2
