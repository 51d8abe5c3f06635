"""``tamngu models list|fetch``: the configured models, the local model directories, and downloads."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tamngu.commands.options import ConfigOption, JsonOption, ModelEnOption, ModelZhOption, examples
from tamngu.errors import ModelNotFoundError
from tamngu.translate.config import TranslateConfig, load_config
from tamngu.translate.models import ModelStatus, fetch_model, local_model_dirs, looks_like_path, model_revision, model_status

app = typer.Typer(help="Show and download the translation models.", no_args_is_help=True)

ModelsDir = Annotated[Path, typer.Option("--dir", help="Folder whose model directories are listed too.")]
_LIST_EXAMPLE = examples(
    "tamngu models list --model-en models/vi-en && tamngu translate seeds/002_455caeea9bf3c048.txt --to en --model-en models/vi-en"
)
_FETCH_EXAMPLE = examples("tamngu models fetch && tamngu translate seeds/ --to en,zh --out out/")


@app.command("list", epilog=_LIST_EXAMPLE)
def list_command(model_en: ModelEnOption = None, model_zh: ModelZhOption = None, config_file: ConfigOption = None,
                 models_dir: ModelsDir = Path("models"), json_output: JsonOption = False) -> None:
    """List the configured models (vi->en, en->zh), whether each is present, and the local model directories.

    Exit code 0: a missing model is reported in the table, not an error (translate stops on it).
    """
    config = load_config(config_file, model_en=model_en, model_zh=model_zh)
    rows = model_status(config)
    local = _local_dirs(config, models_dir)
    if json_output:
        typer.echo(json.dumps({"configured": [dataclasses.asdict(row) for row in rows], "local": local},
                              ensure_ascii=False, indent=2))
        return
    console = _console()
    console.print(_table(rows, "configured models"))
    if local:
        console.print(_local_table(local))


@app.command("fetch", epilog=_FETCH_EXAMPLE)
def fetch_command(model_en: ModelEnOption = None, model_zh: ModelZhOption = None, config_file: ConfigOption = None,
                  json_output: JsonOption = False) -> None:
    """Download the configured models into the Hugging Face cache (needs network).

    Local directories are left alone. Run this on a connected machine; translation
    itself then works offline (HF_HUB_OFFLINE=1).
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
        _console().print(_table(rows, "models after fetch"))


def _local_dirs(config: TranslateConfig, models_dir: Path) -> list[dict[str, Any]]:
    """Model directories under ``models_dir`` and beside the configured local ones."""
    configured = {Path(config.model_for(lang)).expanduser().resolve(): lang for lang in ("en", "zh")}
    folders = {models_dir, *(path.parent for path in configured if path.is_dir())}
    found = sorted({path.resolve(): path for folder in folders for path in local_model_dirs(folder)}.items())
    return [{"path": str(path), "revision": model_revision(path), "configured": configured.get(resolved, "")}
            for resolved, path in found]


def _console() -> Console:
    # piped or redirected: no terminal width to respect, so never cut a path at 80 columns
    return Console() if sys.stdout.isatty() else Console(width=1000, soft_wrap=True)


def _table(rows: list[ModelStatus], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("direction", "model", "present", "where", "revision"):
        table.add_column(column, overflow="fold", min_width=len(column) if column != "model" else 26)
    for row in rows:
        table.add_row(row.direction, row.ref, "yes" if row.present else "[red]no[/]",
                      row.path or "run `tamngu models fetch`", (row.revision or "")[:22])
    return table


def _local_table(local: list[dict[str, Any]]) -> Table:
    table = Table(title="local model directories", title_justify="left")
    for column in ("directory", "revision", "configured for"):
        table.add_column(column, overflow="fold")
    for item in local:
        table.add_row(item["path"], item["revision"], {"en": "vi-en", "zh": "en-zh"}.get(item["configured"], ""))
    return table
