"""Office templates that make nonsense are refused (compose/offices.toml), and one place per body id."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamngu.glossary.bodies import load_templates as load_body_templates
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Entry
from tamngu.glossary.offices import OfficeForm, load_offices, nonsense, template_problems
from tamngu.glossary.resolve import resolve_article


@pytest.mark.parametrize(
    ("kind", "en", "zh", "refused"),
    [
        ("vn-country", "Secretary of the Vietnam City Party Committee", "越南市委书记", True),  # a country is not a city
        ("cn-country", "Secretary of the CPC China Municipal Committee", "中国市委书记", True),
        ("vn-country", "Vietnamese Prime Minister", "越南政府总理", False),
        ("cn-country", "Chinese Ministry of Commerce", "中国商务部", False),
        ("vn-country", "Vietnamese Chinese People's Liberation Army", "越南中国人民解放军", True),  # two countries
        ("cn-region", "Secretary of the {region} Provincial Party Committee", "{region}省委书记", True),  # a region is no province
        ("cn-region", "{region} People's Government", "{region}人民政府", False),
        ("cn-county", "{place} County Provincial Military Command", "{place}县省军事指挥部", True),  # two units
        ("cn-province", "Chairman of the {place} Provincial People's Committee", "{place}省人民委员会主席", True),  # China has none
        ("vn-province", "Secretary of the CPC {place} Provincial Committee", "{place}省委书记", True),  # Vietnam has no CPC
        ("vn-province", "Secretary of the {place} Provincial Party Committee", "{place}省委书记", False),
        ("cn-region", "{region} Standing Deputy Minister of Foreign Affairs", "{region}外交部常务副部长", True),  # a ministry is national
        ("cn-region", "{region} Colonel", "{region}大校", True),
    ],
)
def test_nonsense_templates(kind: str, en: str, zh: str, refused: bool) -> None:
    assert (nonsense(kind, OfficeForm(en, zh)) is not None) is refused


def _entry(entry_id: str, kind: str, vi: str, country: str = "") -> Entry:
    return Entry(entry_id, kind, vi, entry_id, entry_id, "derived", "test", country=country)


ENTRIES = {e.id: e for e in (
    _entry("secretary-city", "title", "Bí thư Thành ủy"),
    _entry("asean", "organization", "ASEAN"),  # an international body: no country
    _entry("chairman-lao-cai", "title", "Chủ tịch UBND tỉnh Lào Cai"),
    _entry("lao-cai", "place", "Lào Cai", "VN"),
    _entry("military-zone-2", "organization", "Quân khu 2", "VN"),
    _entry("peoples-committee", "organization", "Ủy ban nhân dân", "VN"),
)}
RECORD = '[[office]]\nentry = "{entry}"\n\n[office.templates]\n{kind} = {{en = "{en}", zh = "{zh}"}}\n\n'


@pytest.mark.parametrize(
    ("entry", "kind", "en", "zh", "message"),
    [
        ("secretary-city", "vn-city", "Secretary of the {place} City Party Committee", "{place}市委书记", None),
        ("asean", "cn-region", "{region} ASEAN", "{region}东盟", "is an international body"),
        ("chairman-lao-cai", "vn-city", "Chairman of the Lao Cai {place} People's Committee", "{place}老街人民委员会主席", "names its own place (Lào Cai)"),
        ("military-zone-2", "cn-county", "{place} County Military Zone 2", "{place}县第二军区", "is a body of VN"),
        ("peoples-committee", "vn-city", "{place} City People's Committee", "{place}市人民委员会", "composed by compose/bodies.toml"),
    ],
)
def test_template_problems(tmp_path: Path, entry: str, kind: str, en: str, zh: str, message: str | None) -> None:
    path = tmp_path / "offices.toml"
    path.write_text(RECORD.format(entry=entry, kind=kind, en=en, zh=zh), encoding="utf-8")
    found = [text for _, _, text in template_problems(ENTRIES, path, ENTRIES, body_ids=["peoples-committee"])]
    assert [message in text for text in found] == ([True] if message else [])


def test_shipped_templates_pass_and_bodies_have_one_place() -> None:
    glossary = {entry.id: entry for entry in load_glossary(None)}
    bodies = [record.entry for record in load_body_templates()]
    assert template_problems(glossary, entries=glossary, body_ids=bodies) == []
    assert not set(bodies) & set(load_offices())


@pytest.mark.parametrize(
    ("text", "refused_en"),
    [
        ("Bí thư Thành ủy Việt Nam phát biểu.", "Secretary of the Vietnam City Party Committee"),
        ("Bí thư Thành ủy Trung Quốc phát biểu.", "Secretary of the CPC China Municipal Committee"),
    ],
)
def test_a_country_is_not_a_city(text: str, refused_en: str) -> None:
    pins = resolve_article([text], load_glossary(None), date=None, names=True).pins[0]
    assert refused_en not in [pin.entry.en for pin in pins]
