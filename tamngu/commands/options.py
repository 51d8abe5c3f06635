"""The options several subcommands share, each defined once: ``--json``, ``--glossary``, ``--date``,
``--model-en``, ``--model-zh``, ``--config``.

A command declares a parameter with one of these types (``json_output: JsonOption = False``) and
turns a ``--date`` value into a day with :func:`parse_date`, so every command spells, documents and
rejects them the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from tamngu.errors import BadInputError
from tamngu.glossary.loader import GLOSSARY_ENV

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of tables.")]

GlossaryOption = Annotated[
    Optional[Path],
    typer.Option(
        "--glossary",
        envvar=GLOSSARY_ENV,
        help="Glossary directory of *.toml files (default: the curated glossary shipped in glossary/data).",
        show_default=False,
    ),
]

DateOption = Annotated[
    Optional[str],
    typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Only glossary entries valid on this day apply.", show_default=False,
    ),
]

ModelEnOption = Annotated[
    Optional[str], typer.Option("--model-en", help="vi->en model: Hugging Face id or local directory.", show_default=False)
]
ModelZhOption = Annotated[
    Optional[str], typer.Option("--model-zh", help="en->zh model: Hugging Face id or local directory.", show_default=False)
]
ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", help="TOML settings file (default: \\[tool.tamngu] of ./pyproject.toml).", show_default=False),
]


def parse_date(text: str | None) -> dt.date | None:
    """The day a ``--date`` value names (None when not given).

    Raises:
        BadInputError: not a date written YYYY-MM-DD.
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInputError(f"--date must be YYYY-MM-DD, got '{text}'") from None


def examples(*command_lines: str) -> str:
    """The ``epilog`` of a subcommand: its examples, one paragraph each, at the end of ``--help``.

    Example:
        >>> examples("tamngu corpus inspect seeds/000_3a4965e06602310f.txt --json")
        'Example: tamngu corpus inspect seeds/000_3a4965e06602310f.txt --json'
    """
    return "\n\n".join(f"Example: {line}" for line in command_lines)
