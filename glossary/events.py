"""Events, documents and named things composed from their parts: the border press's recurring terms.

:func:`compose_events` runs over a segment's matches before offices are composed
(:func:`tamngu.glossary.compose.compose_matches` calls it) and adds or extends:

- documents with their number: ``Nghị quyết số 57-NQ/TW`` -> Resolution No. 57-NQ/TW /
  第57-NQ/TW号决议 (the number is kept as written; English folds Đ to D);
- named storms: ``bão Yagi`` -> Typhoon Yagi / 台风"摩羯" (Chinese names from
  ``compose/storms.toml``; a storm the file lacks is pinned in English only);
- meetings of a body with an ordinal before it: ``Phiên họp thứ 9 Nhóm công tác liên hợp``
  -> 9th meeting of the Joint Working Group / 联合工作组第九次会议;
- an event with its place in brackets and its year: ``Hội chợ ... Trung - Việt (Hồng Hà) năm 2024``
  -> 2024 China-Vietnam (Honghe) ... Fair / 2024年中越（红河）...;
- corridors and railways named by known places: ``hành lang kinh tế Côn Minh - Lào Cai - Hà Nội``
  -> Kunming-Lao Cai-Hanoi economic corridor / 昆明—老街—河内经济走廊.

>>> from tamngu.glossary.model import Entry
>>> [(m.text, m.entry.en, m.entry.zh) for m in compose_events("theo Nghị quyết số 57-NQ/TW của Bộ Chính trị", [])]
[('Nghị quyết số 57-NQ/TW', 'Resolution No. 57-NQ/TW', '第57-NQ/TW号决议')]
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry
from tamngu.glossary.normalize import normalize, strip_marks

logger = logging.getLogger(__name__)

STORMS_FILE = Path(__file__).parent / "data" / "compose" / "storms.toml"
# Vietnamese document kind -> (English, Chinese). Longest first so "Kế hoạch hành động" wins over "Kế hoạch".
DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "chương trình hành động": ("Action Programme", "行动纲领"), "kế hoạch hành động": ("Action Plan", "行动计划"),
    "nghị quyết": ("Resolution", "决议"), "quyết định": ("Decision", "决定"), "kế hoạch": ("Plan", "计划"),
    "chỉ thị": ("Directive", "指示"), "kết luận": ("Conclusion", "结论"), "nghị định": ("Decree", "议定"),
    "thông tư": ("Circular", "通知"), "công điện": ("Official Dispatch", "公电"), "quy định": ("Regulation", "规定"),
}
_KIND_RE = "|".join(re.escape(k) for k in sorted(DOCUMENT_KINDS, key=len, reverse=True))
# the number must carry a document code (57-NQ/TW, 164/QĐ-TTg, 202/2025/QH15): never a bare count
_DOCUMENT = re.compile(rf"(?<!\w)({_KIND_RE})\s+(?:số\s+)?(\d+[\w]*(?:[/-][\wĐđ]+)+)", re.IGNORECASE)
_STORM = re.compile(r"(?<!\w)(siêu bão|bão)\s+([A-Z][a-z]{2,}(?:-[A-Z]?[a-z]+)?)(?![\w])", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"(?:[Pp]hiên họp|[Kk]ỳ họp|[Hh]ội nghị)\s+(?:lần\s+)?thứ\s+(\d{1,2})\s+$")
_BRACKET_PLACE = re.compile(r"\s*\(([^()]{2,30})\)")
_YEAR = re.compile(r"\s+(?:năm\s+)?((?:19|20)\d\d)(?!\d)")
_CORRIDOR_HEADS: dict[str, tuple[str, str]] = {
    "hành lang kinh tế": ("economic corridor", "经济走廊"), "tuyến đường sắt": ("railway", "铁路"), "đường sắt": ("railway", "铁路"),
    "đường cao tốc": ("expressway", "高速公路"), "cao tốc": ("expressway", "高速公路"),
}
_CN_DIGITS = "零一二三四五六七八九十"


def compose_events(text: str, matches: Sequence[Match]) -> list[Match]:
    """``matches`` plus the documents, storms, numbered meetings, dated events and corridors of ``text``."""
    found = list(matches)
    found = _with_new(found, _documents(text))
    found = _with_new(found, _storms(text))
    found = [_dated(text, _edition(text, _numbered(text, m))) if m.entry.type == "event" else m for m in found]
    found = _with_new(found, _corridors(text, found))
    found = _with_new(found, _congresses(text, found))
    found = _with_new(found, _gate_pairs(text))
    return sorted(found, key=lambda m: m.start)


def _with_new(matches: list[Match], new: list[Match]) -> list[Match]:
    """``new`` matches win over the ones they cover; a match overlapping one partly keeps its place."""
    for extra in new:
        covered = [m for m in matches if extra.start <= m.start and m.end <= extra.end]
        crossing = [m for m in matches if m not in covered and m.start < extra.end and extra.start < m.end]
        if crossing:
            continue
        matches = [m for m in matches if m not in covered] + [extra]
    return matches


def _derived(base: Entry | None, kind: str, vi: str, en: str, zh: str, how: str, note: str = "") -> Entry:
    entry = base or Entry(id="", type=kind, vi=vi, en=en, zh=zh, provenance="derived", source=how)
    return replace(entry, id=f"{entry.id or kind}~{normalize(vi).replace(' ', '-')}", type=kind, vi=vi, en=en, zh=zh, variants=(),
                   en_alt=(), zh_alt=(), provenance="derived", source=how, roles=(), note=note or entry.note)


def _documents(text: str) -> list[Match]:
    out = []
    for found in _DOCUMENT.finditer(text):
        kind_en, kind_zh = DOCUMENT_KINDS[normalize(found.group(1))]
        code = found.group(2)
        en = f"{kind_en} No. {strip_marks(code)}"
        zh = f"第{code}号{kind_zh}"
        entry = _derived(None, "event", found.group(0), en, zh, f"composed: document '{found.group(1)}' No. {code}")
        out.append(Match(found.start(), found.end(), found.group(0), entry))
    return out


@functools.lru_cache(maxsize=2)
def storm_names(path: Path = STORMS_FILE) -> dict[str, str]:
    """International storm name -> its Chinese name (``Yagi`` -> 摩羯), from ``compose/storms.toml``."""
    if not path.is_file():
        return {}
    return {str(row["name"]).lower(): str(row["zh"]) for row in tomllib.loads(path.read_text(encoding="utf-8")).get("storm", [])}


def _storms(text: str) -> list[Match]:
    out = []
    for found in _STORM.finditer(text):
        name = found.group(2)
        if name.lower() in _VIETNAMESE_WORDS or not name.isascii():
            continue
        super_ = normalize(found.group(1)) == "siêu bão"
        zh_name = storm_names().get(name.lower(), "")
        en = f"{'Super Typhoon' if super_ else 'Typhoon'} {name}"
        zh = f"{'超强台风' if super_ else '台风'}“{zh_name}”" if zh_name else ""
        entry = _derived(None, "event", found.group(0), en, zh.replace("“", '"').replace("”", '"'),
                         f"composed: named storm '{name}'" + ("" if zh_name else " (Chinese name unknown: English only)"))
        out.append(Match(found.start(), found.end(), found.group(0), entry))
    return out


_VIETNAMESE_WORDS = frozenset({"the", "lan", "lon", "manh", "gan", "tan"})


def _numbered(text: str, match: Match) -> Match:
    """``Phiên họp thứ 9`` + a body's event entry -> the 9th meeting of it."""
    before = _ORDINAL_BEFORE.search(text[max(0, match.start - 30) : match.start])
    if before is None or "meeting" in match.entry.en.lower():
        return match
    n = int(before.group(1))
    start = match.start - (len(text[max(0, match.start - 30) : match.start]) - before.start())
    vi = text[start : match.end]
    en = f"{ordinal(n)} meeting of the {match.entry.en}"
    zh = f"{match.entry.zh}第{chinese_number(n)}次会议"
    entry = _derived(match.entry, "event", vi, en, zh, f"composed: ordinal {n} meeting of '{match.entry.id}'",
                     note=f"composed from: {match.entry.en} | {match.entry.zh}")
    return Match(start, match.end, vi, entry)


