"""``tamngu models list|fetch``: the configured models and whether they are present locally."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tamngu.errors import ModelNotFoundError
from tamngu.translate.config import load_config
from tamngu.translate.models import ModelStatus, fetch_model, looks_like_path, model_status

app = typer.Typer(help="Show and download the translation models.", no_args_is_help=True)

ModelEn = Annotated[str | None, typer.Option("--model-en", help="vi->en model: Hugging Face id or local directory.")]
ModelZh = Annotated[str | None, typer.Option("--model-zh", help="en->zh model: Hugging Face id or local directory.")]
ConfigFile = Annotated[Path | None, typer.Option("--config", help="TOML settings file (default: \\[tool.tamngu] of ./pyproject.toml).")]
JsonOutput = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("list")
def list_command(model_en: ModelEn = None, model_zh: ModelZh = None, config_file: ConfigFile = None,
                 json_output: JsonOutput = False) -> None:
    """List the configured models (vi->en, en->zh) and whether each is present locally.

    Exit code 1 when a configured model is missing.

    Example: tamngu models list && tamngu translate seeds/002_455caeea9bf3c048.txt --to en
    """
    config = load_config(config_file, model_en=model_en, model_zh=model_zh)
    rows = model_status(config)
    if json_output:
        typer.echo(json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False, indent=2))
    else:
        Console().print(_table(rows, "configured models"))
    if not all(row.present for row in rows):
        raise typer.Exit(1)


@app.command("fetch")
def fetch_command(model_en: ModelEn = None, model_zh: ModelZh = None, config_file: ConfigFile = None,
                  json_output: JsonOutput = False) -> None:
    """Download the configured models into the Hugging Face cache (needs network).

    Local directories are left alone. Run this on a connected machine; translation
    itself then works offline (HF_HUB_OFFLINE=1).

    Example: tamngu models fetch && tamngu translate seeds/ --to en,zh --out out/
    """
    config = load_config(config_file, model_en=model_en, model_zh=model_zh)
    for lang in ("en", "zh"):
        ref = config.model_for(lang)
        if Path(ref).expanduser().is_dir() or looks_like_path(ref):
            continue
        try:
            fetch_model(ref, cache_dir=config.cache_dir, progress=not json_output)
        except Exception as exc:  # network, unknown id, disk
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelNotFoundError(f"could not download '{ref}': {reason}; check the id and the network") from exc
    rows = model_status(config)
    if json_output:
        typer.echo(json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False, indent=2))
    else:
        Console().print(_table(rows, "models after fetch"))


def _table(rows: list[ModelStatus], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("direction", "model", "present", "where", "revision"):
        table.add_column(column, overflow="fold", min_width=len(column) if column != "model" else 26)
    for row in rows:
        table.add_row(row.direction, row.ref, "yes" if row.present else "[red]no[/]",
                      row.path or "run `tamngu models fetch`", (row.revision or "")[:16])
    return table
