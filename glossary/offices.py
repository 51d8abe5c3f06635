"""Composition templates for offices, keyed by entry id: ``Bí thư Thành ủy`` + ``thành phố Lào Cai``.

``glossary/data/compose/offices.toml`` holds, per office entry id, its forms
for each kind of place (:data:`PlaceKind`: ``vn-province``, ``cn-county``,
``cn-region``, ...), with and without ``Phó``, and its form as a post of a body.
Nothing is found by matching an entry's English, so rewording an office's
English changes no composition; :func:`template_problems` is what ``glossary
check`` reports about the file.

>>> from tamngu.glossary.model import Entry
>>> place = Entry("lao-cai-city", "place", "thành phố Lào Cai", "Lao Cai City", "老街市", "derived", "x", country="VN")
>>> kind = place_kind(place, "thành phố", "thành phố Lào Cai")
>>> kind, fill(office_record("secretary-city-party-committee").templates[kind].en, place, "en")
('vn-city', 'Secretary of the Lao Cai City Party Committee')
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tamngu.glossary.matcher import Matcher
from tamngu.glossary.model import Entry
from tamngu.glossary.normalize import normalize

TEMPLATES_FILE = Path(__file__).parent / "data" / "compose" / "offices.toml"
PLACEHOLDERS = frozenset({"place", "region", "body"})
Side = Literal["vn", "cn"]
Modifier = Literal["vice", "former", "acting"]
# The unit word written before a place, by side: what kind of unit it names.
_UNITS: dict[str, tuple[str, str]] = {
    "tỉnh": ("province", "province"), "thành phố": ("city", "city"), "thị": ("town", "city"),
    "huyện": ("district", "county"), "châu": ("prefecture", "prefecture"),
}
PLACE_KINDS: frozenset[str] = frozenset(
    {f"vn-{vn}" for vn, _ in _UNITS.values()} | {f"cn-{cn}" for _, cn in _UNITS.values()}
    | {"vn-bare", "cn-bare", "vn-country", "cn-country", "cn-region", "any"}
)
_COUNTRY_ZH = {"中国": "cn", "越南": "vn"}  # a place that is China or Vietnam itself
_UNIT_SUFFIX_EN = re.compile(r"\s+(Province|Prefecture|County|City|province|city)$")
_UNIT_SUFFIX_ZH = ("省", "州", "县", "市")


@dataclass(frozen=True)
class OfficeForm:
    """An office's English and Chinese, and the same with ``Phó`` (empty when it cannot take it)."""

    en: str
    zh: str
    vice_en: str = ""
    vice_zh: str = ""

    def modified(self, modifier: Modifier | None) -> tuple[str, str] | None:
        """The form with ``modifier``: vice from the data; former and acting as prefixes; None when it does not fit."""
        if modifier is None:
            return self.en, self.zh
        if modifier == "vice":
            return (self.vice_en, self.vice_zh) if self.vice_en and self.vice_zh else None
        return ("former " + self.en, "原" + self.zh) if modifier == "former" else ("Acting " + self.en, "代理" + self.zh)


@dataclass(frozen=True)
class OfficeRecord:
    """Everything one office composes into: per place kind, with ``Phó``, as a post of a body."""

    entry: str
    templates: dict[str, OfficeForm] = field(default_factory=dict)
    vice: OfficeForm | None = None
    of_body: OfficeForm | None = None
    line: int = 0

    def for_kind(self, kind: str) -> OfficeForm | None:
        return self.templates.get(kind) or self.templates.get("any")