_EDITION_AFTER = re.compile(r"\s+lần thứ\s+(\d{1,3})\b")
_EDITIONS = ("Fair", "Expo", "Festival", "Exposition", "Games")


def _edition(text: str, match: Match) -> Match:
    """A fair's or festival's edition: ``Hội chợ ... lần thứ 25`` -> 25th ... Fair / 第二十五届... (届, not 次)."""
    found = _EDITION_AFTER.match(text, match.end)
    if found is None or not any(word in match.entry.en for word in _EDITIONS) or "lần thứ" in normalize(match.text):
        return match
    n = int(found.group(1))
    vi = text[match.start : found.end()]
    zh = f"第{chinese_number(n) if n < 100 else n}届{match.entry.zh}"
    entry = _derived(match.entry, "event", vi, f"{ordinal(n)} {match.entry.en}", zh, f"composed: edition {n} of '{match.entry.id}'",
                     note=f"composed from: {match.entry.en} | {match.entry.zh}")
    return Match(match.start, found.end(), vi, entry)


def _dated(text: str, match: Match) -> Match:
    """An event with its place in brackets (``(Hồng Hà)``) and its year (``năm 2024``, ``2025``) after it."""
    end, en, zh, parts = match.end, match.entry.en, match.entry.zh, []
    bracket = _BRACKET_PLACE.match(text, end)
    if bracket and _place_of(bracket.group(1)) is not None and ("China-Vietnam" in en or "Vietnam-China" in en):
        place = _place_of(bracket.group(1))
        assert place is not None
        head = "China-Vietnam" if "China-Vietnam" in en else "Vietnam-China"
        en = en.replace(head, f"{head} ({place[0]})", 1)
        zh = re.sub(r"^(中越|越中)", lambda m: f"{m.group(1)}（{place[1]}）", zh) if zh else zh
        end, parts = bracket.end(), [f"place {bracket.group(1)}"]
    year = _YEAR.match(text, end)
    if year and not re.search(r"\d{4}", en):
        en, zh = f"{year.group(1)} {en}", f"{year.group(1)}年{zh}" if zh else zh
        end, parts = year.end(), [*parts, f"year {year.group(1)}"]
    if not parts:
        return match
    vi = text[match.start : end]
    entry = _derived(match.entry, "event", vi, en, zh, f"composed: event '{match.entry.id}' with {', '.join(parts)}",
                     note=f"composed from: {match.entry.en} | {match.entry.zh}")
    return Match(match.start, end, vi, entry)


