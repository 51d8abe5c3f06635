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

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from tamngu.glossary.bodies import compose_bodies
from tamngu.glossary.closedsets import guard_origins, pin_closed_sets
from tamngu.glossary.events import compose_events
from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry
from tamngu.glossary.normalize import normalize

logger = logging.getLogger(__name__)

MODIFIERS: dict[str, tuple[str, str]] = {"phó": ("vice", "副"), "nguyên": ("former", "原"), "quyền": ("acting", "代理")}
_VICE_HEADS = ("Chairman", "Chairwoman", "Governor", "President", "Mayor", "Prefecture Governor")
_DEPUTY_HEADS = ("Secretary", "Head", "Director", "Chief", "Minister", "Commander", "Consul General", "Permanent Secretary")
_ZH_HEADS = ("秘书长", "总领事", "指挥长", "主席", "书记", "州长", "县长", "省长", "市长", "部长", "主任", "厅长", "团长", "司长", "局长", "领事", "大使", "长")
_ZH_UNIT = {"province": "省", "prefecture": "州", "county": "县", "city": "市"}
_ORDINAL_CN = "零一二三四五六七八九十"


def with_modifier(entry: Entry, modifier: str) -> Entry | None:
    """``entry`` (an office) with ``modifier`` (``phó``, ``nguyên``, ``quyền``), or None when it does not fit."""
    kind = MODIFIERS.get(normalize(modifier))
    if kind is None or entry.type != "title":
        return None
    if kind[0] == "vice":
        en, zh = _vice_en(entry.en), _vice_zh(entry.zh)
    elif kind[0] == "former":
        en, zh = "former " + entry.en, "原" + entry.zh
    else:
        en, zh = "Acting " + entry.en, "代理" + entry.zh
    if not en or not zh:
        return None
    return _derived(entry, f"{modifier} {entry.vi}", en, zh, f"composed: '{modifier}' + office '{entry.id}'")


def _vice_en(en: str) -> str:
    for head in _VICE_HEADS:
        if en.startswith(head):
            return "Vice " + en
    for head in _DEPUTY_HEADS:
        if en.startswith(head):
            return "Deputy " + en
    return ""


def _vice_zh(zh: str) -> str:
    if "副" in zh:
        return ""
    for head in _ZH_HEADS:
        if zh.endswith(head) and len(zh) >= len(head):
            return zh[: len(zh) - len(head)] + "副" + head
    return ""