@functools.lru_cache(maxsize=4)
def load_offices(path: Path = TEMPLATES_FILE) -> dict[str, OfficeRecord]:
    """Every ``[[office]]`` record of ``path`` by entry id (empty when the file is absent)."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[office]]"]
    records = {}
    for line, raw in zip(lines, tomllib.loads(text).get("office", [])):
        templates = {kind: _form(form) for kinds, form in raw.get("templates", {}).items() for kind in kinds.split()}
        vice = _form(raw["vice"]) if "vice" in raw else None
        body = _form(raw["of_body"]) if "of_body" in raw else None
        records[str(raw.get("entry", ""))] = OfficeRecord(str(raw.get("entry", "")), templates, vice, body, line)
    return records


def office_record(entry_id: str) -> OfficeRecord | None:
    """The templates of office ``entry_id`` (a composed id counts as its base office)."""
    return load_offices().get(entry_id.split("~")[0])


def template_problems(
    entry_ids: Iterable[str], path: Path = TEMPLATES_FILE, entries: Mapping[str, Entry] | None = None,
    body_ids: Iterable[str] = (),
) -> list[tuple[int, str, str]]:
    """``(line, entry id, message)`` for every record of ``path`` that ``glossary check`` should refuse.

    Besides unknown ids, kinds and placeholders: a template that makes nonsense (:func:`nonsense`; with
    ``entries``, also an office that names its own place or an international body given a place), and an
    office whose id ``compose/bodies.toml`` already composes (``body_ids``: one place per body id).
    """
    known = set(entry_ids)
    bodies = set(body_ids)
    own_place = _own_place_finder(entries) if entries is not None else None
    problems = []
    for record in load_offices(path).values():
        if record.entry not in known:
            problems.append((record.line, record.entry, f"{path.name}: office '{record.entry}' is no glossary entry id; fix or remove the record"))
        if record.entry in bodies:
            problems.append((record.line, record.entry, f"{path.name}: '{record.entry}' is composed by compose/bodies.toml; "
                                                        "keep its templates in one place (remove this record)"))
        entry = entries.get(record.entry) if entries is not None else None
        for kind, form in record.templates.items():
            reason = nonsense(kind, form) or (_entry_nonsense(entry, own_place, kind) if entry is not None else None)
            if reason:
                problems.append((record.line, record.entry, f"{path.name}: office '{record.entry}', template {kind}: {reason}; remove it"))
        problems += [(record.line, record.entry, f"{path.name}: unknown place kind '{kind}'; use one of {', '.join(sorted(PLACE_KINDS))}")
                     for kind in record.templates if kind not in PLACE_KINDS]
        forms = [*record.templates.values(), *(f for f in (record.vice, record.of_body) if f is not None)]
        for form in forms:
            names = set(re.findall(r"{(\w+)}", form.en + form.zh + form.vice_en + form.vice_zh))
            if names - PLACEHOLDERS or not form.en or not form.zh:
                problems.append((record.line, record.entry, f"{path.name}: office '{record.entry}': a form needs en and zh and only "
                                                            f"the placeholders {{place}}, {{region}}, {{body}} (got {sorted(names - PLACEHOLDERS)})"))
    return problems


_SUBNATIONAL_EN = re.compile(r"\b(?:Provincial|Province|City|Municipal|County|Prefecture|Prefectural|District|Town|Commune|Ward)\b")
_SUBNATIONAL_ZH = re.compile(r"[省市县州乡坊]")
_SUBNATIONAL_EN_ANY = re.compile(_SUBNATIONAL_EN.pattern, re.IGNORECASE)
# Institutions one side has and the other has not: a Chinese place has no People's Committee, a Vietnamese one no CPC.
_ONE_SIDE = {"cn-": re.compile(r"People's Committee|People's Council|人民委员会|人民议会"),
             "vn-": re.compile(r"\bCPC\b|People's Congress|CPPCC|Political Consultative|人大|政协")}
_NATIONAL_EN = re.compile(r"\b(?:Minist(?:ry|er)|Politburo|National|Central Committee|Secretariat)\b")
_RANK_EN = re.compile(r"\b(?:Hero|Emulation|Colonel|newspaper)\b")
_OTHER_COUNTRY = {"vn-": re.compile(r"Chin|CPC|中国"), "cn-": re.compile(r"Vietnam|越南")}


def nonsense(kind: str, form: OfficeForm) -> str | None:
    """Why a template of ``kind`` cannot be right, or None: a country is no province, city or county
    ("Secretary of the Vietnam City Party Committee"), an autonomous region is no province or county either
    ("{region} Provincial Party Committee"), and the office of a Vietnamese place names no Chinese body, nor the
    reverse ("{region} Ministry of Culture" / {region}越南文化体育旅游部)."""
    english = f"{form.en} {form.vice_en}"
    chinese = f"{form.zh} {form.vice_zh}"
    if kind.endswith("-country"):
        if _SUBNATIONAL_EN.search(english) or _SUBNATIONAL_ZH.search(chinese):
            return "a country is not a province, city or county"
        if chinese.count("越南") + chinese.count("中国") > 2:
            return "a country's office names its country twice"
    if kind[:3] in _OTHER_COUNTRY and _OTHER_COUNTRY[kind[:3]].search(english + chinese):
        return "the office of a place of one country names the other country"
    if len(_SUBNATIONAL_EN_ANY.findall(form.en)) > 1:
        return "a place is one unit, not two (County Provincial, City commune)"
    if kind[:3] in _ONE_SIDE and _ONE_SIDE[kind[:3]].search(english + chinese):
        return "the office of a place of one country names an institution only the other country has"
    if _RANK_EN.search(english):
        return "a rank, an honour or a newspaper belongs to no place or country"
    if ("{place}" in english or "{region}" in english) and _NATIONAL_EN.search(english):
        return "a national body or office (ministry, Politburo, National ..., Central Committee) has no place"
    if kind == "cn-region":
        outside = (english + chinese).replace("{region}", "")
        if _SUBNATIONAL_EN.search(outside) or _SUBNATIONAL_ZH.search(outside):
            return "an autonomous region is not a province, city or county"
    return None


def _entry_nonsense(entry: Entry, own_place: Callable[[str], str], kind: str = "") -> str | None:
    """An international body (no country) or an office that names its own place composes with no place;
    a body of one country composes with no unit of the other."""
    if entry.type == "organization" and not entry.country:
        return f"'{entry.vi}' is an international body"
    side = {"VN": "cn-", "CN": "vn-"}.get(entry.country)
    if side and kind.startswith(side) and not kind.endswith("-country"):
        return f"'{entry.vi}' is a body of {entry.country}, not of the other country's units"
    place = own_place(entry.vi)
    return f"'{entry.vi}' names its own place ({place})" if place else None


def _own_place_finder(entries: Mapping[str, Entry]) -> Callable[[str], str]:
    """The first glossary place written inside a Vietnamese text ('' when none)."""
    matcher = Matcher([entry for entry in entries.values() if entry.type == "place"])
    return lambda text: next((found.text for found in matcher.find(text)), "")


# ---------------------------------------------------------------- the kind of a place, one rule each


def place_kind(place: Entry, unit_word: str = "", place_text: str = "") -> str:
    """The kind of ``place`` as written (``unit_word`` before it, ``place_text`` the match): see :data:`PLACE_KINDS`."""
    side: Side = "cn" if place.country_origin == "chinese" else "vn"
    return _country_kind(place) or _region_kind(place_text) or _unit_kind(side, unit_word)


def _country_kind(place: Entry) -> str:
    """``Bộ trưởng Bộ Quốc phòng Trung Quốc``: the place is China or Vietnam itself."""
    side = _COUNTRY_ZH.get(bare_names(place)[1])
    return f"{side}-country" if side else ""


def _region_kind(place_text: str) -> str:
    """``Bí thư Khu ủy Khu tự trị dân tộc Choang Quảng Tây``: an autonomous region."""
    return "cn-region" if normalize(place_text).startswith("khu tự trị") else ""


def _unit_kind(side: Side, unit_word: str) -> str:
    """``tỉnh``/``thành phố``/``thị``/``huyện``/``châu`` before the place, else ``bare``."""
    units = _UNITS.get(normalize(unit_word))
    return f"{side}-{units[0] if side == 'vn' else units[1]}" if units else f"{side}-bare"


# ---------------------------------------------------------------- filling a template


def fill(template: str, place: Entry, lang: Literal["en", "zh"]) -> str:
    """``template`` with ``{place}`` (the place without its unit) and ``{region}`` filled in ``lang``."""
    en, zh = bare_names(place)
    name = en if lang == "en" else zh
    if lang == "zh" and name[-1:] in _UNIT_SUFFIX_ZH:
        template = template.replace("{place}" + name[-1], "{place}")  # a short name keeps its unit: 泸州 + {place}州委 -> 泸州委
    return template.replace("{region}", region_name(place, lang)).replace("{place}", name)


def fill_body(template: str, body: Entry, lang: Literal["en", "zh"]) -> str:
    return template.replace("{body}", body.en if lang == "en" else body.zh)


def bare_names(place: Entry) -> tuple[str, str]:
    """The place's English and Chinese without a unit word (``Hekou County`` -> ``Hekou``, 河口县 -> 河口)."""
    en = _UNIT_SUFFIX_EN.sub("", place.en)
    zh = place.zh
    if zh.endswith(_UNIT_SUFFIX_ZH) and len(zh) > 2:
        zh = zh[:-1]
    return en, zh


def region_name(place: Entry, lang: Literal["en", "zh"]) -> str:
    """An autonomous region's full name (``Guangxi`` -> Guangxi Zhuang Autonomous Region, 广西壮族自治区)."""
    en, zh = bare_names(place)
    if lang == "en":
        return en if "Autonomous Region" in en else f"{en} Zhuang Autonomous Region"
    return zh if zh.endswith("自治区") else f"{zh}壮族自治区"


def _form(raw: dict[str, str]) -> OfficeForm:
    return OfficeForm(str(raw.get("en", "")), str(raw.get("zh", "")), str(raw.get("vice_en", "")), str(raw.get("vice_zh", "")))
