"""The resolver: one typed answer per article (pins with provenance and origin, names for review)."""

from __future__ import annotations

import dataclasses

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.resolve import Resolver, resolve_article


def _entry(entry_id: str, kind: str, vi: str, en: str, zh: str, provenance: str = "verified", country: str = "") -> Entry:
    return Entry(entry_id, kind, vi, en, zh, provenance, "test", country=country)


GLOSSARY = Glossary((
    _entry("vice-chair", "title", "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席"),
    _entry("secretary-prefectural-party-committee", "title", "Bí thư Châu ủy", "Secretary of the Prefectural Party Committee", "州委书记"),
    _entry("wenshan", "place", "Văn Sơn", "Wenshan", "文山", country="CN"),
    _entry("china", "place", "Trung Quốc", "China", "中国", "derived", country="CN"),
))


@pytest.mark.parametrize(
    ("segments", "names", "expected"),
    [
        (["Trung Quốc và Văn Sơn."], False, [[("Trung Quốc", "china", "derived", "chinese", False), ("Văn Sơn", "wenshan", "verified", "chinese", False)]]),
        (["Bí thư Châu ủy Văn Sơn phát biểu."], True,
         [[("Bí thư Châu ủy Văn Sơn", "secretary-prefectural-party-committee~bí-thư-châu-uỷ-văn-sơn", "derived", None, True)]]),
        (["Ông Lâm Chí Cường thăm Văn Sơn.", "Lâm Chí Cường"], True,
         [[("Lâm Chí Cường", "auto:lam-chi-cuong", "auto", "chinese", False), ("Văn Sơn", "wenshan", "verified", "chinese", False)],
          [("Lâm Chí Cường", "auto:lam-chi-cuong", "auto", "chinese", False)]]),
    ],
)
def test_pins(segments: list[str], names: bool, expected: list[list[tuple[object, ...]]]) -> None:
    resolved = resolve_article(segments, GLOSSARY, date=None, names=names)
    got = [[(p.text, p.entry.id, p.source, p.origin, p.composed) for p in pins] for pins in resolved.pins]
    assert got == expected
    assert [[m.text for m in found] for found in resolved.matches()] == [[row[0] for row in pins] for pins in expected]


def test_review_lists_each_name_once_with_its_occurrences() -> None:
    resolved = resolve_article(["Ông Lâm Chí Cường thăm Văn Sơn.", "Lâm Chí Cường"], GLOSSARY, date=None, names=True)
    assert [(n.text, n.pinned, n.occurrences) for n in resolved.review] == [("Lâm Chí Cường", True, ((0, 4, 17), (1, 0, 13)))]
    assert [e.id for e in resolved.entries] == ["auto:lam-chi-cuong"]
    assert resolved.review[0].alternatives and resolved.review[0].alternatives[0].en == resolved.review[0].en


def test_a_resolver_keeps_one_rendering_per_name_across_articles() -> None:
    resolver = Resolver(GLOSSARY)
    first = resolver.resolve(["Ông Lâm Chí Cường thăm Văn Sơn."], date=None, names=True)
    second = resolver.resolve(["Lâm Chí Cường đến."], date=None, names=True)
    assert second.pins[0][0].entry == first.pins[0][0].entry


# ---------------------------------------------------------------- the three wrong outputs of issue 21, on the shipped glossary


@pytest.mark.parametrize(
    ("text", "pinned", "en", "zh"),
    [
        # the home city is Vietnamese: its party committee is the city's, not the CPC's
        ("Bí thư Thành ủy thành phố Lào Cai tiếp đoàn.", "Bí thư Thành ủy thành phố Lào Cai", "Secretary of the Lao Cai City Party Committee", "老街市委书记"),
        ("Phó Bí thư Thành ủy Lào Cai dự lễ.", "Phó Bí thư Thành ủy Lào Cai", "Deputy Secretary of the Lao Cai City Party Committee", "老街市委副书记"),
        # a Chinese unit keeps the CPC's form
        ("Bí thư Huyện ủy Mã Quan phát biểu.", "Bí thư Huyện ủy Mã Quan", "Secretary of the CPC Maguan County Committee", "马关县委书记"),
    ],
)
def test_offices_of_vietnamese_and_chinese_places(text: str, pinned: str, en: str, zh: str) -> None:
    pins = resolve_article([text], load_glossary(), date=None, names=True).pins[0]
    assert [(p.text, p.entry.en, p.entry.zh) for p in pins if p.composed] == [(pinned, en, zh)]


