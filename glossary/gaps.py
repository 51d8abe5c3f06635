"""The review queue: every auto-pinned or unpinned name of a set of articles, and taking decisions in.

:func:`collect_gaps` runs :class:`~tamngu.glossary.autopin.NamePinner` over
articles (lists of segments) and lists each distinct name with its occurrences
and a context snippet, its origin, the candidates with their evidence and the
counts, most frequent first. An editor marks the ones to keep
(``"decision": "add"``, editing ``en``/``zh``/``type``/``id`` where needed) and
:func:`add_from_gaps` appends them to the glossary as ``derived`` entries,
atomically: if ``glossary check`` is not clean afterwards, nothing is written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError
from tamngu.glossary.normalize import slug
from tamngu.glossary.resolve import Resolver, ReviewName
from tamngu.glossary.autopin import ORIGIN_COUNTRIES
from tamngu.glossary.model import COUNTRY_TYPES, ENTRY_TYPES, Glossary
from tamngu.glossary.writer import NewEntry, add_entries

logger = logging.getLogger(__name__)

SNIPPET = 40


@dataclass
class GapName:
    """One distinct name no glossary entry covers, across all the articles given."""

    text: str
    type: str
    origin: str
    source: str  # auto (pinned, unreviewed) | unpinned
    en: str
    zh: str
    reason: str
    evidence: list[str]
    candidates: list[dict[str, Any]]
    occurrences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "type": self.type, "origin": self.origin, "source": self.source,
            "en": self.en or None, "zh": self.zh or None, "count": self.count, "reason": self.reason,
            "evidence": self.evidence, "candidates": self.candidates, "occurrences": self.occurrences,
            "decision": None,
        }


def collect_gaps(articles: Mapping[str, Sequence[str]], glossary: Glossary) -> list[GapName]:
    """Every auto-pinned or unpinned name in ``articles`` (id -> segments), most frequent first."""
    resolver = Resolver(glossary)
    gaps: dict[str, GapName] = {}
    for article_id, segments in articles.items():
        resolved = resolver.resolve(list(segments), date=None, names=True)
        for name in resolved.review:
            gap = gaps.setdefault(name.key, _gap(name))
            for index, start, end in name.occurrences:
                gap.occurrences.append(_occurrence(article_id, index, segments[index], start, end))
    return sorted(gaps.values(), key=lambda gap: (-gap.count, gap.text))


def _gap(name: ReviewName) -> GapName:
    return GapName(
        text=name.text, type=name.kind, origin=name.origin, source="auto" if name.pinned else "unpinned",
        en=name.en, zh=name.zh, reason=name.reason, evidence=list(name.evidence), candidates=[reading.to_dict() for reading in name.candidates],
    )


def _occurrence(article: str, segment: int, text: str, start: int, end: int) -> dict[str, Any]:
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    snippet = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    return {"article": article, "segment": segment, "start": start, "end": end, "snippet": snippet}


def gaps_json(gaps: Sequence[GapName]) -> dict[str, Any]:
    """The review file: counts, and the names to decide on."""
    return {
        "names": len(gaps),
        "auto": sum(gap.source == "auto" for gap in gaps),
        "unpinned": sum(gap.source == "unpinned" for gap in gaps),
        "occurrences": sum(gap.count for gap in gaps),
        "how_to_review": "set \"decision\": \"add\" on the names to keep (edit en, zh, type, id if needed), "
        "then run: tamngu glossary add --from-gaps FILE",
        "items": [gap.to_dict() for gap in gaps],
    }


# ---------------------------------------------------------------- taking decisions in


@dataclass(frozen=True)
class GapDecision:
    """One reviewed name to add."""

    entry_id: str
    type: str
    vi: str
    en: str
    zh: str
    source: str
    country: str = ""  # a place's or organization's country, from the origin the review file gives


def read_decisions(path: Path) -> list[GapDecision]:
    """The items of a reviewed gaps file marked ``"decision": "add"``.

    Raises:
        BadInputError: unreadable JSON, or an item to add without en/zh or with a bad type.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(f"{path}: not a gaps file ({exc}); write one with 'tamngu glossary gaps ... --json > FILE'") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BadInputError(f"{path}: no 'items' list; write one with 'tamngu glossary gaps ... --json > FILE'")
    return [_decision(path, number, item) for number, item in enumerate(items, 1) if _wanted(item)]


def _wanted(item: Any) -> bool:
    return isinstance(item, dict) and str(item.get("decision") or "").lower() == "add"


def _decision(path: Path, number: int, item: dict[str, Any]) -> GapDecision:
    where = f"{path}: item {number} ('{item.get('text')}')"
    kind = item.get("type")
    if kind not in ENTRY_TYPES:
        raise BadInputError(f"{where}: type '{kind}' is not one of {', '.join(ENTRY_TYPES)}; set it before adding")
    if not item.get("en") or not item.get("zh"):
        raise BadInputError(f"{where}: needs both en and zh to be added; fill them in or drop the decision")
    entry_id = item.get("id") or slug(str(item["text"]))
    evidence = "; ".join(str(e) for e in item.get("evidence") or [])[:300]
    source = f"tamngu glossary gaps, reviewed ({item.get('origin') or 'origin unknown'}): {evidence or 'no evidence recorded'}"
    country = ORIGIN_COUNTRIES.get(str(item.get("origin") or ""), "") if kind in COUNTRY_TYPES else ""
    return GapDecision(entry_id, kind, str(item["text"]), str(item["en"]), str(item["zh"]), source, country)


def add_from_gaps(path: Path, glossary_dir: Path) -> list[GapDecision]:
    """Append the reviewed names of ``path`` to ``glossary_dir`` (one file per type) through the one
    writer (:func:`tamngu.glossary.writer.add_entries`): all of them or, on any problem, none.

    Raises:
        BadInputError: see :func:`read_decisions`.
        GlossaryError: a name or id already in the glossary, or ``glossary check`` not clean afterwards
            (nothing is written then); a :class:`~tamngu.glossary.writer.GlossaryWriteError` names the fields.
    """
    decisions = read_decisions(path)
    if decisions:
        add_entries(glossary_dir, [_new_entry(decision) for decision in decisions])
    return decisions


def _new_entry(decision: GapDecision) -> NewEntry:
    return NewEntry(decision.type, decision.vi, decision.en, decision.zh, id=decision.entry_id, source=decision.source,
                    provenance="derived", country=decision.country)
