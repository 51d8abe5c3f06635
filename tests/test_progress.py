"""Plain progress lines for a stderr that is not a terminal (logs, CI, cron)."""

from __future__ import annotations

import io
import threading

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
        ([(130.0, 13, 1000)], ["translating: 13/1000 segments (1%), 10.0 s per segment, ETA 2h44m"]),
        ([(6.0, 30, 120), (8.0, 60, 120)],  # the last state is printed at the end
         ["translating: 30/120 segments (25%), 5.0 segments/s, ETA 18s", "translating: 60/120 segments (50%), 7.5 segments/s, ETA 8s"]),
        # a part of a segment (one language of two, pieces of a long one) shows as such
        ([(6.0, 12.5, 80)], ["translating: 12.5/80 segments (16%), 2.1 segments/s, ETA 32s"]),
        ([(6.0, 79.0, 80), (12.0, 80, 80)],
         ["translating: 79/80 segments (99%), 13.2 segments/s, ETA 0s", "translating: 80/80 segments (100%), 6.7 segments/s"]),
        # ticks (None) print the state every five seconds while no event comes; nothing before the first event
        ([(6.0, None, None)], []),
        ([(1.0, 10, 40), (6.0, None, None), (8.0, None, None), (11.0, None, None)],
         ["translating: 10/40 segments (25%), 1.7 segments/s, ETA 18s", "translating: 10/40 segments (25%), 1.1 s per segment, ETA 33s"]),
    ],
)
def test_a_line_every_five_seconds_and_one_at_the_end(events: list[tuple[float, float | None, int | None]], lines: list[str]) -> None:
    clock, stream = Clock(), io.StringIO()
    plain = PlainProgress("translating", "segments", stream, every=5.0, clock=clock)
    for at, done, total in events:
        clock.now = 100.0 + at
        if done is None or total is None:
            plain.tick()
        else:
            plain.update(done, total)
    plain.close()
    assert stream.getvalue().splitlines() == lines


def test_the_ticker_prints_while_no_event_comes() -> None:
    stream = io.StringIO()
    plain = PlainProgress("translating", "segments", stream, every=0.01)
    plain.start()
    plain.update(1, 4)
    for _ in range(500):  # two lines after one event: at least one came from the thread (waits at most five seconds)
        if len(stream.getvalue().splitlines()) >= 2:
            break
        threading.Event().wait(0.01)
    plain.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2 and all(line.startswith("translating: 1/4 segments (25%)") for line in lines)
