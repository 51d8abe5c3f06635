"""Export a glossary to TBX/CSV/TSV and import such files back into TOML glossary files.

What "export -> import round-trips without loss" means here:

* TBX (:mod:`tamngu.glossary.tbx`) carries every field of every entry, roles
  included; importing an export and loading the written TOML gives entries
  equal to the originals except for ``file`` and ``line``.
* CSV/TSV (:mod:`tamngu.glossary.tabular`) carry one language pair (or the vi/en/zh
  triple): importing an export and exporting again gives the same rows. Fields
  the table does not carry come from the base glossary (``--glossary``) when
  the Vietnamese form is already there; a row that is new needs both English
  and Chinese (a ``vi,en,zh`` file) and ``--type``, and is recorded as
  ``derived`` from the imported file.

Import writes one TOML file per entry type into a directory, all files
written to temporary names first and then renamed, and never overwrites an
existing file unless asked to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from tamngu.fileio import atomic_write_all
from tamngu.glossary.model import ENTRY_TYPES, PROVENANCES, Entry, Glossary, Role
from tamngu.glossary.normalize import normalize, slug
from tamngu.glossary.tabular import TableRow, export_table, read_table, table_shape
from tamngu.glossary.tbx import TbxConcept, read_tbx, write_tbx
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("tbx", "tbx2", "csv", "tsv")
_TBX_VERSIONS = {"tbx": "v3", "tbx2": "v2"}
_DELIMITERS = {"csv": ",", "tsv": "\t"}
_SUFFIXES = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv"}


@dataclass(frozen=True)
class ExportResult:
    """An exported glossary: the file content and what went into it."""

    data: bytes
    format: str
    entries: int
    rows: int
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """Entries read from an exchange file and the TOML files written for them."""

    entries: tuple[Entry, ...]
    written: tuple[Path, ...]


def export_glossary(
    glossary: Glossary,
    fmt: str,
    pair: str = "vi-en",
    header: bool | None = None,
    on_date: dt.date | None = None,
    service: str | None = None,
) -> ExportResult:
    """Serialize ``glossary`` (the entries valid on ``on_date``, or all) as ``fmt``, or in ``service``'s shape.

    ``pair`` and ``header`` only apply to tables; TBX always holds all
    languages. With ``service`` (see :data:`tamngu.glossary.tabular.SERVICES`)
    the service's documented shape decides delimiter, header, codes and BOM;
    ``header`` None takes the shape's choice, True/False is honoured by a plain
    table and refused by a service whose shape differs.

    Raises:
        BadInputError: unknown format, pair or service, a pair the service cannot
            hold, or a header the service's shape has not.
    """
    entries = glossary.valid_on(on_date).entries
    if service is None and _check_format(fmt) in _TBX_VERSIONS:
        return ExportResult(write_tbx(entries, version=_TBX_VERSIONS[fmt]), fmt, len(entries), len(entries))
    delimiter = _DELIMITERS.get(fmt, ",")
    table = export_table(entries, pair, table_shape(pair, service, delimiter, header))
    for skipped in table.skipped:
        logger.warning("not exported: %s", skipped)
    return ExportResult(table.text.encode("utf-8"), service or fmt, len(entries), table.rows, table.skipped)


def detect_format(path: Path, fmt: str | None) -> str:
    """``fmt`` if given, else the format its suffix names.

    Raises:
        BadInputError: no format given and the suffix names none.
    """
    if fmt:
        return _check_format(fmt)
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise BadInputError(f"{path}: cannot tell the format from the suffix; pass --format {'|'.join(FORMATS)}")
    return found


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return fmt


def read_exchange(
    path: Path, fmt: str | None = None, pair: str = "vi-en", base: Glossary | None = None, entry_type: str | None = None
) -> list[Entry]:
    """Entries held by an exchange file (see the module docstring for what each format carries).

    Args:
        path: a .tbx, .csv or .tsv file.
        fmt: its format; guessed from the suffix when None.
        pair: the columns of a CSV/TSV file without a header row.
        base: a glossary whose entries fill in what a CSV/TSV row does not carry.
        entry_type: the type of entries the file does not type (new CSV rows, untyped TBX concepts).

    Raises:
        BadInputError: naming file, line and the fix, for anything that cannot become an entry.
    """
    if entry_type is not None and entry_type not in ENTRY_TYPES:
        raise BadInputError(f"unknown entry type {entry_type!r}; use one of: {', '.join(ENTRY_TYPES)}")
    base = base or Glossary(())
    if detect_format(path, fmt) in _TBX_VERSIONS:
        return _entries_from_tbx(path, read_tbx(path), base, entry_type)
    rows = read_table(path, _DELIMITERS[detect_format(path, fmt)], pair)
    return _entries_from_rows(path, rows, base, entry_type)


def import_glossary(
    path: Path,
    into: Path,
    fmt: str | None = None,
    pair: str = "vi-en",
    base: Glossary | None = None,
    entry_type: str | None = None,
    force: bool = False,
) -> ImportResult:
    """Read an exchange file and write its entries as TOML glossary files into ``into``."""
    entries = read_exchange(path, fmt, pair, base, entry_type)
    written = write_glossary_dir(entries, into, force=force, origin=path.name)
    return ImportResult(tuple(entries), tuple(written))


# --------------------------------------------------------------------------- TBX -> entries


def _entries_from_tbx(path: Path, concepts: list[TbxConcept], base: Glossary, entry_type: str | None) -> list[Entry]:
    taken = {entry.id for entry in base}
    entries: list[Entry] = []
    for concept in concepts:
        entries.append(_concept_entry(path, concept, base, entry_type, taken))
        taken.add(entries[-1].id)
    return entries


def _concept_entry(path: Path, concept: TbxConcept, base: Glossary, entry_type: str | None, taken: set[str]) -> Entry:
    where = f"{path}:{concept.line}: concept '{concept.id}'"
    missing = [lang for lang in ("vi", "en", "zh") if not concept.terms.get(lang)]
    if missing:
        raise BadInputError(f"{where} has no {'/'.join(missing)} term; tamngu entries need vi, en and zh")
    known = base.get(concept.id) if concept.id else None
    vi, en, zh = (concept.terms[lang] for lang in ("vi", "en", "zh"))
    return Entry(
        id=concept.id or _unique_id(en[0] or vi[0], taken),
        type=concept.type or (known.type if known else "") or _required_type(where, entry_type),
        vi=vi[0],
        variants=tuple(vi[1:]),
        en=en[0],
        en_alt=tuple(en[1:]),
        zh=zh[0],
        zh_alt=tuple(zh[1:]),
        pinyin=concept.pinyin,
        provenance=_provenance(where, concept.provenance),
        source=concept.source or f"imported from {path.name}; the file records no source",
        note=concept.note,
        valid_from=concept.valid_from,
        valid_to=concept.valid_to,
        roles=tuple(concept.roles),
        checked=concept.checked,
        checked_source=concept.checked_source,
        gender=concept.gender,
        country=concept.country,
        decided_by=concept.decided_by,
        decided_on=concept.decided_on,
        single_holder=concept.single_holder,
    )


def _required_type(where: str, entry_type: str | None) -> str:
    if entry_type is None:
        raise BadInputError(f"{where} has no entry type; pass --type {'|'.join(ENTRY_TYPES)}")
    return entry_type


def _provenance(where: str, provenance: str) -> str:
    if not provenance:
        return "derived"
    if provenance not in PROVENANCES:
        raise BadInputError(f"{where}: provenance {provenance!r} must be 'verified' or 'derived'; fix the note")
    return provenance


# --------------------------------------------------------------------------- rows -> entries


def _entries_from_rows(path: Path, rows: list[TableRow], base: Glossary, entry_type: str | None) -> list[Entry]:
    by_form = _index_forms(base)
    groups: dict[tuple[str, ...], list[TableRow]] = {}
    for row in rows:
        known = _known_entry(by_form, row)
        key = ("id", known.id) if known else ("new", *(value for _, value in row.targets))
        groups.setdefault(key, []).append(row)
    taken = {entry.id for entry in base}
    entries: list[Entry] = []
    for key, group in groups.items():
        known = base.get(key[1]) if key[0] == "id" else None
        entry = _updated_entry(known, group) if known else _new_entry(path, group, entry_type, taken)
        taken.add(entry.id)
        entries.append(entry)
    return entries


def _index_forms(base: Glossary) -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for entry in base:
        for form in entry.vi_forms:
            index.setdefault(normalize(form), []).append(entry)
    return index


def _known_entry(by_form: dict[str, list[Entry]], row: TableRow) -> Entry | None:
    candidates = by_form.get(normalize(row.vi), [])
    same_targets = [entry for entry in candidates if all(entry.target(lang) == value for lang, value in row.targets)]  # type: ignore[arg-type]
    return (same_targets or candidates or [None])[0]


def _updated_entry(known: Entry, rows: list[TableRow]) -> Entry:
    """``known`` with the Vietnamese forms and pinned targets the rows give."""
    # A vi-en-zh file has one row per concept: the spelling variants stay those of the glossary.
    variants = _unique(row.vi for row in rows[1:]) if len(rows) > 1 else [v for v in known.vi_forms if v != rows[0].vi]
    changes: dict[str, Any] = {"vi": rows[0].vi, "variants": tuple(variants)}
    for lang, value in rows[0].targets:
        if value:
            alternatives = tuple(form for form in known.target_forms(lang)[1:] if form != value)  # type: ignore[arg-type]
            changes.update({lang: value, f"{lang}_alt": alternatives})
    return dataclasses.replace(known, **changes, file="", line=0)


def _new_entry(path: Path, rows: list[TableRow], entry_type: str | None, taken: set[str]) -> Entry:
    first = rows[0]
    where = f"{path}:{first.line}: {first.vi!r}"
    missing = [lang for lang in ("en", "zh") if not first.target(lang)]
    if missing:
        raise BadInputError(
            f"{where} is not in the glossary and the file has no {'/'.join(missing)} for it; "
            "add the entry to the glossary first, or import a vi,en,zh file"
        )
    if entry_type is None:
        raise BadInputError(f"{where} is not in the glossary, so its type is unknown; pass --type {'|'.join(ENTRY_TYPES)}")
    return Entry(
        id=_unique_id(first.target("en"), taken),
        type=entry_type,
        vi=first.vi,
        variants=tuple(_unique(row.vi for row in rows[1:])),
        en=first.target("en"),
        zh=first.target("zh"),
        provenance="derived",
        source=f"imported from {path.name} (line {first.line}); the file records no provenance",
    )


def _unique(forms: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(forms))


def _unique_id(name: str, taken: set[str]) -> str:
    base = slug(name) or "entry"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# --------------------------------------------------------------------------- entries -> TOML files


def entry_record(entry: Entry) -> dict[str, Any]:
    """``entry`` as a TOML table in schema order, without empty optional fields or file/line."""
    record: dict[str, Any] = {"id": entry.id, "type": entry.type, "vi": entry.vi}
    _put(record, "variants", list(entry.variants))
    record["en"] = entry.en
    _put(record, "en_alt", list(entry.en_alt))
    record["zh"] = entry.zh
    _put(record, "zh_alt", list(entry.zh_alt))
    _put(record, "pinyin", entry.pinyin)
    record.update(provenance=entry.provenance, source=entry.source)
    for key in ("note", "valid_from", "valid_to", "checked", "checked_source", "gender", "country", "decided_by", "decided_on", "single_holder"):
        _put(record, key, getattr(entry, key))
    _put(record, "roles", [_role_table(role) for role in entry.roles])
    return record


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    if value:
        record[key] = value


def _role_table(role: Role) -> dict[str, Any]:
    table: dict[str, Any] = {"title": role.title, "en": role.en, "zh": role.zh}
    for key in ("valid_from", "valid_to", "source", "checked", "checked_source", "body", "acting", "end_bound", "review"):
        _put(table, key, getattr(role, key))
    _put(table, "checks", [{"source": c.source, "source_date": c.source_date, "seen": c.seen} for c in role.checks])
    return table


def write_glossary_dir(entries: Sequence[Entry], into: Path, force: bool = False, origin: str = "") -> list[Path]:
    """Write ``entries`` as ``<type>.toml`` files into ``into``; all or nothing.

    Raises:
        BadInputError: a target file exists and ``force`` is False, or nothing to write.
    """
    if not entries:
        raise BadInputError(f"{origin or 'the file'}: no entries to import")
    by_type: dict[str, list[Entry]] = {}
    for entry in entries:
        by_type.setdefault(entry.type, []).append(entry)
    targets = {into / f"{entry_type}.toml": group for entry_type, group in sorted(by_type.items())}
    _refuse_overwrite(targets, force)
    into.mkdir(parents=True, exist_ok=True)
    header = f"# Imported by 'tamngu glossary import' from {origin}. Schema: glossary/data/README.md\n\n"
    texts = {path: header + tomli_w.dumps({"entry": [entry_record(e) for e in group]}) for path, group in targets.items()}
    atomic_write_all(texts)
    return list(targets)


def _refuse_overwrite(targets: dict[Path, list[Entry]], force: bool) -> None:
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = ", ".join(path.name for path in existing)
        raise BadInputError(
            f"{existing[0].parent}: {names} already exist; pass --force to overwrite, or choose another --into DIR"
        )


