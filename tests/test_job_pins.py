"""A job carries the resolver's pins: the translator decodes with the constraints its memory key was made from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry
from tamngu.translate.config import TranslateConfig
from tamngu.translate.executor import LocalExecutor, TranslationJob
from tamngu.translate.longlines import Piece
from tamngu.translate.pipeline import SegmentResult, TargetResult, Translator, _piece_pins

OFFICE = Entry("mayor", "title", "Thị trưởng", "Mayor", "市长", "verified", "test")
PIN = Match(0, 10, "Thị trưởng", OFFICE)


class _Recorder:
    """A stand-in translator that keeps the keywords it was called with."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def translate(self, segments: list[str], targets: Any = ("en",), on_date: Any = None, pins: Any = None) -> list[SegmentResult]:
        self.calls.append({"pins": pins})
        return [SegmentResult(text, {"en": TargetResult(text, "hard")}) for text in segments]


def test_the_local_executor_hands_the_pins_to_the_translator() -> None:
    recorder = _Recorder()
    job = TranslationJob(0, ("Thị trưởng nói.",), ("en",), dt.date(2025, 1, 1), pins=((PIN,),))
    list(LocalExecutor(lambda: recorder).run(iter([job])))
    assert recorder.calls == [{"pins": ((PIN,),)}]


def test_given_pins_are_the_constraints() -> None:
    translator = Translator(TranslateConfig(), None)  # no glossary: only the given pins can pin anything
    assert translator._segment_matches(["Thị trưởng nói."], None, (), pins=[(PIN,)]) == [[PIN]]
    with pytest.raises(ValueError):
        translator._segment_matches(["a", "b"], None, (), pins=[(PIN,)])


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([Piece(0, 15)], [[(0, 10)]]),
        ([Piece(0, 4), Piece(4, 15)], [[], []]),  # a pin across the cut is dropped
        ([Piece(0, 11), Piece(11, 15)], [[(0, 10)], []]),
    ],
)
def test_a_split_segment_shares_its_pins_by_piece(pieces: list[Piece], expected: list[list[tuple[int, int]]]) -> None:
    shared = _piece_pins([(PIN,)], [pieces])
    assert shared is not None and [[(pin.start, pin.end) for pin in found] for found in shared] == expected
