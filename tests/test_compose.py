"""Offices keep their modifiers: composition of Phó/nguyên/Quyền, places and ordinals (invented cases)."""

from __future__ import annotations

import pytest

from tamngu.glossary.compose import chinese_number, compose_matches, ordinal, with_modifier, with_ordinal, with_place
from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry


def _entry(entry_id: str, kind: str, vi: str, en: str, zh: str, country: str = "") -> Entry:
    return Entry(entry_id, kind, vi, en, zh, "derived", "test", country=country)


# Offices compose by their entry id's templates (glossary/data/compose/offices.toml): the shipped ids.


CHAIRMAN = _entry("chairman-provincial-peoples-committee", "title", "Chủ tịch UBND tỉnh", "Chairman of the Provincial People's Committee", "省人民委员会主席")
PREF_GOV = _entry("prefecture-governor", "title", "Châu trưởng", "Prefecture Governor", "州长")
DISTRICT_SEC = _entry("secretary-district-party-committee", "title", "Bí thư Huyện ủy", "Secretary of the District Party Committee", "县委书记")
PROV_SEC = _entry("secretary-provincial-party-committee", "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记")
PREF_SEC = _entry("secretary-prefectural-party-committee", "title", "Bí thư Châu ủy", "Secretary of the Prefectural Party Committee", "州委书记")
HEAD_ER = _entry("head-party-central-committee-commission-for-external-relations", "title", "Trưởng Ban Đối ngoại Trung ương",
                 "Head of the Party Central Committee's Commission for External Relations", "越共中央对外部部长")
AMBASSADOR = _entry("ambassador", "title", "Đại sứ", "Ambassador", "大使")
MEMBER = _entry("member-standing-board", "title", "Ủy viên Ban Thường vụ", "member of the Standing Board", "常委")
WENSHAN = _entry("wenshan", "place", "Văn Sơn", "Wenshan", "文山", country="CN")
LAO_CAI = _entry("lao-cai", "place", "Lào Cai", "Lao Cai", "老街", country="VN")
MAGUAN = _entry("maguan", "place", "Mã Quan", "Maguan", "马关", country="CN")
MEETING = _entry("meeting", "event", "Hội nghị thường niên", "annual meeting", "年度会晤")


@pytest.mark.parametrize(
    ("modifier", "office", "en", "zh"),
    [
        ("Phó", CHAIRMAN, "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席"),
        ("Phó", PREF_GOV, "Vice Prefecture Governor", "副州长"),
        ("Phó", DISTRICT_SEC, "Deputy Secretary of the District Party Committee", "县委副书记"),
        ("Phó", HEAD_ER, "Deputy Head of the Party Central Committee's Commission for External Relations", "越共中央对外部副部长"),
        ("nguyên", PROV_SEC, "former Secretary of the Provincial Party Committee", "原省委书记"),
        ("Quyền", PROV_SEC, "Acting Secretary of the Provincial Party Committee", "代理省委书记"),
    ],
)
def test_modifier_composes(modifier: str, office: Entry, en: str, zh: str) -> None:
    composed = with_modifier(office, modifier)
    assert composed is not None
    assert (composed.en, composed.zh, composed.provenance) == (en, zh, "derived")


@pytest.mark.parametrize(("modifier", "office"), [("Phó", AMBASSADOR), ("Phó", MEMBER), ("mới", PROV_SEC)])
def test_modifier_that_does_not_fit_gives_none(modifier: str, office: Entry) -> None:
    assert with_modifier(office, modifier) is None


@pytest.mark.parametrize(
    ("office", "place", "en", "zh"),
    [
        (PREF_SEC, WENSHAN, "Secretary of the Wenshan Prefectural Party Committee", "文山州委书记"),
        (CHAIRMAN, LAO_CAI, "Chairman of the Lao Cai Provincial People's Committee", "老街省人民委员会主席"),
        (DISTRICT_SEC, MAGUAN, "Secretary of the CPC Maguan County Committee", "马关县委书记"),
        (DISTRICT_SEC, LAO_CAI, "Secretary of the Lao Cai District Party Committee", "老街县委书记"),
        (PREF_GOV, WENSHAN, "Governor of Wenshan Prefecture", "文山州州长"),
    ],
)
def test_office_of_a_place(office: Entry, place: Entry, en: str, zh: str) -> None:
    composed = with_place(office, place)
    assert composed is not None
    assert (composed.en, composed.zh) == (en, zh)


