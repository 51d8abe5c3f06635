"""Normalize Vietnamese text for matching, keeping a map back to the original.

What is unified: Unicode composition (NFC; input often arrives decomposed),
letter case, the two tone-mark placements (``hoà``/``hòa``, ``uỷ``/``ủy``,
``Thuý``/``Thúy``), dash variants and space variants. What is dropped: invisible
characters (zero-width space, soft hyphen, word joiner, ...) that pasted text
carries inside names. What is never dropped: diacritics. ``Hà`` and ``Hạ`` stay
different words.

Every step after NFC keeps the string length, so offsets only need real work
when the input had invisible characters or was not NFC (or lower-casing changed
a length, which Vietnamese never does); then :func:`normalize_with_offsets` maps
character by character.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n\v\f"
_TRANSLATION = str.maketrans({**{c: "-" for c in _DASHES}, **{c: " " for c in _SPACES}})
# Format characters that render as nothing: soft hyphen, Mongolian vowel separator, zero-width space,
# non-joiner and joiner, word joiner, invisible operators, zero-width no-break space (BOM).
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_INVISIBLE_RUN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")

# Tone marks as combining characters; every other diacritic (circumflex, breve, horn) is kept in place.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
_GLIDE_PAIRS = {"oa", "oe", "uy"}  # the only pairs whose tone placement varies by style
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Return the matching form of ``text``: NFC, lower case, one tone placement, plain dashes/spaces."""
    return normalize_with_offsets(text)[0]


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and map each normalized position back to ``text``.

    Returns:
        ``(normalized, offsets)`` with ``len(offsets) == len(normalized) + 1``:
        character ``i`` of ``normalized`` comes from ``text[offsets[i]:offsets[i + 1]]``
        (or shares the start of its cluster), and ``offsets[-1] == len(text)``. A span
        ``[a, b)`` of ``normalized`` is ``text[offsets[a]:offsets[b]]``; an invisible
        character dropped just before ``offsets[b]`` ends up inside it (see
        :func:`visible_end`).
    """
    visible, kept = _drop_invisible(text)
    composed, offsets = _compose(visible)
    if kept is not None:
        offsets = [kept[index] for index in offsets]
    lowered = composed.lower()
    if len(lowered) != len(composed):
        lowered, offsets = _lower_with_offsets(composed, offsets)
    unified = lowered.translate(_TRANSLATION)
    return _WORD.sub(lambda word: canonical_tone(word.group()), unified), offsets


def visible_end(text: str, end: int, start: int = 0) -> int:
    """``end`` moved back over invisible characters, so ``text[start:end]`` does not end in one."""
    while end > start and text[end - 1] in INVISIBLE:
        end -= 1
    return end


def _drop_invisible(text: str) -> tuple[str, list[int] | None]:
    """``text`` without :data:`INVISIBLE` characters, and where each kept one was (None: nothing dropped)."""
    if not _INVISIBLE_RUN.search(text):
        return text, None
    kept = [index for index, char in enumerate(text) if char not in INVISIBLE]
    return "".join(text[index] for index in kept), [*kept, len(text)]


def _compose(text: str) -> tuple[str, list[int]]:
    composed = unicodedata.normalize("NFC", text)
    if composed == text:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    for start, end in _clusters(text):
        cluster = unicodedata.normalize("NFC", text[start:end])
        pieces.append(cluster)
        offsets.extend([start] * len(cluster))
    offsets.append(len(text))
    return "".join(pieces), offsets


def _clusters(text: str) -> list[tuple[int, int]]:
    """Base character plus its combining marks, as (start, end) spans."""
    spans: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            spans.append((start, index))
            start = index
    return spans


def _lower_with_offsets(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    pieces: list[str] = []
    mapped: list[int] = []
    for index, char in enumerate(text):
        lowered = char.lower()
        pieces.append(lowered)
        mapped.extend([offsets[index]] * len(lowered))
    mapped.append(offsets[-1])
    return "".join(pieces), mapped


@functools.lru_cache(maxsize=65536)
def canonical_tone(syllable: str) -> str:
    """Put the tone mark of a lower-case NFC syllable on one canonical vowel.

    Both ``hoà`` and ``hòa`` become ``hoà``; ``thúy`` and ``thuý`` become ``thuý``.
    The rule is the "new" placement: a vowel carrying a circumflex, breve or horn
    takes the tone; otherwise a closed syllable puts it on its last vowel; an open
    one on the second vowel of ``oa``/``oe``/``uy`` and of three-vowel nuclei, else
    on the first (``mùa``, ``lào``). ``gi``/``qu`` count as consonants. Syllables without a tone, or not Vietnamese, come back unchanged.
    """
    letters, tone = _split_tone(syllable)
    if tone is None:
        return syllable
    target = _tone_position(letters)
    if target is None:
        return syllable
    toned = unicodedata.normalize("NFC", letters[target] + tone)
    return letters[:target] + toned + letters[target + 1 :]


def _split_tone(syllable: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [char for char in decomposed if char in _TONES]
    if len(tones) != 1:
        return syllable, None
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if len(bare) != len(syllable):
        return syllable, None
    return bare, tones[0]


def _tone_position(letters: str) -> int | None:
    nucleus = _nucleus(letters)
    if not nucleus:
        return None
    marked = [index for index in nucleus if letters[index] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    closed = nucleus[-1] < len(letters) - 1
    if closed or len(nucleus) == 1:
        return nucleus[-1]
    if len(nucleus) == 3 or letters[nucleus[0] : nucleus[0] + 2] in _GLIDE_PAIRS:
        return nucleus[1]
    return nucleus[0]


def _nucleus(letters: str) -> list[int]:
    """Indices of the vowel letters forming the syllable's nucleus."""
    vowels = [index for index, char in enumerate(letters) if char in _VOWELS]
    if not vowels or vowels != list(range(vowels[0], vowels[-1] + 1)):
        return []
    if len(vowels) > 1 and _is_onset_glide(letters, vowels[0]):
        vowels = vowels[1:]
    return vowels


def _is_onset_glide(letters: str, first_vowel: int) -> bool:
    """``u`` after ``q`` and ``i`` after ``g`` belong to the consonant (qua, gia)."""
    return (letters[first_vowel] == "u" and letters[first_vowel - 1 : first_vowel] == "q") or (
        letters[first_vowel] == "i" and letters[first_vowel - 1 : first_vowel] == "g"
    )


def strip_marks(text: str) -> str:
    """``text`` without Vietnamese diacritics, Đ as D: the one diacritics stripper.

    >>> strip_marks("Đặng Quốc Khánh")
    'Dang Quoc Khanh'
    """
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """An entry id from a name: ASCII, lowercase, hyphens; the one slug function.

    >>> slug("Hà Khẩu"), slug("Wang Ning")
    ('ha-khau', 'wang-ning')
    """
    ascii_text = "".join(ch for ch in unicodedata.normalize("NFKD", strip_marks(text)) if ord(ch) < 128)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

