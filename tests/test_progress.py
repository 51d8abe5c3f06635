"""Plain progress lines for a stderr that is not a terminal (logs, CI, cron)."""

from __future__ import annotations

import io

import pytest

from tamngu.commands.progress import PlainProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("events", "lines"),
    [
        ([(1.0, 10, 40)], []),  # a short command prints nothing
        ([(6.0, 30, 120)], ["translating: 30/120 segments (25%), 5.0 segments/s, ETA 18s"]),
        ([(6.0, 30, 120), (7.0, 35, 120), (12.0, 120, 120)],
         ["translating: 30/120 segments (25%), 5.0 segments/s, ETA 18s", "translating: 120/120 segments (100%), 10.0 segments/s"]),
        ([(130.0, 13, 1000)], ["translating: 13/1000 segments (1%), 0.1 segments/s, ETA 2h44m"]),
        ([(6.0, 30, 120), (8.0, 60, 120)],  # the last state is printed at the end
         ["translating: 30/120 segments (25%), 5.0 segments/s, ETA 18s", "translating: 60/120 segments (50%), 7.5 segments/s, ETA 8s"]),
    ],
)
def test_a_line_every_five_seconds_and_one_at_the_end(events: list[tuple[float, int, int]], lines: list[str]) -> None:
    clock, stream = Clock(), io.StringIO()
    plain = PlainProgress("translating", "segments", stream, every=5.0, clock=clock)
    for at, done, total in events:
        clock.now = 100.0 + at
        plain.update(done, total)
    plain.close()
    assert stream.getvalue().splitlines() == lines
