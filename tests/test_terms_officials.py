"""A known official, misspelt by one syllable beside his office, is the glossary's holder (issue 23)."""

from __future__ import annotations

import datetime as dt

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.officials import MISSPELT_NOTE, one_syllable_off
from tamngu.glossary.resolve import resolve_article


@pytest.mark.parametrize(
    ("written", "known", "off"),
    [("Vương Linh", "Vương Ninh", True), ("Trịnh Việt Hưng", "Trịnh Việt Hùng", True), ("Trịnh Việt Hùng", "Trịnh Việt Hùng", False),
     ("Trần Văn Bình", "Trịnh Việt Hùng", False), ("Trịnh Hùng", "Trịnh Việt Hùng", False)],
)
def test_one_syllable_off(written: str, known: str, off: bool) -> None:
    assert one_syllable_off(written, known) is off


@pytest.mark.parametrize(
    ("text", "name", "en", "misspelt"),
    [
        ("Đồng chí Trịnh Việt Hưng, Bí thư Tỉnh ủy Lào Cai, phát biểu.", "Trịnh Việt Hưng", "Trinh Viet Hung", True),
        ("Phó Chủ tịch UBND tỉnh Lào Cai Nguyễn Thanh Sinh dự lễ.", "Nguyễn Thanh Sinh", "Nguyen Thanh Sinh", True),
        ("Ông Trần Văn Bình, Bí thư Tỉnh ủy Lào Cai, phát biểu.", "Trần Văn Bình", "Tran Van Binh", False),  # a stranger stays himself
    ],
)
def test_a_misspelt_holder_pins_the_glossary_person_for_review(text: str, name: str, en: str, misspelt: bool) -> None:
    resolved = resolve_article([text], load_glossary(None), date=dt.date(2025, 11, 20), names=True)
    pin = next(p for p in resolved.pins[0] if p.text == name)
    assert (pin.entry.en, pin.entry.note.startswith(MISSPELT_NOTE), pin.entry.provenance != "auto") == (en, misspelt, misspelt)
