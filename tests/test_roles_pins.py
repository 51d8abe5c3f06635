"""Pins flagged when the role is unconfirmed (issue 24): resolver notes, the audit, served records, the summary."""

from __future__ import annotations

import datetime as dt

import pytest

from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry, Glossary, Role, RoleCheck
from tamngu.glossary.resolve import resolve_article
from tamngu.translate.audit import audit, pinned_terms
from tamngu.translate.config import TranslateConfig
from tamngu.translate.records import BatchSummary, SegmentRecord, TargetRecord
from tamngu.errors import BadInputError

D = dt.date
SEC = "sec"
TITLE = Entry(SEC, "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记", "derived", "test", single_holder=True)
LAO_CAI = Entry("lao-cai", "place", "Lào Cai", "Lao Cai", "老街", "derived", "test")
PHU_THO = Entry("phu-tho", "place", "Phú Thọ", "Phu Tho", "富寿", "derived", "test")
CHECK = (RoleCheck("VNA, 10/3/2026", D(2026, 3, 10), "held"),)
HUY = Entry("huy", "person", "Dương Quốc Huy", "Duong Quoc Huy", "杨国辉", "derived", "test", roles=(
    Role(SEC, "Secretary of the Lao Cai Provincial Party Committee", "老街省委书记", D(2026, 2, 28), body="lao-cai", checks=CHECK),
))  # fmt: skip
HUNG = Entry("hung", "person", "Trịnh Việt Hùng", "Trinh Viet Hung", "郑越雄", "derived", "test", roles=(
    Role(SEC, "Secretary of the Lao Cai Provincial Party Committee", "老街省委书记", D(2025, 9, 29), D(2026, 2, 27), body="lao-cai", end_bound=True),
    Role("deputy-minister", "Standing Deputy Minister of Agriculture and Environment", "农业与环境部常务副部长", D(2026, 2, 28)),
))  # fmt: skip
GLOSSARY = Glossary((TITLE, LAO_CAI, PHU_THO, HUY, HUNG))
UNCONFIRMED = (
    "role unconfirmed: Secretary of the Lao Cai Provincial Party Committee (2026-02-28..open); "
    "newest check: VNA, 10/3/2026 (2026-03-10, held)"
)
ENDED = (
    "role ended: Secretary of the Lao Cai Provincial Party Committee (2025-09-29..2026-02-27 (bound)); "
    "held then: Standing Deputy Minister of Agriculture and Environment; Duong Quoc Huy held the office (2026-02-28..open)"
)


def notes(text: str, day: dt.date | None, window: int = 180) -> list[tuple[str, str | None]]:
    resolved = resolve_article([text], GLOSSARY, date=day, names=True, role_window_days=window)
    return [(pin.entry.id, pin.role_note) for pin in resolved.pins[0] if pin.entry.type == "person"]  # offices carry no note


@pytest.mark.parametrize(
    ("text", "day", "window", "expected"),
    [
        # the office composed with its place right before the name; a check inside the window: nothing to say
        ("Bí thư Tỉnh ủy Lào Cai Dương Quốc Huy phát biểu.", D(2026, 6, 1), 180, [("huy", None)]),
        # past the window: pinned, with the role and its newest check
        ("Bí thư Tỉnh ủy Lào Cai Dương Quốc Huy phát biểu.", D(2026, 11, 1), 180, [("huy", UNCONFIRMED)]),
        ("Bí thư Tỉnh ủy Lào Cai Dương Quốc Huy phát biểu.", D(2026, 11, 1), 300, [("huy", None)]),
        # the name first, the office after a comma
        ("Ông Dương Quốc Huy, Bí thư Tỉnh ủy Lào Cai, phát biểu.", D(2026, 11, 1), 180, [("huy", UNCONFIRMED)]),
        # an ended role is never pinned as current: the note says what he held then and who held the office
        ("Bí thư Tỉnh ủy Lào Cai Trịnh Việt Hùng dự họp.", D(2026, 5, 1), 180, [("hung", ENDED)]),
        # another body's office: not his role, nothing to say
        ("Bí thư Tỉnh ủy Phú Thọ Dương Quốc Huy phát biểu.", D(2026, 11, 1), 180, [("huy", None)]),
        # a name with no office beside it, and an article without a date: no binding checked
        ("Dương Quốc Huy phát biểu.", D(2026, 11, 1), 180, [("huy", None)]),
        ("Bí thư Tỉnh ủy Lào Cai Dương Quốc Huy phát biểu.", None, 180, [("huy", None)]),
        # a modified office ("Phó") is another post: no note
        ("Phó Bí thư Tỉnh ủy Lào Cai Dương Quốc Huy phát biểu.", D(2026, 11, 1), 180, [("huy", None)]),
    ],
)
def test_resolver_role_notes(text: str, day: dt.date | None, window: int, expected: list[tuple[str, str | None]]) -> None:
    assert notes(text, day, window) == expected


