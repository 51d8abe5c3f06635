"""Peak memory of a whole ``tamngu translate`` run: both models loaded, Vietnamese to English to Chinese.

The engine rows of ``tamngu bench`` measure one model at a time. A user's run
loads the vi->en and the en->zh model, the glossary and both tokenizers, and
decodes both directions; :func:`translate_run` runs exactly that command in a
child process on the bench's segments (one per line) and reads the child's
peak resident memory from the kernel (``wait4``), with its CPU seconds and wall time.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CLI = "from tamngu.cli import main; main()"


def translate_command(vi_en: Path, en_zh: Path, lines: Path, threads: int | None) -> list[str]:
    """The ``tamngu translate`` command line the bench runs (defaults otherwise: hard pins, beam 4, torch int8)."""
    command = [sys.executable, "-c", CLI, "translate", str(lines), "--to", "en,zh", "--model-en", str(vi_en),
               "--model-zh", str(en_zh), "--device", "cpu", "--json"]
    return command + (["--threads", str(threads)] if threads else [])


def translate_run(vi_en: Path, en_zh: Path, texts: Sequence[str], out: Path, threads: int | None = 1) -> dict[str, Any]:
    """Run ``tamngu translate`` on ``texts`` with both models; its peak memory, CPU and wall seconds.

    Raises:
        RuntimeError: the command failed (its last error line).
    """
    lines = out / "translate-input.txt"
    lines.write_text("\n".join(texts) + "\n", encoding="utf-8")
    command = translate_command(vi_en, en_zh, lines, threads)
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    with open(out / "translate-output.jsonl", "wb") as stdout, open(out / "translate-stderr.txt", "wb") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, cwd=out)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        tail = (out / "translate-stderr.txt").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"tamngu translate failed (exit {child.returncode}): {tail[0]}")
    peak_kib = usage.ru_maxrss  # KiB on Linux
    return {
        "command": "tamngu translate LINES --to en,zh --model-en VI_EN --model-zh EN_ZH --device cpu --json"
        + (f" --threads {threads}" if threads else ""),
        "segments": len(texts),
        "models": {"en": str(vi_en), "zh": str(en_zh)},
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "seconds": round(wall, 2),
    }
