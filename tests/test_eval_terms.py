"""Term success and consistency (eval/terms.py) on tiny inline cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tamngu.eval.terms import TermChecker, find_target_forms, misses_by_entry, summarize
from tamngu.glossary.model import Entry, Glossary


def _entry(entry_id: str, kind: str, vi: str, en: str, zh: str, **extra: object) -> Entry:
    return Entry(id=entry_id, type=kind, vi=vi, en=en, zh=zh, provenance="derived", source="test", **extra)  # type: ignore[arg-type]


GLOSSARY = Glossary((
    _entry("wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁"),
    _entry("lao-cai", "place", "Lào Cai", "Lao Cai", "老街"),
    _entry("lao-cai-ppc", "organization", "Tỉnh ủy Lào Cai", "Lao Cai Provincial Party Committee", "老街省委"),
    _entry("ha-khau", "place", "Hà Khẩu", "Hekou", "河口", en_alt=("Hekou County",)),
    _entry("chair-old", "title", "Chủ tịch tỉnh", "Old Chairman", "旧主席", valid_to=dt.date(2020, 12, 31)),
    _entry("chair-new", "title", "Chủ tịch tỉnh", "Provincial Chairman", "省主席", valid_from=dt.date(2021, 1, 1)),
))


@pytest.fixture(scope="module")
def checker() -> TermChecker:
    return TermChecker(GLOSSARY)


@pytest.mark.parametrize(
    ("source", "hypothesis", "lang", "hits", "total"),
    [
        ("Vương Ninh phát biểu.", "Wang Ning spoke.", "en", 1, 1),
        ("Vương Ninh phát biểu.", "WANG NING spoke.", "en", 1, 1),  # English ignores case
        ("Vương Ninh phát biểu.", "Wang Ningbo spoke.", "en", 0, 1),  # word boundary
        ("Vương Ninh phát biểu.", "王宁发表讲话。", "zh", 1, 1),
        ("Vương Ninh phát biểu.", "王寧发表讲话。", "zh", 0, 1),  # Chinese is exact
        ("Ga Hà Khẩu.", "Hekou County station.", "en", 1, 1),  # accepted alternative
        ("Lào Cai và Lào Cai.", "Lao Cai and Lao Cai.", "en", 2, 2),
        ("Lào Cai và Lào Cai.", "Lao Cai and it.", "en", 1, 2),  # min(pinned, found)
        ("Lào Cai và Lào Cai.", "Lao Cai, Lao Cai, Lao Cai.", "en", 2, 2),  # extra renderings do not over-count
        # "Lao Cai" inside the committee's name is claimed by the longer form, not by the place.
        ("Tỉnh ủy Lào Cai họp tại Lào Cai.", "The Lao Cai Provincial Party Committee met.", "en", 1, 2),
        ("Tỉnh ủy Lào Cai họp tại Lào Cai.", "老街省委在老街开会。", "zh", 2, 2),
        ("Hà khắc.", "Harsh.", "en", 0, 0),  # not a term
        ("Không có thuật ngữ.", "No terms.", "en", 0, 0),
    ],
)
def test_term_hits(checker: TermChecker, source: str, hypothesis: str, lang: str, hits: int, total: int) -> None:
    summary = summarize([checker.check("a:body:0.0", source, hypothesis, lang)])
    assert (summary.overall.hits, summary.overall.total) == (hits, total)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2019, 5, 1), "Old Chairman"), (dt.date(2025, 5, 1), "Provincial Chairman")],
)
def test_pinned_terms_follow_the_article_date(checker: TermChecker, day: dt.date, expected: str) -> None:
    checked = checker.check("a:body:0.0", "Chủ tịch tỉnh phát biểu.", f"The {expected} spoke.", "en", day)
    assert [term.hit for term in checked.terms] == [True]
    assert checked.terms[0].expected == (expected,)


def test_success_is_reported_per_type(checker: TermChecker) -> None:
    checked = [
        checker.check("a:body:0.0", "Vương Ninh đến Lào Cai.", "Wang Ning came to Lao Cai.", "en"),
        checker.check("a:body:1.0", "Vương Ninh đến Hà Khẩu.", "Mr Wang came to Hekou.", "en"),
    ]
    by_type = summarize(checked).by_type
    assert {kind: (t.hits, t.total) for kind, t in by_type.items()} == {"person": (1, 2), "place": (2, 2)}


@pytest.mark.parametrize(
    ("hypotheses", "consistent", "occurrences"),
    [
        (["Hekou station.", "Hekou border."], 2, 2),
        (["Hekou station.", "Hekou County border."], 2, 2),  # the name with and without its generic noun: one name
        (["Hekou station.", "the border."], 0, 0),  # a miss is term success's business: one rendering says nothing
        (["Hekou station.", "the border.", "Hekou gate."], 2, 2),
        (["Hekou station."], 0, 0),  # a single occurrence says nothing about consistency
    ],
)
def test_consistency(checker: TermChecker, hypotheses: list[str], consistent: int, occurrences: int) -> None:
    checked = [checker.check(f"a:body:{i}.0", "Ga Hà Khẩu.", hyp, "en") for i, hyp in enumerate(hypotheses)]
    consistency = summarize(checked).consistency
    assert (consistency.hits, consistency.total) == (consistent, occurrences)


NAMES = Glossary((
    _entry("vietnam", "place", "Việt Nam", "Vietnam", "越南", en_alt=("Viet Nam", "Vietnamese")),
    _entry("china", "place", "Trung Quốc", "China", "中国", en_alt=("Chinese",)),
    _entry("lao-cai", "place", "Lào Cai", "Lao Cai", "老街", variants=("tỉnh Lào Cai",), en_alt=("Lao Cai province",), zh_alt=("老街省",)),
    _entry("secretary", "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记",
           en_alt=("Secretaries of the Provincial Party Committees", "Provincial Party Secretary")),
    _entry("vice-chair", "title", "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席",
           en_alt=("Vice Chairwoman of the Provincial People's Committee",)),
    _entry("dung", "person", "Giàng Thị Dung", "Giang Thi Dung", "江氏蓉", gender="female"),
    _entry("hung", "person", "Trịnh Việt Hùng", "Trinh Viet Hung", "郑越雄", gender="male"),
    _entry("cc-member", "title", "Ủy viên Trung ương Đảng", "member of the Party Central Committee", "中央委员",
           zh_alt=("越共中央委员", "中共中央委员")),
))


@pytest.mark.parametrize(
    ("pairs", "lang", "consistent", "occurrences", "names"),
    [
        # plural and adjectival forms of one pin are one name
        ([("Trung Quốc và Việt Nam.", "China and Vietnam."), ("Hàng Trung Quốc.", "Chinese goods.")], "en", 2, 2, {"china": 1}),
        ([("Các Bí thư Tỉnh ủy.", "The Secretaries of the Provincial Party Committees."),
          ("Bí thư Tỉnh ủy phát biểu.", "The Secretary of the Provincial Party Committee spoke.")], "en", 2, 2, {"secretary": 1}),
        # the name with its generic noun, in English and in Chinese
        ([("Tỉnh Lào Cai.", "Lao Cai province."), ("Lào Cai.", "Lao Cai.")], "en", 2, 2, {"lao-cai": 1}),
        ([("Tỉnh Lào Cai.", "老街省。"), ("Lào Cai.", "老街。")], "zh", 2, 2, {"lao-cai": 1}),
        # gendered titles of two people are two correct forms of one title
        ([("Phó Chủ tịch UBND tỉnh Giàng Thị Dung.", "Vice Chairwoman of the Provincial People's Committee Giang Thi Dung."),
          ("Phó Chủ tịch UBND tỉnh Trịnh Việt Hùng.", "Vice Chairman of the Provincial People's Committee Trinh Viet Hung.")],
         "en", 2, 2, {"vice-chair": 1}),
        # members of two different central committees
        ([("Ủy viên Trung ương Đảng Trịnh Việt Hùng.", "越共中央委员郑越雄。"), ("Ủy viên Trung ương Đảng.", "中共中央委员。")],
         "zh", 2, 2, {"cc-member": 1}),
        # two spellings, two phrasings: inconsistencies an editor wants to see
        ([("Việt Nam.", "Vietnam."), ("Việt Nam.", "Viet Nam."), ("Việt Nam.", "Vietnam.")], "en", 2, 3, {"vietnam": 2}),
        ([("Bí thư Tỉnh ủy.", "Provincial Party Secretary."), ("Bí thư Tỉnh ủy.", "Secretary of the Provincial Party Committee.")],
         "en", 1, 2, {"secretary": 2}),
    ],
)
def test_consistency_counts_correct_text_as_consistent(pairs: list[tuple[str, str]], lang: str, consistent: int,
                                                       occurrences: int, names: dict[str, int]) -> None:
    checker = TermChecker(NAMES)
    summary = summarize([checker.check(f"a:body:{i}.0", src, hyp, lang) for i, (src, hyp) in enumerate(pairs)])
    assert (summary.consistency.hits, summary.consistency.total) == (consistent, occurrences)
    assert {row.entry_id: row.names for row in summary.consistency_rows} == names  # entries rendered twice or more


def test_one_entry_is_one_row() -> None:
    checker = TermChecker(NAMES)
    pairs = [("Tỉnh Lào Cai.", "Lao Cai province."), ("tỉnh Lào Cai.", "Lao Cai province."), ("Lào Cai.", "Lao Cai."), ("Lào Cai.", "Lao Cai.")]
    summary = summarize([checker.check(f"a:body:{i}.0", src, hyp, "en") for i, (src, hyp) in enumerate(pairs)])
    (row,) = summary.consistency_rows
    assert (row.entry_id, row.occurrences, row.consistent, row.names, row.modal) == ("lao-cai", 4, 4, 1, "Lao Cai province")
    assert row.renderings == (("Lao Cai", 2), ("Lao Cai province", 2))


@pytest.mark.parametrize(
    ("first", "second", "lang", "same"),
    [
        ("Lao Cai", "Lao Cai province", "en", True),
        ("Lao Cai", "lao cai PROVINCE", "en", True),  # English ignores case
        ("Lao", "Lao Cai", "en", True),
        ("Cai", "Lao Cai", "en", True),
        ("Lao Ca", "Lao Cai", "en", False),  # whole words only
        ("China", "Chinese", "en", True),
        ("Vietnam", "Vietnamese", "en", True),
        ("Secretary", "Secretaries", "en", True),
        ("Chairman", "Chairwoman", "en", True),
        ("Chairmen", "Chairwomen", "en", True),
        ("Vietnam", "Viet Nam", "en", False),
        ("Hanoi", "Ha Noi", "en", False),
        ("Laos", "Lao", "en", True),
        ("Provincial Party Secretary", "Secretary of the Provincial Party Committee", "en", False),
        ("Yunnan", "Hunan", "en", False),
        ("云南", "云南省", "zh", True),
        ("越共中央委员", "中共中央委员", "zh", False),  # one name only through the entry's own 中央委员
        ("王宁", "王寧", "zh", False),
    ],
)
def test_same_name(first: str, second: str, lang: str, same: bool) -> None:
    from tamngu.eval.terms import same_name

    assert same_name(first, second, lang) is same
    assert same_name(second, first, lang) is same


def test_misses_grouped_by_entry(checker: TermChecker) -> None:
    checked = [
        checker.check("a:body:0.0", "Vương Ninh đến Lào Cai.", "Mr Wang came to Laocai.", "en"),
        checker.check("a:body:1.0", "Vương Ninh phát biểu.", "He spoke.", "en"),
    ]
    rows = misses_by_entry(checked, GLOSSARY, "en")
    assert [(row["entry_id"], row["missed"], row["total"]) for row in rows] == [("wang-ning", 2, 2), ("lao-cai", 1, 1)]
    assert rows[0]["segments"] == ["a:body:0.0", "a:body:1.0"]


def test_source_spans_point_into_the_original_text(checker: TermChecker) -> None:
    source = "Đồng chí Vương Ninh phát biểu."
    (term,) = checker.check("a:body:0.0", source, "x", "en").terms
    assert source[term.start : term.end] == "Vương Ninh"


def test_target_spans_are_longest_first_and_disjoint() -> None:
    text = "Lao Cai Provincial Party Committee and Lao Cai"
    spans = find_target_forms(text, [GLOSSARY.get("lao-cai"), GLOSSARY.get("lao-cai-ppc")], "en")  # type: ignore[list-item]
    assert [(s.entry_id, text[s.start : s.end]) for s in spans] == [
        ("lao-cai-ppc", "Lao Cai Provincial Party Committee"),
        ("lao-cai", "Lao Cai"),
    ]
