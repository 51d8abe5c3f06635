"""The pins of a run that bind a person to a role the glossary could not confirm for the article's date (issue 24).

The resolver writes a ``role_note`` on such a pin (``role unconfirmed: ...``,
``role ended: ...``, ``role not yet begun: ...``; :mod:`tamngu.glossary.roles`)
and the article JSON keeps it in each target's term audit. The report lists
each distinct (entry, note) of a run with the articles and segments it occurs
in. A pin counts once however many target languages audit it: the note is
about the Vietnamese source, not a translation.
"""

from __future__ import annotations

from collections.abc import Sequence

from tamngu.eval.model import RoleFlag, RoleKind
from tamngu.translate.records import ArticleRecord

_ENDED = ("role ended", "role not yet begun")  # as tamngu.translate.records.BatchSummary counts them
_ORDER: dict[RoleKind, int] = {"unconfirmed": 0, "ended": 1}


def role_kind(note: str) -> RoleKind:
    """``ended`` for a role not held on the article's date, ``unconfirmed`` for any other note.

        >>> role_kind("role ended: Secretary (2020-2025); held then: none"), role_kind("role unconfirmed: Chairman")
        ('ended', 'unconfirmed')
    """
    return "ended" if note.startswith(_ENDED) else "unconfirmed"


def role_flags(records: Sequence[ArticleRecord]) -> tuple[RoleFlag, ...]:
    """Each distinct (entry, role note) pinned in ``records``, unconfirmed ones first, then by entry id."""
    pins: dict[tuple[str, str], dict[tuple[str, str, object], str]] = {}  # (entry, note) -> {(article, segment, start): text}
    for record in records:
        for segment in record.segments:
            for target in segment.targets.values():
                for term in target.terms:
                    note = str(term.get("role_note") or "").strip()
                    if note:
                        found = pins.setdefault((str(term.get("entry_id", "")), note), {})
                        found.setdefault((record.article, segment.id, term.get("source_start")), str(term.get("source_text", "")))
    flags = []
    for (entry_id, note), found in pins.items():
        articles = tuple(dict.fromkeys(article for article, _, _ in found))
        segments = tuple(dict.fromkeys(segment for _, segment, _ in found))
        flags.append(RoleFlag(entry_id, next(iter(found.values())), role_kind(note), note, len(found), articles, segments))
    return tuple(sorted(flags, key=lambda flag: (_ORDER[flag.kind], flag.entry_id, flag.role_note)))


def role_notes(flags: Sequence[RoleFlag]) -> tuple[str, ...]:
    """The run's note lines: how many pins bind a person to an unconfirmed role, and to a role not held then.

        >>> flag = RoleFlag("a", "A", "unconfirmed", "role unconfirmed: x", 12, ("000",), ("000:body:0.0",))
        >>> role_notes([flag])
        ("12 pins bind a person to a role the glossary could not confirm for the article's date",)
    """
    lines = []
    unconfirmed = sum(flag.count for flag in flags if flag.kind == "unconfirmed")
    ended = sum(flag.count for flag in flags if flag.kind == "ended")
    if unconfirmed:
        lines.append(f"{_pins(unconfirmed)} a person to a role the glossary could not confirm for the article's date")
    if ended:
        lines.append(f"{_pins(ended)} a person to a role the glossary says was not held on the article's date "
                     "(the note names the role held then)")
    return tuple(lines)


def _pins(count: int) -> str:
    return f"{count} pin binds" if count == 1 else f"{count} pins bind"
