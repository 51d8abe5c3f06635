"""Build the glossary's closed sets from maintained data: the world's countries and regions, China's divisions, Vietnam's units.

Writes (never by hand, rerun to refresh):

- ``glossary/data/world.toml``: every country and territory by its Vietnamese name
  (Unicode CLDR territory names through Babel: Vietnamese, English, Simplified
  Chinese; ISO 3166-1 codes through pycountry), continents and world regions
  (CLDR region codes), and the international bodies this press names;
- ``glossary/data/china.toml``: every Chinese province-level division by its
  Sino-Vietnamese name, every prefecture-level division of Yunnan and Guangxi,
  and the Chinese counties and cities on the Vietnamese border;
- ``glossary/data/vietnam.toml``: Vietnam's provinces before and after the
  2025-07-01 merger, with dates;
- ``glossary/data/lexicon/vietnam_units.toml``: the communes and wards of Lào Cai
  and the other border provinces after 2025-07-01, and their districts before
  (a lexicon the resolver reads, not glossary entries: a Vietnamese unit's Chinese
  is a convention no source gives for most of them).

A form another glossary file already has is left out (that entry wins), so
``tamngu glossary check`` stays clean. Sino-Vietnamese forms of Chinese places
are checked syllable by syllable against the name assistant's reading table;
a mismatch is reported, never silently written.

Needs the optional packages ``babel``, ``pycountry``, ``vietnam-provinces`` and
``vietnamadminunits`` (tools only; the glossary files they write need nothing)::

    python -m tamngu.tools.closed_sets            # rewrite the four files
    python -m tamngu.tools.closed_sets --check    # report only
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from tamngu.glossary.normalize import strip_marks
from tamngu.tools.closed_sets_data import (
    BODIES, CHINA_PROVINCES, GUANGXI_PREFECTURES, BORDER_COUNTIES, REGIONS, SHORT_RISKY, VNA_COUNTRY_FORMS,
    YUNNAN_PREFECTURES,
)

logger = logging.getLogger(__name__)

GLOSSARY_DIR = Path(__file__).resolve().parents[2] / "glossary" / "data"
OWN_FILES = ("world.toml", "china.toml", "vietnam.toml")
MERGER_DAY = "2025-07-01"
LAST_DAY_BEFORE = "2025-06-30"
BORDER_PROVINCES_NEW = ("Lào Cai", "Lai Châu", "Điện Biên", "Tuyên Quang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh")
BORDER_PROVINCES_OLD = ("Lào Cai", "Yên Bái", "Lai Châu", "Điện Biên", "Hà Giang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh")


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(entry: dict[str, object]) -> str:
    """One ``[[entry]]`` table, keys in the schema's order."""
    lines = ["[[entry]]"]
    for key in ("id", "type", "vi", "variants", "en", "en_alt", "zh", "zh_alt", "pinyin", "country", "provenance",
                "source", "note", "valid_from", "valid_to"):
        value = entry.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(_toml_str(v) for v in value)}]")
        elif key in ("valid_from", "valid_to"):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {_toml_str(str(value))}")
    return "\n".join(lines) + "\n"


class FormRegistry:
    """Vietnamese forms already taken (other glossary files, then the entries written so far), as the matcher tokenizes them.

    One-token forms that are not abbreviations (``Malaysia``, ``Singapore``) are no glossary forms (the matcher
    ignores case); they are set aside in :attr:`short` for the capitalized-only lexicon.
    """

    def __init__(self, directory: Path) -> None:
        from tamngu.glossary.loader import load_glossary
        from tamngu.glossary.matcher import tokens

        self._key = tokens
        self.taken: set[tuple[str, ...]] = set()
        self.ids: set[str] = set()
        self.short: dict[str, dict[str, object]] = {}
        for entry in load_glossary(directory):
            if Path(entry.file).name in OWN_FILES:
                continue
            self.ids.add(entry.id)
            self.taken.update(self._key(form) for form in entry.vi_forms)

    def claim(self, entry: dict[str, object]) -> dict[str, object] | None:
        """``entry`` with the forms nobody has; None when its id or its own name is taken (that entry wins)."""
        if entry["id"] in self.ids or self._key(str(entry["vi"])) in self.taken:
            return None
        forms: list[str] = []
        for form in [entry["vi"], *entry.get("variants", [])]:  # type: ignore[list-item]
            key = self._key(str(form))
            if key in self.taken or any(self._key(f) == key for f in forms):
                continue
            if len(key) == 1 and not str(form).isupper():
                if entry["type"] == "place" and str(form)[:1].isupper():
                    self.short.setdefault(str(form), entry)
                continue
            forms.append(str(form))
        if not forms:
            return None
        self.taken.update(self._key(f) for f in forms)
        self.ids.add(str(entry["id"]))
        return {**entry, "vi": forms[0], "variants": forms[1:]}


