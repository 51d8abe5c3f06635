"""eval/text.py and eval/segments.py: what may reach a report, a reference's script, folding and marks."""

from __future__ import annotations

import pytest

from tamngu.eval.model import Piece
from tamngu.eval.segments import fold, pieces
from tamngu.eval.text import clean, first_unclean, script_problem


@pytest.mark.parametrize(
    ("text", "cleaned", "removed"),
    [
        ("Lao Cai province", "Lao Cai province", 0),
        ("Hà Khẩu\u200b", "Hà Khẩu\u200b", 0),  # a zero-width space is not a control character (the matcher's business)
        ("Lao\x00Cai", "LaoCai", 1),
        ("Lao\tCai\nprovince", "Lao Cai province", 2),  # whitespace controls become spaces
        ("\x1b[31mred\x1b[0m", "[31mred[0m", 2),  # an escape sequence loses its ESC and cannot colour a terminal
        ("Vương Ninh\ufffd", "Vương Ninh", 1),
        ("a\ud800b", "ab", 1),  # a lone surrogate (from a \\ud800 JSON escape) cannot even be written as UTF-8
        ("\x85next line", " next line", 1),
        ("", "", 0),
    ],
)
def test_clean_removes_what_a_report_must_not_show(text: str, cleaned: str, removed: int) -> None:
    assert clean(text) == (cleaned, removed)


@pytest.mark.parametrize(("text", "index"), [("abc", None), ("ab\ufffd", 2), ("\x07bell", 0), ("tab\there", 3)])
def test_first_unclean(text: str, index: int | None) -> None:
    assert first_unclean(text) == index


@pytest.mark.parametrize(
    ("text", "lang", "problem"),
    [
        ("Lao Cai welcomes Wang Ning", "en", None),
        ("Lao Cai welcomes Wang Ning (王宁)", "en", None),  # a quoted Chinese name is fine
        ("老街迎接王宁", "en", "is in Chinese script"),
        ("Secretary Wang Ning (王宁) of the CPC Yunnan Committee", "en", None),
        ("王宁 visits 老街省", "en", "is in Chinese script"),  # 5 characters weigh 15 letters, more than 6
        ("王宁访问老街省 (Wang Ning)", "en", "is in Chinese script"),
        ("老街迎接王宁", "zh", None),
        ("中国加入WTO。", "zh", None),  # Latin abbreviations inside Chinese
        ("越南VinFast公司", "zh", None),  # 6 characters weigh 18 letters, more than 7
        ("Lao Cai welcomes Wang Ning", "zh", "is in Latin script"),
        ("Lào Cai đón Vương Ninh", "zh", "is in Latin script"),  # the Vietnamese source pasted into zh
        ("2025", "zh", None),  # digits only: no letters of either script
    ],
)
def test_script_problem(text: str, lang: str, problem: str | None) -> None:
    assert script_problem(text, lang) == problem


PROSE = ("The two provinces agreed to widen cooperation in trade, tourism and border management, "
         "to open a second freight route before the rainy season, to share weather warnings within the hour, "
         "and to hold a joint fair in the autumn where farmers from both sides of the river can sell fruit, tea "
         "and handicrafts without paying the usual fees at the crossing.")  # 350 characters of prose, in our own words


@pytest.mark.parametrize(
    ("hypothesis", "reference", "expected"),
    [
        ("short", "short", (5, False)),
        (PROSE, PROSE[:300], (350, False)),  # long, but prose and not much longer than its reference
        (PROSE, PROSE[:200], (300, True)),  # over 1.5 times its reference
        ("x" * 301, "y" * 250, (300, True)),  # repeats itself
        ("MTTQ " * 70, PROSE, (300, True)),
        ("x" * 300, "y", (300, False)),  # not longer than the fold
    ],
)
def test_fold(hypothesis: str, reference: str, expected: tuple[int, bool]) -> None:
    assert fold(hypothesis, reference) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, None, (Piece("Ông "), Piece("Wang Ning", "found", "wang-ning"), Piece(" tới "), Piece("Lao Cai", "found", "lao-cai"))),
        (0, 8, (Piece("Ông "), Piece("Wang", "found", "wang-ning"))),  # a mark cut at the fold
        (13, None, (Piece(" tới "), Piece("Lao Cai", "found", "lao-cai"))),
    ],
)
def test_pieces(start: int, end: int | None, expected: tuple[Piece, ...]) -> None:
    text = "Ông Wang Ning tới Lao Cai"
    marks = [(18, 25, "found", "lao-cai"), (4, 13, "found", "wang-ning")]
    assert pieces(text, marks, start, end) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Lao Cai", "Lao Cai"),
        ("**bold** and _it_", r"\*\*bold\*\* and \_it\_"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("a|b [c](d) `e`", r"a\|b \[c\](d) \`e\`"),
        ("back\\slash", r"back\\slash"),
        ("line\nbreak", "line break"),
    ],
)
def test_markdown_text_is_shown_literally(text: str, shown: str) -> None:
    from tamngu.eval.render import markdown_text

    assert markdown_text(text) == shown
