"""The one writer of the term base: add, edit, reject a reading, undo.

Every change follows the same path:

1. the fields are validated, each problem naming its field (:class:`FieldProblem`);
2. the glossary directory is locked (``fcntl`` on ``.glossary.lock``) and re-read,
   so two writers (the desk, the command line) never lose each other's change;
3. the changed file is rendered with ``tomlkit`` (comments and hand formatting stay)
   and the full ``glossary check`` runs on a scratch copy of the directory: a change
   that adds a problem is refused and nothing is written;
4. the file is replaced atomically (:func:`tamngu.fileio.atomic_write`), and a
   :class:`Receipt` records the bytes before, so :func:`undo` can restore them.

An editor's decision (``decided_by``) has provenance ``reviewed`` with
``decided_by`` and ``decided_on``; it is ``verified`` only when a source is given
and ``verified`` is asked for.

>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "place.toml").write_text("# Places.\\n", encoding="utf-8")
>>> receipt = add_entry(root, NewEntry("place", "Hà Khẩu", "Hekou", "河口", country="CN"), decided_by="lan")
>>> receipt.entry_id, receipt.action
('hekou', 'add')
>>> undo(root, receipt)
>>> (root / "place.toml").read_text(encoding="utf-8")
'# Places.\\n'
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomlkit

from tamngu.errors import GlossaryError
from tamngu.fileio import atomic_write, atomic_write_all
from tamngu.glossary.check import check_glossary
from tamngu.glossary.loader import read_glossary
from tamngu.glossary.model import ENTRY_TYPES, Glossary
from tamngu.glossary.normalize import normalize, slug
from tamngu.glossary.rejected import REJECTED_FILE

LOCK_FILE = ".glossary.lock"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Fields an edit may set, and the order a new entry writes them in.
FIELD_ORDER: tuple[str, ...] = (
    "id", "type", "vi", "variants", "en", "en_alt", "zh", "zh_alt", "pinyin", "country", "gender", "provenance",
    "source", "decided_by", "decided_on", "valid_from", "valid_to", "checked", "checked_source", "note",
)
_LIST_FIELDS = ("variants", "en_alt", "zh_alt")
_DATE_FIELDS = ("valid_from", "valid_to", "checked", "decided_on")


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with a change, by field (``entry`` when it is the change as a whole)."""

    field: str
    message: str


