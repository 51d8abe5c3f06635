"""Options shared by several subcommands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tamngu.glossary.loader import GLOSSARY_ENV

GlossaryOption = Annotated[
    Optional[Path],
    typer.Option(
        "--glossary",
        envvar=GLOSSARY_ENV,
        help="Glossary directory of *.toml files (default: the curated glossary shipped in glossary/data).",
        show_default=False,
    ),
]
