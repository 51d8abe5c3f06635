"""Traditional Chinese forms of a simplified candidate, for users who read Traditional.

OpenCC converts when it is installed; otherwise Unihan's simplified/traditional
variant fields, character by character. A person's surname keeps its usual
traditional form (OpenCC's phrase tables can pick another).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from tamngu.glossary import hanviet

logger = logging.getLogger(__name__)

def to_traditional(zh: str, person: bool) -> str:
    """Traditional form of ``zh`` (OpenCC s2tw, phrase-aware).

    OpenCC converts a surname by its common-word sense (``范`` -> ``範``); when
    Unihan calls the Simplified character a surname and the Traditional one
    not, the surname is kept (``范``, ``于``, ``沈``, ``余``; ``刘`` still -> ``劉``).
    """
    if not zh:
        return ""
    converted = _opencc_convert(zh)
    if person and converted[:1] != zh[:1] and _keeps_surname(zh[0], converted[0]):
        converted = zh[0] + converted[1:]
    return converted


def _keeps_surname(simplified: str, traditional: str) -> bool:
    tables = hanviet.unihan_tables()
    return tables is not None and simplified in tables.surname_chars and traditional not in tables.surname_chars


def _opencc_convert(zh: str) -> str:
    converter = _opencc()
    if converter is not None:
        return converter.convert(zh)
    return "".join(_fallback_traditional(char) for char in zh)


@functools.lru_cache(maxsize=1)
def _opencc() -> Any:
    try:
        import opencc
    except ImportError:
        logger.warning("opencc is not installed; Traditional forms come from Unihan variants, char by char")
        return None
    return opencc.OpenCC("s2tw")  # Taiwan standard characters (峰, not the variant 峯)


def _fallback_traditional(char: str) -> str:
    tables = hanviet.unihan_tables()
    options = tables.traditional.get(char, ()) if tables else ()
    return options[-1] if options else char
