"""Ctrl-C and SIGTERM: the same clean stop, and a last line that says what was kept.

``timeout``, systemd and container runtimes stop a process with SIGTERM. Python's
default for it ends the process at once: no ``finally`` runs, so temporary
files stay and nothing is said. :func:`install_sigterm` turns SIGTERM into the
:class:`KeyboardInterrupt` that Ctrl-C raises, so both unwind the same way
(the memory's transaction rolls back, temporary files are removed, the run
lock is released); :func:`stop_code` then gives 143 (128 + SIGTERM) instead of
130 (128 + SIGINT).

A command wraps its work in :func:`interruptible` with what a user should know
after a stop: a batch run keeps its finished groups and resumes, plain text
keeps nothing. :class:`Interrupted` carries that line to the CLI.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from tamngu.errors import TamnguError

SIGINT_CODE = 128 + signal.SIGINT
SIGTERM_CODE = 128 + signal.SIGTERM
_terminated = [False]


class Interrupted(TamnguError):
    """The user (Ctrl-C) or the system (SIGTERM) stopped a command; the message says what was kept."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def install_sigterm() -> None:
    """Make SIGTERM raise :class:`KeyboardInterrupt` in the main thread, as Ctrl-C does."""
    signal.signal(signal.SIGTERM, _on_sigterm)


def stop_code() -> int:
    """The exit code of a stop: 143 after SIGTERM, 130 after Ctrl-C."""
    return SIGTERM_CODE if _terminated[0] else SIGINT_CODE


def stop_word() -> str:
    """``terminated`` after SIGTERM, ``interrupted`` after Ctrl-C."""
    return "terminated" if _terminated[0] else "interrupted"


@contextmanager
def interruptible(kept: str) -> Iterator[None]:
    """Turn a stop inside the block into :class:`Interrupted` saying ``kept`` (what survives, what to do)."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(f"{stop_word()}; {kept}", stop_code()) from None


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    _terminated[0] = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise KeyboardInterrupt
