"""The glossary stage's source: compiles without warnings, strips diacritics in one place."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from tamngu.glossary.closedsets import pin_closed_sets
from tamngu.glossary.events import compose_events
from tamngu.glossary.lookup import fold
from tamngu.glossary.normalize import slug, strip_marks

ROOT = Path(__file__).resolve().parents[1]
STAGE_FILES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "glossary").glob("*.py"))
STRIPPER = re.compile(r"unicodedata\.combining")


@pytest.mark.parametrize("path", [*STAGE_FILES, "tamngu/tools/closed_sets.py"])
def test_compiles_without_warnings(path: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SyntaxWarning ('is' with a literal, a bad escape) fails here
        compile((ROOT / path).read_text(encoding="utf-8"), path, "exec")


@pytest.mark.parametrize("path", [p for p in [*STAGE_FILES, "tamngu/tools/closed_sets.py"] if p != "glossary/normalize.py"])
def test_one_diacritics_stripper(path: str) -> None:
    assert not STRIPPER.search((ROOT / path).read_text(encoding="utf-8")), f"{path}: use normalize.strip_marks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Quốc Khánh", "Dang Quoc Khanh"),
        ("Quyết định số 12/QĐ-UBND", "Quyet dinh so 12/QD-UBND"),
        ("e\u0301", "e"),  # decomposed input too
        ("Hekou", "Hekou"),
    ],
)
def test_strip_marks(text: str, expected: str) -> None:
    assert strip_marks(text) == expected


@pytest.mark.parametrize(
    ("text", "en"),
    [
        ("Theo Quyết định số 12/QĐ-UBND của tỉnh.", "Decision No. 12/QD-UBND"),  # events: the code without Đ
        ("Đoàn thăm phường Cam Đường.", "Cam Duong ward"),  # closed sets: a unit in plain letters
    ],
)
def test_composed_english_is_plain(text: str, en: str) -> None:
    found = [match.entry.en for match in compose_events(text, [])] + [match.entry.en for match in pin_closed_sets(text, [], {})]
    assert en in found


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (fold, "Đặng Quốc Khánh, ＨÀ Nội 12", "dang quoc khanh ha noi"),
        (slug, "Đồng Đăng", "dong-dang"),
    ],
)
def test_fold_and_slug(function: object, text: str, expected: str) -> None:
    assert function(text) == expected  # type: ignore[operator]
