"""``tamngu serve``: the desk, a local web app to translate, review names and edit the glossary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from tamngu.commands.options import ConfigOption, GlossaryOption, ModelEnOption, ModelZhOption, examples

EPILOG = examples(
    "tamngu serve --model-en models/vi-en --model-zh models/en-zh --runs runs/   "
    "(then open http://127.0.0.1:8000/ and paste seeds/002_455caeea9bf3c048.txt)",
    "tamngu serve --host 0.0.0.0 --token \"$(python -c 'import secrets; print(secrets.token_urlsafe())')\" --runs runs/",
)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but 127.0.0.1/localhost needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to bind.")] = 8000,
    glossary_dir: GlossaryOption = None,
    runs: Annotated[Path, typer.Option("--runs", help="Folder of run directories: each translation lands here; batch runs here are listed and reviewed.")] = Path("runs"),
    model_en: ModelEnOption = None,
    model_zh: ModelZhOption = None,
    constraints: Annotated[Optional[str], typer.Option("--constraints", help="hard (guaranteed terms, default), soft or off.")] = None,
    beams: Annotated[Optional[int], typer.Option("--beams", min=1, help="Beam size (1 = greedy).")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="torch (default) or ct2.")] = None,
    device: Annotated[Optional[str], typer.Option("--device", help="auto (CUDA when available), cpu or cuda.")] = None,
    torch_quantization: Annotated[Optional[str], typer.Option("--torch-quantization", help="Weights of the torch engine: auto, int8, float32, float16 or bfloat16.")] = None,
    config_file: ConfigOption = None,
    token: Annotated[Optional[str], typer.Option("--token", envvar="TAMNGU_TOKEN", help="Secret every request must carry (required for a non-loopback --host).", show_default=False)] = None,
    max_upload: Annotated[int, typer.Option("--max-upload", min=1024, help="Largest article upload accepted, in bytes.")] = 2 * 1024 * 1024,
) -> None:
    """Serve the desk: paste or upload an article, see every pin, decide the new names, edit the glossary.

    Models load once, on the first translation, and are shared by every request;
    translations run one at a time in a worker (a second one waits its turn and
    shows its place), each as a run in --runs with the files a batch run writes.
    Without model weights the Review, Glossary and Runs pages still work. Every
    asset ships with tamngu: it works offline.
    """
    import uvicorn

    from tamngu.glossary.loader import default_glossary_dir
    from tamngu.translate.config import load_config
    from tamngu.web.app import create_app
    from tamngu.web.settings import DeskSettings

    config = load_config(config_file, model_en=model_en, model_zh=model_zh, constraints=constraints, beams=beams,
                         engine=engine, device=device, torch_quantization=torch_quantization)  # fmt: skip
    settings = DeskSettings(
        glossary_dir=glossary_dir if glossary_dir is not None else default_glossary_dir(),
        runs_dir=runs, config=config, host=host, port=port, token=token or os.environ.get("TAMNGU_TOKEN") or None,
        max_upload_bytes=max_upload,
    )  # fmt: skip
    app = create_app(settings)
    typer.echo(f"tamngu desk: {settings.url}  (glossary {settings.glossary_dir}, runs {runs.resolve()}; Ctrl-C stops it)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
