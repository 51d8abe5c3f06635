"""What a translation may not carry into the outputs: control characters and U+FFFD.

A sentencepiece decoder can emit U+FFFD (a byte-fallback piece that is not
whole UTF-8) and copies control characters the source carried; neither
belongs in Markdown, TMX (XML 1.0 forbids most C0 controls) or JSON a reader
opens. :func:`clean_translation` removes them (a tab or line break becomes a
space, since a segment is one line) and says what it removed, for the audit.

    >>> clean_translation("Lao Cai\\ufffd province\\x07")
    ('Lao Cai province', ('removed 1 U+FFFD (replacement character)', 'removed 1 control character (U+0007)'))
"""

from __future__ import annotations

import re
from collections import Counter

_SPACE_LIKE = re.compile("[\t\n\r\v\f\x85\u2028\u2029]+")
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ufffe\uffff]")
_SPACES = re.compile(" {2,}")
_REPLACEMENT = "\ufffd"


def clean_translation(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without control characters or U+FFFD, and one note per kind removed (empty when clean)."""
    found = Counter(_UNWANTED.findall(text))
    spaced = _SPACE_LIKE.sub(" ", text)
    if not found and spaced == text:
        return text, ()
    cleaned = _SPACES.sub(" ", _UNWANTED.sub("", spaced)).strip()
    notes = []
    replacements = found.pop(_REPLACEMENT, 0)
    if replacements:
        notes.append(f"removed {replacements} U+FFFD (replacement character)")
    if found:
        codes = ", ".join(f"U+{ord(char):04X}" for char in sorted(found))
        count = sum(found.values())
        notes.append(f"removed {count} control character{'s' if count != 1 else ''} ({codes})")
    if spaced != text:
        notes.append("line breaks or tabs turned into spaces")
    return cleaned, tuple(notes)
