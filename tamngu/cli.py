"""The ``tamngu`` command: a thin layer over typed functions.

Each subcommand group lives in its own module under :mod:`tamngu.commands`;
this module only assembles them and turns :class:`TamnguError` into one line
on stderr and its exit code.
"""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from tamngu.errors import TamnguError

app = typer.Typer(
    name="tamngu",
    help="Vietnamese -> English / Chinese news translation with a curated glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# (module under tamngu.commands, attribute, name); a Typer attribute becomes a
# command group, a function a plain command.
_COMMANDS: list[tuple[str, str, str]] = [
    ("glossary", "app", "glossary"),
    ("translate", "translate_command", "translate"),
    ("models", "app", "models"),
    ("corpus", "app", "corpus"),
    ("evaluate", "eval_command", "eval"),
    ("bench", "bench_command", "bench"),
]


def _register() -> None:
    for module_name, attribute, name in _COMMANDS:
        try:
            module = importlib.import_module(f"tamngu.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tamngu.commands.{module_name}":
                raise
            continue  # that stage is not built yet
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            app.command(name=name)(target)


_register()


def main() -> None:
    """Entry point of the ``tamngu`` console script.

    Usage errors are click's (exit 2, with usage); a :class:`TamnguError` becomes
    one ``error:`` line on stderr and its exit code, with no traceback.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(prog_name="tamngu")
    except TamnguError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