@pytest.mark.parametrize(("text", "place"), [("Hợp tác với Việt Nam được mở rộng.", "Việt Nam"), ("Đoàn về Thủ đô Hà Nội.", "Thủ đô Hà Nội"), ("Thành phố Lào Cai đón khách.", "Thành phố Lào Cai")])
def test_vietnamese_places_are_vietnamese(text: str, place: str) -> None:
    pins = resolve_article([text], load_glossary(), date=None, names=True).pins[0]
    assert [(p.text, p.origin) for p in pins if p.entry.type == "place"] == [(place, "vietnamese")]


@pytest.mark.parametrize("text", ["Khương Vĩ phát biểu tại hội nghị.", "Ngụy Phượng Hòa hội đàm với đoàn.", "Vàng Seo Dính được khen thưởng."])
def test_a_sentence_opening_surname_stays_in_the_name(text: str) -> None:
    name = " ".join(text.split()[:3 if text.startswith(("Ngụy", "Vàng")) else 2])
    review = resolve_article([text], load_glossary(), date=None, names=True).review
    assert name in [n.text for n in review]


def test_rewording_an_office_changes_no_composition() -> None:
    glossary = load_glossary()
    office = glossary.get("secretary-city-party-committee")
    assert office is not None
    reworded = Glossary(tuple(dataclasses.replace(e, en="Secretary of the Municipal Party Committee") if e is office else e for e in glossary))
    text = ["Phó Bí thư Thành ủy thành phố Lào Cai tiếp đoàn."]
    before = resolve_article(text, glossary, date=None, names=True).pins[0][0].entry
    after = resolve_article(text, reworded, date=None, names=True).pins[0][0].entry
    assert (after.en, after.zh) == (before.en, before.zh) == ("Deputy Secretary of the Lao Cai City Party Committee", "老街市委副书记")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoạt động góp phần lan tỏa hình ảnh đẹp.", []),  # 'phần lan' is two words, not Finland
        ("Đại sứ Phần Lan thăm tỉnh.", [("Phần Lan", "Finland")]),
        ("Bão ở cách tây bắc Palau 500 km.", [("Palau", "Palau")]),  # a compass direction, not the Northwest
        ("Du khách vùng Tây Bắc tăng.", [("vùng Tây Bắc", "Northwest")]),
        ("Hàng hóa đi khu vực Tây Nam, Trung Quốc.", [("khu vực Tây Nam", "Southwest"), ("Trung Quốc", "China")]),
    ],
)
def test_closed_set_places_never_pin_lowercase_words(text: str, expected: list[tuple[str, str]]) -> None:
    pins = resolve_article([text], load_glossary(), date=None, names=True).pins[0]
    assert [(pin.text, pin.entry.en) for pin in pins if pin.entry.type == "place"] == expected


@pytest.mark.parametrize("provenance", ["verified", "derived", "reviewed", "auto"])
def test_every_provenance_is_pinned_and_counted_by_eval(provenance: str) -> None:
    from tamngu.eval.terms import TermChecker, summarize

    entry = Entry("hekou", "place", "Hà Khẩu", "Hekou", "河口", provenance, "test", country="CN")
    glossary = Glossary((entry,))
    pins = resolve_article(["Đoàn thăm Hà Khẩu."], glossary, date=None).pins[0]
    assert [(pin.source, pin.entry.id) for pin in pins] == [(provenance, "hekou")]
    summary = summarize([TermChecker(glossary).check("s1", "Đoàn thăm Hà Khẩu.", "The delegation visited Hekou.", "en")])
    assert (summary.overall.hits, summary.overall.total, summary.by_type["place"].total) == (1, 1, 1)
