"""Lookup by Vietnamese (with or without diacritics), English, Chinese and pinyin; exact ranks first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.lookup import fold, lookup, nearest
from tamngu.glossary.model import Glossary
from tamngu.errors import BadInputError

GLOSSARY = '''
[[entry]]
id = "wang-ning"
type = "person"
vi = "Vương Ninh"
en = "Wang Ning"
zh = "王宁"
pinyin = "Wáng Níng"
provenance = "derived"
source = "test"

[[entry]]
id = "quang-ninh"
type = "place"
vi = "Quảng Ninh"
en = "Quang Ninh"
zh = "广宁"
provenance = "derived"
source = "test"

[[entry]]
id = "hanoi"
type = "place"
vi = "Hà Nội"
en = "Hanoi"
zh = "河内"
provenance = "derived"
source = "test"

[[entry]]
id = "south-korea"
type = "place"
vi = "Hàn Quốc"
en = "the Republic of Korea"
en_alt = ["South Korea"]
zh = "韩国"
provenance = "derived"
source = "test"

[[entry]]
id = "secretary-provincial-party-committee"
type = "title"
vi = "Bí thư Tỉnh ủy"
variants = ["Bí thư Tỉnh uỷ"]
en = "Secretary of the Provincial Party Committee"
zh = "省委书记"
provenance = "derived"
source = "test"

[[entry]]
id = "secretary-yunnan-provincial-party-committee"
type = "title"
vi = "Bí thư Tỉnh ủy Vân Nam"
en = "Secretary of the Yunnan Provincial Party Committee"
zh = "云南省委书记"
provenance = "derived"
source = "test"
'''


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    directory: Path = tmp_path_factory.mktemp("glossary")
    (directory / "test.toml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(directory)


@pytest.mark.parametrize(
    ("query", "first_id", "how"),
    [
        ("Vương Ninh", "wang-ning", "exact-vi"),
        ("vuong ninh", "wang-ning", "folded-vi"),
        ("VUONGNINH", "wang-ning", "folded-vi"),
        ("Vu\u031bo\u031bng Ninh", "wang-ning", "exact-vi"),  # NFD input
        ("Wang Ning", "wang-ning", "exact-en"),
        ("wang ning", "wang-ning", "exact-en"),
        ("王宁", "wang-ning", "exact-zh"),
        ("wáng níng", "wang-ning", "exact-pinyin"),
        ("Wáng Níng", "wang-ning", "exact-pinyin"),
        ("wangning", "wang-ning", "folded-en"),
        ("wang2 ning2", "wang-ning", "folded-en"),
        ("guangning", "quang-ninh", "folded-pinyin"),
        ("South Korea", "south-korea", "exact-en"),
        ("wang-ning", "wang-ning", "exact-id"),
        ("Bí thư Tỉnh uỷ", "secretary-provincial-party-committee", "exact-vi"),
        ("bi thu tinh uy", "secretary-provincial-party-committee", "folded-vi"),
        ("Secretary of the Yunnan", "secretary-yunnan-provincial-party-committee", "prefix-en"),
        ("hà", "hanoi", "prefix-vi"),
        ("Vuong Nihn", "wang-ning", "fuzzy-vi"),
    ],
)
def test_first_hit(glossary: Glossary, query: str, first_id: str, how: str) -> None:
    hits = lookup(glossary, query, limit=5)
    assert (hits[0].entry.id, hits[0].how) == (first_id, how), [(h.entry.id, h.how, h.score) for h in hits]


@pytest.mark.parametrize(
    ("query", "ranked_ids"),
    [
        # exact before prefix: the shorter title is the exact hit, the longer one a prefix hit
        ("bi thu tinh uy", ["secretary-provincial-party-committee", "secretary-yunnan-provincial-party-committee"]),
        # a prefix ending on a word boundary (Hà Nội) ranks before one inside a word (Hàn Quốc)
        ("hà", ["hanoi", "south-korea"]),
        # "ninh" is a word of both names: substring hits, nothing exact
        ("ninh", ["quang-ninh", "wang-ning"]),
    ],
)
def test_ranking(glossary: Glossary, query: str, ranked_ids: list[str]) -> None:
    assert [hit.entry.id for hit in lookup(glossary, query, limit=10)][: len(ranked_ids)] == ranked_ids


def test_scores_descend_and_kinds_order(glossary: Glossary) -> None:
    hits = lookup(glossary, "Bí thư", limit=10)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


@pytest.mark.parametrize("query", ["hong ha", "xyzzy"])
def test_no_match_across_syllables_or_nonsense(glossary: Glossary, query: str) -> None:
    # "hong ha" must not hit "tHONG HAn" inside other names; nothing here is Hồng Hà
    assert lookup(glossary, query) == []


def test_nearest_always_answers(glossary: Glossary) -> None:
    assert [hit.entry.id for hit in nearest(glossary, "vuong nin", limit=1)] == ["wang-ning"]


@pytest.mark.parametrize("query", ["", "   ", "—", "?!"])
def test_empty_query_is_bad_input(glossary: Glossary, query: str) -> None:
    with pytest.raises(BadInputError, match="empty query"):
        lookup(glossary, query)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Vương Ninh", "vuong ninh"), ("Đặng Quân", "dang quan"), ("Wáng  Níng", "wang ning"), ("wang2-ning2", "wang ning")],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_limit(glossary: Glossary) -> None:
    assert len(lookup(glossary, "a", limit=2)) <= 2
