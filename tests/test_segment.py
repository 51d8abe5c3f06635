"""Vietnamese sentence splitting and segment ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamngu.corpus.parse import load_article, parse_article
from tamngu.corpus.segment import MAX_SEGMENT_CHARS, join_sentences, parse_segment_id, segment_id, segments_of, split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Chiều 29/10, đoàn đến. Tối về.", ["Chiều 29/10, đoàn đến.", "Tối về."]),
        ("Có 7.461 Bưu điện. Tốt.", ["Có 7.461 Bưu điện.", "Tốt."]),
        ("Ông đến TP. Hồ Chí Minh hôm qua.", ["Ông đến TP. Hồ Chí Minh hôm qua."]),
        ("Họp tại TP.HCM. Sau đó về.", ["Họp tại TP.HCM.", "Sau đó về."]),
        ("PGS. TS. Nguyễn Văn An phát biểu.", ["PGS. TS. Nguyễn Văn An phát biểu."]),
        ("Ông Nguyễn V. A. phát biểu. Hội nghị kết thúc.", ["Ông Nguyễn V. A. phát biểu.", "Hội nghị kết thúc."]),
        ("Y tế, giáo dục, v.v. và du lịch.", ["Y tế, giáo dục, v.v. và du lịch."]),
        ("Y tế, giáo dục, v.v. Ngoài ra còn du lịch.", ["Y tế, giáo dục, v.v.", "Ngoài ra còn du lịch."]),
        ("Văn hóa, giáo dục... ngày càng sâu.", ["Văn hóa, giáo dục... ngày càng sâu."]),
        ("Môi trường… Nhân dịp này, ông mời.", ["Môi trường…", "Nhân dịp này, ông mời."]),
        ("bảo vệ môi trường…", ["bảo vệ môi trường…"]),
        ("Lào Cai (Việt Nam) và Vân Nam (Trung Quốc) hợp tác.", ["Lào Cai (Việt Nam) và Vân Nam (Trung Quốc) hợp tác."]),
        ("Ông nói: “Tốt lắm. Cảm ơn.” Sau đó về.", ["Ông nói: “Tốt lắm. Cảm ơn.”", "Sau đó về."]),
        ('Đẩy nhanh "kết nối cứng. Mềm" giữa 2 nước.', ['Đẩy nhanh "kết nối cứng. Mềm" giữa 2 nước.']),
        ("Thật sao? Đúng vậy! Hết.", ["Thật sao?", "Đúng vậy!", "Hết."]),
        ("Năm 2025. 15 người dự.", ["Năm 2025.", "15 người dự."]),
        ("Trung tâm số 1. Hoạt động nhằm phát huy.", ["Trung tâm số 1.", "Hoạt động nhằm phát huy."]),
        ("Ông nói “đúng.” Sau đó về.", ["Ông nói “đúng.”", "Sau đó về."]),
        ("Không dấu chấm cuối", ["Không dấu chấm cuối"]),
        ("Hai vùng biên giới.Tăng cường hợp tác.", ["Hai vùng biên giới.", "Tăng cường hợp tác."]),
        ("Năm 2023.Trong đó có lễ hội.", ["Năm 2023.", "Trong đó có lễ hội."]),
        ("Giáo dục...Nhân dịp này, ông mời.", ["Giáo dục...", "Nhân dịp này, ông mời."]),
        ("Họp tại TP.Cao Bằng hôm qua.", ["Họp tại TP.Cao Bằng hôm qua."]),
        ("Trang Baotinh.vn đưa tin.", ["Trang Baotinh.vn đưa tin."]),
        ("  Khoảng trắng.   Hai.  ", ["Khoảng trắng.", "Hai."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_segment_ids_follow_contract() -> None:
    article = parse_article("Tiêu đề\n\nMở đầu. Câu hai.\n\nThân một.\n\nThân hai.\n\na.jpg\nChú thích.", "art")
    assert [s.id for s in segments_of(article)] == [
        "art:title:0.0",
        "art:lead:0.0",
        "art:lead:0.1",
        "art:body:0.0",
        "art:body:1.0",
        "art:caption:0.0",
    ]


@pytest.mark.parametrize(
    ("parts", "value"),
    [
        (("000_3a4965e06602310f", "body", 3, 0), "000_3a4965e06602310f:body:3.0"),
        (("a:b", "caption", 10, 12), "a:b:caption:10.12"),
    ],
)
def test_segment_id_round_trip(parts: tuple[str, str, int, int], value: str) -> None:
    assert segment_id(*parts) == value
    assert parse_segment_id(value) == parts


def test_segments_reassemble_seed_paragraphs() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        article = load_article(path)
        segments = segments_of(article)
        for part, paragraphs in article.parts().items():
            for index, paragraph in enumerate(paragraphs):
                sentences = [s.text for s in segments if s.part == part and s.paragraph == index]
                assert sentences and join_sentences(sentences, "en") == paragraph.text
                assert all(paragraph.text[s.start : s.end] == s.text for s in segments if s.part == part and s.paragraph == index)


def test_seed_000_body_3_has_two_sentences() -> None:
    segments = {s.id: s.text for s in segments_of(load_article(SEEDS / "000_3a4965e06602310f.txt"))}
    assert segments["000_3a4965e06602310f:body:3.1"].startswith("Trong đó, dự án Đường sắt")
    assert "000_3a4965e06602310f:body:3.2" not in segments


@pytest.mark.parametrize(("lang", "expected"), [("en", "A. B."), ("zh", "甲。乙。")])
def test_join_sentences(lang: str, expected: str) -> None:
    parts = ["A.", "B."] if lang == "en" else ["甲。", "乙。"]
    assert join_sentences(parts, lang) == expected


def _clause(n: int) -> str:
    return "hai bên thống nhất tăng cường trao đổi thông tin về công tác quản lý biên giới " + str(n)


@pytest.mark.parametrize(
    ("clauses", "pieces"),
    [
        (4, 1),  # 4 clauses of ~85 characters: under 600, one segment
        (8, 2),  # ~700 characters: cut once at the middle semicolon
        (16, 4),  # ~1,400 characters: cut until every piece fits
    ],
)
def test_long_sentence_cut_at_semicolons(clauses: int, pieces: int) -> None:
    sentence = "Ông nói " + "; ".join(_clause(n) for n in range(clauses)) + "."
    parts = split_sentences(sentence)
    assert len(parts) == pieces
    assert all(len(part) <= MAX_SEGMENT_CHARS for part in parts)
    assert " ".join(parts) == sentence


def test_long_sentence_without_semicolon_stays_whole() -> None:
    sentence = "Ông nói " + ", ".join(_clause(n) for n in range(8)) + "."
    assert split_sentences(sentence) == [sentence]
