"""Progress of long commands on stderr: a bar on a terminal, a plain line every few seconds elsewhere.

Logs, CI and cron have no terminal, so a Rich bar would print nothing until the
end (or redraw codes); they get ``translating: 120/800 segments (15%), 3.4
seg/s, ETA 3m20s`` every :data:`PLAIN_EVERY` seconds, whether or not an event
came in between (a model loading or a long batch still shows the run is
alive), and once at the end; a part of a segment shows as a fraction
(``12.5/800``). Nothing is drawn before the first event, so a command that
fails before any work prints its one error line only. Progress never goes to
stdout: ``--json`` output stays clean.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

PLAIN_EVERY = 5.0  # seconds between plain progress lines

Update = Callable[[float, int], None]  # (done, total)


class PlainProgress:
    """A progress line every ``every`` seconds (and at the end) for a stream that is not a terminal.

    Lines come from :meth:`update` and from :meth:`tick`; :meth:`start` runs a
    thread that ticks, so a line comes every ``every`` seconds even while no
    event does.
    """

    def __init__(self, label: str, unit: str, stream: TextIO, every: float = PLAIN_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.unit, self.stream, self.every, self.clock = label, unit, stream, every, clock
        self.started = clock()
        self.last_line = self.started  # a short command prints no progress at all
        self.printed = False
        self.last_state: tuple[float, int] | None = None
        self.state: tuple[float, int] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def update(self, done: float, total: int) -> None:
        """Record ``done`` of ``total``; print when ``every`` seconds passed since the last line."""
        self.state = (done, total)
        self.tick()

    def tick(self) -> None:
        """Print the current state when ``every`` seconds passed since the last line (nothing before the first event)."""
        with self._lock:
            now = self.clock()
            if self.state is not None and now - self.last_line >= self.every:
                self._print(now)

    def start(self) -> None:
        """Tick from a daemon thread until :meth:`close`."""
        self._ticker = threading.Thread(target=self._tick_until_closed, name="progress", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        """Stop ticking; the final line, when the command ran long enough to print progress at all."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            if self.printed and self.state != self.last_state:
                self._print(self.clock())

    def line(self, now: float) -> str:
        """``label: done/total unit (pct%), rate unit/s, ETA``."""
        done, total = self.state or (0, 0)
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        share = f" ({100.0 * done / total:.0f}%)" if total else ""
        eta = f", ETA {_duration((total - done) / rate)}" if rate > 0 and total > done else ""
        return f"{self.label}: {_amount(done)}/{total} {self.unit}{share}, {rate_text(rate, self.unit)}{eta}"

    def _tick_until_closed(self) -> None:
        while not self._stop.wait(min(1.0, self.every / 5)):
            self.tick()

    def _print(self, now: float) -> None:
        print(self.line(now), file=self.stream, flush=True)
        self.last_line, self.last_state, self.printed = now, self.state, True


@contextmanager
def progress(label: str, unit: str = "segments", *, enabled: bool = True, stream: TextIO | None = None) -> Iterator[Update | None]:
    """An ``update(done, total)`` callback drawing progress on stderr; None when not ``enabled``."""
    if not enabled:
        yield None
        return
    stream = stream or sys.stderr
    if not stream.isatty():
        plain = PlainProgress(label, unit, stream)
        plain.start()
        try:
            yield plain.update
        finally:
            plain.close()
        return
    with _bar(label, unit) as update:
        yield update


@contextmanager
def _bar(label: str, unit: str) -> Iterator[Update]:
    """A Rich bar started on the first update (nothing is drawn for a command that fails first)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
               TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn())  # fmt: skip
    bar: dict[str, Any] = {}

    def update(done: float, total: int) -> None:
        if not bar:
            bar["progress"] = Progress(*columns, console=Console(stderr=True), transient=False)
            bar["progress"].start()
            bar["task"] = bar["progress"].add_task(label, total=total, rate="")
        progress_bar, task = bar["progress"], bar["task"]
        elapsed = progress_bar.tasks[0].elapsed or 0.0
        rate = rate_text(done / elapsed, unit) if elapsed > 0 else ""  # the run's average, not a burst of cache hits
        progress_bar.update(task, total=total, completed=done, rate=rate)

    try:
        yield update
    finally:
        if bar:
            bar["progress"].stop()


def rate_text(rate: float, unit: str = "segments") -> str:
    """``5.0 segments/s``; under one a second, the time each takes (``12.5 s per segment``), never ``0.0/s``."""
    if rate >= 1.0 or rate <= 0.0:
        return f"{rate:.1f} {unit}/s"
    one = unit[:-1] if unit.endswith("s") else unit
    return f"{1.0 / rate:.1f} s per {one}"


def _amount(done: float) -> str:
    """A count of segments: whole, or with one decimal while a part of one is done (``12.5``)."""
    rounded = round(done, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
