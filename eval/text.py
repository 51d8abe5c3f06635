"""Text checks of the evaluation: what may reach a report, and which script a reference is in.

* :func:`clean` removes what must never reach ``report.html``, ``report.md`` or
  ``report.json``: control characters (Unicode category Cc; the whitespace
  ones become a space), lone surrogates (Cs, which UTF-8 cannot even encode)
  and the replacement character U+FFFD, the mark of an earlier decoding
  accident. The caller counts what was removed and says so.
* :func:`script_problem` tells whether a reference is in the wrong script for
  its language: an English reference mostly in Chinese characters, or a
  Chinese reference mostly in Latin letters. A Chinese character weighs
  :data:`HAN_WEIGHT` Latin letters (a word is about five letters or one to
  two characters), so "mostly" means by amount of text.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

REPLACEMENT_CHARACTER = "\ufffd"
HAN_WEIGHT = 3
_WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")


class Cleaned(NamedTuple):
    """A text with the characters a report must not show removed, and how many there were."""

    text: str
    removed: int


def clean(text: str) -> Cleaned:
    """``text`` without control characters, lone surrogates and U+FFFD.

        >>> clean("Lao\\x00 Cai\\tprovince\\ufffd")
        Cleaned(text='Lao Cai province', removed=3)
        >>> clean("Hà Khẩu")
        Cleaned(text='Hà Khẩu', removed=0)
    """
    if text.isprintable():  # the common case: nothing to look at (U+FFFD is printable, checked below)
        if REPLACEMENT_CHARACTER not in text:
            return Cleaned(text, 0)
    kept: list[str] = []
    removed = 0
    for char in text:
        if char in _WHITESPACE_CONTROLS:
            kept.append(" ")
            removed += 1
        elif char == REPLACEMENT_CHARACTER or unicodedata.category(char) in ("Cc", "Cs"):
            removed += 1
        else:
            kept.append(char)
    return Cleaned("".join(kept), removed)


def first_unclean(text: str) -> int | None:
    """The 0-based index of the first character :func:`clean` would touch, or None.

        >>> first_unclean("ab\\ufffdc")
        2
        >>> first_unclean("abc") is None
        True
    """
    for index, char in enumerate(text):
        if char == REPLACEMENT_CHARACTER or unicodedata.category(char) in ("Cc", "Cs"):
            return index
    return None


def is_han(char: str) -> bool:
    """A Chinese character (CJK Unified Ideographs, their extensions and compatibility forms)."""
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def is_latin(char: str) -> bool:
    """A Latin letter (with or without diacritics: ``a``, ``Ư``, ``đ``)."""
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def script_problem(text: str, lang: str) -> str | None:
    """Why ``text`` cannot be a reference in ``lang`` ("en" or "zh"), or None when its script fits.

    English may quote a Chinese name (``Wang Ning (王宁)``) and Chinese may
    contain Latin abbreviations (``中国加入WTO``); only a text mostly in the
    other script is refused.

        >>> script_problem("Lao Cai welcomes Wang Ning (王宁)", "en") is None
        True
        >>> script_problem("老街迎接王宁", "en")
        'is in Chinese script'
        >>> script_problem("Lao Cai welcomes Wang Ning", "zh")
        'is in Latin script'
        >>> script_problem("中国加入WTO。", "zh") is None
        True
    """
    han = HAN_WEIGHT * sum(1 for char in text if is_han(char))
    latin = sum(1 for char in text if is_latin(char))
    if lang == "en" and han > latin:
        return "is in Chinese script"
    if lang == "zh" and latin > han:
        return "is in Latin script"
    return None