# Readings the name assistant's table lacks but the sources write (重 Trùng, 藏 Tạng, 洱 Nhĩ, 宏 Hoành;
# Triết is the colloquial form of Chiết 浙 that Vietnamese press prints beside it).
KNOWN_READING_GAPS = {("Trùng", "重"), ("Tạng", "藏"), ("Nhĩ", "洱"), ("Hoành", "宏"), ("Triết", "浙")}


def check_reading(vi: str, zh: str) -> str:
    """Empty when every syllable of ``vi`` reads its character of ``zh``; else what does not."""
    from tamngu.glossary import hanviet

    syllables, chars = vi.split(), list(zh)
    if len(syllables) != len(chars):
        return f"{len(syllables)} syllables for {len(chars)} characters"
    bad = [f"{s}≠{c}" for s, c in zip(syllables, chars)
           if c not in {r.simplified for r in hanviet.readings_for(s)} and (s, c) not in KNOWN_READING_GAPS]
    return ", ".join(bad)


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in strip_marks(text).lower()).split())


CLDR_SOURCE = "Unicode CLDR territory names (cldr.unicode.org, through Babel {babel}): vi {vi!r}, en {en!r}, zh {zh!r}; ISO 3166-1 {code} (pycountry {pyc})"
_EVENT_BODIES = {"china-asean-expo", "china-asean-business-investment-summit"}


