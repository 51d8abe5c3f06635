"""Every subcommand's ``--help`` ends with a real example on the seed corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tamngu.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = re.compile(r"seeds/[\w.]*")


def _leaves(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every subcommand below ``group`` (typer's groups and commands, whichever click it bundles)."""
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _leaves(command, (*path, name))
        else:
            yield (*path, name), command


SUBCOMMANDS = list(_leaves(typer.main.get_command(app)))


def test_every_command_group_is_registered() -> None:
    assert {path[0] for path, _ in SUBCOMMANDS} == {"bench", "corpus", "eval", "glossary", "models", "serve", "translate"}


@pytest.mark.parametrize(("path", "command"), SUBCOMMANDS, ids=[" ".join(path) for path, _ in SUBCOMMANDS])
def test_epilog_is_an_example_on_the_seeds(path: tuple[str, ...], command: Any) -> None:
    paragraphs = (command.epilog or "").split("\n\n")
    assert paragraphs and all(p.startswith("Example: tamngu ") for p in paragraphs), command.epilog
    assert any(p.startswith(f"Example: tamngu {' '.join(path)}") or f"&& tamngu {' '.join(path)}" in p for p in paragraphs)
    seeds = SEED_PATH.findall(command.epilog or "")
    assert seeds, f"no seeds/ in the example of tamngu {' '.join(path)}"
    assert all((ROOT / seed).exists() for seed in seeds), seeds
    assert "Example:" not in (command.help or ""), "examples belong in the epilog"


def test_help_ends_with_the_epilog() -> None:
    result = CliRunner().invoke(app, ["corpus", "inspect", "--help"], terminal_width=200)
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 0 and lines[-1] == "Example: tamngu corpus inspect seeds/000_3a4965e06602310f.txt --json"