def _place_of(vi: str) -> tuple[str, str] | None:
    """English and Chinese of a place named in brackets, from the places the glossary knows."""
    from tamngu.glossary.bodies import bare

    entry = known_places().get(normalize(vi.strip()))
    return bare(entry) if entry is not None else None


@functools.lru_cache(maxsize=1)
def known_places() -> dict[str, Entry]:
    """Every place form of the packaged glossary (bare and with its unit word) -> its entry."""
    from tamngu.glossary.loader import load_glossary

    table: dict[str, Entry] = {}
    for entry in load_glossary(None):
        if entry.type != "place":
            continue
        for form in entry.vi_forms:
            key = normalize(form)
            table.setdefault(key, entry)
            for unit in ("châu ", "tỉnh ", "huyện ", "thành phố "):
                if key.startswith(unit):
                    table.setdefault(key[len(unit):], entry)
    return table


def _corridors(text: str, matches: Sequence[Match]) -> list[Match]:
    """``hành lang kinh tế [động lực] A - B - C``: a corridor or railway named by places the glossary knows."""
    out = []
    heads = "|".join(re.escape(h) for h in sorted(_CORRIDOR_HEADS, key=len, reverse=True))
    for found in re.finditer(rf"(?<!\w)({heads})(\s+(?:động lực|khổ tiêu chuẩn))?\s+", text, re.IGNORECASE):
        places, end = [], found.end()
        while True:
            match = next((m for m in matches if m.start == end and m.entry.type == "place"), None)
            if match is None:
                break
            places.append(match.entry)
            dash = re.match(r"\s*[-–—]\s*", text[match.end :])
            if dash is None:
                end = match.end
                break
            end = match.end + dash.end()
        if len(places) < 2:
            continue
        end = max(m.end for m in matches if m.entry in places and m.start >= found.end())
        head_en, head_zh = _CORRIDOR_HEADS[normalize(found.group(1))]
        from tamngu.glossary.bodies import bare

        names = [bare(p) for p in places]
        gauge = " standard-gauge" if found.group(2) and "khổ" in normalize(found.group(2)) else ""
        en = f"{'-'.join(n[0] for n in names)}{gauge} {head_en}"
        zh = "—".join(n[1] for n in names) + ("标准轨" if gauge else "") + head_zh if all(n[1] for n in names) else ""
        vi = text[found.start() : end]
        entry = _derived(None, "event", vi, en, zh, "composed: " + head_en + " named by " + ", ".join(p.id for p in places))
        out.append(Match(found.start(), end, vi, entry))
    return out


_NUMBER = r"(\d{1,2}|[IVXL]{1,6})\b"
_CPC_CONGRESS = re.compile(rf"Đại hội\s+(?:đại biểu toàn quốc\s+)?(?:lần thứ\s+)?{_NUMBER}\s+(?:của\s+)?Đảng Cộng sản Trung Quốc", re.IGNORECASE)
_VN_CONGRESS = re.compile(rf"Đại hội\s+(?:đại biểu toàn quốc\s+)?(?:lần thứ\s+)?{_NUMBER}\s+(?:của\s+)?Đảng(?!\s+(?:bộ|Cộng sản Trung Quốc|ủy))", re.IGNORECASE)
_PROVINCE_CONGRESS = re.compile(rf"Đại hội\s+(?:đại biểu\s+)?Đảng bộ\s+(tỉnh|thành phố)\s+(\S+(?:\s+\S+){{0,2}}?)\s+lần thứ\s+{_NUMBER}", re.IGNORECASE)