def world_entries(registry: FormRegistry) -> list[dict[str, object]]:
    """Countries and territories, continents and regions, international bodies."""
    import babel
    import pycountry
    from babel import Locale

    from tamngu.tools.closed_sets_data import BODIES_SOURCE

    vi, en, zh = Locale("vi").territories, Locale("en").territories, Locale.parse("zh_Hans").territories
    out: list[dict[str, object]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        name_vi = vi.get(code, "").split(" (")[0]
        if not name_vi or name_vi in SHORT_RISKY or len(name_vi.split()) < 2 and name_vi[:1].islower():
            continue
        forms = [name_vi, *VNA_COUNTRY_FORMS.get(code, ())]
        name_en, name_zh = en[code].split(" (")[0], zh[code].split("（")[0]
        official = getattr(country, "official_name", "")
        entry = {
            "id": "country-" + code.lower(), "type": "place", "vi": forms[0], "variants": forms[1:], "en": name_en,
            "en_alt": [official] if official and official != name_en else [], "zh": name_zh, "country": code,
            "provenance": "verified",
            "source": CLDR_SOURCE.format(babel=babel.__version__, vi=name_vi, en=name_en, zh=name_zh, code=code, pyc=pycountry.__version__),
            "note": "closed set: countries and territories",
        }
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    for code in REGIONS:
        name_vi = vi[code]
        forms = [name_vi[:1].lower() + name_vi[1:] if name_vi.startswith("Châu") else name_vi]
        entry = {"id": "region-" + code, "type": "place", "vi": forms[0], "en": en[code], "zh": zh[code],
                 "provenance": "verified", "source": f"Unicode CLDR region {code} (cldr.unicode.org, through Babel {babel.__version__}): vi {name_vi!r}, en {en[code]!r}, zh {zh[code]!r}",
                 "note": "closed set: continents and world regions"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    from tamngu.tools.closed_sets_data import REGIONS_EXTRA

    for region_id, name_vi, variants, name_en, en_alt, name_zh in REGIONS_EXTRA:
        entry = {"id": "region-" + region_id, "type": "place", "vi": name_vi, "variants": list(variants), "en": name_en,
                 "en_alt": list(en_alt), "zh": name_zh, "provenance": "derived",
                 "source": "Derived: VNA English and Xinhua Chinese names of the region (no CLDR code)",
                 "note": "closed set: world regions this press names"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    for body_id, name_vi, variants, name_en, en_alt, name_zh, zh_alt in BODIES:
        entry = {"id": body_id, "type": "event" if body_id in _EVENT_BODIES else "organization", "vi": name_vi,
                 "variants": list(variants), "en": name_en, "en_alt": list(en_alt), "zh": name_zh, "zh_alt": list(zh_alt),
                 "provenance": "derived", "source": BODIES_SOURCE, "note": "closed set: international bodies of this press"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    return out


def china_entries(registry: FormRegistry) -> tuple[list[dict[str, object]], list[str]]:
    """Province-level divisions, Yunnan's and Guangxi's prefecture-level divisions, border counties."""
    from tamngu.tools.closed_sets_data import BORDER_SOURCE, CHINA_SOURCE, GUANGXI_SOURCE, NOT_READINGS, UNIT_ONLY, YUNNAN_SOURCE

    out: list[dict[str, object]] = []
    problems: list[str] = []
    unit_vi = {"province": "tỉnh", "municipality": "thành phố", "region": "Khu tự trị", "sar": "Đặc khu hành chính"}
    unit_zh = {"province": "省", "municipality": "市", "region": "", "sar": "特别行政区"}
    for name_vi, variants, name_zh, name_en, code, unit in CHINA_PROVINCES:
        for form in (name_vi, *variants):
            if form not in NOT_READINGS and (bad := check_reading(form, name_zh)):
                problems.append(f"{form} / {name_zh}: {bad}")
        bare = [] if name_vi in UNIT_ONLY else [name_vi, *variants]
        forms = [*bare, f"{unit_vi[unit]} {name_vi}" if unit in ("province", "municipality") else f"{unit_vi[unit]} {name_vi}"]
        en_alt = [f"{name_en} Province"] if unit == "province" else [f"{name_en} Municipality"] if unit == "municipality" else []
        zh_alt = [name_zh + unit_zh[unit]] if unit_zh[unit] else []
        entry = {"id": "cn-" + code[3:].lower() + "-" + slug(name_en), "type": "place", "vi": forms[0], "variants": forms[1:],
                 "en": name_en, "en_alt": en_alt, "zh": name_zh, "zh_alt": zh_alt, "country": "CN", "provenance": "verified",
                 "source": f"{CHINA_SOURCE}: {name_vi} {name_zh} ({code})", "note": f"closed set: China's province-level divisions ({unit})"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    for name_vi, name_zh, name_en, kind, full in YUNNAN_PREFECTURES:
        out += _prefecture(registry, problems, name_vi, name_zh, name_en, kind, full, "yunnan", YUNNAN_SOURCE)
    for name_vi, name_zh, name_en in GUANGXI_PREFECTURES:
        out += _prefecture(registry, problems, name_vi, name_zh, name_en, "city", "", "guangxi", GUANGXI_SOURCE)
    for name_vi, name_zh, name_en, kind, prefecture in BORDER_COUNTIES:
        if bad := check_reading(name_vi, name_zh):
            problems.append(f"{name_vi} / {name_zh}: {bad}")
        word_vi, word_en, word_zh = {"county": ("huyện", "County", "县"), "city": ("thị", "City", "市"), "district": ("khu", "District", "区")}[kind]
        forms = [f"{word_vi} {name_vi}"] + ([f"thành phố {name_vi}"] if kind == "city" else [])
        entry = {"id": f"cn-border-{slug(name_en)}-{kind}", "type": "place", "vi": forms[0], "variants": forms[1:],
                 "en": f"{name_en} {word_en}", "en_alt": [name_en], "zh": name_zh + word_zh, "zh_alt": [name_zh], "country": "CN",
                 "provenance": "derived", "source": f"{BORDER_SOURCE}: {name_zh}{word_zh} ({prefecture})",
                 "note": "closed set: Chinese counties and cities on the Vietnamese border"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    from tamngu.tools.closed_sets_data import BORDER_GATES_CN, BORDER_GATES_SOURCE

    for name_vi, name_zh, name_en, facing in BORDER_GATES_CN:
        entry = {"id": f"cn-gate-{slug(name_en)}", "type": "place", "vi": name_vi, "variants": [f"cửa khẩu {name_vi}"],
                 "en": name_en, "zh": name_zh, "zh_alt": [name_zh + "口岸"], "country": "CN", "provenance": "derived",
                 "source": f"{BORDER_GATES_SOURCE}: {name_vi} {name_zh} (facing {facing})",
                 "note": "closed set: Chinese border gates facing Vietnam"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    return out, problems


_RISKY_BARE = {"Bảo Sơn", "Đại Lý", "Ngọc Lâm", "Quế Lâm", "Hồng Hà", "Văn Sơn", "Lai Tân", "Bắc Hải", "Hà Trì", "Hạ Châu"}


def _prefecture(registry: FormRegistry, problems: list[str], name_vi: str, name_zh: str, name_en: str, kind: str, full: str,
                province: str, source: str) -> list[dict[str, object]]:
    if bad := check_reading(name_vi, name_zh):
        problems.append(f"{name_vi} / {name_zh}: {bad}")
    if kind == "prefecture":
        forms = [f"châu {name_vi}", f"Châu tự trị {name_vi}"]
        en, en_alt, zh, zh_alt = f"{name_en} Prefecture", [name_en], name_zh + "州", [name_zh, full]
    else:
        forms = [f"thành phố {name_vi}"]
        en, en_alt, zh, zh_alt = name_en, [f"{name_en} City"], name_zh, [name_zh + "市"]
    if name_vi not in _RISKY_BARE:
        forms.insert(0, name_vi)
    entry = {"id": f"cn-{province}-{slug(name_en)}", "type": "place", "vi": forms[0], "variants": forms[1:], "en": en,
             "en_alt": en_alt, "zh": zh, "zh_alt": [z for z in zh_alt if z], "country": "CN", "provenance": "verified" if kind == "city" else "derived",
             "source": f"{source}: {full or name_zh + '市'}",
             "note": f"closed set: prefecture-level divisions of {province.title()}"}
    claimed = registry.claim(entry)
    return [claimed] if claimed else []


def _legacy() -> dict:
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).parent / "data" / "parser_legacy.json"
    return json.loads(data.read_text(encoding="utf-8"))


def _province_zh(directory: Path) -> dict[str, str]:
    """Chinese of Vietnamese provinces as the glossary's own bodies give it (UBND tỉnh X -> X省人民委员会)."""
    from tamngu.glossary.loader import load_glossary

    found = {}
    for entry in load_glossary(directory):
        for prefix, suffix in (("UBND tỉnh ", "省人民委员会"), ("UBND thành phố ", "市人民委员会")):
            if entry.vi.startswith(prefix) and entry.zh.endswith(suffix):
                found[entry.vi[len(prefix):]] = entry.zh[: -len(suffix)]
    return found


_CITY_EN = {"Hà Nội": "Hanoi", "Hồ Chí Minh": "Ho Chi Minh City", "Huế": "Hue", "Đà Nẵng": "Da Nang"}


def vietnam_entries(registry: FormRegistry, directory: Path) -> tuple[list[dict[str, object]], list[str]]:
    """Provinces before 2025-07-01 (63) and after (34), with dates."""
    import vietnam_provinces
    from vietnam_provinces import Province

    from tamngu.glossary.vnnames import vietnamese_chinese

    new = {p.name.replace("Thành phố ", "").replace("Tỉnh ", ""): p for p in Province.iter_all()}
    old = {v["provinceShort"]: v for v in _legacy()["DICT_PROVINCE"].values()}
    known_zh = _province_zh(directory)
    out, missing = [], []
    for name in sorted(set(new) | set(old)):
        city = (new.get(name) and new[name].name.startswith("Thành phố")) or (name in old and old[name]["province"].startswith("Thành phố"))
        zh = known_zh.get(name, "")
        how = "Chinese: the glossary's own body entries (UBND ...)"
        if not zh:
            derived = vietnamese_chinese(name)
            zh, how = derived.zh, "Chinese: derived syllable by syllable from Sino-Vietnamese readings (unverified; Vietnam's Chinese press may write other characters)"
        if not zh:
            missing.append(name)
            continue
        en = _CITY_EN.get(name, strip_marks(name))
        dates = {}
        if name not in new:
            dates = {"valid_to": LAST_DAY_BEFORE}
            period = "until 2025-06-30 (merged on 2025-07-01 by Resolution 202/2025/QH15)"
        elif name not in old:
            dates, period = {"valid_from": MERGER_DAY}, "from 2025-07-01"
        else:
            period = "before and after the 2025-07-01 merger (same name)"
        unit = "thành phố" if city else "tỉnh"
        entry = {"id": f"vn-{'city' if city else 'province'}-{slug(name)}", "type": "place", "vi": name,
                 "variants": [f"{unit} {name}"], "en": en, "en_alt": [f"{en} province"] if not city else [f"{en} city"],
                 "zh": zh, "zh_alt": [zh + ("市" if city else "省")], "country": "VN", "provenance": "derived", **dates,
                 "source": f"Names and dates: vietnamadminunits (63 provinces before 2025-07-01) and vietnam-provinces "
                           f"{vietnam_provinces.__version__} (34 after); English: VNA style without diacritics; {how}",
                 "note": f"closed set: Vietnam's provinces, {period}"}
        claimed = registry.claim(entry)
        if claimed:
            out.append(claimed)
    return out, missing


def vietnam_units() -> list[dict[str, object]]:
    """Communes and wards of the border provinces after 2025-07-01; their districts before."""
    import vietnam_provinces
    from vietnam_provinces import Province, Ward

    rows: list[dict[str, object]] = []
    source_new = f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__})"
    for province in Province.iter_all():
        short = province.name.replace("Thành phố ", "").replace("Tỉnh ", "")
        if short not in BORDER_PROVINCES_NEW:
            continue
        for ward in Ward.iter_all():
            if ward.province_code != province.code:
                continue
            kind = ward.division_type.value
            name = ward.name[len(kind) + 1:] if ward.name.lower().startswith(kind) else ward.name
            rows.append({"name": name, "kind": kind, "province": short, "valid_from": MERGER_DAY, "code": str(int(ward.code)), "source": source_new})
    legacy = _legacy()
    keys = {v["provinceShort"]: k for k, v in legacy["DICT_PROVINCE"].items()}
    for short in BORDER_PROVINCES_OLD:
        for district in legacy["DICT_PROVINCE_DISTRICT"][keys[short]].values():
            kind = district["districtType"].lower()
            rows.append({"name": district["districtShort"], "kind": kind, "province": short, "valid_to": LAST_DAY_BEFORE,
                         "code": district["districtCode"], "source": "vietnamadminunits (units before 2025-07-01)"})
    return rows


def _short_countries(extra_places: dict[str, dict[str, object]] | None = None) -> str:
    """One-syllable country names (Pháp, Mỹ, Anh): a lexicon the resolver pins only when capitalized outside a person's name."""
    import babel
    from babel import Locale

    vi, en, zh = Locale("vi").territories, Locale("en").territories, Locale.parse("zh_Hans").territories
    by_name = {vi[code].split(" (")[0]: code for code in vi if len(code) == 2}
    extra = {"Mỹ": "US", "Anh": "GB", "Úc": "AU"}  # VNA's short forms beside CLDR's Hoa Kỳ, Vương quốc Anh
    lines = ["# Lexicon: country names that are also common Vietnamese words or given names (Pháp, Đức, Nga, Anh).",
             "# The matcher ignores case, so these are no glossary entries; tamngu.glossary.closedsets pins them only",
             "# capitalized and not inside a person's name. Generated by `python -m tamngu.tools.closed_sets`.", ""]
    for name in sorted(SHORT_RISKY):
        code = extra.get(name) or by_name.get(name)
        if code is None:
            continue
        lines += ["[[country]]", f"name = {_toml_str(name)}", "risky = true", f"code = {_toml_str(code)}", f"en = {_toml_str(en[code])}",
                  f"zh = {_toml_str(zh[code])}", f"source = {_toml_str(f'Unicode CLDR (Babel {babel.__version__}) {code}; VNA short form' if name in extra else f'Unicode CLDR (Babel {babel.__version__}) {code}')}", ""]
    for name, entry in sorted((extra_places or {}).items()):
        if name in SHORT_RISKY:
            continue
        lines += ["[[country]]", f"name = {_toml_str(name)}", f"code = {_toml_str(str(entry.get('country') or entry['id']))}",
                  f"en = {_toml_str(str(entry['en']))}", f"zh = {_toml_str(str(entry['zh']))}", f"source = {_toml_str(str(entry['source']))}", ""]
    return "\n".join(lines)


def render_unit(row: dict[str, object]) -> str:
    lines = ["[[unit]]"]
    for key in ("name", "kind", "province", "code", "valid_from", "valid_to", "source"):
        if key in row:
            value = row[key]
            lines.append(f"{key} = {value}" if key.startswith("valid") else f"{key} = {_toml_str(str(value))}")
    return "\n".join(lines) + "\n"


_HEADERS = {
    "world.toml": "# Closed set: countries and territories (Vietnamese as CLDR and VNA write them), continents and\n# world regions, international bodies. Generated by `python -m tamngu.tools.closed_sets`; edit the\n# generator's tables, not this file.\n",
    "china.toml": "# Closed set: China's province-level divisions by Sino-Vietnamese name, the prefecture-level\n# divisions of Yunnan and Guangxi, the counties and cities on the Vietnamese border.\n# Generated by `python -m tamngu.tools.closed_sets`.\n",
    "vietnam.toml": "# Closed set: Vietnam's provinces before the 2025-07-01 merger (63) and after (34), with dates.\n# Generated by `python -m tamngu.tools.closed_sets`.\n",
}


def build(directory: Path = GLOSSARY_DIR, write: bool = True) -> dict[str, object]:
    """Build every closed set; write the files unless ``write`` is false. Returns counts and problems."""
    registry = FormRegistry(directory)
    world = world_entries(registry)
    china, reading_problems = china_entries(registry)
    vietnam, missing = vietnam_entries(registry, directory)
    units = vietnam_units() + [{"name": name, "kind": "tỉnh", "province": name, "valid_to": LAST_DAY_BEFORE,
                                "source": "vietnamadminunits (provinces before 2025-07-01); no Chinese source: lexicon only"}
                               for name in missing]
    if write:
        for name, entries in (("world.toml", world), ("china.toml", china), ("vietnam.toml", vietnam)):
            (directory / name).write_text(_HEADERS[name] + "\n" + "\n".join(render(e) for e in entries), encoding="utf-8")
        lexicon = directory / "lexicon"
        lexicon.mkdir(exist_ok=True)
        head = ("# Lexicon (not glossary entries): communes and wards of Vietnam's border provinces after 2025-07-01,\n"
                "# their districts before. Read by tamngu.glossary.closedsets. Generated by `python -m tamngu.tools.closed_sets`.\n\n")
        (lexicon / "vietnam_units.toml").write_text(head + "\n".join(render_unit(r) for r in units), encoding="utf-8")
        (lexicon / "world_short.toml").write_text(_short_countries(registry.short), encoding="utf-8")
    return {"world": len(world), "china": len(china), "vietnam": len(vietnam), "units": len(units),
            "reading_problems": reading_problems, "provinces_without_chinese": missing}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="example: python -m tamngu.tools.closed_sets --check   # counts and reading problems, writes nothing",
    )
    parser.add_argument("--check", action="store_true", help="report only, write nothing")
    parser.add_argument("--glossary", type=Path, default=GLOSSARY_DIR)
    args = parser.parse_args(list(argv) if argv is not None else None)
    report = build(args.glossary, write=not args.check)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
