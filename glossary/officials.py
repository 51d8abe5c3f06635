"""A known official, misspelt: a name beside an office, one syllable off the glossary's holder of that office.

``Bí thư Tỉnh ủy Vân Nam Vương Linh`` names the office whose holder the glossary
knows as ``Vương Ninh``: the name differs in one syllable of three, so it is the
holder misspelt, not a stranger to romanize. :func:`correct_misspelt_officials`
replaces such an automatic name pin by the glossary person (his pinned English
and Chinese) and logs the case; the entry's ``note`` says what was written, for
the editor's review.

Only an automatic pin is corrected, only when exactly one person who held the
adjacent office on the article's date (the role's dates; no date: any role) is one
syllable off (same number of syllables), and never a name the glossary knows as
someone else. The resolver lists every such case in ``ResolvedArticle.review``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from tamngu.glossary.matcher import Match
from tamngu.glossary.model import Entry, Role
from tamngu.glossary.normalize import normalize

logger = logging.getLogger(__name__)
MISSPELT_NOTE = "review: misspelt official"
_BETWEEN = re.compile(r"\s*(?:,|-|–|:)?\s*")


@functools.lru_cache(maxsize=1)
def holders() -> dict[str, tuple[Entry, ...]]:
    """Office entry id -> the glossary persons holding it in some role (the packaged glossary)."""
    from tamngu.glossary.loader import load_glossary

    return holders_of(load_glossary(None))


def holders_of(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Office entry id (and ``zh:`` + a role's Chinese) -> the persons of ``entries`` holding it in some role."""
    table: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.type != "person":
            continue
        for role in entry.roles:
            table.setdefault(role.title, []).append(entry)
            table.setdefault("zh:" + role.zh, []).append(entry)  # a title entry written for one place (Bí thư Tỉnh ủy Lào Cai)
    return {office: tuple(dict.fromkeys(people)) for office, people in table.items()}


def one_syllable_off(written: str, known: str) -> bool:
    """Same number of syllables, exactly one different (``Vương Linh`` / ``Vương Ninh``)."""
    left, right = normalize(written).split(), normalize(known).split()
    return len(left) == len(right) and sum(a != b for a, b in zip(left, right)) == 1


def correct_misspelt_officials(
    text: str, matches: Sequence[Match], offices: Mapping[str, tuple[Entry, ...]] | None = None, *, date: dt.date | None = None,
) -> list[Match]:
    """``matches`` with an automatic person pin next to an office replaced by the person who held that office on
    ``date`` (the article's), when one syllable off; ``offices`` is :func:`holders_of` the glossary in use."""
    table = holders() if offices is None else offices
    out = list(matches)
    for index, match in enumerate(out):
        if match.entry.type != "person" or match.entry.provenance != "auto":
            continue
        for office, place in _adjacent_offices(text, out, index):
            office_id = office.entry.id.split("~")[0]
            people = (*table.get(office_id, ()), *table.get("zh:" + office.entry.zh, ()))
            candidates = list(dict.fromkeys(p for p in people if one_syllable_off(match.text, p.vi) and _held(p, office, place, date)))
            if len(candidates) != 1:
                continue
            holder = candidates[0]
            logger.warning("'%s' beside '%s' read as the glossary's %s (%s): one syllable off; listed for review",
                           match.text, office.text, holder.vi, holder.id)
            when = f" on {date.isoformat()}" if date is not None else ""
            note = f"{MISSPELT_NOTE}: written '{match.text}', read as '{holder.vi}' ({holder.id}), holder of '{office.entry.id}'{when}"
            out[index] = Match(match.start, match.end, match.text, replace(holder, note=note))
            break
    return out


def _held(person: Entry, office: Match, place: Match | None, date: dt.date | None) -> bool:
    """The person held that office on ``date``, of the place written with it (Lào Cai's secretary, not Lai Châu's)."""
    office_id = office.entry.id.split("~")[0]
    roles = [role for role in person.roles if (role.title == office_id or role.zh == office.entry.zh) and _on(role, date)]
    if place is None:
        return bool(roles)
    bare = re.sub(r"\s+(Province|Prefecture|County|City|province|city)$", "", place.entry.en)
    return any(bare in role.en or place.entry.zh[:2] in role.zh for role in roles)


def _on(role: Role, date: dt.date | None) -> bool:
    """The role covers ``date`` (None: any role counts)."""
    if date is None:
        return True
    return (role.valid_from is None or role.valid_from <= date) and (role.valid_to is None or date <= role.valid_to)


def _adjacent_offices(text: str, matches: Sequence[Match], index: int) -> list[tuple[Match, Match | None]]:
    """The title right before the name, with the place written after it (``Bí thư Tỉnh ủy Lào Cai X``), or
    the title right after the name (``X, Bí thư Tỉnh ủy Lào Cai``)."""
    found: list[tuple[Match, Match | None]] = []
    before = matches[index - 1] if index > 0 else None
    if before is not None and _BETWEEN.fullmatch(text[before.end : matches[index].start]):
        if before.entry.type == "title":
            found.append((before, None))
        elif before.entry.type == "place" and index > 1 and matches[index - 2].entry.type == "title" and _UNIT_GAP.fullmatch(
                normalize(text[matches[index - 2].end : before.start])):
            found.append((matches[index - 2], before))
    after = matches[index + 1] if index + 1 < len(matches) else None
    if after is not None and after.entry.type == "title" and _BETWEEN.fullmatch(text[matches[index].end : after.start]):
        place = matches[index + 2] if index + 2 < len(matches) and matches[index + 2].entry.type == "place" and _UNIT_GAP.fullmatch(
            normalize(text[after.end : matches[index + 2].start])) else None
        found.append((after, place))
    return found


_UNIT_GAP = re.compile(r"\s+(?:(?:tỉnh|thành phố|châu|huyện|thị)\s+)?")
