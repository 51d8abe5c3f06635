"""The curated glossary data in glossary/data: pins, provenance, style rules, seed coverage."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tamngu.glossary.loader import read_glossary
from tamngu.glossary.matcher import Matcher, tokens
from tamngu.glossary.model import Entry, Glossary

DATA_DIR = Path(__file__).resolve().parents[1] / "glossary" / "data"
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

# The forms the product brief pins; references and evaluation rely on them.
MUST_HAVE = [
    ("Vương Ninh", "wang-ning", "Wang Ning", "王宁"),
    ("châu Hồng Hà", "honghe-prefecture", "Honghe Prefecture", "红河州"),
    ("sông Hồng", "red-river", "Red River", "红河"),
    ("Vân Nam", "yunnan-province", "Yunnan", "云南"),
    ("Côn Minh", "kunming", "Kunming", "昆明"),
    ("Hà Khẩu", "hekou", "Hekou", "河口"),
    ("Nguyễn Thành Phát", "ruan-chengfa", "Ruan Chengfa", "阮成发"),
    ("Tống Đào", "song-tao", "Song Tao", "宋涛"),
    ("Hùng Ba", "xiong-bo", "Xiong Bo", "熊波"),
    ("Lào Cai", "lao-cai", "Lao Cai", "老街"),
    ("Bí thư Tỉnh ủy", "secretary-provincial-party-committee", "Secretary of the Provincial Party Committee", "省委书记"),
]

# Spans of the seed articles and the entry the matcher must pick for them
# (longest entry wins; look-alikes stay apart).
SEED_MATCHES = [
    ("000_3a4965e06602310f", "Bí thư Tỉnh ủy Vân Nam", "secretary-yunnan-provincial-party-committee"),
    ("000_3a4965e06602310f", "Ủy viên Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc", "member-cpc-central-committee"),
    ("000_3a4965e06602310f", "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng", "alternate-member-party-central-committee"),
    ("000_3a4965e06602310f", "Chủ nhiệm Ủy ban Thường vụ Nhân Đại tỉnh Vân Nam", "chairman-standing-committee-yunnan-peoples-congress"),
    ("000_3a4965e06602310f", "Phó Tỉnh trưởng tỉnh Vân Nam", "vice-governor-yunnan"),
    ("000_3a4965e06602310f", "Lưu Dũng", "liu-yong"),
    ("000_3a4965e06602310f", "Lễ hội sông Hồng năm 2025", "red-river-festival-2025"),
    ("000_3a4965e06602310f", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh uỷ", "head-information-education-mass-mobilisation-commission-provincial-party-committee"),
    ("001_6b81a6557483ba3b", "Huyện trưởng huyện Hà Khẩu", "head-hekou-county"),
    ("001_6b81a6557483ba3b", "Ga Hà Khẩu Bắc", "hekou-north-station"),
    ("001_6b81a6557483ba3b", "Bộ trưởng Ngoại giao", "minister-of-foreign-affairs"),
    ("001_6b81a6557483ba3b", "Đảng ủy Đoàn Kinh tế - Quốc phòng 345", "party-committee-economic-defence-group-345"),
    ("003_6bcdd4cf1a5b396e", "Trưởng Ban Đối ngoại Trung ương", "head-party-central-committee-commission-for-external-relations"),
    ("003_6bcdd4cf1a5b396e", "Ban Liên lạc Đối ngoại Trung ương Trung Quốc", "international-department-cpc"),
    ("003_6bcdd4cf1a5b396e", "Đại sứ Trung Quốc tại Việt Nam", "chinese-ambassador-to-vietnam"),
    ("004_e215a13064ec9058", "Châu trưởng Chính quyền nhân dân châu Hồng Hà", "governor-honghe-prefecture"),
    ("004_e215a13064ec9058", "Phó Chủ tịch Thường trực UBND tỉnh", "standing-vice-chairman-provincial-peoples-committee"),
    ("004_e215a13064ec9058", "La Bình", "luo-ping"),
    ("004_e215a13064ec9058", "Thường trực Ban Bí thư", "permanent-member-secretariat"),
]

# Everyday phrases and look-alikes: the entries the matcher must find in them (often none).
FALSE_FRIENDS = [
    ("chế độ hà khắc", []),
    ("tỉnh Ninh Bình", ["ninh-binh"]),  # not Vương Ninh
    ("xây dựng đường biên giới hòa bình, ổn định", []),  # peace, not Hoa Binh province
    ("khu vực châu Á - Thái Bình Dương", ["asia-pacific"]),  # not Thai Binh / Binh Duong
    ("tỉnh Hòa Bình (cũ)", ["hoa-binh-former"]),
    ("ông Nguyễn Văn Sơn và ông Nguyễn Thanh Hải", []),  # given names, not Wenshan or Qinghai
    ("bà Nguyễn Thị Hồng Hà phát biểu", []),
    ("nhân dân các dân tộc tỉnh đoàn kết", []),
    ("chào mừng nhân Đại hội Đảng bộ tỉnh", ["provincial-party-congress"]),
    ("Đại sứ quán Hàn Quốc", ["embassy", "south-korea"]),
    ("tại TP. Hồ Chí Minh", ["ho-chi-minh-city"]),
    ("Chủ tịch Hồ Chí Minh", ["president-ho-chi-minh"]),
    ("sông Hồng chảy qua châu Hồng Hà", ["red-river", "honghe-prefecture"]),
    ("Bí thư Tỉnh ủy Vân Nam", ["secretary-yunnan-provincial-party-committee"]),
]

# Forms whose rendering changed with Vietnam's 2025 reorganisation: (text, day, entry).
DATED_FORMS = [
    ("Huyện ủy", dt.date(2024, 5, 30), "district-party-committee"),
    ("Huyện ủy", dt.date(2026, 1, 29), "county-party-committee"),
    ("Bí thư Huyện ủy", dt.date(2021, 5, 18), "secretary-district-party-committee"),
    ("Bí thư Huyện ủy", dt.date(2025, 10, 29), "secretary-county-party-committee"),
    ("tỉnh Hà Giang (cũ)", dt.date(2025, 10, 29), "ha-giang-former"),  # "former" only after the merger
    ("tỉnh Hà Giang (cũ)", dt.date(2025, 5, 1), "ha-giang"),
    ("UBND tỉnh Hà Giang", dt.date(2025, 5, 1), "ha-giang-provincial-peoples-committee"),
]

# Roles whose dates the brief asks for: (person, role title, a day inside, a day outside).
ROLE_DATES = [
    ("le-hoai-trung", "head-party-central-committee-commission-for-external-relations", dt.date(2021, 5, 18), dt.date(2026, 1, 29)),
    ("le-hoai-trung", "minister-of-foreign-affairs", dt.date(2026, 1, 29), dt.date(2021, 5, 18)),
    ("trinh-viet-hung", "alternate-member-party-central-committee", dt.date(2025, 10, 29), dt.date(2026, 1, 29)),
    ("trinh-viet-hung", "member-party-central-committee", dt.date(2026, 1, 29), dt.date(2025, 10, 29)),
    # the audited changes of issue 12: who held the post on which day
    ("trinh-viet-hung", "secretary-provincial-party-committee", dt.date(2025, 12, 1), dt.date(2026, 3, 1)),
    ("trinh-viet-hung", "standing-deputy-minister-of-agriculture-and-environment", dt.date(2026, 3, 1), dt.date(2026, 2, 1)),
    ("duong-quoc-huy", "secretary-provincial-party-committee", dt.date(2026, 3, 1), dt.date(2026, 2, 27)),
    ("wang-ning", "secretary-yunnan-provincial-party-committee", dt.date(2021, 11, 1), dt.date(2021, 10, 18)),
    ("ruan-chengfa", "secretary-yunnan-provincial-party-committee", dt.date(2021, 5, 18), dt.date(2021, 11, 1)),
    ("tran-cam-tu", "permanent-member-secretariat", dt.date(2026, 2, 6), dt.date(2024, 10, 24)),
    # issue 24: the four stale people, ended or corrected from sources
    ("luong-cuong", "state-president", dt.date(2026, 1, 24), dt.date(2026, 5, 1)),
    ("to-lam", "state-president", dt.date(2026, 5, 1), dt.date(2024, 12, 1)),
    ("tran-huy-tuan", "chairman-provincial-peoples-committee", dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
    ("tran-huy-tuan", "secretary-provincial-party-committee", dt.date(2026, 6, 1), dt.date(2026, 3, 1)),
    ("dang-xuan-phong", "secretary-provincial-party-committee", dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
    ("le-minh-hung", "head-central-organisation-commission", dt.date(2026, 3, 3), dt.date(2026, 5, 1)),
]

# Single-word forms other than abbreviations: foreign names that are no Vietnamese word.
FOREIGN_SINGLE_WORDS = {"Busan", "Gyeongju", "Lào", "Phongsaly", "Oudomxay"}  # Lào: the country; "Lào Cai" is a longer entry
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A verified source names where the form was found: a site/domain, or a named outlet.
OUTLETS = re.compile(
    r"[\w-]+\.(?:vn|cn|com|org|gov|net|edu)\b|VNA|VietnamPlus|Xinhua|Wikipedia|IDCPC|SGGP|Nhan Dan|"
    r"Yunnan Daily|观察者网|Caixin|QDND|Tuoi Tre|Lao Dong|Southern Metropolis|SCIO|China Daily|Le Courrier"
)


@cache
def _loaded() -> tuple[Glossary, tuple[str, ...]]:
    glossary, problems = read_glossary(DATA_DIR)
    return glossary, tuple(str(problem) for problem in problems)


def _glossary() -> Glossary:
    return _loaded()[0]


@cache
def _matcher() -> Matcher:
    return Matcher(_glossary())


def _entry(entry_id: str) -> Entry:
    entry = _glossary().get(entry_id)
    assert entry is not None, f"no entry {entry_id!r}"
    return entry


def _entries_where(predicate: Callable[[Entry], bool]) -> list[str]:
    return [entry.id for entry in _glossary() if predicate(entry)]


def test_data_loads_without_problems() -> None:
    assert _loaded()[1] == ()


def test_has_well_over_a_hundred_entries() -> None:
    assert len(_glossary()) > 100


@pytest.mark.parametrize(("vi", "entry_id", "en", "zh"), MUST_HAVE, ids=[row[1] for row in MUST_HAVE])
def test_must_have_pins(vi: str, entry_id: str, en: str, zh: str) -> None:
    entry = _entry(entry_id)
    assert (entry.vi, entry.en, entry.zh) == (vi, en, zh)


@pytest.mark.parametrize(("vi", "entry_id"), [row[:2] for row in MUST_HAVE], ids=[row[1] for row in MUST_HAVE])
def test_must_have_is_what_the_matcher_finds(vi: str, entry_id: str) -> None:
    matches = _matcher().find(f"Theo tin từ {vi} hôm nay.")
    assert [(match.text, match.entry.id) for match in matches] == [(vi, entry_id)]


def test_red_river_and_honghe_prefecture_are_distinct() -> None:
    river, prefecture = _entry("red-river"), _entry("honghe-prefecture")
    assert (river.zh, prefecture.zh) == ("红河", "红河州")
    assert not set(river.vi_forms) & set(prefecture.vi_forms)


def test_every_entry_has_provenance_and_source() -> None:
    assert _entries_where(lambda e: e.provenance not in ("verified", "derived") or not e.source.strip()) == []


def test_verified_sources_name_where_the_form_was_found() -> None:
    assert _entries_where(lambda e: e.provenance == "verified" and not OUTLETS.search(e.source)) == []


def test_ids_are_lowercase_ascii_with_hyphens() -> None:
    assert _entries_where(lambda e: not ID_PATTERN.match(e.id)) == []


def test_pinned_chinese_is_written_in_chinese() -> None:
    assert _entries_where(lambda e: not CJK.search(e.zh)) == []


def test_vietnamese_personal_names_have_no_diacritics_in_english() -> None:
    def bad(entry: Entry) -> bool:
        return entry.type == "person" and _has_vietnamese_marks(entry.vi) and not entry.en.isascii()

    assert _entries_where(bad) == []


def test_single_word_forms_are_abbreviations_only() -> None:
    # A one-syllable form such as a bare given name would match everywhere.
    def bad(entry: Entry) -> bool:
        return any(
            len(tokens(form)) == 1 and not form.isupper() and form not in FOREIGN_SINGLE_WORDS for form in entry.vi_forms
        )

    assert _entries_where(bad) == []


def test_shared_vietnamese_forms_have_disjoint_periods() -> None:
    owners: dict[tuple[str, ...], list[Entry]] = {}
    for entry in _glossary():
        for form in {tokens(form) for form in entry.vi_forms}:
            owners.setdefault(form, []).append(entry)
    clashes = [
        (left.id, right.id)
        for entries in owners.values()
        for index, left in enumerate(entries)
        for right in entries[index + 1 :]
        if _overlap(left, right)
    ]
    assert clashes == []


def test_role_titles_name_existing_entries() -> None:
    missing = [
        (entry.id, role.title)
        for entry in _glossary()
        for role in entry.roles
        if ID_PATTERN.match(role.title) and _glossary().get(role.title) is None
    ]
    assert missing == []


@pytest.mark.parametrize(("text", "entry_ids"), FALSE_FRIENDS, ids=[row[0] for row in FALSE_FRIENDS])
def test_false_friends_and_look_alikes(text: str, entry_ids: list[str]) -> None:
    assert [match.entry.id for match in _matcher().find(text)] == entry_ids


@pytest.mark.parametrize(("text", "day", "entry_id"), DATED_FORMS)
def test_dated_forms_pick_the_entry_valid_that_day(text: str, day: dt.date, entry_id: str) -> None:
    assert [match.entry.id for match in Matcher(_glossary(), on_date=day).find(text)] == [entry_id]


@pytest.mark.parametrize(("person", "title", "inside", "outside"), ROLE_DATES)
def test_role_dates(person: str, title: str, inside: dt.date, outside: dt.date) -> None:
    roles = [role for role in _entry(person).roles if role.title == title]  # several: successive posts, acting first
    assert [role.valid_on(inside) for role in roles].count(True) == 1
    assert not any(role.valid_on(outside) for role in roles)


@pytest.mark.parametrize(("article", "span", "entry_id"), SEED_MATCHES, ids=[row[1] for row in SEED_MATCHES])
def test_seed_spans_match_the_intended_entry(article: str, span: str, entry_id: str) -> None:
    text = (SEEDS_DIR / f"{article}.txt").read_text(encoding="utf-8")
    found = {match.entry.id for match in _matcher().find(text) if match.text == span}
    assert found == {entry_id}


def _has_vietnamese_marks(text: str) -> bool:
    return any(unicodedata.combining(char) for char in unicodedata.normalize("NFD", text)) or "đ" in text.lower()


def _overlap(left: Entry, right: Entry) -> bool:
    start = max(left.valid_from or dt.date.min, right.valid_from or dt.date.min)
    end = min(left.valid_to or dt.date.max, right.valid_to or dt.date.max)
    return start <= end
