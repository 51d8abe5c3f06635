"""Closed sets: China's divisions, the world's countries and regions, Vietnam's units (issue 23)."""

from __future__ import annotations

import pytest

from tamngu.glossary.closedsets import pin_closed_sets
from tamngu.tools.closed_sets import check_reading
from tamngu.tools.closed_sets_data import BORDER_COUNTIES, CHINA_PROVINCES, GUANGXI_PREFECTURES, YUNNAN_PREFECTURES
from tests.test_terms_helpers import matcher, terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hàng nông sản sang châu Phi tăng.", ("châu Phi", "Africa", "非洲")),
        ("Thương nhân Tứ Xuyên sang Lào Cai.", ("Tứ Xuyên", "Sichuan", "四川")),
        ("Đoàn tỉnh Thanh Hải (Trung Quốc) tới.", ("tỉnh Thanh Hải", "Qinghai", "青海")),
        ("Hàng đi Đông Nam Á qua cửa khẩu.", ("Đông Nam Á", "Southeast Asia", "东南亚")),
        ("Đại diện Hoa Kỳ dự họp.", ("Hoa Kỳ", "United States", "美国")),
        ("Cảng ở thành phố Khâm Châu mở rộng.", ("Khâm Châu", "Qinzhou", "钦州")),
        ("Đoàn huyện Mã Quan thăm Si Ma Cai.", ("huyện Mã Quan", "Maguan County", "马关县")),
        ("Hàng qua cửa khẩu Pò Chài tăng.", ("cửa khẩu Pò Chài", "Puzhai", "浦寨")),
        ("Tàu neo ở Vịnh Bắc Bộ.", ("Vịnh Bắc Bộ", "Gulf of Tonkin", "北部湾")),
    ],
)
def test_closed_set_names_are_pinned_whole(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in terms(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Ông Nguyễn Thanh Hải phát biểu.", "Qinghai"),  # a given name, not the province
        ("Đồng chí Lê Đức Anh dự lễ.", "Germany"),
        ("Đồng chí Lê Đức Anh dự lễ.", "United Kingdom"),
        ("Anh ấy ở lại trạm.", "United Kingdom"),  # a pronoun starting the sentence
        ("Đơn vị làm đúng pháp luật.", "France"),  # lower case: the word, not the country
        ("Công ty đại lý vận tải.", "Dali Prefecture"),  # 'đại lý' the agent, not 大理
    ],
)
def test_words_and_given_names_stay_themselves(text: str, absent: str) -> None:
    assert absent not in [en for _, en, _ in terms(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổng thống Pháp đến thăm.", ("Pháp", "France", "法国")),
        ("Đại sứ Malaysia dự lễ.", ("Malaysia", "Malaysia", "马来西亚")),
        ("Lễ hội ở phường Cam Đường.", ("phường Cam Đường", "Cam Duong ward", "")),
        ("Đường tới huyện Bát Xát sạt lở.", ("huyện Bát Xát", "Bat Xat district", "坝刹县")),
        ("Chợ phiên xã Y Tý đông vui.", ("xã Y Tý", "Y Ty commune", "")),
    ],
)
def test_lexicon_units_and_short_country_names(text: str, expected: tuple[str, str, str]) -> None:
    found = [(m.text, m.entry.en, m.entry.zh) for m in pin_closed_sets(text, matcher().find(text))]
    assert expected in found


def _found_zh(text: str) -> set[str]:
    return {form for m in matcher().find(text) for form in (m.entry.zh, *m.entry.zh_alt)}


@pytest.mark.parametrize(("vi", "zh"), [(row[0], row[2]) for row in CHINA_PROVINCES])
def test_every_chinese_province_level_division_is_known(vi: str, zh: str) -> None:
    assert zh in _found_zh(f"Đoàn đại biểu tỉnh {vi} tới.") | _found_zh(f"Đoàn đại biểu {vi} tới.")


@pytest.mark.parametrize(("vi", "zh", "kind"), [(r[0], r[1], r[3]) for r in YUNNAN_PREFECTURES] + [(r[0], r[1], "city") for r in GUANGXI_PREFECTURES])
def test_every_prefecture_of_yunnan_and_guangxi_is_known(vi: str, zh: str, kind: str) -> None:
    text = f"Đoàn {'châu' if kind == 'prefecture' else 'thành phố'} {vi} tới."
    assert any(form.startswith(zh) for form in _found_zh(text))


@pytest.mark.parametrize(("vi", "zh", "kind"), [(r[0], r[1], r[3]) for r in BORDER_COUNTIES])
def test_every_border_county_is_known(vi: str, zh: str, kind: str) -> None:
    word = {"county": "huyện", "city": "thị", "district": "khu"}[kind]
    assert any(form.startswith(zh) for form in _found_zh(f"Đoàn {word} {vi} tới."))


@pytest.mark.parametrize(
    ("vi", "zh", "problem"),
    [("Quảng Đông", "广东", ""), ("Tứ Xuyên", "四川", ""), ("Quảng Tây", "广东", "Tây≠东"), ("Hà Khẩu", "河口县", "2 syllables for 3 characters")],
)
def test_sino_vietnamese_forms_are_checked_syllable_by_syllable(vi: str, zh: str, problem: str) -> None:
    assert check_reading(vi, zh) == problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doanh nghiệp xuất khẩu sang châu Phi và châu Mỹ.", {"Africa", "Americas"}),
        ("Hàng của tỉnh Quảng Đông và Tứ Xuyên qua cửa khẩu.", {"Guangdong", "Sichuan"}),
        ("Đoàn châu Văn Sơn và huyện Mã Quan sang thăm.", {"Wenshan Prefecture", "Maguan County"}),
    ],
)
def test_the_resolver_never_romanizes_a_closed_set_name(text: str, expected: set[str]) -> None:
    import datetime as dt

    from tamngu.glossary.loader import load_glossary
    from tamngu.glossary.resolve import resolve_article

    pins = resolve_article([text], load_glossary(None), date=dt.date(2025, 11, 20), names=True).pins[0]
    assert expected <= {pin.entry.en for pin in pins}
    assert all(pin.source != "auto" for pin in pins)


@pytest.mark.parametrize(
    ("text", "absent"),
    [("Bà Nguyễn Thị Hà Lan phát biểu.", "Netherlands"), ("Chị Hà Lan cho biết.", "Netherlands"), ("Ông Lê Văn Nam Phi dự họp.", "South Africa")],
)
def test_a_country_inside_a_persons_name_is_no_pin(text: str, absent: str) -> None:
    import datetime as dt

    from tamngu.glossary.loader import load_glossary
    from tamngu.glossary.resolve import resolve_article

    pins = resolve_article([text], load_glossary(None), date=dt.date(2025, 1, 1), names=True).pins[0]
    assert absent not in {pin.entry.en for pin in pins}
