"""Names the glossary has never seen: finder, origin, article-level pins (invented sentences)."""

from __future__ import annotations

import pytest

from tamngu.glossary.autopin import NamePinner, origin_of, strip_marks
from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry
from tamngu.glossary.names import find_names
from tamngu.glossary.origin import decide_origin
from tamngu.translate.audit import pinned_terms


def _entry(entry_id: str, kind: str, vi: str, en: str, zh: str, provenance: str = "verified") -> Entry:
    return Entry(entry_id, kind, vi, en, zh, provenance, "test")


GLOSSARY = [
    _entry("prov-sec", "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记"),
    _entry("pref-deputy", "title", "Phó Bí thư Châu ủy", "Deputy Secretary of the Prefectural Party Committee", "州委副书记"),
    _entry("vice-chair", "title", "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席"),
    _entry("china", "place", "Trung Quốc", "China", "中国"),
    _entry("yunnan", "place", "Vân Nam", "Yunnan", "云南"),
    _entry("cpv", "organization", "Đảng Cộng sản Việt Nam", "Communist Party of Vietnam", "越南共产党"),
    _entry("cc", "organization", "Trung ương Đảng", "Party Central Committee", "中央委员会"),
    _entry("bridge", "place", "cầu Hồ Kiều", "Ho Kieu Bridge", "胡桥大桥"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đồng chí Triệu Quang Minh, Phó Chủ tịch UBND tỉnh, đã tiếp đoàn.", [("Triệu Quang Minh", "person")]),
        ("Đoàn do ông Lâm Chí Cường dẫn đầu đã đến huyện Mã Quan.", [("Lâm Chí Cường", "person"), ("Mã Quan", "place")]),
        ("Đại sứ Hạ Chí Viễn phát biểu tại lễ.", [("Hạ Chí Viễn", "person")]),
        ("Hai bên thăm cửa khẩu Điền Bồng (Trung Quốc).", [("Điền Bồng", "place")]),
        ("Tiếp đoàn có bà Lưu Phương - Phó Bí thư Châu ủy.", [("Lưu Phương", "person")]),
        ("BÍ THƯ TỈNH ỦY TIẾP ĐOÀN ĐẠI BIỂU CHÂU VĂN SƠN", []),
        ("Ảnh: Minh Tuấn", []),
        # page junk: a word cut off at the end of a line, a URL glued to a name, a capitalized common word
        ("Đoàn được lãnh đạo tỉnh Cao B", []),
        ("Sở Thông tin và Truyền thông tỉnh Điện Biênhttps://example.vn", []),
        ("Tham dự có huyện Mã Quan và Văn phòng UBND tỉnh.", [("Mã Quan", "place")]),
    ],
)
def test_find_names(text: str, expected: list[tuple[str, str]]) -> None:
    known = Matcher(GLOSSARY).find(text)
    assert [(m.text, m.kind) for m in find_names(text, known)] == expected


@pytest.mark.parametrize(
    ("name", "kind", "contexts", "origin"),
    [
        ("Đặng Quốc Khánh", "person", ["Bí thư Tỉnh ủy Hà Giang"], "vietnamese"),
        ("Hoàng Bảo Sơn", "person", ["Phó Chủ tịch UBND tỉnh"], "vietnamese"),
        ("Vương Thụ", "person", ["Phó Chủ nhiệm Ủy ban Thường vụ Nhân đại tỉnh Vân Nam"], "chinese"),
        ("Hùng Ba", "person", [], "chinese"),
        ("Nguyễn Văn An", "person", ["Thị trưởng Chính quyền nhân dân"], "vietnamese"),
        ("Lý Anh Hừ", "person", ["Tỉnh ủy viên, Bí thư Huyện ủy"], "vietnamese"),
        ("Lò Văn Pâng", "person", [], "vietnamese"),
        ("Pò Chài", "place", ["(Trung Quốc)"], "chinese"),
        ("Mường Tè", "place", [], "other"),
        ("Mã Quan", "place", ["huyện Mã Quan (Trung Quốc)"], "chinese"),
        ("Sầm Nưa", "place", ["thị xã Sầm Nưa, tỉnh Hủa Phăn (Lào)"], "lao"),
        ("Bát Xát", "place", ["huyện Bát Xát, tỉnh Lào Cai"], "other"),
        ("Ngụy Chí Phong", "person", ["Bộ trưởng, Trung Quốc", "Việt Nam"], "chinese"),
    ],
)
def test_decide_origin(name: str, kind: str, contexts: list[str], origin: str) -> None:
    assert decide_origin(name, kind, contexts).origin == origin


ARTICLE = [
    "VÂN NAM TIẾP ĐOÀN CỦA ĐỒNG CHÍ ĐẶNG QUỐC KHÁNH",
    "Đồng chí Đặng Quốc Khánh, Bí thư Tỉnh ủy Hà Giang, hội đàm với đồng chí Hồ Kiến Hoa, Phó Bí thư Châu ủy.",
    "Đồng chí Hồ Kiến Hoa phát biểu; đồng chí Đặng Quốc Khánh cảm ơn.",
    "Trung ương Đảng Cộng sản Việt Nam gửi lời chào; đoàn qua cầu Hồ Kiều II.",
]


@pytest.fixture(scope="module")
def article():  # type: ignore[no-untyped-def]
    return NamePinner(GLOSSARY).article(ARTICLE)


def _pins(article, text: str):  # type: ignore[no-untyped-def]
    return [m for segment in article.matches for m in segment if m.text.lower() == text.lower()]


def test_vietnamese_official_keeps_vietnamese_english(article) -> None:  # type: ignore[no-untyped-def]
    pins = _pins(article, "Đặng Quốc Khánh")
    assert {(m.entry.en, m.entry.zh, m.entry.provenance) for m in pins} == {("Dang Quoc Khanh", "邓国庆", "auto")}
    assert len(pins) == 3  # headline (all caps), lead and body: one rendering


