"""Turning a pasted or uploaded article into a desk job, and running the job as a batch run.

The article is saved under ``RUNS/.desk-inputs/<run>/`` (outside the run
directory, which must hold only what a batch run writes) and translated with
:func:`tamngu.translate.batch.run_batch` into ``RUNS/<run>``, with the
session's loaded models and the glossary as it is when the job starts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from tamngu.corpus.encoding import decode_article_bytes
from tamngu.corpus.parse import load_article
from tamngu.errors import BadInputError
from tamngu.translate.plan import ARTICLE_SUFFIXES
from tamngu.translate.runner import BatchProgress
from tamngu.translate.session import ModelSession
from tamngu.web.runs import INPUTS_DIR, check_name, input_folder
from tamngu.web.state import GlossaryState
from tamngu.web.worker import DeskJob, JobRunner

TARGET_CHOICES = {"en": ("en",), "zh": ("zh",), "both": ("en", "zh")}


def job_runner(runs_dir: Path, glossary_state: GlossaryState, session: ModelSession) -> JobRunner:
    """The worker's job function: one batch run on the glossary as it is now, progress into the job."""

    def run(job: DeskJob) -> None:
        from tamngu.translate.batch import run_batch

        glossary = glossary_state.current()

        def progress(event: BatchProgress) -> None:
            job.done, job.total = event.done, event.total

        run_batch([job.source], runs_dir / job.run, job.targets, session.config, glossary, on_date=job.date,
                  executor=session.executor(glossary), on_progress=progress, names=job.names)  # fmt: skip

    return run


def parse_targets(value: str) -> tuple[str, ...]:
    """The target languages of the form's choice (en, zh or both)."""
    if value not in TARGET_CHOICES:
        raise BadInputError(f"translate into '{value}'? choose en, zh or both")
    return TARGET_CHOICES[value]


def parse_day(value: str) -> dt.date | None:
    """The article date typed in the form (empty: the page's date, else today)."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInputError(f"article date must be YYYY-MM-DD, got '{value}'") from None


def article_id(filename: str) -> str:
    """A safe article id from an uploaded file's name (its stem), or ``article``."""
    stem = Path(filename.replace("\\", "/")).name.rsplit(".", 1)[0]
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80]
    return cleaned or "article"


def new_run_name(runs_dir: Path, article: str, now: dt.datetime | None = None) -> str:
    """A run name not yet taken: ``desk-YYYYMMDD-HHMMSS-<article>`` (``-2``, ``-3``... when it is)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = check_name(f"desk-{stamp}-{article[:40]}")
    name, number = base, 1
    while (runs_dir / name).exists() or (runs_dir / INPUTS_DIR / name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def save_upload(runs_dir: Path, run: str, filename: str, data: bytes, limit: int) -> Path:
    """Keep an uploaded ``.txt``/``.html`` article for ``run`` and check it reads as one.

    Raises:
        BadInputError: too large, another type, not UTF-8 text, or no article text in it.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise BadInputError(f"'{Path(filename).name}' is a {suffix or 'file without extension'}: upload a .txt article or a saved .html page")
    if len(data) > limit:
        raise BadInputError(f"'{Path(filename).name}' is {len(data):,} bytes; the desk takes articles up to {limit:,} bytes")
    if suffix == ".txt":
        decode_article_bytes(data, Path(filename).name)  # not UTF-8 or binary: the same message as the CLI
    elif b"<" not in data[:4096]:
        raise BadInputError(f"'{Path(filename).name}' does not look like an HTML page (no tags at its start); upload it as .txt")
    return _keep(runs_dir, run, f"{article_id(filename)}{suffix}", data)


def save_pasted(runs_dir: Path, run: str, text: str, limit: int) -> Path:
    """Keep pasted text for ``run`` as ``article.txt``.

    Raises:
        BadInputError: empty or too large.
    """
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    if not text.strip():
        raise BadInputError("nothing to translate: paste an article or choose a .txt or .html file")
    if len(data) > limit:
        raise BadInputError(f"the pasted text is {len(data):,} bytes; the desk takes articles up to {limit:,} bytes")
    return _keep(runs_dir, run, "article.txt", data)


def _keep(runs_dir: Path, run: str, name: str, data: bytes) -> Path:
    folder = input_folder(runs_dir, run)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    if load_article(path).empty:
        raise BadInputError(f"'{name}' holds no article text (only page furniture or blank lines)")
    return path


def saved_input(runs_dir: Path, run: str) -> Path | None:
    """The article the desk translated into ``run`` (None for a batch run made elsewhere)."""
    folder = input_folder(runs_dir, run)
    found = sorted(p for p in folder.glob("*") if p.suffix.lower() in ARTICLE_SUFFIXES) if folder.is_dir() else []
    return found[0] if found else None
