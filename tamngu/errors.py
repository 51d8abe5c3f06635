"""The one exception root of tamngu.

Every error a user can cause (bad input, a missing model, a glossary conflict)
is a :class:`TamnguError`. The CLI prints its message on one line and exits
with its ``exit_code``; no traceback is shown for these.
"""

from __future__ import annotations


class TamnguError(Exception):
    """Root of all tamngu errors. ``exit_code`` is what the CLI exits with."""

    exit_code: int = 2


class BadInputError(TamnguError):
    """The user gave a file, value or option tamngu cannot use."""


class GlossaryError(TamnguError):
    """A glossary file is malformed or two entries conflict."""


class ModelNotFoundError(TamnguError):
    """A configured model is not available locally and cannot be fetched."""


class NotFoundError(TamnguError):
    """A lookup found nothing. Not a failure of the program: exit code 1."""

    exit_code = 1


def location(path: object, line: int | None = None) -> str:
    """Format ``path:line`` for error messages."""
    return f"{path}:{line}" if line else f"{path}"