def with_place(entry: Entry, place: Entry, origin: str, unit_word: str = "", place_text: str = "") -> Entry | None:
    """Office ``entry`` of ``place`` (``Bí thư Châu ủy`` + ``Văn Sơn``), or None when no rule fits.

    ``unit_word`` is the administrative word written before the place (``tỉnh``);
    ``place_text`` the place as written (``Khu tự trị dân tộc Choang Quảng Tây``).
    """
    p_en, p_zh = _bare(place)
    if not p_en or not p_zh or entry.type not in ("title", "organization"):
        return None
    chinese = origin == "chinese"
    heads = {"Prefecture Governor": (f"Governor of {p_en} Prefecture", p_zh + "州州长"),
             "County Head": (f"Head of {p_en} County", p_zh + "县县长"), "Mayor": (f"Mayor of {p_en}", p_zh + "市市长")}
    if entry.en in heads:
        composed_en, composed_zh = heads[entry.en]
        return _derived(entry, f"{entry.vi} {place.vi}", composed_en, composed_zh, f"composed: office '{entry.id}' + place '{place.id}'")
    if p_zh in ("中国", "越南") and (" of " not in entry.en or entry.en.startswith(_NATIONAL_HEADS)):  # Bộ trưởng Bộ Quốc phòng Trung Quốc
        adjective = "Chinese" if p_zh == "中国" else "Vietnamese"
        return _derived(entry, f"{entry.vi} {place.vi}", f"{adjective} {entry.en}", p_zh + entry.zh, f"composed: office '{entry.id}' of '{place.id}'")
    if normalize(place_text).startswith("khu tự trị"):
        return _of_region(entry, place, p_en, p_zh)
    if chinese and normalize(unit_word) in _CN_UNITS and "Party Committee" not in entry.en:
        return _of_chinese_unit(entry, place, p_en, p_zh, normalize(unit_word))
    en, zh = entry.en, entry.zh
    rules = (
        ("the Provincial Party Committee", f"the CPC {p_en} Provincial Committee" if chinese else f"the {p_en} Provincial Party Committee", "省"),
        ("the Prefectural Party Committee", f"the {p_en} Prefectural Party Committee", "州"),
        ("the District Party Committee", f"the CPC {p_en} County Committee" if chinese else f"the {p_en} District Party Committee", "县"),
        ("the County Party Committee", f"the CPC {p_en} County Committee" if chinese else f"the {p_en} District Party Committee", "县"),
        ("the City Party Committee", f"the CPC {p_en} Municipal Committee" if chinese else f"the {p_en} City Party Committee", "市"),
        ("the Municipal Party Committee", f"the CPC {p_en} Municipal Committee", "市"),
        ("the Provincial ", f"the {p_en} Provincial ", "省"),
        ("the Department of ", f"the {p_en} Department of ", "省" if normalize(unit_word) == "tỉnh" else ""),
        ("Provincial ", f"{p_en} Provincial ", "省"),
    )
    for old, new, unit in rules:
        if old in en:
            zh_new = p_zh + zh if not unit or zh.startswith(unit) or p_zh.endswith(unit) else p_zh + unit + zh
            return _derived(entry, f"{entry.vi} {place.vi}", en.replace(old, new, 1), zh_new, f"composed: office '{entry.id}' + place '{place.id}'")
    return None


_NATIONAL_HEADS = ("Minister", "Deputy Minister", "Ambassador", "President", "Vice President", "Premier", "Prime Minister", "Deputy Prime Minister")
_CN_UNITS = {"châu": ("Prefecture", "州"), "huyện": ("County", "县"), "thị": ("City", "市"), "thành phố": ("City", "市"), "tỉnh": ("Provincial", "省")}


def _of_chinese_unit(entry: Entry, place: Entry, p_en: str, p_zh: str, unit_word: str) -> Entry | None:
    """A body or post of a Chinese prefecture/county/city: the place goes before the innermost body.

    "Director of the Foreign Affairs Office" + châu Văn Sơn -> "Director of the Wenshan
    Prefecture Foreign Affairs Office" / 文山州外事办公室主任.
    """
    unit_en, unit_zh = _CN_UNITS[unit_word]
    cut = entry.en.rfind("the ")
    if cut < 0 and entry.type == "organization":
        en = f"{p_en} {unit_en} {entry.en}"
    elif cut < 0:
        return None
    else:
        en = f"{entry.en[: cut + 4]}{p_en} {unit_en} {entry.en[cut + 4 :]}"
    zh = p_zh + ("" if entry.zh.startswith(unit_zh) else unit_zh) + entry.zh
    return _derived(entry, f"{entry.vi} {place.vi}", en, zh, f"composed: body '{entry.id}' of {unit_word} '{place.id}'")


def _of_region(entry: Entry, place: Entry, p_en: str, p_zh: str) -> Entry | None:
    """A body or post of a Zhuang autonomous region: "the CPC Guangxi Zhuang Autonomous Regional Committee"."""
    region_en = p_en if "Autonomous Region" in p_en else f"{p_en} Zhuang Autonomous Region"
    region_zh = p_zh if p_zh.endswith("自治区") else f"{p_zh}壮族自治区"
    zh_body = entry.zh[3:] if entry.zh.startswith("自治区") else entry.zh
    if "the Regional Party Committee" in entry.en:
        en = entry.en.replace("the Regional Party Committee", f"the CPC {region_en}al Committee")  # ... Autonomous Regional Committee
    else:
        cut = entry.en.rfind("the ")
        en = f"{entry.en[: cut + 4]}{region_en} {entry.en[cut + 4 :]}" if cut >= 0 else f"{region_en} {entry.en}"
    return _derived(entry, f"{entry.vi} {place.vi}", en, region_zh + zh_body, f"composed: body '{entry.id}' of region '{place.id}'")