def roman_or_number(token: str) -> int:
    """``XIV`` -> 14, ``20`` -> 20."""
    if token.isdigit():
        return int(token)
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for char, nxt in zip(token.upper(), [*token.upper()[1:], ""]):
        total += -values[char] if nxt and values[nxt] > values[char] else values[char]
    return total


def _congresses(text: str, matches: Sequence[Match]) -> list[Match]:
    """Party congresses of either side with their ordinal (Arabic or Roman), and a province's Party congress."""
    out = []
    for found in _CPC_CONGRESS.finditer(text):
        n = roman_or_number(found.group(1))
        out.append(_congress(found.start(), found.end(), text, f"{ordinal(n)} National Congress of the Communist Party of China",
                             f"中国共产党第{chinese_number(n)}次全国代表大会", "the CPC's national congress"))
    for found in _VN_CONGRESS.finditer(text):
        n = roman_or_number(found.group(1))
        out.append(_congress(found.start(), found.end(), text, f"{ordinal(n)} National Party Congress", f"越共{chinese_number(n)}大",
                             "the Communist Party of Vietnam's national congress"))
    for found in _PROVINCE_CONGRESS.finditer(text):  # "Đại hội Đảng bộ tỉnh Lào Cai lần thứ XVI"
        from tamngu.glossary.bodies import bare

        place = known_places().get(normalize(found.group(2)))
        if place is None:
            continue
        place_en, place_zh = bare(place)
        n = roman_or_number(found.group(3))
        unit_en, unit_zh = ("Provincial", "省") if normalize(found.group(1)) == "tỉnh" else ("City", "市")
        out.append(_congress(found.start(), found.end(), text, f"{ordinal(n)} Congress of the {place_en} {unit_en} Party Organisation",
                             f"{place_zh}{unit_zh}第{chinese_number(n)}次党代表大会" if place_zh else "", "a provincial Party congress"))
    return out


_GATE_HEAD = re.compile(r"(?<!\w)(cặp\s+)?cửa khẩu(\s+quốc tế)?(?:\s+song phương)?(?:\s+đường bộ)?(?:\s+số\s+[IVX\d]+)?\s+", re.IGNORECASE)


def _gate_pairs(text: str) -> list[Match]:
    """``cửa khẩu quốc tế Lào Cai - Hà Khẩu``: a border gate pair named by two places the glossary knows."""
    from tamngu.glossary.bodies import bare

    out = []
    for head in _GATE_HEAD.finditer(text):
        if head.group(1):  # "(các) cặp cửa khẩu A - B và C - D": the places keep their own pins, no head noun is forced
            continue
        pair = _two_places(text, head.end())
        if pair is None:
            continue
        (first, second), end = pair
        names = [bare(first), bare(second)]
        kind_en = "international border gate" if head.group(2) else "border gate"
        kind_zh = "国际口岸" if head.group(2) else "口岸"
        en = f"{names[0][0]} - {names[1][0]} {kind_en}"
        zh = f"{names[0][1]}—{names[1][1]}{kind_zh}" if names[0][1] and names[1][1] else ""
        vi = text[head.start() : end]
        out.append(Match(head.start(), end, vi, _derived(None, "place", vi, en, zh, f"composed: border gate pair {first.id} - {second.id}")))
    return out


def _two_places(text: str, start: int) -> tuple[tuple[Entry, Entry], int] | None:
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\s,.;:()]+", text[start : start + 80])]
    for size_a in (4, 3, 2, 1):
        first = known_places().get(normalize(" ".join(w for w, _, _ in words[:size_a]))) if len(words) > size_a else None
        if first is None or words[size_a][0] not in ("-", "–", "—"):
            continue
        rest = words[size_a + 1 :]
        for size_b in (4, 3, 2, 1):
            second = known_places().get(normalize(" ".join(w for w, _, _ in rest[:size_b]))) if len(rest) >= size_b else None
            if second is not None and second is not first and not _is_country(second) and not _is_country(first):
                return (first, second), start + rest[size_b - 1][2]
    return None


def _is_country(place: Entry) -> bool:
    """``Thanh Thủy - Việt Nam``: a gate and its country, not a pair of gates."""
    return place.id.startswith("country-") or place.en in ("Vietnam", "China", "Laos")


def _congress(start: int, end: int, text: str, en: str, zh: str, what: str) -> Match:
    vi = text[start:end]
    return Match(start, end, vi, _derived(None, "event", vi, en, zh, f"composed: {what} with its ordinal"))


def ordinal(n: int) -> str:
    """``9`` -> ``9th``, ``21`` -> ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (``9`` -> 九, ``16`` -> 十六)."""
    if n < 11:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")

