"""Alternatives are equivalents only: a title bound to a person takes that person's form, and the audit and the
evaluation say which form appeared (a male official rendered "Vice Chairwoman" is a miss, not a success)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamngu.eval.terms import TermChecker
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Matcher
from tamngu.translate.audit import audit, pinned_terms

GLOSSARY = """[[entry]]
id = "vice-chair-ppc"
type = "title"
vi = "Phó Chủ tịch UBND tỉnh"
en = "Vice Chairman of the Provincial People's Committee"
en_alt = ["Vice Chair of the Provincial People's Committee", "Vice Chairwoman of the Provincial People's Committee"]
zh = "省人民委员会副主席"
provenance = "derived"
source = "test"

[[entry]]
id = "giang-thi-dung"
type = "person"
vi = "Giàng Thị Dung"
en = "Giang Thi Dung"
zh = "江氏蓉"
gender = "female"
provenance = "derived"
source = "test"

[[entry]]
id = "nguyen-van-an"
type = "person"
vi = "Nguyễn Văn An"
en = "Nguyen Van An"
zh = "阮文安"
gender = "male"
provenance = "derived"
source = "test"
"""
MAN = "Vice Chairman of the Provincial People's Committee"
WOMAN = "Vice Chairwoman of the Provincial People's Committee"
NEUTRAL = "Vice Chair of the Provincial People's Committee"


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("gendered")
    (folder / "terms.toml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(folder)


@pytest.mark.parametrize(
    ("source", "required", "alternatives"),
    [
        ("Phó Chủ tịch UBND tỉnh Giàng Thị Dung phát biểu.", WOMAN, (WOMAN,)),
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", MAN, (MAN, NEUTRAL)),
        ("Phó Chủ tịch UBND tỉnh phát biểu.", MAN, (MAN, NEUTRAL)),  # nobody bound: never the gendered form
        ("Đồng chí Giàng Thị Dung, Phó Chủ tịch UBND tỉnh phát biểu.", WOMAN, (WOMAN,)),  # in apposition
    ],
)
def test_a_title_takes_the_form_of_the_person_it_is_bound_to(glossary, source: str, required: str, alternatives: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    title = next(pin for pin in pinned_terms(Matcher(glossary).find(source), "en") if pin.type == "title")
    assert (title.required, title.alternatives) == (required, alternatives)


@pytest.mark.parametrize(
    ("source", "target", "satisfied", "form", "preferred"),
    [
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", f"{WOMAN} Nguyen Van An spoke.", False, None, True),
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", f"{NEUTRAL} Nguyen Van An spoke.", True, NEUTRAL, False),
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", f"{MAN.lower()} Nguyen Van An spoke.", True, MAN.lower(), True),
        ("Phó Chủ tịch UBND tỉnh Giàng Thị Dung phát biểu.", f"{WOMAN} Giang Thi Dung spoke.", True, WOMAN, True),
        ("Phó Chủ tịch UBND tỉnh Giàng Thị Dung phát biểu.", f"{MAN} Giang Thi Dung spoke.", False, None, True),
    ],
)
def test_audit_says_which_form_appeared(glossary, source: str, target: str, satisfied: bool, form: str | None, preferred: bool) -> None:  # type: ignore[no-untyped-def]
    (title, *_) = audit(pinned_terms(Matcher(glossary).find(source), "en"), target, "en")
    assert (title.satisfied, title.form, title.preferred) == (satisfied, form, preferred)


@pytest.mark.parametrize(
    ("source", "hypothesis", "success"),
    [
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", f"{WOMAN} Nguyen Van An spoke.", False),
        ("Phó Chủ tịch UBND tỉnh Giàng Thị Dung phát biểu.", f"{WOMAN} Giang Thi Dung spoke.", True),
        ("Phó Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu.", f"{MAN} Nguyen Van An spoke.", True),
    ],
)
def test_evaluation_counts_as_the_audit_does(glossary, source: str, hypothesis: str, success: bool) -> None:  # type: ignore[no-untyped-def]
    checked = TermChecker(glossary).check("s1", source, hypothesis, "en")
    title = next(term for term in checked.terms if term.entry_id == "vice-chair-ppc")
    assert title.hit is success


def test_gender_must_be_female_or_male(tmp_path: Path) -> None:
    from tamngu.errors import GlossaryError

    (tmp_path / "t.toml").write_text(GLOSSARY.replace('gender = "male"', 'gender = "m"'), encoding="utf-8")
    with pytest.raises(GlossaryError, match="gender 'm' must be 'female' or 'male'"):
        load_glossary(tmp_path)
