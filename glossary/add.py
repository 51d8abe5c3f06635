"""Write a suggested rendering into the glossary as a new ``derived`` entry.

The entry is appended to ``<type>.toml`` as one ``[[entry]]`` block, so the
file's hand formatting and comments stay as they were. The write is atomic
(temporary file, then rename) and is undone if the glossary no longer loads
cleanly afterwards.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from tamngu.fileio import atomic_write
from tamngu.glossary.loader import default_glossary_dir, read_glossary
from tamngu.glossary.model import ENTRY_TYPES, Glossary
from tamngu.glossary.normalize import normalize
from tamngu.glossary.suggest import Candidate, as_kind, suggest
from tamngu.errors import BadInputError, GlossaryError

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELD_ORDER = ("id", "type", "vi", "en", "en_alt", "zh", "pinyin", "provenance", "source", "note")


@dataclass(frozen=True)
class AddResult:
    """What :func:`add_from_suggestion` wrote."""

    entry_id: str
    file: Path
    line: int
    block: str
    candidate: Candidate


def add_from_suggestion(
    name: str,
    pick: int,
    entry_type: str,
    entry_id: str | None = None,
    glossary_dir: Path | str | None = None,
    kind: str = "auto",
    origin: str = "auto",
) -> AddResult:
    """Append candidate ``pick`` (1-based, as ``tamngu glossary suggest`` lists them) for ``name``.

    ``kind`` and ``origin`` mean what they mean for :func:`tamngu.glossary.suggest.suggest`;
    pass the same values as to ``suggest`` so that ``pick`` names the same candidate.

    Raises:
        BadInputError: an unknown type, a bad id, or a pick outside the list.
        GlossaryError: the id or the Vietnamese form is already in the glossary,
            the pick is an existing entry, or the glossary would not load cleanly.
        NotFoundError: when nothing can be suggested for ``name``.
    """
    root = Path(glossary_dir) if glossary_dir is not None else default_glossary_dir()
    if entry_type not in ENTRY_TYPES:
        raise BadInputError(f"--type {entry_type!r}: expected one of {', '.join(ENTRY_TYPES)}")
    glossary, problems_before = read_glossary(root)
    ranked = suggest(name, glossary, limit=max(pick, 5), kind=kind, origin=origin)
    candidate = as_kind(_pick(ranked, pick, name), name, entry_type, origin)
    new_id = entry_id or _slug(candidate.en)
    _check_new(glossary, name, new_id)
    block = render_block(new_id, entry_type, name, candidate)
    path = root / f"{entry_type}.toml"
    original = path.read_text(encoding="utf-8") if path.exists() else None
    line = _append(path, original, block, entry_type)
    _verify(root, path, len(problems_before), original)
    logger.info("added %s to %s:%d", new_id, path, line)
    return AddResult(new_id, path, line, block, candidate)


def render_block(entry_id: str, entry_type: str, vi: str, candidate: Candidate) -> str:
    """The ``[[entry]]`` TOML block for a derived entry (values escaped by tomli-w)."""
    values: dict[str, object] = {
        "id": entry_id,
        "type": entry_type,
        "vi": unicodedata.normalize("NFC", " ".join(vi.split())),
        "en": candidate.en,
        "en_alt": list(candidate.en_alt),
        "zh": candidate.zh,
        "pinyin": candidate.pinyin,
        "provenance": "derived",
        "source": candidate.source_line(),
        "note": f"Traditional: {candidate.zh_hant}. Derived from Sino-Vietnamese readings; "
        "confirm with an official source before marking it verified.",
    }
    lines = ["[[entry]]"]
    for key in _FIELD_ORDER:
        value = values[key]
        if value in ("", []):
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    """A TOML value on one line: strings escaped by tomli-w, lists inline."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).strip()[len("v = ") :]


def _pick(candidates: list[Candidate], pick: int, name: str) -> Candidate:
    if not 1 <= pick <= len(candidates):
        raise BadInputError(f"--pick {pick}: '{name}' has {len(candidates)} candidates; pick 1 to {len(candidates)}")
    candidate = candidates[pick - 1]
    if candidate.entry_id:
        raise GlossaryError(
            f"--pick {pick} is glossary entry '{candidate.entry_id}' already; pick a derived candidate or edit that entry"
        )
    return candidate


def _check_new(glossary: Glossary, name: str, entry_id: str) -> None:
    if not _ID.match(entry_id):
        raise BadInputError(f"--id {entry_id!r}: use lowercase ASCII letters, digits and hyphens, e.g. 'liu-yong'")
    wanted = normalize(" ".join(name.split()))
    for entry in glossary:
        if any(normalize(form) == wanted for form in entry.vi_forms):
            raise GlossaryError(
                f"{entry.file}:{entry.line}: '{name}' is already entry '{entry.id}'; edit that entry instead"
            )
    existing = glossary.get(entry_id)
    if existing is not None:
        raise GlossaryError(
            f"{existing.file}:{existing.line}: id '{entry_id}' already exists; pass another --id"
        )


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in plain if ord(ch) < 128).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _append(path: Path, existing: str | None, block: str, entry_type: str) -> int:
    """Append ``block`` atomically; return the line number of its ``[[entry]]`` header."""
    original = existing if existing is not None else f"# {entry_type.capitalize()} entries.\n"
    separator = "" if original.endswith("\n\n") else ("\n" if original.endswith("\n") else "\n\n")
    updated = original + separator + block
    atomic_write(path, updated)
    return original.count("\n") + separator.count("\n") + 1


def _verify(root: Path, path: Path, problems_before: int, original: str | None) -> None:
    """Undo the append when the glossary gained a problem."""
    _, problems = read_glossary(root)
    if len(problems) <= problems_before:
        return
    if original is None:
        path.unlink()
    else:
        atomic_write(path, original)
    raise GlossaryError(f"not added: the new entry makes the glossary fail to load: {problems[-1]}")