GLOSSARY = [CHAIRMAN, PREF_GOV, DISTRICT_SEC, PREF_SEC, WENSHAN, LAO_CAI, MAGUAN, MEETING,
            _entry("mayor", "title", "Thị trưởng", "Mayor", "市长"), _entry("china", "place", "Trung Quốc", "China", "中国", country="CN"),
            _entry("minister-of-national-defence", "title", "Bộ trưởng Bộ Quốc phòng", "Minister of National Defence", "国防部部长"),
            _entry("vice-chairman-provincial-peoples-committee", "title", "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông Lý Minh, Phó Châu trưởng, phát biểu.", [("Phó Châu trưởng", "Vice Prefecture Governor", "副州长")]),
        ("Bà Hạ Lan, nguyên Chủ tịch UBND tỉnh, dự lễ.", [("nguyên Chủ tịch UBND tỉnh", "former Chairman of the Provincial People's Committee", "原省人民委员会主席")]),
        ("Phó Chủ tịch UBND tỉnh Lào Cai tiếp đoàn.", [("Phó Chủ tịch UBND tỉnh Lào Cai", "Vice Chairman of the Lao Cai Provincial People's Committee", "老街省人民委员会副主席")]),
        ("Đồng chí Trần Vũ, Bí thư Huyện ủy Mã Quan.", [("Bí thư Huyện ủy Mã Quan", "Secretary of the CPC Maguan County Committee", "马关县委书记")]),
        ("Đoàn của chính quyền Châu trưởng đến.", [("Châu trưởng", "Prefecture Governor", "州长")]),
        ("Hội nghị thường niên lần thứ 4 khai mạc.", [("Hội nghị thường niên lần thứ 4", "the 4th annual meeting", "第四次年度会晤")]),
        ("Ông Lý Kiện, Thị trưởng Chính quyền nhân dân thành phố Mã Quan.", [("Thị trưởng Chính quyền nhân dân thành phố Mã Quan", "Mayor of Maguan", "马关市市长")]),
        ("Ông Đổng Thành, Bộ trưởng Bộ Quốc phòng Trung Quốc.", [("Bộ trưởng Bộ Quốc phòng Trung Quốc", "Chinese Minister of National Defence", "中国国防部部长")]),
    ],
)
def test_compose_matches(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = compose_matches(text, Matcher(GLOSSARY).find(text))
    titles = [(m.text, m.entry.en, m.entry.zh) for m in found if m.entry.type in ("title", "event")]
    assert titles == expected


def test_office_with_an_unfit_modifier_is_dropped() -> None:
    text = "Phó Đại sứ Lâm Hòa đến thăm."
    found = compose_matches(text, Matcher([AMBASSADOR]).find(text))
    assert found == []


@pytest.mark.parametrize(("n", "en", "zh"), [(1, "1st", "一"), (2, "2nd", "二"), (3, "3rd", "三"), (4, "4th", "四"), (11, "11th", "十一"), (16, "16th", "十六"), (21, "21st", "二十一"), (10, "10th", "十")])
def test_ordinals(n: int, en: str, zh: str) -> None:
    assert (ordinal(n), chinese_number(n)) == (en, zh)


def test_event_ordinal() -> None:
    composed = with_ordinal(MEETING, 5)
    assert (composed.en, composed.zh, composed.provenance) == ("the 5th annual meeting", "第五次年度会晤", "derived")


def test_post_of_an_autonomous_region() -> None:
    secretary = _entry("secretary-regional-party-committee", "title", "Bí thư Khu ủy", "Secretary of the Regional Party Committee", "自治区党委书记")
    guangxi = _entry("guangxi", "place", "Quảng Tây", "Guangxi", "广西", country="CN")
    composed = with_place(secretary, guangxi, "chinese", "", "Khu tự trị dân tộc Choang Quảng Tây")
    assert composed is not None
    assert (composed.en, composed.zh) == ("Secretary of the CPC Guangxi Zhuang Autonomous Regional Committee", "广西壮族自治区党委书记")
