"""Glossary entries: one concept pinned in Vietnamese, English and Simplified Chinese."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from tamngu.glossary.normalize import normalize

ENTRY_TYPES: tuple[str, ...] = ("person", "place", "organization", "title", "event")
PROVENANCES: tuple[str, ...] = ("verified", "derived", "reviewed")
# Countries a place or organization may belong to (ISO 3166-1 alpha-2), and the origin each gives a name.
COUNTRY_ORIGINS: dict[str, str] = {"VN": "vietnamese", "CN": "chinese", "LA": "lao"}
COUNTRY_TYPES: tuple[str, ...] = ("place", "organization")
TARGET_LANGS: tuple[str, ...] = ("en", "zh")

Lang = Literal["en", "zh"]


RoleSeen = Literal["held", "ended"]
ROLE_SEEN: tuple[str, ...] = ("held", "ended")


@dataclass(frozen=True)
class RoleCheck:
    """One look at a source about a role: what it showed (``held`` or ``ended``) as of its own date."""

    source: str
    source_date: dt.date
    seen: RoleSeen


@dataclass(frozen=True)
class Role:
    """A title a person held over a period (a person-title binding).

    ``body`` is the entry id of the province, prefecture, county or organization
    whose office it is; ``acting`` marks an acting holder; ``end_bound`` says that
    ``valid_to`` is a bound (the day before the successor's start), not a known
    last day. ``checks`` record what sources showed, each as of the source's own
    date; ``review`` says what a re-check could not confirm. ``checked`` and
    ``checked_source`` are the older form of a check (a day, nothing seen).
    """

    title: str
    en: str
    zh: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""
    checked: dt.date | None = None
    checked_source: str = ""
    body: str | None = None
    acting: bool = False
    end_bound: bool = False
    checks: tuple[RoleCheck, ...] = ()
    review: str = ""
    line: int = field(default=0, compare=False)

    @property
    def newest_check(self) -> RoleCheck | None:
        """The check with the latest source date (a check is only as new as its source)."""
        return max(self.checks, key=lambda check: check.source_date, default=None)

    def valid_on(self, day: dt.date | None) -> bool:
        return _within(day, self.valid_from, self.valid_to)

    def open_on(self, day: dt.date) -> bool:
        """True when the role had begun by ``day`` and is not known to have ended."""
        return self.valid_to is None and (self.valid_from is None or self.valid_from <= day)


@dataclass(frozen=True)
class Entry:
    """One glossary concept.

    ``vi`` is the canonical Vietnamese form and ``variants`` other spellings that
    mean the same thing; all of them are matched in text. ``en`` and ``zh`` are
    the pinned target forms; ``en_alt``/``zh_alt`` are accepted alternatives.
    ``valid_from``/``valid_to`` bound when this rendering applies, so two entries
    may share a Vietnamese form if their periods do not overlap. ``checked`` is
    the day someone last confirmed the entry against ``checked_source`` (or
    ``source`` when that is empty); roles carry their own ``checked``.
    """

    id: str
    type: str
    vi: str
    en: str
    zh: str
    provenance: str
    source: str
    variants: tuple[str, ...] = ()
    en_alt: tuple[str, ...] = ()
    zh_alt: tuple[str, ...] = ()
    pinyin: str = ""
    note: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    roles: tuple[Role, ...] = ()
    file: str = ""
    line: int = 0
    checked: dt.date | None = None
    checked_source: str = ""
    gender: str = ""  # person entries: "female" or "male" (a title bound to the person takes its form), "" unknown
    country: str = ""  # places and organizations: ISO 3166-1 alpha-2 ("VN", "CN", "LA", "KR"...), "" for none/international
    decided_by: str = ""  # provenance "reviewed": the editor who decided it
    decided_on: dt.date | None = None  # ... and when
    single_holder: bool = False  # title entries: one person holds this office of one body at a time

    @property
    def vi_forms(self) -> tuple[str, ...]:
        """Canonical Vietnamese form first, then the variants."""
        return (self.vi, *self.variants)

    def target(self, lang: Lang) -> str:
        """The pinned form in ``lang`` ("en" or "zh")."""
        return self.en if lang == "en" else self.zh

    def target_forms(self, lang: Lang) -> tuple[str, ...]:
        """The pinned form first, then accepted alternatives."""
        return (self.en, *self.en_alt) if lang == "en" else (self.zh, *self.zh_alt)

    def valid_on(self, day: dt.date | None) -> bool:
        """True when ``day`` is inside the entry's validity (always, without dates)."""
        return _within(day, self.valid_from, self.valid_to)

    def roles_on(self, day: dt.date | None) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if role.valid_on(day))

    @property
    def country_origin(self) -> str:
        """``vietnamese``/``chinese``/``lao``/``other`` from ``country`` (empty when no country is recorded)."""
        if not self.country:
            return ""
        return COUNTRY_ORIGINS.get(self.country, "other")


@dataclass(frozen=True)
class RejectedReading:
    """A rendering an editor refused for a Vietnamese name: the resolver never auto-pins it again.

    ``zh`` None rejects the English reading whatever the Chinese.
    """

    vi: str
    en: str
    zh: str | None
    decided_by: str
    decided_on: dt.date | None = None
    file: str = ""
    line: int = 0

    def refuses(self, key: str, en: str, zh: str) -> bool:
        """True when this rejection covers a name with normalized form ``key`` rendered ``en``/``zh``."""
        return normalize(self.vi) == key and self.en == en and (self.zh is None or self.zh == zh)


@dataclass(frozen=True)
class Glossary:
    """All entries of a glossary directory, plus a content hash as its version."""

    entries: tuple[Entry, ...]
    directory: str = ""
    version: str = ""
    rejected: tuple[RejectedReading, ...] = ()
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({entry.id: entry for entry in self.entries})

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def valid_on(self, day: dt.date | None) -> Glossary:
        """The entries valid on ``day`` (all of them when ``day`` is None)."""
        if day is None:
            return self
        kept = tuple(entry for entry in self.entries if entry.valid_on(day))
        return Glossary(kept, self.directory, self.version, self.rejected)

    def rejects(self, key: str, en: str, zh: str) -> RejectedReading | None:
        """The editor's rejection covering name ``key`` (normalized) rendered ``en``/``zh``, if any."""
        return next((reading for reading in self.rejected if reading.refuses(key, en, zh)), None)


def _within(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if day is None:
        return True
    return (start is None or start <= day) and (end is None or day <= end)