def with_body(entry: Entry, body: Entry) -> Entry | None:
    """A bare post of the body written right after it: ``Tham tán công sứ`` + ``Đại sứ quán Trung Quốc
    tại Việt Nam`` -> "Minister-Counsellor of the Chinese Embassy in Vietnam" / 中国驻越南大使馆公使衔参赞."""
    if entry.type != "title" or " of " in entry.en or " in " in entry.en or not body.en or not body.zh:
        return None
    return _derived(entry, f"{entry.vi} {body.vi}", f"{entry.en} of the {body.en}", body.zh + entry.zh, f"composed: post '{entry.id}' of body '{body.id}'")


def _bare(place: Entry) -> tuple[str, str]:
    """The place's English and Chinese without a unit word (``Hekou County`` -> ``Hekou``, 河口县 -> 河口)."""
    en = re.sub(r"\s+(Province|Prefecture|County|City|province|city)$", "", place.en)
    zh = place.zh
    for unit in ("省", "州", "县", "市"):
        if zh.endswith(unit) and len(zh) > 2:
            zh = zh[:-1]
            break
    return en, zh


def ordinal(n: int) -> str:
    """``4`` -> ``4th``, ``21`` -> ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (``4`` -> 四, ``16`` -> 十六)."""
    if n < 11:
        return _ORDINAL_CN[n]
    tens, ones = divmod(n, 10)
    return (_ORDINAL_CN[tens] if tens > 1 else "") + "十" + (_ORDINAL_CN[ones] if ones else "")


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


def compose_matches(text: str, matches: Sequence[Match]) -> list[Match]:
    """``matches`` with offices composed with their modifier and place, or dropped when they cannot be."""
    # closed sets, bodies of a place, documents, storms, dated events (issue 23)
    matches = compose_events(text, compose_bodies(text, guard_origins(text, pin_closed_sets(text, matches))))
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
    entry, start, end, used_next = match.entry, match.start, match.end, False
    if nxt is not None and entry.type == "title" and nxt.entry.type == "organization" and text[end : nxt.start] == " ":
        of_body = with_body(entry, nxt.entry)
        if of_body is not None:
            entry, end, used_next = of_body, nxt.end, True
            nxt = None
    gap = _UNIT_AFTER.fullmatch(text[end : nxt.start] or " ") if nxt is not None else None
    if nxt is not None and gap and nxt.entry.type == "place":
        first = nxt.text.split()[0]
        unit_word = gap.group(1) or (first if first.islower() else "")
        if not gap.group(1) and len(nxt.text.split()) > 1 and normalize(" ".join(nxt.text.split()[:2])) == "thành phố":
            unit_word = "thành phố"
        placed = with_place(entry, nxt.entry, _origin(nxt.entry), unit_word, nxt.text)
        if placed is not None:
            entry, end, used_next = placed, nxt.end, True
    modifier = _MODIFIER_BEFORE.search(text[max(0, start - 12) : start]) if entry.type == "title" else None
    if modifier and not text[: start - len(modifier.group(0))].rstrip().lower().endswith("chính"):
        modified = with_modifier(entry, modifier.group("mod"))
        if modified is None:
            logger.info("'%s %s': office with a modifier it cannot take; left unpinned", modifier.group("mod"), match.text)
            return None, used_next
        entry, start = modified, start - len(modifier.group(0))
    if entry is match.entry:
        return match, False
    return Match(start, end, text[start:end], entry), used_next


def _compose_event(text: str, match: Match) -> Match:
    found = _ORDINAL_AFTER.match(text, match.end)
    if not found or "lần thứ" in normalize(match.text):
        return match
    entry = with_ordinal(match.entry, int(found.group(1)))
    return Match(match.start, found.end(), text[match.start : found.end()], entry)


def _origin(place: Entry) -> str:
    from tamngu.glossary.autopin import origin_of

    return origin_of(place)
