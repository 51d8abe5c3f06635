"""A known official, misspelt by one syllable beside his office, is the glossary's holder (issue 23)."""

from __future__ import annotations

import datetime as dt

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Entry, Glossary, Role
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


def _person(entry_id: str, vi: str, en: str, start: dt.date, end: dt.date | None) -> Entry:
    role = Role("secretary-provincial-party-committee", "Secretary of the Lao Cai Provincial Party Committee", "老街省委书记", start, end)
    return Entry(entry_id, "person", vi, en, en, "verified", "test", roles=(role,), note="origin:vietnamese")


DATED = Glossary((
    Entry("secretary-provincial-party-committee", "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记", "verified", "test"),
    Entry("lao-cai", "place", "Lào Cai", "Lao Cai", "老街", "verified", "test", country="VN"),
    _person("vuong-minh-ha", "Vương Minh Hà", "Vuong Minh Ha", dt.date(2020, 1, 1), dt.date(2022, 12, 31)),
    _person("vuong-minh-hao", "Vương Minh Hào", "Vuong Minh Hao", dt.date(2023, 1, 1), None),
))


@pytest.mark.parametrize(
    ("date", "holder"),
    [
        (dt.date(2021, 6, 1), "vuong-minh-ha"),  # the holder on the article's date
        (dt.date(2024, 6, 1), "vuong-minh-hao"),
        (dt.date(2019, 6, 1), None),  # nobody held it then: the name stays an automatic reading
        (None, None),  # undated: two holders are one syllable off, so neither is chosen
    ],
)
def test_a_misspelt_official_is_the_holder_on_the_article_date(date: dt.date | None, holder: str | None) -> None:
    text = "Bí thư Tỉnh ủy Lào Cai Vương Minh Hải phát biểu."
    resolved = resolve_article([text], DATED, date=date, names=True)
    pin = next(p for p in resolved.pins[0] if p.text == "Vương Minh Hải")
    assert (pin.entry.id if pin.entry.provenance != "auto" else None) == holder
    listed = [name for name in resolved.review if name.key == "vương minh hải"]
    assert len(listed) == 1  # listed once for the editor
    expected = f"read as '{DATED.get(holder).vi}' ({holder}), holder of 'secretary-provincial-party-committee' on {date}" if holder else None
    assert (listed[0].reason.split(", ", 1)[1] if holder else None) == expected
    assert listed[0].occurrences == ((0, 23, 37),)
