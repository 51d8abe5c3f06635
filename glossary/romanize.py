"""English spellings of a name candidate: Hanyu Pinyin for Chinese, diacritic-free for Vietnamese.

Split out of :mod:`tamngu.glossary.suggest`, which ranks the candidates; this
module only spells them ("Wang Ning", "Hekou", "Trinh Viet Hung").
"""

from __future__ import annotations

import unicodedata

from tamngu.glossary.normalize import strip_marks


def pinyin_syllables(zh: str) -> list[tuple[str, str]]:
    """(toned, plain) pinyin per character, phrase-aware (pypinyin)."""
    from pypinyin import Style, lazy_pinyin

    toned = lazy_pinyin(zh, style=Style.TONE)
    plain = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
    return list(zip(toned, plain, strict=True))


def romanize(syllables: list[tuple[str, str]], kind: str) -> tuple[str, str]:
    """Pinyin with tones and English: persons as ``Surname Given``, places as one word."""
    toned = [t for t, _ in syllables]
    plain = [p for _, p in syllables]
    if kind == "person" and len(syllables) > 1:
        return (
            f"{join(toned[:1]).capitalize()} {join(toned[1:]).capitalize()}",
            f"{join(plain[:1]).capitalize()} {join(plain[1:]).capitalize()}",
        )
    return join(toned).capitalize(), join(plain).capitalize()


def join(syllables: list[str]) -> str:
    """Join pinyin syllables, with an apostrophe before a, o, e after the first (Xi'an)."""
    out = ""
    for syllable in syllables:
        base = unicodedata.normalize("NFD", syllable)[:1].lower()
        out += ("'" if out and base in "aoe" else "") + syllable
    return out


def vietnamese_english(syllables: tuple[str, ...]) -> str:
    """The Vietnamese spelling without diacritics (``Tô Lâm`` -> ``To Lam``)."""
    words = []
    for syllable in syllables:
        words.append(strip_marks(syllable).capitalize())
    return " ".join(words)