def test_chinese_official_gets_pinyin(article) -> None:  # type: ignore[no-untyped-def]
    pins = _pins(article, "Hồ Kiến Hoa")
    assert {(m.entry.en, origin_of(m.entry)) for m in pins} == {("Hu Jianhua", "chinese")}


def test_longer_known_name_is_not_blocked(article) -> None:  # type: ignore[no-untyped-def]
    ids = [m.entry.id for m in article.matches[3]]
    assert "cpv" in ids and "bridge" not in ids


def test_same_name_same_rendering_across_articles() -> None:
    pinner = NamePinner(GLOSSARY)
    first = pinner.article(["Đồng chí Hồ Kiến Hoa, Phó Bí thư Châu ủy, phát biểu."])
    second = pinner.article(["Ông Hồ Kiến Hoa đến thăm."])
    assert first.names[0].en == second.names[0].en == "Hu Jianhua"


def test_pins_carry_source_and_origin(article) -> None:  # type: ignore[no-untyped-def]
    pins = {p.source_text: p for p in pinned_terms(article.matches[1], "en")}
    assert (pins["Đặng Quốc Khánh"].source, pins["Đặng Quốc Khánh"].origin) == ("auto", "vietnamese")
    assert pins["Hồ Kiến Hoa"].origin == "chinese"
    zh = {p.source_text: p for p in pinned_terms(article.matches[1], "zh")}
    assert "characters unverified" in zh["Hồ Kiến Hoa"].note and pins["Bí thư Tỉnh ủy"].note == ""


def test_unreadable_chinese_name_is_listed_not_pinned() -> None:
    article = NamePinner(GLOSSARY).article(["Đồng chí Pò Chài, Phó Bí thư Châu ủy, phát biểu."])
    name = article.names[0]
    assert (name.text, name.pinned, name.origin) == ("Pò Chài", False, "chinese")


@pytest.mark.parametrize(("text", "plain"), [("Đặng Quốc Khánh", "Dang Quoc Khanh"), ("Hầu A Lềnh", "Hau A Lenh")])
def test_strip_marks(text: str, plain: str) -> None:
    assert strip_marks(text) == plain


@pytest.mark.parametrize(
    ("name", "en"),
    [("Đặng Quốc Khánh", "Dang Quoc Khanh"), ("Hoàng Minh Nhất", "Hoang Minh Nhat"), ("Trần Tiến Dũng", "Tran Tien Dung"),
     ("Vương Ninh", "Wang Ning"), ("Hùng Ba", "Xiong Bo")],
)
def test_suggest_origin_auto_keeps_vietnamese_officials_vietnamese(name: str, en: str) -> None:
    from tamngu.glossary.suggest import suggest

    assert suggest(name, kind="person")[0].en == en


def test_most_covered_then_fewest_matches() -> None:
    entries = [_entry("npc", "organization", "Nhân Đại", "People's Congress", "人大"),
               _entry("congress", "organization", "Đại hội Đảng bộ tỉnh", "Provincial Party Congress", "省党代表大会"),
               _entry("org", "organization", "Đảng bộ tỉnh", "Provincial Party Organisation", "省党部")]
    found = Matcher(entries).find("Chào mừng nhân Đại hội Đảng bộ tỉnh.")
    assert [m.entry.id for m in found] == ["congress"]


def test_post_abroad_does_not_make_a_vietnamese_chinese() -> None:
    text = "Đồng chí Hoàng Minh Tâm, Tổng Lãnh sự Việt Nam tại Côn Minh, tỉnh Vân Nam, Trung Quốc, phát biểu."
    names = NamePinner(GLOSSARY).article([text]).names
    assert [(n.text, n.origin, n.en) for n in names if n.kind == "person"] == [("Hoàng Minh Tâm", "vietnamese", "Hoang Minh Tam")]


@pytest.mark.parametrize(
    ("candidates", "agrees"),
    [
        ([{"en": "Liuchun", "score": 0.38}, {"en": "Luchun", "score": 0.19}], False),
        ([{"en": "Li Gui", "score": 0.72}, {"en": "Li Ji", "score": 0.11}], True),
        ([{"en": "Chongqing", "score": 0.70}, {"en": "Chongqing", "score": 0.16}, {"en": "Mengqing", "score": 0.06}], True),
    ],
)
def test_pinyin_must_agree_before_it_is_pinned(candidates: list[dict[str, object]], agrees: bool) -> None:
    from tamngu.glossary.autopin import Reading, _pinyin_agrees

    readings = [Reading("", str(c["en"]), "", float(c["score"]), "place", False, False) for c in candidates]  # type: ignore[arg-type]
    assert _pinyin_agrees(readings) is agrees


def test_lao_place_is_listed_not_romanized() -> None:
    article = NamePinner(GLOSSARY).article(["Đoàn đã thăm thị xã Sầm Nưa, tỉnh Hủa Phăn (Lào)."])
    name = next(n for n in article.names if n.text == "Sầm Nưa")
    assert (name.pinned, name.origin, name.en) == (False, "lao", "")


def test_title_before_stops_at_and() -> None:
    # "Bộ trưởng Quốc phòng Việt Nam và Thượng tướng X": Việt Nam is the first minister's, not X's
    sentence = "Hội đàm giữa Bộ trưởng Quốc phòng Việt Nam và Thượng tướng Ngụy Chí Phong, Bộ trưởng Quốc phòng Trung Quốc."
    name = next(n for n in NamePinner(GLOSSARY).article([sentence]).names if n.text == "Ngụy Chí Phong")
    assert (name.origin, name.en) == ("chinese", "Wei Zhifeng")