class GlossaryWriteError(GlossaryError):
    """A change refused: nothing was written. ``problems`` name the fields to fix."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems) or "change refused")


@dataclass(frozen=True)
class NewEntry:
    """An entry to add. ``id`` defaults to a slug of the English; ``provenance`` to ``reviewed``
    when an editor decides it, else ``derived`` (then ``source`` says how it was made)."""

    type: str
    vi: str
    en: str
    zh: str
    id: str | None = None
    source: str = ""
    provenance: str | None = None
    variants: tuple[str, ...] = ()
    en_alt: tuple[str, ...] = ()
    zh_alt: tuple[str, ...] = ()
    pinyin: str = ""
    note: str = ""
    country: str = ""
    gender: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Receipt:
    """What one change wrote: enough for :func:`undo` to restore the file exactly."""

    action: Literal["add", "edit", "reject"]
    entry_id: str
    file: Path
    line: int
    before: bytes | None  # the file's bytes before the change; None when the change created it
    after_sha256: str
    provenance: str = ""
    decided_on: dt.date | None = None
    written: str = field(default="", repr=False)  # the TOML block appended (add, reject)


def add_entry(glossary_dir: Path | str, entry: NewEntry, *, decided_by: str | None = None) -> Receipt:
    """Append ``entry`` to ``<type>.toml`` of ``glossary_dir``.

    Raises:
        GlossaryWriteError: a bad field, a Vietnamese form or id already in the glossary,
            or a change ``glossary check`` would reject (nothing is written).
    """
    return add_entries(glossary_dir, [entry], decided_by=decided_by)[0]


def add_entries(glossary_dir: Path | str, entries: Sequence[NewEntry], *, decided_by: str | None = None) -> list[Receipt]:
    """Append several entries at once: all of them are written, or none (one check, one lock).

    Returns one :class:`Receipt` per entry, in order; undo them last first.
    """
    root = Path(glossary_dir)
    rows = [_new_values(entry, decided_by) for entry in entries]
    _raise_if([problem for values in rows for problem in _field_problems(values)])
    with _locked(root):
        glossary, _ = read_glossary(root)
        _raise_if([problem for index, values in enumerate(rows) for problem in _taken(glossary, values, rows[:index])])
        befores: dict[Path, bytes | None] = {}
        texts: dict[Path, str] = {}
        placed = []
        for values in rows:
            path = root / f"{values['type']}.toml"
            if path not in texts:
                befores[path] = path.read_bytes() if path.exists() else None
                texts[path] = befores[path].decode("utf-8") if befores[path] is not None else f"# {str(values['type']).capitalize()} entries.\n"  # type: ignore[union-attr]
            block = tomlkit.dumps({"entry": [_ordered(values)]})
            old = texts[path].rstrip("\n")
            texts[path] = old + "\n\n" + block
            placed.append((path, old.count("\n") + 3, block, texts[path]))
        _raise_if(_new_check_problems(root, texts))
        atomic_write_all(texts)
    receipts, previous = [], dict(befores)
    for values, (path, line, block, text) in zip(rows, placed):
        receipts.append(_receipt("add", str(values["id"]), path, line, previous[path], text, values, block))
        previous[path] = text.encode("utf-8")
    return receipts


def edit_entry(glossary_dir: Path | str, entry_id: str, changes: Mapping[str, object], *, decided_by: str | None = None) -> Receipt:
    """Change fields of entry ``entry_id`` in place (a value of None removes the field).

    Raises:
        GlossaryWriteError: an unknown entry or field, a bad value, or a change
            ``glossary check`` would reject (nothing is written).
    """
    root = Path(glossary_dir)
    unknown = [FieldProblem(key, f"unknown field; editable fields: {', '.join(FIELD_ORDER)}") for key in changes if key not in FIELD_ORDER or key in ("id", "type")]
    _raise_if(unknown)
    with _locked(root):
        glossary, _ = read_glossary(root)
        current = glossary.get(entry_id)
        if current is None:
            raise GlossaryWriteError([FieldProblem("id", f"no entry '{entry_id}' in {root}")])
        path = Path(current.file)
        before = path.read_bytes()
        document = tomlkit.parse(before.decode("utf-8"))
        table = next(t for t in document["entry"] if t.get("id") == entry_id)  # type: ignore[union-attr]
        merged = {key: table.get(key) for key in FIELD_ORDER if key in table}
        merged.update({key: _plain(value) for key, value in changes.items()})
        merged = {key: value for key, value in merged.items() if value not in (None, "", [], ())}
        _decide(merged, decided_by, explicit="provenance" in changes)
        _raise_if(_field_problems(merged))
        for key in FIELD_ORDER:
            if key in merged and merged[key] != table.get(key):
                table[key] = merged[key]
            elif key not in merged and key in table:
                del table[key]
        return _commit(root, path, before, tomlkit.dumps(document), "edit", entry_id, current.line, merged, "")


def reject_reading(glossary_dir: Path | str, vi: str, en: str, zh: str | None, *, decided_by: str) -> Receipt:
    """Record that ``vi`` must not be rendered ``en``/``zh`` (``zh`` None: whatever the Chinese); the
    resolver never auto-pins that reading again.

    Raises:
        GlossaryWriteError: a missing field (nothing is written).
    """
    root = Path(glossary_dir)
    values: dict[str, Any] = {"vi": _clean(vi), "en": en.strip(), "decided_by": (decided_by or "").strip(), "decided_on": dt.date.today()}
    if zh:
        values["zh"] = zh.strip()
    _raise_if([FieldProblem(key, "required") for key in ("vi", "en", "decided_by") if not values[key]])
    with _locked(root):
        path = root / REJECTED_FILE
        before = path.read_bytes() if path.exists() else None
        old = before.decode("utf-8") if before is not None else "# Readings editors rejected: never auto-pinned again.\n"
        order = ("vi", "en", "zh", "decided_by", "decided_on")
        block = tomlkit.dumps({"rejected": [{key: values[key] for key in order if key in values}]})
        text = old.rstrip("\n") + "\n\n" + block
        return _commit(root, path, before, text, "reject", values["vi"], old.rstrip("\n").count("\n") + 3, values, block)


def undo(glossary_dir: Path | str, receipt: Receipt) -> None:
    """Restore the file ``receipt`` changed to its bytes before the change.

    Raises:
        GlossaryWriteError: the file changed since (another edit came after); undo that first.
    """
    with _locked(Path(glossary_dir)):
        now = receipt.file.read_bytes() if receipt.file.exists() else b""
        if hashlib.sha256(now).hexdigest() != receipt.after_sha256:
            raise GlossaryWriteError([FieldProblem("entry", f"{receipt.file} changed since this {receipt.action} of "
                                                            f"'{receipt.entry_id}'; undo the later change first")])
        if receipt.before is None:
            receipt.file.unlink()
        else:
            atomic_write(receipt.file, receipt.before)


# ---------------------------------------------------------------- values and checks


def _new_values(entry: NewEntry, decided_by: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {key: _plain(getattr(entry, key)) for key in FIELD_ORDER if hasattr(entry, key)}
    values["vi"] = _clean(entry.vi)
    values["id"] = entry.id or slug(entry.en or entry.vi)
    values = {key: value for key, value in values.items() if value not in (None, "", [], ())}
    _decide(values, decided_by, explicit=entry.provenance is not None)
    return values


def _decide(values: dict[str, Any], decided_by: str | None, explicit: bool) -> None:
    """Provenance of a change: ``reviewed`` by an editor unless ``verified`` with a source is asked for."""
    if decided_by:
        asked = values.get("provenance") if explicit else None
        values["provenance"] = "verified" if asked == "verified" and values.get("source") else "reviewed"
        values["decided_by"], values["decided_on"] = decided_by.strip(), dt.date.today()
        values.setdefault("source", f"editor's decision ({decided_by.strip()})")
    else:
        values.setdefault("provenance", "derived")


def _field_problems(values: Mapping[str, Any]) -> list[FieldProblem]:
    problems = [FieldProblem(key, "required") for key in ("type", "vi", "en", "zh", "source") if not values.get(key)]
    if values.get("type") and values["type"] not in ENTRY_TYPES:
        problems.append(FieldProblem("type", f"must be one of {', '.join(ENTRY_TYPES)}"))
    if values.get("id") and not _ID.match(str(values["id"])):
        problems.append(FieldProblem("id", "lowercase ASCII letters, digits and hyphens, like 'wang-ning'"))
    if values.get("country") and not _COUNTRY.match(str(values["country"])):
        problems.append(FieldProblem("country", "a two-letter ISO 3166-1 code in capitals, like 'VN' or 'CN'"))
    problems += [FieldProblem(key, "a list of strings") for key in _LIST_FIELDS if key in values and not _strings(values[key])]
    problems += [FieldProblem(key, "a date (YYYY-MM-DD)") for key in _DATE_FIELDS if key in values and not isinstance(values[key], dt.date)]
    return problems


def _taken(glossary: Glossary, values: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]] = ()) -> list[FieldProblem]:
    problems = []
    wanted = {normalize(form) for form in (values["vi"], *values.get("variants", ()))}
    for other in earlier:  # the same name twice in one batch
        if wanted & {normalize(form) for form in (other["vi"], *other.get("variants", ()))} or other["id"] == values["id"]:
            return [FieldProblem("vi", f"'{values['vi']}' ({values['id']}) is given twice; keep one")]
    for entry in glossary:
        if wanted & {normalize(form) for form in entry.vi_forms} and _overlaps(entry, values):
            problems.append(FieldProblem("vi", f"'{values['vi']}' is already entry '{entry.id}' ({entry.file}:{entry.line}); edit that entry"))
            break
    if glossary.get(str(values["id"])) is not None:
        problems.append(FieldProblem("id", f"id '{values['id']}' already exists; choose another id"))
    return problems


def _overlaps(entry: Any, values: Mapping[str, Any]) -> bool:
    start = max(entry.valid_from or dt.date.min, values.get("valid_from") or dt.date.min)
    end = min(entry.valid_to or dt.date.max, values.get("valid_to") or dt.date.max)
    return start <= end


def _commit(root: Path, path: Path, before: bytes | None, text: str, action: Any, entry_id: str, line: int,
            values: Mapping[str, Any], written: str) -> Receipt:
    """Check the directory as it would be with ``text`` in ``path`` (scratch copy); write it if clean."""
    _raise_if(_new_check_problems(root, {path: text}))
    atomic_write(path, text)
    return _receipt(action, entry_id, path, line, before, text, values, written)


def _receipt(action: Any, entry_id: str, path: Path, line: int, before: bytes | None, text: str, values: Mapping[str, Any], written: str) -> Receipt:
    after = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Receipt(action, entry_id, path, line, before, after, str(values.get("provenance", "")), values.get("decided_on"), written)


def _new_check_problems(root: Path, texts: Mapping[Path, str]) -> list[FieldProblem]:
    before = {_relative(p, root) for p in check_glossary(root).problems}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "glossary"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(LOCK_FILE, ".*.tmp"))
        for path, text in texts.items():
            (copy / path.name).write_text(text, encoding="utf-8")
        after = [(p, _relative(p, copy)) for p in check_glossary(copy).problems]
    return [FieldProblem(_field_of(p.message), p.message) for p, key in after if key not in before]


def _relative(problem: Any, root: Path) -> str:
    return f"{Path(problem.file).name}|{problem.entry_id}|{problem.message}"


def _field_of(message: str) -> str:
    """The field a check message is about (its first quoted field name), else ``entry``."""
    if message.startswith("Vietnamese form"):
        return "vi"
    keys = sorted(FIELD_ORDER, key=len, reverse=True)  # en_alt before en
    for found in (lambda k: message.startswith(f"{k} "), lambda k: f"'{k}'" in message, lambda k: f" {k} " in message):
        hit = next((key for key in keys if found(key)), None)
        if hit:
            return hit
    return "entry"


def _raise_if(problems: Sequence[FieldProblem]) -> None:
    if problems:
        raise GlossaryWriteError(problems)


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    if not root.is_dir():
        raise GlossaryWriteError([FieldProblem("entry", f"{root}: glossary directory not found")])
    with open(root / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _ordered(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: values[key] for key in FIELD_ORDER if key in values}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))
