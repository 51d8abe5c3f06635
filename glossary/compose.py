"""Offices keep their modifiers: compose ``Phó``/``nguyên``/``Quyền`` + office [+ place], or pin nothing.

The glossary pins ``Châu trưởng`` (州长, Prefecture Governor); the text may say
``Phó Châu trưởng``. Pinning the bare office would make the translation wrong,
so :func:`compose_matches` looks at the words around every title match:

- a modifier before it is composed in (``Phó`` -> Vice/Deputy and 副 before the
  head noun; ``nguyên`` -> former, 原; ``Quyền`` -> Acting, 代理); when the
  office cannot take the modifier, the title is dropped (left to the model);
- a place right after it (``Bí thư Châu ủy Văn Sơn``, ``Phó Chủ tịch UBND tỉnh
  Lào Cai``) is composed into one term: "Secretary of the Wenshan Prefectural
  Party Committee" / 文山州委书记; Chinese units take the CPC's forms
  ("CPC Lyuchun County Committee"), Vietnamese ones VNA's;
- an event followed by ``lần thứ N`` becomes "the Nth ..." / 第N次....

Composed entries have provenance ``derived`` and say how they were made.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from tamngu.glossary.bodies import compose_bodies
from tamngu.glossary.closedsets import chinese_counterparts, guard_origins, guard_person_names, pin_closed_sets
from tamngu.glossary.events import chinese_number, compose_events, ordinal
from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry
from tamngu.glossary.officials import correct_misspelt_officials
from tamngu.glossary.normalize import normalize
from tamngu.glossary.offices import Modifier, OfficeForm, fill, fill_body, office_record, place_kind

logger = logging.getLogger(__name__)

MODIFIERS: dict[str, Modifier] = {"phó": "vice", "nguyên": "former", "quyền": "acting"}


def with_modifier(entry: Entry, modifier: str) -> Entry | None:
    """``entry`` (an office) with ``modifier`` (``phó``, ``nguyên``, ``quyền``), or None when it does not fit.

    ``Phó`` takes the office's own vice form from ``compose/offices.toml``; ``nguyên``
    and ``Quyền`` prefix "former"/原 and "Acting"/代理.
    """
    return _modified(entry, modifier, _own_form(entry))


def _modified(entry: Entry, modifier: str, form: OfficeForm) -> Entry | None:
    """``entry`` (plain or composed, made from ``form``) with ``modifier``, or None when it does not fit."""
    kind = MODIFIERS.get(normalize(modifier))
    words = form.modified(kind) if kind is not None and entry.type == "title" else None
    if words is None:
        return None
    return _derived(entry, f"{modifier} {entry.vi}", *words, f"composed: '{modifier}' + office '{entry.id}'")


def with_place(entry: Entry, place: Entry, origin: str = "", unit_word: str = "", place_text: str = "") -> Entry | None:
    """Office ``entry`` of ``place`` (``Bí thư Châu ủy`` + ``Văn Sơn``) by its template for the place's kind, or None.

    ``unit_word`` is the administrative word written before the place (``tỉnh``);
    ``place_text`` the place as written (``Khu tự trị dân tộc Choang Quảng Tây``).
    ``origin`` is kept for callers; the side comes from the place's ``country``.
    """
    form = _placed_form(entry, place, unit_word, place_text)
    if form is None:
        return None
    return _derived(entry, f"{entry.vi} {place.vi}", form.en, form.zh, _place_how(entry, place, unit_word, place_text))


def with_body(entry: Entry, body: Entry) -> Entry | None:
    """A bare post of the body written right after it: ``Tham tán công sứ`` + ``Đại sứ quán Trung Quốc
    tại Việt Nam`` -> "Minister-Counsellor of the Chinese Embassy in Vietnam" / 中国驻越南大使馆公使衔参赞."""
    form = _body_form(entry, body)
    if form is None:
        return None
    return _derived(entry, f"{entry.vi} {body.vi}", form.en, form.zh, f"composed: post '{entry.id}' of body '{body.id}'")


def _own_form(entry: Entry) -> OfficeForm:
    """The office as it stands, with its vice form when its record has one."""
    record = office_record(entry.id)
    vice = record.vice if record is not None else None
    return OfficeForm(entry.en, entry.zh, vice.en if vice else "", vice.zh if vice else "")


def _placed_form(entry: Entry, place: Entry, unit_word: str, place_text: str) -> OfficeForm | None:
    record = office_record(entry.id) if entry.type in ("title", "organization") else None
    template = record.for_kind(place_kind(place, unit_word, place_text)) if record is not None else None
    if template is None:
        return None
    return OfficeForm(*(fill(text, place, lang) for text, lang in
                        ((template.en, "en"), (template.zh, "zh"), (template.vice_en, "en"), (template.vice_zh, "zh"))))


def _body_form(entry: Entry, body: Entry) -> OfficeForm | None:
    record = office_record(entry.id) if entry.type == "title" else None
    template = record.of_body if record is not None else None
    if template is None or not body.en or not body.zh:
        return None
    return OfficeForm(*(fill_body(text, body, lang) for text, lang in
                        ((template.en, "en"), (template.zh, "zh"), (template.vice_en, "en"), (template.vice_zh, "zh"))))


def _place_how(entry: Entry, place: Entry, unit_word: str, place_text: str) -> str:
    return f"composed: office '{entry.id}' + place '{place.id}' ({place_kind(place, unit_word, place_text)} template)"


def with_ordinal(entry: Entry, n: int) -> Entry:
    """Event ``entry`` as its ``n``-th session: "the 4th annual meeting" / 第四次...."""
    en = f"the {ordinal(n)} {entry.en[:1].lower()}{entry.en[1:]}"
    return _derived(entry, f"{entry.vi} lần thứ {n}", en, f"第{chinese_number(n)}次{entry.zh}", f"composed: ordinal {n} + '{entry.id}'")


def _derived(entry: Entry, vi: str, en: str, zh: str, how: str) -> Entry:
    base = entry.note if entry.note.startswith("composed from: ") else f"composed from: {entry.en} | {entry.zh}"
    return replace(entry, id=f"{entry.id}~{normalize(vi).replace(' ', '-')}", vi=vi, en=en, zh=zh, variants=(),
                   en_alt=(), zh_alt=(), provenance="derived", source=how, roles=(), note=base)


_MODIFIER_BEFORE = re.compile(r"(?<![\w])(?P<mod>[Pp]hó|[Nn]guyên|Quyền|quyền)\s+$")
# between an office and its place: the unit word, and "Chính quyền nhân dân" (Thị trưởng Chính quyền nhân dân thành phố X)
_UNIT_AFTER = re.compile(r"\s+(?:[Cc]hính quyền nhân dân\s+)?(tỉnh|thành phố|châu|huyện|thị|TP\.?)?\s*$")
_ORDINAL_AFTER = re.compile(r"\s+lần thứ\s+(\d{1,2})\b")


def compose_matches(
    text: str, matches: Sequence[Match], *, date: dt.date | None = None, offices: Mapping[str, tuple[Entry, ...]] | None = None,
) -> list[Match]:
    """``matches`` with offices composed with their modifier and place, or dropped when they cannot be.

    ``date`` is the article's (a misspelt official is read as the person who held the office that day) and
    ``offices`` the holders of the glossary in use (:func:`~tamngu.glossary.officials.holders_of`; None: the packaged one).
    """
    # closed sets, bodies of a place, documents, storms, dated events (issue 23)
    matches = guard_person_names(text, chinese_counterparts(text, pin_closed_sets(text, matches)))
    matches = guard_origins(text, correct_misspelt_officials(text, matches, offices, date=date))
    matches = compose_events(text, compose_bodies(text, matches))
    out: list[Match] = []
    index = 0
    while index < len(matches):
        match = matches[index]
        nxt = matches[index + 1] if index + 1 < len(matches) else None
        if match.entry.type in ("title", "organization"):
            composed, used_next = _compose_title(text, match, nxt)
            if composed is not None:
                out.append(composed)
            index += 2 if used_next else 1
            continue
        if match.entry.type == "event":
            out.append(_compose_event(text, match))
        else:
            out.append(match)
        index += 1
    return out


def _compose_title(text: str, match: Match, nxt: Match | None) -> tuple[Match | None, bool]:
    """The office of ``match`` with the body or place after it and the modifier before it, or None to drop it."""
    placed = _body_after(text, match, nxt) or _place_after(text, match, nxt)
    modifier = _modifier_before(text, match) if match.entry.type == "title" else None
    if placed is None and modifier is None:
        return match, False
    entry, form = placed if placed is not None else (match.entry, _own_form(match.entry))
    start, end, used_next = match.start, nxt.end if placed is not None and nxt is not None else match.end, placed is not None
    if modifier is not None:
        modified = _modified(entry, modifier.group("mod"), form)
        if modified is None:
            logger.info("'%s %s': office with a modifier it cannot take; left unpinned", modifier.group("mod"), match.text)
            return None, used_next
        entry, start = modified, start - len(modifier.group(0))
    return Match(start, end, text[start:end], entry), used_next


def _body_after(text: str, match: Match, nxt: Match | None) -> tuple[Entry, OfficeForm] | None:
    """``Tham tán công sứ Đại sứ quán ...``: a bare post and the body written right after it."""
    if nxt is None or match.entry.type != "title" or nxt.entry.type != "organization" or text[match.end : nxt.start] != " ":
        return None
    form = _body_form(match.entry, nxt.entry)
    entry = with_body(match.entry, nxt.entry)
    return (entry, form) if entry is not None and form is not None else None


def _place_after(text: str, match: Match, nxt: Match | None) -> tuple[Entry, OfficeForm] | None:
    """``Bí thư Thành ủy thành phố Lào Cai``: the office and the place after it (a unit word may stand between)."""
    gap = _UNIT_AFTER.fullmatch(text[match.end : nxt.start] or " ") if nxt is not None else None
    if nxt is None or not gap or nxt.entry.type != "place":
        return None
    words = nxt.text.split()
    unit_word = gap.group(1) or (words[0] if words[0].islower() else "")
    if not gap.group(1) and len(words) > 1 and normalize(" ".join(words[:2])) == "thành phố":
        unit_word = "thành phố"
    form = _placed_form(match.entry, nxt.entry, unit_word, nxt.text)
    entry = with_place(match.entry, nxt.entry, "", unit_word, nxt.text)
    return (entry, form) if entry is not None and form is not None else None


def _modifier_before(text: str, match: Match) -> re.Match[str] | None:
    """``Phó``/``nguyên``/``Quyền`` right before the office (not the tail of ``chính phó``)."""
    found = _MODIFIER_BEFORE.search(text[max(0, match.start - 12) : match.start])
    if found and text[: match.start - len(found.group(0))].rstrip().lower().endswith("chính"):
        return None
    return found


def _compose_event(text: str, match: Match) -> Match:
    found = _ORDINAL_AFTER.match(text, match.end)
    if not found or "lần thứ" in normalize(match.text):
        return match
    entry = with_ordinal(match.entry, int(found.group(1)))
    return Match(match.start, found.end(), text[match.start : found.end()], entry)
