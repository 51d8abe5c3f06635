"""Documents, named storms, numbered meetings, dated events and corridors (issue 23)."""

from __future__ import annotations

import pytest

from tamngu.glossary.events import chinese_number, compose_events, ordinal
from tests.test_terms_helpers import terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị.", ("Nghị quyết số 57-NQ/TW", "Resolution No. 57-NQ/TW", "第57-NQ/TW号决议")),
        ("Theo Quyết định số 164/QĐ-TTg ngày 26/1.", ("Quyết định số 164/QĐ-TTg", "Decision No. 164/QD-TTg", "第164/QĐ-TTg号决定")),
        ("Ban hành Kế hoạch hành động số 334-KH/TU.", ("Kế hoạch hành động số 334-KH/TU", "Action Plan No. 334-KH/TU", "第334-KH/TU号行动计划")),
        ("Bão Yagi gây lũ ở Lào Cai.", ("Bão Yagi", "Typhoon Yagi", '台风"摩羯"')),
        ("Siêu bão Yagi đổ bộ.", ("Siêu bão Yagi", "Super Typhoon Yagi", '超强台风"摩羯"')),
        ("Bão Noru suy yếu.", ("Bão Noru", "Typhoon Noru", "")),
    ],
)
def test_documents_and_storms(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in [(m.text, m.entry.en, m.entry.zh) for m in compose_events(text, [])]


@pytest.mark.parametrize("text", ["Tỉnh có 57 nghị quyết mới.", "Quyết định số 12 của hội đồng.", "bão số 3 đi qua."])
def test_counts_and_plain_numbers_are_no_documents_or_storms(text: str) -> None:
    assert compose_events(text, []) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phiên họp thứ 9 Nhóm công tác liên hợp diễn ra.", ("Phiên họp thứ 9 Nhóm công tác liên hợp", "9th meeting of the Joint Working Group", "联合工作组第九次会议")),
        ("Khai mạc Hội chợ Thương mại quốc tế Việt - Trung lần thứ 25.", ("Hội chợ Thương mại quốc tế Việt - Trung lần thứ 25", "25th Vietnam-China International Trade Fair", "第二十五届中越国际贸易博览会")),
        ("Khai mạc Hội chợ Kinh tế Thương mại và Du lịch biên giới Trung - Việt (Hồng Hà) năm 2024.",
         ("Hội chợ Kinh tế Thương mại và Du lịch biên giới Trung - Việt (Hồng Hà) năm 2024",
          "2024 China-Vietnam (Honghe) Border Economic, Trade and Tourism Fair", "2024年中越（红河）边境经济贸易旅游交易会")),
        ("Dự Hội nghị thường niên lần thứ 3 giữa các tỉnh.", ("Hội nghị thường niên lần thứ 3", "the 3rd annual meeting", "第三次年度会晤")),
        ("Tuyến hành lang kinh tế Côn Minh - Lào Cai - Hà Nội phát triển.", ("hành lang kinh tế Côn Minh - Lào Cai - Hà Nội", "Kunming-Lao Cai-Hanoi economic corridor", "昆明—老街—河内经济走廊")),
    ],
)
def test_events_with_ordinal_place_year_and_corridors(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in terms(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đại hội đại biểu toàn quốc lần thứ 20 Đảng Cộng sản Trung Quốc thành công.", ("20th National Congress of the Communist Party of China", "中国共产党第二十次全国代表大会")),
        ("Chào mừng Đại hội XX Đảng Cộng sản Trung Quốc.", ("20th National Congress of the Communist Party of China", "中国共产党第二十次全国代表大会")),
        ("Văn kiện Đại hội XIII của Đảng.", ("13th National Party Congress", "越共十三大")),
        ("Đại hội Đảng bộ tỉnh Lào Cai lần thứ XVI thành công.", ("16th Congress of the Lao Cai Provincial Party Organisation", "老街省第十六次党代表大会")),
    ],
)
def test_party_congresses_of_either_side(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(en, zh) for _, en, zh in terms(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tại cửa khẩu quốc tế Lào Cai - Hà Khẩu, hàng thông quan.", ("cửa khẩu quốc tế Lào Cai - Hà Khẩu", "Lao Cai - Hekou international border gate", "老街—河口国际口岸")),
        ("Qua cửa khẩu quốc tế Móng Cái - Đông Hưng.", ("cửa khẩu quốc tế Móng Cái - Đông Hưng", "Mong Cai - Dongxing international border gate", "芒街—东兴国际口岸")),
        ("Mở các cặp cửa khẩu Mường Khương - Kiều Đầu.", ("Kiều Đầu", "Qiaotou", "桥头")),  # pairs keep their own pins
    ],
)
def test_border_gate_pairs(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in terms(text)


def test_a_gate_and_its_country_are_no_pair() -> None:
    assert not any("border gate" in en for _, en, _ in terms("Cửa khẩu Hà Khẩu - Trung Quốc mở cửa."))


@pytest.mark.parametrize(("n", "en", "zh"), [(1, "1st", "一"), (2, "2nd", "二"), (11, "11th", "十一"), (23, "23rd", "二十三"), (25, "25th", "二十五")])
def test_ordinals(n: int, en: str, zh: str) -> None:
    assert (ordinal(n), chinese_number(n)) == (en, zh)
