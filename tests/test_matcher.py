"""Glossary matching: leftmost-longest, syllable boundaries, offsets into the original."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tamngu.glossary.matcher import Matcher, case_fits
from tamngu.glossary.model import Entry


def entry(entry_id: str, vi: str, *variants: str, **dates: dt.date) -> Entry:
    return Entry(
        id=entry_id, type="place", vi=vi, en=entry_id, zh=entry_id, provenance="derived",
        source="test", variants=variants, **dates,
    )


ENTRIES = [
    entry("wang-ning", "Vương Ninh"),
    entry("hekou", "Hà Khẩu"),
    entry("lao-cai", "Lào Cai"),
    entry("yunnan", "Vân Nam"),
    entry("secretary", "Bí thư Tỉnh ủy"),
    entry("secretary-yunnan", "Bí thư Tỉnh ủy Vân Nam"),
    entry("honghe", "châu Hồng Hà"),
    entry("red-river", "sông Hồng"),
    entry("people-committee", "Ủy ban nhân dân", "UBND"),
    entry("railway", "Lào Cai - Hà Khẩu"),
]
MATCHER = Matcher(ENTRIES)


def found(text: str) -> list[tuple[str, str]]:
    return [(match.text, match.entry.id) for match in MATCHER.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đồng chí Vương Ninh", [("Vương Ninh", "wang-ning")]),
        ("Ninh", []),
        ("ông Ninh và Vương", []),
        ("thái độ hà khắc", []),
        ("cửa khẩu Hà Khẩu", [("Hà Khẩu", "hekou")]),
        ("Bí thư Tỉnh ủy Vân Nam", [("Bí thư Tỉnh ủy Vân Nam", "secretary-yunnan")]),
        ("Bí thư Tỉnh ủy Lào Cai", [("Bí thư Tỉnh ủy", "secretary"), ("Lào Cai", "lao-cai")]),
        ("Bí thư Tỉnh uỷ", [("Bí thư Tỉnh uỷ", "secretary")]),
        ("BÍ THƯ TỈNH ỦY", [("BÍ THƯ TỈNH ỦY", "secretary")]),
        ("CHÂU HỒNG HÀ", [("CHÂU HỒNG HÀ", "honghe")]),
        ("châu Hồng Hà và sông Hồng", [("châu Hồng Hà", "honghe"), ("sông Hồng", "red-river")]),
        ("Phó Chủ tịch UBND tỉnh", [("UBND", "people-committee")]),
        ("đường sắt Lào Cai – Hà Khẩu", [("Lào Cai – Hà Khẩu", "railway")]),
        ("đường sắt Lào Cai-Hà Khẩu", [("Lào Cai-Hà Khẩu", "railway")]),
        ("Lào\u00a0Cai", [("Lào\u00a0Cai", "lao-cai")]),
        ("Lào Caii", []),
        ("Hạ Khẩu", []),
    ],
)
def test_matches(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_nfd_offsets_point_into_original() -> None:
    text = unicodedata.normalize("NFD", "ở Hà Khẩu, Vân Nam")
    matches = MATCHER.find(text)
    assert [(text[m.start : m.end], m.entry.id) for m in matches] == [
        (unicodedata.normalize("NFD", "Hà Khẩu"), "hekou"),
        (unicodedata.normalize("NFD", "Vân Nam"), "yunnan"),
    ]
    assert all(m.text == text[m.start : m.end] for m in matches)


def test_offsets_exact_for_nfc() -> None:
    assert [(m.start, m.end) for m in MATCHER.find("Tại Lào Cai")] == [(4, 11)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2021, 5, 18), "old"), (dt.date(2025, 10, 29), "new"), (None, "new")],
)
def test_date_chooses_the_valid_entry(day: dt.date | None, expected: str) -> None:
    entries = [
        entry("old", "tỉnh Lào Cai", valid_to=dt.date(2025, 6, 30)),
        entry("new", "tỉnh Lào Cai", valid_from=dt.date(2025, 7, 1)),
    ]
    assert [m.entry.id for m in Matcher(entries, on_date=day).find("tỉnh Lào Cai")] == [expected]


CASE_ENTRIES = [
    entry("finland", "Phần Lan"),
    entry("northwest", "Tây Bắc", "vùng Tây Bắc"),
    entry("africa", "châu Phi"),
    entry("laos", "Lào"),
    entry("hcmc", "Thành phố Hồ Chí Minh"),
    entry("border-gate", "cửa khẩu"),
]
CASE_MATCHER = Matcher(CASE_ENTRIES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("góp phần lan tỏa", []),  # two common words, not Finland
        ("Phần lan tỏa khắp nơi", []),  # a sentence's first word capitalized: still not the name
        ("đoàn Phần Lan", [("Phần Lan", "finland")]),
        ("ĐOÀN PHẦN LAN", [("PHẦN LAN", "finland")]),  # a headline in capitals
        ("cách tây bắc Palau", []),  # a compass direction, not the region
        ("vùng Tây Bắc", [("vùng Tây Bắc", "northwest")]),
        ("Vùng Tây Bắc", [("Vùng Tây Bắc", "northwest")]),
        ("đi châu phi", []),
        ("đi châu Phi", [("châu Phi", "africa")]),
        ("Châu Phi", [("Châu Phi", "africa")]),
        ("lào xào", []),  # a one-syllable name must be capitalized
        ("nước Lào", [("Lào", "laos")]),
        ("tại thành phố Hồ Chí Minh", [("thành phố Hồ Chí Minh", "hcmc")]),  # the first word may be lower case
        ("Cửa khẩu mở", [("Cửa khẩu", "border-gate")]),  # a form with no capital asks nothing
    ],
)
def test_a_place_matches_only_written_as_a_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(match.text, match.entry.id) for match in CASE_MATCHER.find(text)] == expected


@pytest.mark.parametrize(
    ("form", "written", "fits"),
    [
        ((True, True), (False, False), False),
        ((True, True), (True, False), False),
        ((True, True), (False, True), True),
        ((False, True), (False, True), True),
        ((True,), (False,), False),
        ((True,), (True,), True),
        ((False, False), (False, False), True),
        ((True, False, True, True), (False, False, False, True), True),  # at least one of the name's own capitals
    ],
)
def test_case_fits(form: tuple[bool, ...], written: tuple[bool, ...], fits: bool) -> None:
    assert case_fits(form, written) is fits
