"""The rules LTAC's TBX-Basic schemas state, checked on our exports.

v3 (``--format tbx``): the TBX core RelaxNG (ids are XML IDs, so NCNames, and
unique; required elements and their order) and the TBX-Basic DCA Schematron
(allowed data categories and picklist values, termNote only in termSec, every
element in the TBX namespace). v2 (``--format tbx2``): the TBX-Basic v2 shape
OmegaT and translate-toolkit read (``martif``/``termEntry``/``langSet``/``tig``,
no namespace). The rules are written out here, not imported from the writer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from tamngu.glossary.exchange import export_glossary, read_exchange
from tamngu.glossary.model import Entry, Glossary, Role
from tamngu.glossary.tbx import xml_id

TBX = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# TBX-Basic DCA Schematron (LTAC-Global/TBX-Basic_dialect, DCA/TBX-Basic_DCA.sch), picklists and types
PART_OF_SPEECH = {"adjective", "noun", "other", "verb", "adverb"}
ADMINISTRATIVE_STATUS = {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "preferredTerm-admn-sts"}
TERM_TYPE = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
TYPES = {
    "termNote": {"administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender", "termLocation", "termType"},
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
}

GLOSSARY = Glossary(
    (
        Entry("8th-gms-summit", "event", "Hội nghị GMS lần thứ 8", "8th GMS Summit", "第八次GMS领导人会议", "verified", "s",
              checked=dt.date(2026, 12, 1)),
        Entry("id-8th-gms-summit", "event", "Hội nghị GMS", "GMS Summit", "GMS领导人会议", "derived", "s"),
        Entry("wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁", "verified", "s", variants=("Vuong Ninh",),
              zh_alt=("王寧",), pinyin="Wáng Níng", gender="male",
              roles=(Role("bi-thu", "Party Secretary", "书记", valid_from=dt.date(2020, 11, 1), checked=dt.date(2026, 12, 4)),)),
        Entry("bi-thu", "title", "Bí thư", "Secretary", "书记", "derived", "s", en_alt=("Party Secretary",)),
    )
)
NCNAME_SCHEMA = etree.XMLSchema(etree.XML(
    b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="id" type="xs:NCName"/></xs:schema>'
))


def exported(fmt: str) -> etree._Element:
    return etree.fromstring(export_glossary(GLOSSARY, fmt).data)


def is_ncname(value: str) -> bool:
    element = etree.Element("id")
    element.text = value
    return NCNAME_SCHEMA.validate(element)


@pytest.mark.parametrize(("value", "expected"), [("wang-ning", True), ("8th-gms-summit", False), ("a:b", False), ("_x.1", True)])
def test_ncname_rule_itself(value: str, expected: bool) -> None:
    assert is_ncname(value) is expected


@pytest.mark.parametrize(
    ("entry_id", "expected"),
    [("wang-ning", "wang-ning"), ("8th-gms-summit", "id-8th-gms-summit"), ("14th-congress", "id-14th-congress"),
     ("a b:c", "a-b-c"), ("-x", "id--x")],
)
def test_xml_id(entry_id: str, expected: str) -> None:
    assert xml_id(entry_id) == expected and is_ncname(expected)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_ids_are_unique_ncnames(fmt: str) -> None:
    ids = [node.get("id") for node in exported(fmt).iter() if node.get("id") is not None]
    assert len(ids) == len(GLOSSARY) == len(set(ids)) and all(is_ncname(value) for value in ids)
    assert "id-8th-gms-summit-2" in ids  # the second entry whose id maps to the same NCName


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_data_categories_and_picklists(fmt: str) -> None:
    root = exported(fmt)
    for node in root.iter():
        name = etree.QName(node).localname
        if name in TYPES:
            assert node.get("type") in TYPES[name], etree.tostring(node)
        kind = node.get("type")
        if name == "termNote":
            allowed = {"partOfSpeech": PART_OF_SPEECH, "administrativeStatus": ADMINISTRATIVE_STATUS, "termType": TERM_TYPE}[kind]
            assert node.text in allowed, etree.tostring(node)
            assert etree.QName(node.getparent()).localname == ("termSec" if fmt == "tbx" else "tig")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_proper_noun_fact_is_a_concept_note(fmt: str) -> None:
    notes = {node.getparent().get("id"): node.text for node in exported(fmt).iter() if etree.QName(node).localname == "note"
             and node.text.startswith("grammar:")}
    assert notes == {"id-8th-gms-summit": "grammar: proper noun", "id-8th-gms-summit-2": "grammar: proper noun",
                     "wang-ning": "grammar: proper noun"}  # fmt: skip


def test_v3_structure() -> None:
    root = exported("tbx")
    assert (root.tag, root.get("type"), root.get("style"), root.get(XML_LANG)) == (f"{{{TBX}}}tbx", "TBX-Basic", "dca", "en")
    assert all(etree.QName(node).namespace == TBX for node in root.iter() if isinstance(node.tag, str))  # DCA: no DCT elements
    assert [etree.QName(child).localname for child in root] == ["tbxHeader", "text"]
    assert root.find(f"{{{TBX}}}tbxHeader/{{{TBX}}}fileDesc/{{{TBX}}}sourceDesc/{{{TBX}}}p") is not None
    concepts = root.findall(f"{{{TBX}}}text/{{{TBX}}}body/{{{TBX}}}conceptEntry")
    assert len(concepts) == len(GLOSSARY)
    for concept in concepts:
        lang_secs = concept.findall(f"{{{TBX}}}langSec")
        assert [sec.get(XML_LANG) for sec in lang_secs] == ["vi", "en", "zh-CN"]
        assert all(etree.QName(child).localname != "langSec" for child in concept[: -len(lang_secs)])  # langSecs come last
        for term_sec in concept.iter(f"{{{TBX}}}termSec"):
            assert etree.QName(term_sec[0]).localname == "term" and term_sec[0].text


def test_v3_points_at_ltac_current_schemas() -> None:
    data = export_glossary(GLOSSARY, "tbx").data.decode("utf-8")
    assert 'href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"' in data
    assert 'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"' in data
    assert "TBXcoreStructV03_TBX-Basic_integrated.rng" not in data  # removed by LTAC in 2023


def test_v2_structure() -> None:
    root = exported("tbx2")
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic", "en")
    assert all(etree.QName(node).namespace is None for node in root.iter() if isinstance(node.tag, str))
    assert root.find("martifHeader/fileDesc/sourceDesc/p") is not None
    assert root.findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == "TBXBasicXCSV02.xcs"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == len(GLOSSARY)
    wang = next(entry for entry in entries if entry.get("id") == "wang-ning")
    assert [(lang.get(XML_LANG), [tig.findtext("term") for tig in lang.findall("tig")]) for lang in wang.findall("langSet")] == [
        ("vi", ["Vương Ninh", "Vuong Ninh"]), ("en", ["Wang Ning"]), ("zh-CN", ["王宁", "王寧"])]  # fmt: skip


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_both_versions_read_back_whole_entries(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_bytes(export_glossary(GLOSSARY, fmt).data)
    assert tuple(read_exchange(path)) == GLOSSARY.entries


def _omegat_entries(root: etree._Element, target: str) -> list[tuple[str, str, str]]:
    """(source, target, comment) as OmegaT's TBX reader builds them: one entry per target term, the
    concept's descrips and notes (and every termNote, pooled) as one shared comment."""
    entries = []
    for concept in root.iter("termEntry"):
        notes = [f"{n.get('type')}: {n.text}" for n in concept if n.tag == "descrip"] + [n.text for n in concept if n.tag == "note"]
        terms = {base: [t.findtext("term") for t in lang_set.iter("tig")]
                 for lang_set in concept.iter("langSet") for base in [lang_set.get(XML_LANG).split("-")[0]]}
        entries += [(source, term, "\n".join(notes)) for source in terms["vi"] for term in terms[target]]
    return entries


@pytest.mark.parametrize(
    ("target", "term", "note"),
    [
        ("en", "Secretary", "preferred_en: Secretary; also admitted: Party Secretary"),
        ("en", "Party Secretary", "preferred_en: Secretary; also admitted: Party Secretary"),
        ("zh", "王寧", "preferred_zh: 王宁; also admitted: 王寧"),
        ("en", "Wang Ning", None),  # one English form: nothing to choose between
        ("en", "8th GMS Summit", None),
    ],
)
def test_v2_tells_omegat_which_alternative_is_pinned(target: str, term: str, note: str | None) -> None:
    comments = {comment for _, found, comment in _omegat_entries(exported("tbx2"), target) if found == term}
    assert comments
    assert all((note in comment) if note else (f"preferred_{target}" not in comment) for comment in comments)


def test_v3_keeps_the_standard_status_only() -> None:
    notes = [note.text for note in exported("tbx").iter(f"{{{TBX}}}note")]
    assert not any(text.startswith("preferred_") for text in notes)
