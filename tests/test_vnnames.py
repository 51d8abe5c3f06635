"""Chinese characters of names: pinned only where each character is settled (invented names)."""

from __future__ import annotations

import pytest

from tamngu.glossary.autopin import surname_rivals
from tamngu.glossary.vnnames import vietnamese_chinese


@pytest.mark.parametrize(
    ("name", "fallback", "zh", "missing", "doubtful"),
    [
        ("Nguyễn Văn Hùng", "", "阮文雄", (), ()),
        ("Trần Quốc Khánh", "", "陈国庆", (), ()),
        ("Phạm Thị Lan", "", "范氏兰", (), ()),
        # a syllable the press writes two ways for two people: no characters pinned
        ("Hoàng Bá Nam", "", "", (), ("Bá",)),
        ("Lê Hồng Minh", "", "", (), ("Hồng",)),
        ("Đặng Minh Vũ", "", "", (), ("Vũ",)),
        # no table character and no fallback: missing, never guessed
        ("Lò Văn Páo", "", "", ("Lò", "Páo"), ()),
        ("Đỗ Thu Hà", "", "", ("Hà",), ()),
        # the name assistant's character fills a syllable only when Chinese given names know no rival
        ("Vũ Quốc Đoàn", "武国团", "武国团", (), ()),
        ("Đỗ Thu Hà", "杜秋河", "", (), ("Hà",)),
        # a fallback of the wrong length is ignored
        ("Vũ Quốc Đoàn", "武国", "", ("Đoàn",), ()),
    ],
)
def test_vietnamese_chinese(name: str, fallback: str, zh: str, missing: tuple[str, ...], doubtful: tuple[str, ...]) -> None:
    result = vietnamese_chinese(name, fallback)
    assert result.zh == zh
    assert result.missing == missing
    assert tuple(item.split(":")[0] for item in result.uncertain) == doubtful
    assert bool(result.reason) == (not zh)


@pytest.mark.parametrize(
    ("syllable", "char", "rivals"),
    [
        ("Hồng", "红", ("洪",)),  # the surname 洪 reads Hồng too
        ("Hồng", "洪", ("红",)),
        ("Vương", "王", ()),
        ("Lưu", "刘", ()),
        ("Trương", "张", ()),
    ],
)
def test_surname_rivals(syllable: str, char: str, rivals: tuple[str, ...]) -> None:
    assert surname_rivals(syllable, char) == rivals
