"""The desk's translation worker: one thread, one job at a time, in the order they came.

Requests only enqueue a :class:`DeskJob` and read its state; the thread runs
the jobs (each a batch run, :func:`tamngu.translate.batch.run_batch`), so the
pages stay responsive while a job translates and a second request sees its
place in the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tamngu.errors import TamnguError

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class DeskJob:
    """One translation asked for at the desk: an article file into a run directory."""

    run: str  # run directory name under the runs folder
    article: str  # article id (the input file's stem)
    source: Path  # the article file
    targets: tuple[str, ...]
    date: dt.date | None
    names: bool
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    state: str = QUEUED
    done: int = 0
    total: int = 0
    error: str = ""

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)


JobRunner = Callable[[DeskJob], None]  # runs a job, updating done/total; raises on failure


class DeskWorker:
    """Run :class:`DeskJob` objects one at a time in a background thread."""

    def __init__(self, run_job: JobRunner) -> None:
        self._run_job = run_job
        self._queue: queue.Queue[DeskJob] = queue.Queue()
        self._jobs: dict[str, DeskJob] = {}
        self._order: list[str] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: DeskJob) -> DeskJob:
        """Queue ``job`` (the thread starts with the first one)."""
        with self._lock:
            self._jobs[job.id] = job
            self._order.append(job.id)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="tamngu-desk-worker", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> DeskJob | None:
        """The job with this id, if this server has it."""
        with self._lock:
            return self._jobs.get(job_id)

    def position(self, job: DeskJob) -> int:
        """0 while it runs or is finished; else how many jobs are ahead of it (1: it is next)."""
        if job.state != QUEUED:
            return 0
        with self._lock:
            waiting = [self._jobs[key] for key in self._order if self._jobs[key].state in (QUEUED, RUNNING)]
        return next((number for number, other in enumerate(waiting) if other.id == job.id), 0)

    def jobs(self) -> list[DeskJob]:
        """Every job of this server, newest first."""
        with self._lock:
            return [self._jobs[key] for key in reversed(self._order)]

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued job has finished (tests); False on timeout."""
        finished = threading.Event()

        def watch() -> None:
            self._queue.join()
            finished.set()

        threading.Thread(target=watch, daemon=True).start()
        return finished.wait(timeout)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job.state = RUNNING
                self._run_job(job)
                job.state = DONE
            except TamnguError as exc:
                job.error, job.state = str(exc), FAILED
            except Exception as exc:  # a bug must not kill the worker: the job says what happened
                logger.exception("desk job %s failed", job.id)
                job.error, job.state = f"{type(exc).__name__}: {exc}", FAILED
            finally:
                self._queue.task_done()
