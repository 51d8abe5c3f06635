"""TBX-Basic (ISO 30042:2019, TBX v3, DCA style) export and import of glossary entries.

Mapping, one ``conceptEntry`` per entry (``id`` = entry id)::

    conceptEntry/descrip[@type=subjectField]     entry type (person, place, ...)
    conceptEntry/admin[@type=source]             source
    conceptEntry/note "provenance: ..."          provenance
    conceptEntry/note "valid_from: YYYY-MM-DD"   valid_from / valid_to
    conceptEntry/note "note: ..."                free note
    conceptEntry/note "role: {json}"             one per role, in order
    langSec[@xml:lang=vi|en|zh]/termSec          the pinned form first
        termNote[@type=administrativeStatus]     preferredTerm-admn-sts (pinned)
                                                 admittedTerm-admn-sts (variant / alternative)
        termNote[@type=termType]                 variant (Vietnamese spelling variants)
        termNote[@type=partOfSpeech]             properNoun (names) or noun (titles)
        note "pinyin: ..."                       on the pinned Chinese term

This carries every field, so export then import gives back equal entries
(``file`` and ``line`` aside). The reader also accepts TBX v2 files
(``martif``/``termEntry``/``langSet``/``tig``) and files without a namespace;
what it cannot find there comes from the caller's defaults.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tamngu.glossary.model import ENTRY_TYPES, Entry, Role
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
_SCHEMA_PI = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"'
)
_NOTE_KEYS = ("provenance", "valid_from", "valid_to", "note", "role")


def write_tbx(entries: Iterable[Entry], title: str = "tamngu glossary") -> bytes:
    """Serialize ``entries`` as a TBX-Basic document (UTF-8 bytes)."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    _header(root, title)
    body = _sub(_sub(root, "text"), "body")
    for entry in entries:
        body.append(_concept(entry))
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", _SCHEMA_PI))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(root: etree._Element, title: str) -> None:
    file_desc = _sub(_sub(root, "tbxHeader"), "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    _sub(_sub(file_desc, "sourceDesc"), "p", "Exported by tamngu glossary export")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", **attributes)
    if text is not None:
        child.text = text
    return child


def _concept(entry: Entry) -> etree._Element:
    concept = etree.Element(f"{{{TBX_NS}}}conceptEntry", id=entry.id)
    _sub(concept, "descrip", entry.type, type="subjectField")
    _sub(concept, "admin", entry.source, type="source")
    for key, value in _concept_notes(entry):
        _sub(concept, "note", f"{key}: {value}")
    pos = "noun" if entry.type == "title" else "properNoun"
    _lang_sec(concept, "vi", entry.vi_forms, pos, variant=True)
    _lang_sec(concept, "en", entry.target_forms("en"), pos)
    zh_sec = _lang_sec(concept, "zh", entry.target_forms("zh"), pos)
    if entry.pinyin:
        _sub(zh_sec[0], "note", f"pinyin: {entry.pinyin}")
    return concept


def _concept_notes(entry: Entry) -> list[tuple[str, str]]:
    notes = [("provenance", entry.provenance)]
    notes += [(key, day.isoformat()) for key, day in (("valid_from", entry.valid_from), ("valid_to", entry.valid_to)) if day]
    notes += [("note", entry.note)] if entry.note else []
    notes += [("role", json.dumps(_role_record(role), ensure_ascii=False)) for role in entry.roles]
    return notes


def _role_record(role: Role) -> dict[str, str]:
    record = {"title": role.title, "en": role.en, "zh": role.zh}
    record.update({key: day.isoformat() for key, day in (("valid_from", role.valid_from), ("valid_to", role.valid_to)) if day})
    if role.source:
        record["source"] = role.source
    return record


def _lang_sec(concept: etree._Element, lang: str, forms: tuple[str, ...], pos: str, variant: bool = False) -> etree._Element:
    lang_sec = _sub(concept, "langSec")
    lang_sec.set(XML_LANG, lang)
    for index, form in enumerate(forms):
        term_sec = _sub(lang_sec, "termSec")
        _sub(term_sec, "term", form)
        _sub(term_sec, "termNote", PREFERRED if index == 0 else ADMITTED, type="administrativeStatus")
        if variant and index > 0:
            _sub(term_sec, "termNote", "variant", type="termType")
        _sub(term_sec, "termNote", pos, type="partOfSpeech")
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
    elif key == "provenance":
        concept.provenance = value.strip()
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
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInputError(
            f"{where}: role note is not JSON with title, en, zh ({exc}); write it as role: {{\"title\": ..., \"en\": ..., \"zh\": ...}}"
        ) from None


def _optional_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_lang(concept: TbxConcept, lang_sec: etree._Element) -> None:
    lang = _base_lang(lang_sec.get(XML_LANG, ""))
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


def _base_lang(code: str) -> str | None:
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in ("vi", "en", "zh") else None


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