@pytest.mark.parametrize(("lang", "target"), [("en", "Duong Quoc Huy spoke."), ("zh", "杨国辉讲话。")])
def test_audit_carries_the_role_note(lang: str, target: str) -> None:
    matches = [Match(0, 14, "Dương Quốc Huy", HUY, UNCONFIRMED), Match(20, 27, "Lào Cai", LAO_CAI)]
    terms = audit(pinned_terms(matches, lang), target, lang)
    assert [(term.entry_id, term.role_note) for term in terms] == [("huy", UNCONFIRMED), ("lao-cai", "")]


def test_served_record_takes_todays_notes() -> None:
    old = TargetRecord("Duong Quoc Huy spoke.", "hard", ({"entry_id": "huy", "source_start": 0, "role_note": ""},))
    fresh = old.with_role_notes([Match(0, 14, "Dương Quốc Huy", HUY, UNCONFIRMED)])
    assert [term["role_note"] for term in fresh.terms] == [UNCONFIRMED]
    assert [term["role_note"] for term in fresh.with_role_notes([Match(0, 14, "Dương Quốc Huy", HUY)]).terms] == [""]


def test_summary_counts_role_notes() -> None:
    terms = ({"entry_id": "huy", "role_note": UNCONFIRMED}, {"entry_id": "hung", "role_note": ENDED}, {"entry_id": "lao-cai"})
    summary = BatchSummary("run", ("en",))
    summary.count([SegmentRecord("a:body:0.0", "body", 0, 0, "x", {"en": TargetRecord("y", "hard", terms)})])
    assert (summary.roles_unconfirmed, summary.roles_ended, summary.to_dict()["roles_unconfirmed"]) == (1, 1, 1)


@pytest.mark.parametrize(("days", "ok"), [(0, True), (180, True), (-1, False)])
def test_role_window_is_a_setting(days: int, ok: bool) -> None:
    if ok:
        assert TranslateConfig(role_window_days=days).role_window_days == days
        assert "role_window_days" not in TranslateConfig(role_window_days=days).decoding_settings()  # no memory key change
    else:
        with pytest.raises(BadInputError, match=r"role_window_days \(--role-window\) must be 0 or more days, got -1"):
            TranslateConfig(role_window_days=days)


@pytest.mark.parametrize(
    "source",
    [
        "composed: office 'sec' + place 'lao-cai' (vn-province template)",  # composed by the office templates
        "composed: post 'sec' of body 'lao-cai'",
    ],
)
def test_composed_office_names_its_title_and_body(source: str) -> None:
    from dataclasses import replace

    from tamngu.glossary.resolve import Pin
    from tamngu.glossary.roles import note_roles

    office = replace(TITLE, id="sec~x", en="Secretary of the Lao Cai Provincial Party Committee", source=source)
    text = "Bí thư Tỉnh ủy Lào Cai Trịnh Việt Hùng dự họp."
    pins = ((Pin(0, 0, 22, office, "derived", None, True, None, text[:22]), Pin(0, 23, 38, HUNG, "derived", "vietnamese", False, None, text[23:38])),)
    noted = note_roles([text], pins, GLOSSARY, D(2026, 5, 1))
    assert [pin.role_note for pin in noted[0]] == [None, ENDED]
