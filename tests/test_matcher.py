"""Glossary matching: leftmost-longest, syllable boundaries, offsets into the original."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tamngu.glossary.matcher import Matcher
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
