"""Characters Vietnamese names are written with in Chinese (VNA and Nhân Dân Chinese services).

A Vietnamese person's Chinese name is derived syllable by syllable from its
Sino-Vietnamese reading; where a reading has many characters, these are the ones
Vietnam's Chinese-language state media use for surnames and common given names
(阮 for Nguyễn, 氏 for Thị, 文 for Văn, 国 for Quốc). The result is ``derived``,
never ``verified``: a person's own choice of character can differ.
"""

from __future__ import annotations

from typing import NamedTuple

from tamngu.glossary import hanviet
from tamngu.glossary.lexicon import load_lexicon
from tamngu.glossary.normalize import normalize

# The tables live in glossary/data/lexicon/name_chars.toml (keys normalized): the character per
# surname and given-name syllable, and the given-name syllables Vietnam's Chinese-language press
# writes with different characters for different people (attested pairs; the tables' choice is not pinned).
_LEXICON = load_lexicon()
SURNAME_CHARS: dict[str, str] = _LEXICON.surname_chars
GIVEN_CHARS: dict[str, str] = _LEXICON.given_chars
KNOWN_VARIANTS: dict[str, str] = _LEXICON.char_variants
# A syllable missing from the tables takes the name assistant's character only when
# no second character with that reading holds this share of Chinese given names.
RIVAL_SHARE = 0.25


class VietnameseChinese(NamedTuple):
    """Characters for a Vietnamese name, or why none are pinned.

    ``zh`` is empty when a syllable has no character (``missing``) or more than
    one plausible character (``uncertain``, with the rivals).
    """

    zh: str
    missing: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.missing:
            return f"no Chinese character known for {', '.join(self.missing)}; English only"
        if self.uncertain:
            return f"Chinese characters uncertain ({'; '.join(self.uncertain)}); English only, Chinese for review"
        return ""


def vietnamese_chinese(name: str, fallback: str = "") -> VietnameseChinese:
    """Chinese characters for Vietnamese ``name``, syllable by syllable, only where each is settled.

    The tables hold the characters Vietnam's Chinese-language press uses; a given-name
    syllable they lack takes its character from ``fallback`` (the name assistant's best
    reading, one character per syllable) when Chinese given names know no rival for it.

    >>> vietnamese_chinese("Nguyễn Văn Hùng").zh
    '阮文雄'
    >>> vietnamese_chinese("Hoàng Bá Nam").uncertain
    ('Bá: 伯 or 柏 (黄柏南, CPV Chinese e-paper)',)
    """
    written = name.split()
    fallback = fallback if len(fallback) == len(written) else ""
    chars: list[str] = []
    missing: list[str] = []
    uncertain: list[str] = []
    for position, word in enumerate(written):
        syllable = normalize(word)
        char = (SURNAME_CHARS if position == 0 else GIVEN_CHARS).get(syllable, "")
        doubt = KNOWN_VARIANTS.get(syllable, "") if position else ""
        if not char and position and fallback:
            char = fallback[position]
            doubt = _rivals(syllable, char)
        if not char:
            missing.append(word)
        elif doubt:
            uncertain.append(f"{word}: {doubt}")
        chars.append(char)
    if missing or uncertain:
        return VietnameseChinese("", tuple(missing), tuple(uncertain))
    return VietnameseChinese("".join(chars))


def _rivals(syllable: str, char: str) -> str:
    """``char`` and its rivals for given-name ``syllable`` (empty when it has none)."""
    counts = hanviet.given_name_counts()
    shares = {r.simplified: counts.get(r.simplified, 0) for r in hanviet.readings_for(syllable)}
    total = sum(shares.values())
    rivals = [c for c, n in sorted(shares.items(), key=lambda item: -item[1]) if c != char and total and n / total >= RIVAL_SHARE]
    return " or ".join([char, *rivals]) if rivals else ""
