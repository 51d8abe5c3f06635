"""TBX-Basic export (TBX v3 DCA, and TBX v2 ``martif`` for OmegaT and translate-toolkit) and import.

Mapping, one concept per entry (v3 names, v2 names in brackets)::

    conceptEntry[@id] (termEntry)                entry id as an XML NCName (see :func:`xml_id`)
    conceptEntry/descrip[@type=subjectField]     entry type (person, place, ...)
    conceptEntry/admin[@type=source]             source
    conceptEntry/note "id: ..."                  the entry id, when it is not an NCName (8th-gms-summit)
    conceptEntry/note "provenance: ..."          provenance
    conceptEntry/note "grammar: proper noun"     names (every type but title): TBX-Basic's partOfSpeech
                                                 allows adjective, noun, other, verb, adverb only
    conceptEntry/note "valid_from: YYYY-MM-DD"   valid_from / valid_to / checked
    conceptEntry/note "checked_source: ..."      what the last check consulted
    conceptEntry/note "gender: female|male"      persons, when known
    conceptEntry/note "country: CN"              places and organizations, when recorded
    conceptEntry/note "decided_by: ..."          reviewed entries: the editor, and decided_on
    conceptEntry/note "note: ..."                free note
    conceptEntry/note "role: {json}"             one per role, in order
    termEntry/note "preferred_en: X; also admitted: Y | Z"
                                                 v2 only, when a language has alternatives: OmegaT
                                                 shows every term of a langSet as an equal entry and
                                                 pools all termNotes into one comment, so the
                                                 concept's note (shown with each) says which term is
                                                 pinned; the reader ignores it (the tigs say it)
    langSec[@xml:lang] (langSet)                 vi, en, zh-CN (:mod:`tamngu.glossary.langtags`)
      termSec (tig)                              the pinned form first
        termNote[@type=administrativeStatus]     preferredTerm-admn-sts (pinned)
                                                 admittedTerm-admn-sts (variant / alternative)
        termNote[@type=termType]                 variant (Vietnamese spelling variants)
        termNote[@type=partOfSpeech]             noun
        note "pinyin: ..."                       on the pinned Chinese term

v3 files point at LTAC's current schemas (the TBX core RelaxNG and the
TBX-Basic DCA Schematron). This carries every field, so export then import
gives back equal entries (``file`` and ``line`` aside). The reader accepts v3
and v2 (``martif``/``termEntry``/``langSet``/``tig``), with or without a
namespace; what it cannot find there comes from the caller's defaults.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from tamngu.errors import BadInputError
from tamngu.glossary.langtags import base_language, language_tag
from tamngu.glossary.model import ENTRY_TYPES, Entry, Role, RoleCheck

logger = logging.getLogger(__name__)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
VERSIONS: tuple[str, ...] = ("v3", "v2")
_SCHEMA_PIS = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" '
    'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)
_NOTE_KEYS = ("id", "provenance", "grammar", "gender", "country", "decided_by", "decided_on", "single_holder", "valid_from", "valid_to",
              "checked", "checked_source", "note", "role", "preferred_en", "preferred_zh")  # fmt: skip
_TEXT_KEYS = ("id", "provenance", "checked_source", "gender", "country", "decided_by")
_DATE_KEYS = ("valid_from", "valid_to", "checked")
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
_NOT_NCNAME_CHAR = re.compile(r"[^\w.\-]")


class _Dialect(NamedTuple):
    """Element names of one TBX version."""

    namespace: str | None
    concept: str
    lang: str
    term: str


_DIALECTS = {
    "v3": _Dialect(TBX_NS, "conceptEntry", "langSec", "termSec"),
    "v2": _Dialect(None, "termEntry", "langSet", "tig"),
}


def xml_id(entry_id: str) -> str:
    """``entry_id`` as an XML NCName (what TBX's ``id`` attributes must be).

    >>> xml_id("wang-ning"), xml_id("8th-gms-summit"), xml_id("a b:c")
    ('wang-ning', 'id-8th-gms-summit', 'a-b-c')
    """
    name = _NOT_NCNAME_CHAR.sub("-", entry_id)
    return name if _NCNAME.fullmatch(name) else f"id-{name}"


def write_tbx(entries: Iterable[Entry], title: str = "tamngu glossary", version: str = "v3") -> bytes:
    """Serialize ``entries`` as a TBX-Basic document (UTF-8 bytes): ``v3`` (DCA) or ``v2`` (``martif``).

    Raises:
        BadInputError: an unknown ``version``.
    """
    if version not in _DIALECTS:
        raise BadInputError(f"unknown TBX version {version!r}; use one of: {', '.join(VERSIONS)}")
    dialect = _DIALECTS[version]
    root = _v3_root(title) if version == "v3" else _v2_root(title)
    body = root.find(f"{_tag(dialect, 'text')}/{_tag(dialect, 'body')}")
    taken: set[str] = set()
    for entry in entries:
        body.append(_concept(dialect, entry, taken))
    if version == "v3":
        for pi in _SCHEMA_PIS:
            root.addprevious(etree.ProcessingInstruction("xml-model", pi))
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tag(dialect: _Dialect, name: str) -> str:
    return f"{{{dialect.namespace}}}{name}" if dialect.namespace else name


def _v3_root(title: str) -> etree._Element:
    dialect = _DIALECTS["v3"]
    root = etree.Element(_tag(dialect, "tbx"), nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    file_desc = _sub(dialect, _sub(dialect, root, "tbxHeader"), "fileDesc")
    _sub(dialect, _sub(dialect, file_desc, "titleStmt"), "title", title)
    _sub(dialect, _sub(dialect, file_desc, "sourceDesc"), "p", "Exported by tamngu glossary export")
    _sub(dialect, _sub(dialect, root, "text"), "body")
    return root


def _v2_root(title: str) -> etree._Element:
    dialect = _DIALECTS["v2"]
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "en")
    header = _sub(dialect, root, "martifHeader")
    file_desc = _sub(dialect, header, "fileDesc")
    _sub(dialect, _sub(dialect, file_desc, "titleStmt"), "title", title)
    _sub(dialect, _sub(dialect, file_desc, "sourceDesc"), "p", "Exported by tamngu glossary export")
    _sub(dialect, _sub(dialect, header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    _sub(dialect, _sub(dialect, root, "text"), "body")
    return root


def _sub(dialect: _Dialect, parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    child = etree.SubElement(parent, _tag(dialect, name), **attributes)
    if text is not None:
        child.text = text
    return child


def _concept(dialect: _Dialect, entry: Entry, taken: set[str]) -> etree._Element:
    concept = etree.Element(_tag(dialect, dialect.concept), id=_unique_xml_id(entry.id, taken))
    _sub(dialect, concept, "descrip", entry.type, type="subjectField")
    _sub(dialect, concept, "admin", entry.source, type="source")
    id_note = [("id", entry.id)] if concept.get("id") != entry.id else []
    preferred = _preferred_notes(entry) if dialect is _DIALECTS["v2"] else []
    for key, value in id_note + _concept_notes(entry) + preferred:
        _sub(dialect, concept, "note", f"{key}: {value}")
    _lang_sec(dialect, concept, "vi", entry.vi_forms, variant=True)
    _lang_sec(dialect, concept, "en", entry.target_forms("en"))
    zh_sec = _lang_sec(dialect, concept, "zh", entry.target_forms("zh"))
    if entry.pinyin:
        _sub(dialect, zh_sec[0], "note", f"pinyin: {entry.pinyin}")
    return concept


def _unique_xml_id(entry_id: str, taken: set[str]) -> str:
    candidate, number = xml_id(entry_id), 2
    while candidate in taken:
        candidate, number = f"{xml_id(entry_id)}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _concept_notes(entry: Entry) -> list[tuple[str, str]]:
    notes = [("provenance", entry.provenance)]
    notes += [("grammar", "proper noun")] if entry.type != "title" else []
    notes += [("gender", entry.gender)] if entry.gender else []
    notes += [(key, value) for key in ("country", "decided_by") if (value := getattr(entry, key))]
    notes += [("decided_on", entry.decided_on.isoformat())] if entry.decided_on else []
    notes += [("single_holder", "true")] if entry.single_holder else []
    notes += [(key, day.isoformat()) for key in _DATE_KEYS if (day := getattr(entry, key))]
    notes += [("checked_source", entry.checked_source)] if entry.checked_source else []
    notes += [("note", entry.note)] if entry.note else []
    notes += [("role", json.dumps(_role_record(role), ensure_ascii=False)) for role in entry.roles]
    return notes


def _preferred_notes(entry: Entry) -> list[tuple[str, str]]:
    """Which target term is pinned, for readers that show every term of a language as equal (OmegaT)."""
    notes = []
    for lang in ("en", "zh"):
        forms = entry.target_forms(lang)  # type: ignore[arg-type]
        if len(forms) > 1:
            notes.append((f"preferred_{lang}", f"{forms[0]}; also admitted: {' | '.join(forms[1:])}"))
    return notes


def _role_record(role: Role) -> dict[str, object]:
    record: dict[str, object] = {"title": role.title, "en": role.en, "zh": role.zh}
    record.update({key: day.isoformat() for key in _DATE_KEYS if (day := getattr(role, key))})
    record.update({key: value for key in ("source", "checked_source", "body", "review") if (value := getattr(role, key))})
    record.update({key: True for key in ("acting", "end_bound") if getattr(role, key)})
    if role.checks:  # issue 24: what each source showed, as of its own date
        record["checks"] = [{"source": c.source, "source_date": c.source_date.isoformat(), "seen": c.seen} for c in role.checks]
    return record


def _lang_sec(dialect: _Dialect, concept: etree._Element, lang: str, forms: tuple[str, ...], variant: bool = False) -> etree._Element:
    lang_sec = _sub(dialect, concept, dialect.lang)
    lang_sec.set(XML_LANG, language_tag(lang))
    for index, form in enumerate(forms):
        term_sec = _sub(dialect, lang_sec, dialect.term)
        _sub(dialect, term_sec, "term", form)
        _sub(dialect, term_sec, "termNote", PREFERRED if index == 0 else ADMITTED, type="administrativeStatus")
        if variant and index > 0:
            _sub(dialect, term_sec, "termNote", "variant", type="termType")
        _sub(dialect, term_sec, "termNote", "noun", type="partOfSpeech")
    return lang_sec


# --------------------------------------------------------------------------- reading


@dataclass
class TbxConcept:
    """What a TBX concept entry holds, before it becomes an :class:`Entry`.

    ``line`` is the concept's line in the file; fields missing in the file are empty.
    """

    line: int
    id: str = ""
    type: str = ""
    source: str = ""
    provenance: str = ""
    note: str = ""
    pinyin: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    checked: dt.date | None = None
    checked_source: str = ""
    gender: str = ""
    country: str = ""
    decided_by: str = ""
    decided_on: dt.date | None = None
    single_holder: bool = False
    terms: dict[str, list[str]] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)


def read_tbx(path: Path) -> list[TbxConcept]:
    """Parse the concept entries of a TBX file (v3 or v2, namespaced or not).

    Raises:
        BadInputError: the file is not well-formed XML, or a note holds a bad date or role.
    """
    root = _parse(path)
    concepts = [node for node in root.iter() if _local(node) in ("conceptEntry", "termEntry")]
    if not concepts:
        raise BadInputError(f"{path}: no conceptEntry (TBX v3) or termEntry (TBX v2) elements; is this a TBX file?")
    return [_read_concept(path, node) for node in concepts]


def _parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        raise BadInputError(f"{path}:{line}: not well-formed XML ({exc.msg}); fix the file or re-export it") from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc}); check the path") from None


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _read_concept(path: Path, node: etree._Element) -> TbxConcept:
    concept = TbxConcept(line=node.sourceline or 0, id=node.get("id", "").strip())
    for child in node:
        tag, kind, text = _local(child), child.get("type", ""), (child.text or "").strip()
        if tag == "descrip" and kind == "subjectField" and text in ENTRY_TYPES:
            concept.type = text
        elif tag == "admin" and kind == "source":
            concept.source = text
        elif tag == "note":
            _read_note(path, concept, text)
        elif tag in ("langSec", "langSet"):
            _read_lang(concept, child)
    return concept


def _read_note(path: Path, concept: TbxConcept, text: str) -> None:
    key, _, value = text.partition(": ")
    where = f"{path}:{concept.line}: concept '{concept.id}'"
    if key not in _NOTE_KEYS:
        concept.note = f"{concept.note}\n{text}".strip()
    elif key in _TEXT_KEYS:
        setattr(concept, key, value.strip())
    elif key in ("grammar", "preferred_en", "preferred_zh"):
        return  # implied by the entry type; by the terms' administrativeStatus
    elif key == "single_holder":
        concept.single_holder = value.strip() == "true"
    elif key == "note":
        concept.note = f"{concept.note}\n{value}".strip()
    elif key == "role":
        concept.roles.append(_read_role(where, value))
    else:
        setattr(concept, key, _read_date(where, key, value))


def _read_date(where: str, key: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInputError(f"{where}: {key} {value!r} is not a date like 2025-10-29; fix the note") from None


def _read_role(where: str, value: str) -> Role:
    try:
        record = json.loads(value)
        return Role(
            title=record["title"],
            en=record["en"],
            zh=record["zh"],
            valid_from=_optional_date(record.get("valid_from")),
            valid_to=_optional_date(record.get("valid_to")),
            source=record.get("source", ""),
            checked=_optional_date(record.get("checked")),
            checked_source=record.get("checked_source", ""),
            body=record.get("body"),
            acting=bool(record.get("acting", False)),
            end_bound=bool(record.get("end_bound", False)),
            checks=tuple(RoleCheck(c["source"], dt.date.fromisoformat(c["source_date"]), c["seen"]) for c in record.get("checks", [])),
            review=record.get("review", ""),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInputError(
            f"{where}: role note is not JSON with title, en, zh ({exc}); write it as role: {{\"title\": ..., \"en\": ..., \"zh\": ...}}"
        ) from None


def _optional_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_lang(concept: TbxConcept, lang_sec: etree._Element) -> None:
    lang = base_language(lang_sec.get(XML_LANG, ""))
    if lang is None:
        logger.info("line %s: skipping language %r", lang_sec.sourceline, lang_sec.get(XML_LANG))
        return
    preferred: list[str] = []
    admitted: list[str] = []
    for term_sec in lang_sec:
        if _local(term_sec) not in ("termSec", "tig", "ntig"):
            continue
        term, status, pinyin = _read_term(term_sec)
        if not term:
            continue
        (admitted if status == ADMITTED or (status != PREFERRED and preferred) else preferred).append(term)
        if pinyin and lang == "zh" and not concept.pinyin:
            concept.pinyin = pinyin
    concept.terms.setdefault(lang, []).extend(preferred[:1] + admitted + preferred[1:])


def _read_term(term_sec: etree._Element) -> tuple[str, str, str]:
    term = status = pinyin = ""
    for node in term_sec.iter():
        tag, text = _local(node), (node.text or "").strip()
        if tag == "term":
            term = "".join(node.itertext()).strip()
        elif tag == "termNote" and node.get("type") == "administrativeStatus":
            status = text
        elif tag == "note" and text.startswith("pinyin: "):
            pinyin = text.removeprefix("pinyin: ").strip()
    return term, status, pinyin
