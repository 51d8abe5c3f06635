"""Long segments: split at sentence, clause, word and character boundaries, never cut, and joined back."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tamngu.translate.longlines import Piece, join_translations, split_long


def _words(text: str) -> int:
    """One token per word plus end-of-sentence, for the table."""
    return len(text.split()) + 1


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("Một hai ba.", 8, ["Một hai ba."]),
        ("Một hai ba. Bốn năm sáu. Bảy tám.", 5, ["Một hai ba.", "Bốn năm sáu.", "Bảy tám."]),
        ("Một hai. Ba bốn. Năm sáu bảy tám chín.", 6, ["Một hai. Ba bốn.", "Năm sáu bảy tám chín."]),
        ("Tỉnh ủy Vân Nam, Lào Cai, Hà Khẩu và Hồng Hà", 5, ["Tỉnh ủy Vân Nam,", "Lào Cai,", "Hà Khẩu và Hồng", "Hà"]),
        ("một hai ba bốn năm sáu bảy", 3, ["một hai", "ba bốn", "năm sáu", "bảy"]),
        ("“Xin chào.” Tạm biệt nhé bạn.", 4, ["“Xin chào.”", "Tạm biệt nhé", "bạn."]),
        ("  Một hai ba. Bốn năm.  ", 4, ["Một hai ba.", "Bốn năm."]),
    ],
)
def test_split_covers_every_word_within_the_limit(text: str, limit: int, pieces: list[str]) -> None:
    found = split_long(text, _words, limit)
    assert [text[p.start : p.end] for p in found] == pieces
    assert all(_words(text[p.start : p.end]) <= limit for p in found)
    assert " ".join(text[p.start : p.end] for p in found).split() == text.split()


def test_a_word_longer_than_the_limit_is_cut_between_characters() -> None:
    chars = len  # one token per character
    text = "a" * 25
    found = split_long(text, chars, 10)
    assert [p.end - p.start for p in found] == [10, 10, 5] and found[0] == Piece(0, 10)


@pytest.mark.parametrize(
    ("texts", "lang", "joined", "offsets"),
    [
        (["One.", "Two."], "en", "One. Two.", [0, 5]),
        (["一。", "二。"], "zh", "一。二。", [0, 2]),
        (["", "Two."], "en", "Two.", [0, 0]),
    ],
)
def test_join(texts: list[str], lang: str, joined: str, offsets: list[int]) -> None:
    assert join_translations(texts, lang) == (joined, offsets)


def test_translator_splits_a_line_over_the_model_limit_and_keeps_every_term(
    tiny_models: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    from tamngu.glossary.loader import load_glossary
    from tamngu.translate.config import TranslateConfig
    from tamngu.translate.pipeline import Translator

    sentence = "Bí thư Tỉnh ủy Vân Nam Vương Ninh phát biểu tại hội nghị hợp tác giữa hai tỉnh biên giới. "
    line = (sentence * 12).strip()
    config = TranslateConfig(model_en=str(tiny_models["en"]), device="cpu", beams=1, length_ratio=0.1, length_offset=4)
    translator = Translator(config, load_glossary())
    assert translator._model("en").count_tokens(line) > 300  # more than one piece of 256
    with caplog.at_level(logging.WARNING):
        (result,) = translator.translate([line], targets=("en",))
    target = result.targets["en"]
    names = [term for term in target.terms if term.source_text == "Vương Ninh"]
    assert len(names) == 12 and all(term.satisfied for term in names)  # the last sentences were not cut off
    assert [line[t.source_start : t.source_end] for t in names] == ["Vương Ninh"] * 12
    assert all(target.text[t.target_start : t.target_start + len("Wang Ning")] == "Wang Ning" for t in names)
    assert "translated in 2 pieces" in caplog.text
