"""Running ``tamngu`` in-process through its real entry point, for the CLI tests."""

from __future__ import annotations

import io
import sys

import pytest

from tamngu.cli import main


def invoke(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``tamngu ARGS`` with ``stdin``; (exit code, stdout, stderr). A traceback on stderr fails the test."""
    monkeypatch.setattr(sys, "argv", ["tamngu", *args])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return int(exited.value.code or 0), out, err
