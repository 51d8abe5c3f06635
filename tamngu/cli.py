"""The ``tamngu`` command: a thin layer over typed functions.

Each subcommand group lives in its own module under :mod:`tamngu.commands`;
this module only assembles them and turns :class:`TamnguError` into one line
on stderr and its exit code.
"""

from __future__ import annotations

import logging
import platform
import sys
from typing import Annotated

import typer

from tamngu import __version__
from tamngu.commands import bench, corpus, evaluate, glossary, models, serve, translate
from tamngu.commands.interrupt import Interrupted, install_sigterm, stop_code, stop_word
from tamngu.errors import TamnguError

app = typer.Typer(
    name="tamngu",
    help="Vietnamese -> English / Chinese news translation with a curated glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tamngu {__version__} (Python {platform.python_version()})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print tamngu's version and exit.")] = False,
) -> None:
    """Vietnamese -> English / Chinese news translation with a curated glossary."""


app.add_typer(glossary.app, name="glossary")
app.command(name="translate", epilog=translate.EPILOG)(translate.translate_command)
app.add_typer(models.app, name="models")
app.add_typer(corpus.app, name="corpus")
app.command(name="eval", epilog=evaluate.EPILOG)(evaluate.eval_command)
app.command(name="bench", epilog=bench.EPILOG)(bench.bench_command)
app.command(name="serve", epilog=serve.EPILOG)(serve.serve_command)


def main() -> None:
    """Entry point of the ``tamngu`` console script.

    Usage errors are click's (exit 2, with usage); a :class:`TamnguError` becomes
    one ``error:`` line on stderr and its exit code, with no traceback.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_sigterm()  # SIGTERM (timeout, systemd, containers) stops as Ctrl-C does
    try:
        app(prog_name="tamngu")
    except Interrupted as exc:  # a command said what a stop keeps
        typer.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    except TamnguError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo(stop_word(), err=True)
        sys.exit(stop_code())
    except SystemExit as exc:
        if exc.code == 130:  # typer turns a KeyboardInterrupt into exit 130
            typer.echo(stop_word(), err=True)
            sys.exit(stop_code())
        raise


if __name__ == "__main__":
    main()
