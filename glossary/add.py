"""Write a suggested rendering into the glossary as a new ``derived`` entry.

The entry goes through the one writer (:func:`tamngu.glossary.writer.add_entry`):
appended to ``<type>.toml`` as one ``[[entry]]`` block (the file's formatting and
comments stay), checked on a scratch copy first, written atomically.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from tamngu.glossary.loader import default_glossary_dir, read_glossary
from tamngu.glossary.model import ENTRY_TYPES
from tamngu.glossary.suggest import Candidate, as_kind, suggest
from tamngu.glossary.normalize import slug
from tamngu.glossary.writer import NewEntry, add_entry
from tamngu.errors import BadInputError, GlossaryError

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


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
    if entry_id is not None and not _ID.match(entry_id):
        raise BadInputError(f"--id {entry_id!r}: use lowercase ASCII letters, digits and hyphens, e.g. 'liu-yong'")
    glossary, _ = read_glossary(root)
    ranked = suggest(name, glossary, limit=max(pick, 5), kind=kind, origin=origin)
    candidate = as_kind(_pick(ranked, pick, name), name, entry_type, origin)
    receipt = add_entry(root, new_entry(entry_id or slug(candidate.en), entry_type, name, candidate))
    logger.info("added %s to %s:%d", receipt.entry_id, receipt.file, receipt.line)
    return AddResult(receipt.entry_id, receipt.file, receipt.line, receipt.written, candidate)


def new_entry(entry_id: str, entry_type: str, vi: str, candidate: Candidate) -> NewEntry:
    """The derived entry a suggestion makes (what :func:`tamngu.glossary.writer.add_entry` writes)."""
    note = (f"Traditional: {candidate.zh_hant}. Derived from Sino-Vietnamese readings; "
            "confirm with an official source before marking it verified.")
    return NewEntry(entry_type, vi, candidate.en, candidate.zh, id=entry_id, source=candidate.source_line(),
                    provenance="derived", en_alt=tuple(candidate.en_alt), pinyin=candidate.pinyin, note=note)


def _pick(candidates: list[Candidate], pick: int, name: str) -> Candidate:
    if not 1 <= pick <= len(candidates):
        raise BadInputError(f"--pick {pick}: '{name}' has {len(candidates)} candidates; pick 1 to {len(candidates)}")
    candidate = candidates[pick - 1]
    if candidate.entry_id:
        raise GlossaryError(
            f"--pick {pick} is glossary entry '{candidate.entry_id}' already; pick a derived candidate or edit that entry"
        )
    return candidate
