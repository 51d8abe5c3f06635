"""Forms two entries share while their validity periods overlap: the matcher has no rule to choose.

Both ``glossary check`` (:mod:`tamngu.glossary.check`) and every command that
loads a glossary (:func:`tamngu.glossary.loader.load_glossary`) refuse such a
glossary; this module sits below both, so neither imports the other.
"""

from __future__ import annotations

import datetime as dt
import re

from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.normalize import normalize
from tamngu.glossary.problem import Problem


def form_key(form: str) -> str:
    """The form as the matcher compares it: normalized, runs of spaces collapsed."""
    return " ".join(normalize(form).split())


def conflicts(glossary: Glossary) -> list[Problem]:
    """Forms shared by two entries whose validity periods overlap.

    Different targets: the matcher has no rule to choose. Same targets: the
    form is listed twice. Either way both entries are named, the later one
    carrying the problem.
    """
    by_form: dict[str, list[tuple[Entry, str]]] = {}
    for entry in glossary:
        keys = {form_key(form): form for form in reversed(entry.vi_forms)}  # first spelling of each key wins
        for key, form in keys.items():
            if re.search(r"\w", key):
                by_form.setdefault(key, []).append((entry, form))
    problems: list[Problem] = []
    for sharing in by_form.values():
        for index, (later, form) in enumerate(sharing):
            problems += [_conflict(earlier, later, form) for earlier, _ in sharing[:index] if _overlap(earlier, later)]
    return problems


def _conflict(earlier: Entry, later: Entry, form: str) -> Problem:
    where = f"entry '{earlier.id}' ({earlier.file}:{earlier.line})"
    if (later.en, later.zh) == (earlier.en, earlier.zh):
        message = f"Vietnamese form {form!r} is listed twice: also in {where} with the same targets; merge the entries"
    else:
        message = (
            f"Vietnamese form {form!r} is pinned to {later.en!r}/{later.zh!r} here and to "
            f"{earlier.en!r}/{earlier.zh!r} in {where}, and their validity periods overlap "
            f"({_period(later)} vs {_period(earlier)}): no rule to choose; "
            "give them valid_from/valid_to that do not overlap, or remove the form from one"
        )
    return Problem(later.file, later.line, later.id, message)


def _overlap(first: Entry, second: Entry) -> bool:
    start = max(first.valid_from or dt.date.min, second.valid_from or dt.date.min)
    end = min(first.valid_to or dt.date.max, second.valid_to or dt.date.max)
    return start <= end


def _period(entry: Entry) -> str:
    return f"{entry.valid_from or 'always'}..{entry.valid_to or 'open'}"
