"""Bodies of a place composed from data: ``Sở Công Thương tỉnh Hà Giang`` -> Ha Giang Department of Industry and Trade.

A generic body entry (``Sở Công Thương``, ``Chính quyền nhân dân``, ``Đồn Biên
phòng``) followed by a place becomes one term. How it composes is data, not
code: ``glossary/data/compose/bodies.toml`` keys templates by the body's entry
id and by the kind of place (``vn-province``, ``cn-county``, ...)::

    [[body]]
    entry = "peoples-government-china"
    templates.cn-county = { en = "{place} County People's Government", zh = "{place}县人民政府" }

>>> from tamngu.glossary.model import Entry
>>> from tamngu.glossary.matcher import Match
>>> body = Entry("peoples-government-china", "organization", "Chính quyền nhân dân", "People's Government", "人民政府", "derived", "x")
>>> place = Entry("daxin", "place", "Đại Tân", "Daxin", "大新", "derived", "x", country="CN")
>>> text = "Chính quyền nhân dân huyện Đại Tân"
>>> [(m.text, m.entry.en, m.entry.zh) for m in compose_bodies(text, [Match(0, 20, text[:20], body), Match(27, 34, "Đại Tân", place)])]
[('Chính quyền nhân dân huyện Đại Tân', "Daxin County People's Government", '大新县人民政府')]

A newsroom extends composition by editing the TOML file; :func:`template_problems`
names a template whose body entry does not exist or whose placeholders are unknown.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry
from tamngu.glossary.normalize import normalize, strip_marks

logger = logging.getLogger(__name__)

TEMPLATES_FILE = Path(__file__).parent / "data" / "compose" / "bodies.toml"
PLACEHOLDERS = frozenset({"place", "place_full", "body"})
# Unit words written before a place, and the kind each names on either side of the border.
UNIT_KINDS: dict[str, tuple[str, str]] = {
    "tỉnh": ("province", "province"), "thành phố": ("city", "city"), "tp": ("city", "city"), "tp.": ("city", "city"),
    "huyện": ("district", "county"), "thị xã": ("town", "city"), "thị trấn": ("township", "township"), "thị": ("town", "city"),
    "châu": ("prefecture", "prefecture"), "xã": ("commune", "township"), "phường": ("ward", "subdistrict"),
    "khu tự trị dân tộc choang": ("region", "region"), "khu tự trị": ("region", "region"),
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNIT_KINDS), key=len, reverse=True))
_UNIT_SUFFIX_EN = re.compile(r"\s+(Province|Prefecture|County|City|District|Municipality|province|prefecture|county|city|district|commune|ward|town)$")
_UNIT_SUFFIX_ZH = ("省", "州", "县", "市", "区")
_NAME_RUN = re.compile(r"(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\s,.;:()]*)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\s,.;:()]*){1,3}")


@dataclass(frozen=True)
class BodyTemplate:
    """The templates of one generic body (an entry id), with the words that may stand before its place."""

    entry: str
    templates: dict[str, dict[str, str]]
    connector: str = ""
    name_after: str = ""
    yield_to_title: bool = False


@functools.lru_cache(maxsize=4)
def load_templates(path: Path = TEMPLATES_FILE) -> tuple[BodyTemplate, ...]:
    """Every ``[[body]]`` record of the templates file (empty when the file is absent)."""
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(BodyTemplate(str(r["entry"]), dict(r.get("templates", {})), str(r.get("connector", "")), str(r.get("name_after", "")),
                              bool(r.get("yield_to_title", False)))
                 for r in data.get("body", []))


def template_problems(entry_ids: Iterable[str], path: Path = TEMPLATES_FILE) -> list[str]:
    """What is wrong with the templates file: unknown body ids, templates without en/zh, unknown placeholders."""
    known = set(entry_ids)
    problems = []
    for record in load_templates(path):
        if record.entry not in known:
            problems.append(f"{path.name}: body '{record.entry}' is no glossary entry id; fix or remove the record")
        for kind, template in record.templates.items():
            if not template.get("en") or not template.get("zh"):
                problems.append(f"{path.name}: body '{record.entry}' template '{kind}' needs both en and zh")
            names = set(re.findall(r"{(\w+)}", template.get("en", "") + template.get("zh", "")))
            if names - PLACEHOLDERS:
                problems.append(f"{path.name}: body '{record.entry}' template '{kind}' uses unknown {sorted(names - PLACEHOLDERS)}")
    return problems


@dataclass(frozen=True)
class Head:
    """The head of a body, written before it (``Giám đốc`` + body -> Director of the ...)."""

    vi: str
    en: str
    deputy: bool = False


@functools.lru_cache(maxsize=4)
def load_heads(path: Path = TEMPLATES_FILE) -> tuple[tuple[Head, ...], dict[str, str]]:
    """The ``[[head]]`` records (longest first) and the Chinese head noun by the body's ending."""
    if not path.is_file():
        return (), {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    heads = tuple(sorted((Head(str(r["vi"]), str(r["en"]), bool(r.get("deputy", False))) for r in data.get("head", [])),
                         key=lambda h: -len(h.vi)))
    return heads, {str(k): str(v) for k, v in data.get("zh_heads", {}).items()}


def with_head(text: str, body: Match, previous: Match | None) -> Match:
    """``body`` (a composed body) with the head written right before it, when one is and no office covers it."""
    heads, nouns = load_heads()
    before = text[: body.start]
    for head in heads:
        found = re.search(rf"(?<!\w){re.escape(head.vi)}\s+$", before)
        if found is None or (previous is not None and previous.end > found.start()):
            continue
        noun = next((nouns[end] for end in sorted(nouns, key=len, reverse=True) if body.entry.zh.endswith(end)), "")
        zh = body.entry.zh + ("副" if head.deputy else "") + noun if noun and body.entry.zh else ""
        vi = text[found.start() : body.end]
        entry = replace(body.entry, id=f"head~{normalize(vi).replace(' ', '-')}", type="title", vi=vi,
                        en=head.en.format(body=body.entry.en), zh=zh, source=f"composed: head '{head.vi}' of {body.entry.source}")
        return Match(found.start(), body.end, vi, entry)
    return body


def _by_entry() -> dict[str, list[BodyTemplate]]:
    table: dict[str, list[BodyTemplate]] = {}
    for record in load_templates():
        table.setdefault(record.entry, []).append(record)
    return table


def compose_bodies(text: str, matches: Sequence[Match]) -> list[Match]:
    """``matches`` with every templated body followed by its place composed into one match."""
    table = _by_entry()
    if not table:
        return list(matches)
    out: list[Match] = []
    index = 0
    while index < len(matches):
        match = matches[index]
        records = table.get(match.entry.id.split("~")[0]) if match.entry.type == "organization" else None
        if records and any(r.yield_to_title for r in records) and _after_title(text, out, match):
            index += 1  # 'Thị trưởng Chính quyền nhân dân thành phố X': the office composes with the place itself
            continue
        composed = _compose_one(text, match, matches[index + 1 : index + 3], records) if records else None
        if composed is not None:
            out.append(with_head(text, composed[0], out[-1] if out else None))
            index += 1 + composed[1]
            continue
        out.append(match)
        index += 1
    return out


def _after_title(text: str, previous: Sequence[Match], body: Match) -> bool:
    """The body follows an office with nothing but spaces between (Châu trưởng Chính quyền nhân dân châu X)."""
    return bool(previous) and previous[-1].entry.type == "title" and not text[previous[-1].end : body.start].strip()


def _compose_one(text: str, body: Match, following: Sequence[Match], records: list[BodyTemplate]) -> tuple[Match, int] | None:
    """The composed body and how many following matches it swallowed (a connector may span a match: 'Việt Nam tại')."""
    for record in records:
        for used, place in enumerate(following[: 2 if record.connector else 1], 1):
            if place.entry.type != "place":
                continue
            gap = _gap(text[body.end : place.start], record.connector)
            if gap is not None:
                kind = _kind(gap or _leading_unit(place.text), place.entry)
                built = _build(record, body, place.entry, kind, text[body.start : place.end])
                if built is not None:
                    return Match(body.start, place.end, text[body.start : place.end], built), used
        if record.name_after == "vietnamese":
            found = _vietnamese_name_after(text, body, following[0] if following else None)
            if found is not None:
                return found, 0
    return None


def _gap(between: str, connector: str) -> str | None:
    """The unit word between a body and its place ('' when none), or None when the gap is something else."""
    conn = rf"{re.escape(normalize(connector))}\s+" if connector else ""
    found = re.fullmatch(rf"\s+{conn}(?:({_UNIT_RE})\s+)?", normalize(between))
    return None if found is None else found.group(1) or ""


def _leading_unit(place_text: str) -> str:
    found = re.match(rf"({_UNIT_RE})\s", normalize(place_text))
    return found.group(1) if found else ""


def _kind(unit: str, place: Entry) -> str:
    origin = "cn" if _is_chinese(place) else "vn"
    kinds = UNIT_KINDS.get(normalize(unit))
    if kinds is None:
        return f"{origin}-any"
    return f"{origin}-{kinds[1] if origin == 'cn' else kinds[0]}"


def _is_chinese(place: Entry) -> bool:
    if place.country:
        return place.country == "CN"
    if place.note.startswith("origin:"):
        return place.note.split(":", 1)[1].split(";")[0].strip() == "chinese"
    return strip_marks(place.vi).lower() != place.en.lower()


def _build(record: BodyTemplate, body: Match, place: Entry, kind: str, vi: str) -> Entry | None:
    origin = kind.split("-")[0]
    template = record.templates.get(kind) or record.templates.get(f"{origin}-any") or record.templates.get("any")
    if template is None:
        return None
    bare_en, bare_zh = bare(place)
    full_en, full_zh = place.en, place.zh
    if kind == "cn-region" and "Autonomous Region" not in full_en:  # Quảng Tây written after 'Khu tự trị dân tộc Choang'
        full_en, full_zh = f"{bare_en} Zhuang Autonomous Region", f"{bare_zh}壮族自治区" if bare_zh else ""
    values_en = {"place": bare_en, "place_full": full_en, "body": body.entry.en}
    values_zh = {"place": bare_zh, "place_full": full_zh, "body": body.entry.zh}
    en = template["en"].format(**values_en)
    zh = template["zh"].format(**values_zh) if place.zh else ""  # a place without Chinese: English only
    how = f"composed: body '{record.entry}' + place '{place.id}' by template '{kind}' (compose/bodies.toml)"
    return replace(body.entry, id=f"{record.entry}~{normalize(vi).replace(' ', '-')}", vi=vi, en=en, zh=zh, variants=(),
                   en_alt=(), zh_alt=(), provenance="derived", source=how, roles=(),
                   note=f"composed from: {place.en} | {place.zh}")


def bare(place: Entry) -> tuple[str, str]:
    """A place's English and Chinese without their unit word (Hekou County -> Hekou, 河口县 -> 河口)."""
    en = _UNIT_SUFFIX_EN.sub("", place.en)
    zh = place.zh
    if len(zh) > 2 and zh.endswith(_UNIT_SUFFIX_ZH):
        zh = zh[:-1]
    return en, zh


def _vietnamese_name_after(text: str, body: Match, place: Match | None) -> Match | None:
    """``Đồn Biên phòng Pha Long``: a capitalized run right after the body, no entry covering it."""
    found = _NAME_RUN.match(text, body.end + 1) if text[body.end : body.end + 1] == " " else None
    if found is None or (place is not None and place.start < found.end()):
        return None
    name = found.group(0)
    records = _by_entry().get(body.entry.id.split("~")[0], [])
    template = next((r.templates.get("vn-any") for r in records if r.templates.get("vn-any")), None)
    if template is None:
        return None
    en = template["en"].format(place=strip_marks(name), place_full=strip_marks(name), body=body.entry.en)
    vi = text[body.start : found.end()]
    entry = replace(body.entry, id=f"{body.entry.id}~{normalize(vi).replace(' ', '-')}", vi=vi, en=en, zh="", variants=(),
                    en_alt=(), zh_alt=(), provenance="derived", roles=(),
                    source=f"composed: body '{body.entry.id}' + Vietnamese name '{name}' (English without diacritics; Chinese left for review)",
                    note=f"composed from: {strip_marks(name)} | ")
    return Match(body.start, found.end(), vi, entry)
