"""Normalization for matching: tables of tiny exact cases."""

from __future__ import annotations

import unicodedata

import pytest

from tamngu.glossary.normalize import canonical_tone, normalize, normalize_with_offsets


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("hoà", "hòa"),
        ("Thuý", "Thúy"),
        ("hoè", "hòe"),
        ("thủy", "thuỷ"),
        ("CHÂU HỒNG HÀ", "châu Hồng Hà"),
        (nfd("Vương Ninh"), "Vương Ninh"),
        (nfd("Tỉnh uỷ"), "Tỉnh ủy"),
        ("Lào Cai – Hà Khẩu", "Lào Cai - Hà Khẩu"),
        ("Lào Cai — Hà Khẩu", "Lào Cai - Hà Khẩu"),
        ("Lào\u00a0Cai", "Lào Cai"),
        ("Lào\tCai", "Lào Cai"),
    ],
)
def test_variants_normalize_alike(left: str, right: str) -> None:
    assert normalize(left) == normalize(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Hà", "Hạ"),
        ("Hà Khẩu", "hà khắc"),
        ("Hồng", "Hông"),
        ("Vương", "Vuong"),
        ("Cai", "Cải"),
    ],
)
def test_diacritics_are_never_dropped(left: str, right: str) -> None:
    assert normalize(left) != normalize(right)


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [
        ("hòa", "hoà"),
        ("hoà", "hoà"),
        ("thúy", "thuý"),
        ("ủy", "uỷ"),
        ("lào", "lào"),
        ("mùa", "mùa"),
        ("của", "của"),
        ("quả", "quả"),
        ("già", "già"),
        ("gìn", "gìn"),
        ("hoàng", "hoàng"),
        ("ngoài", "ngoài"),
        ("người", "người"),
        ("tuổi", "tuổi"),
        ("huỳnh", "huỳnh"),
        ("khuỷu", "khuỷu"),
        ("ninh", "ninh"),
        ("abc", "abc"),
    ],
)
def test_canonical_tone_placement(syllable: str, expected: str) -> None:
    assert canonical_tone(syllable) == expected


@pytest.mark.parametrize(
    "text",
    ["Vương Ninh ở Hà Khẩu", nfd("Vương Ninh ở Hà Khẩu"), nfd("BÍ THƯ TỈNH ỦY"), "Lào Cai\u00a0–\u00a0Hà Khẩu", ""],
)
def test_offsets_map_back_to_original(text: str) -> None:
    normalized, offsets = normalize_with_offsets(text)
    assert len(offsets) == len(normalized) + 1
    assert offsets[0] == 0 and offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    # every original character is covered and normalizing the mapped-back text gives the same string
    assert normalize(text[offsets[0] : offsets[-1]]) == normalized
