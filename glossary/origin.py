"""Whose name is it: Vietnamese, Chinese (a Sino-Vietnamese spelling) or other.

Vietnamese news writes Chinese names in their Sino-Vietnamese reading
(``Vương Ninh`` for 王宁), so the spelling alone rarely settles the origin.
:func:`decide_origin` weighs two kinds of evidence:

- context, strongest: the title or body next to the name (``Bí thư Châu ủy``,
  ``Nhân Đại``, ``Chính quyền nhân dân``, ``(Trung Quốc)`` are Chinese;
  ``UBND``, ``HĐND``, ``Sở``, ``Tỉnh ủy viên``, a Vietnamese province are
  Vietnamese), counted over every occurrence in the article;
- name shape: four syllables, ``Thị``/``Văn`` as a middle name, surnames only
  Vietnamese use (Nguyễn, Phạm, Đỗ, ...) point Vietnamese; two syllables and
  surnames Vietnamese rarely use (Vương, Bành, Tập, ...) point Chinese; a
  syllable with no Sino-Vietnamese reading (``Hừ``, ``Páo``, ``Pò``) cannot be
  a Chinese name written in Hán-Việt: Vietnamese for a person (an ethnic
  minority name), ``other`` for a place.

The decision carries its evidence, so the review queue can show why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from tamngu.glossary import hanviet
from tamngu.glossary.lexicon import load_lexicon
from tamngu.glossary.normalize import normalize

logger = logging.getLogger(__name__)

Origin = Literal["vietnamese", "chinese", "lao", "other"]
ORIGINS: tuple[str, ...] = get_args(Origin)

# The lexicons live in glossary/data/lexicon (context.toml, surnames.toml, places.toml, words.toml), normalized.
_LEXICON = load_lexicon()
_CHINESE_KEYS = _LEXICON.context["chinese"]  # words in a title or body that name a side, matched as whole words
_VIETNAMESE_KEYS = _LEXICON.context["vietnamese"]
_LAO_KEYS = _LEXICON.context["lao"]  # Laos and its border provinces: a place beside them is Lao
_VN_SURNAME_KEYS = _LEXICON.surnames_of("vietnamese")
_CN_SURNAME_KEYS = _LEXICON.surnames_of("chinese")
_VN_MIDDLE_KEYS = _LEXICON.word_set("middle_name")
KNOWN_PLACES = frozenset(_LEXICON.places)  # places of this beat, by side (places.toml)


@dataclass(frozen=True)
class OriginDecision:
    """The origin of one name and why (``evidence``: short human-readable reasons)."""

    origin: Origin
    confident: bool
    evidence: tuple[str, ...] = field(default_factory=tuple)


def context_votes(contexts: Iterable[str]) -> tuple[int, int, list[str]]:
    """(chinese, vietnamese) cue counts over ``contexts`` and the cues seen."""
    chinese = vietnamese = 0
    seen: list[str] = []
    for context in contexts:
        text = f" {normalize(context)} "
        for cue in _CHINESE_KEYS:
            if _has_word(text, cue):
                chinese += 1
                seen.append(f"context '{cue}' (Chinese)")
        for cue in _VIETNAMESE_KEYS:
            if _has_word(text, cue):
                vietnamese += 1
                seen.append(f"context '{cue}' (Vietnamese)")
    return chinese, vietnamese, seen






def lao_votes(contexts: Iterable[str]) -> int:
    """How many of ``contexts`` name Laos or a Lao province (``Lào Cai`` does not count)."""
    texts = (f" {normalize(context)} ".replace(normalize("lào cai"), "laocai") for context in contexts)
    return sum(1 for text in texts if any(_has_word(text, cue) for cue in _LAO_KEYS))


def _has_word(padded: str, cue: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", padded) is not None


def unreadable_syllables(syllables: Sequence[str]) -> list[str]:
    """The syllables with no Sino-Vietnamese reading (no Chinese character reads so)."""
    return [s for s in syllables if not hanviet.is_sino_vietnamese(s)]


def decide_origin(name: str, kind: str, contexts: Iterable[str] = ()) -> OriginDecision:
    """Origin of ``name`` ("person" or "place") from its ``contexts`` and its shape.

    Args:
        name: the name as written (``"Đặng Quốc Khánh"``).
        kind: ``"person"`` or ``"place"`` (an organization counts as a place here).
        contexts: the text around each occurrence (title, body, brackets).
    """
    syllables = [s for s in hanviet.split_syllables(name) if s]
    keys = [normalize(s) for s in syllables]
    chinese, vietnamese, cues = context_votes(contexts)
    unreadable = unreadable_syllables(syllables)
    lao = lao_votes(contexts) if kind != "person" else 0
    if lao > max(chinese, vietnamese):
        return OriginDecision("lao", True, (f"{lao} contexts name Laos", *cues))
    if unreadable:
        if chinese > vietnamese:  # a Chinese name we cannot read: Chinese, and left unpinned
            origin = "chinese"
        else:
            origin = "vietnamese" if kind == "person" else "other"
        reason = f"no Sino-Vietnamese reading for {', '.join(unreadable)}"
        return OriginDecision(origin, chinese == 0 or vietnamese == 0, (reason, *cues))
    if kind != "person":
        return _place_origin(chinese, vietnamese, cues)
    return _person_origin(keys, chinese, vietnamese, cues)


def _place_origin(chinese: int, vietnamese: int, cues: list[str]) -> OriginDecision:
    if chinese > vietnamese:
        return OriginDecision("chinese", True, tuple(cues))
    if vietnamese > chinese:
        return OriginDecision("vietnamese", True, tuple(cues))
    return OriginDecision("vietnamese", False, ("no context; a place in Vietnamese news", *cues))


def _person_origin(keys: list[str], chinese: int, vietnamese: int, cues: list[str]) -> OriginDecision:
    shape, reasons = _shape_score(keys)
    score = 2 * (vietnamese - chinese) + shape  # context outweighs shape
    evidence = (*reasons, *cues)
    if score > 0:
        return OriginDecision("vietnamese", score >= 2, evidence)
    if score < 0:
        return OriginDecision("chinese", score <= -2, evidence)
    return OriginDecision("vietnamese", False, ("undecided; Vietnamese by default", *evidence))


def _shape_score(keys: list[str]) -> tuple[int, list[str]]:
    """Positive for a Vietnamese shape, negative for a Chinese one."""
    score, reasons = 0, []
    if len(keys) >= 4:
        score += 3
        reasons.append("four or more syllables")
    elif len(keys) == 2:
        score -= 2
        reasons.append("two syllables (Chinese names; Vietnamese officials are written in full)")
    if keys and keys[0] in _VN_SURNAME_KEYS:
        score += 2
        reasons.append(f"Vietnamese surname '{keys[0]}'")
    elif keys and keys[0] in _CN_SURNAME_KEYS:
        score -= 1
        reasons.append(f"surname '{keys[0]}' common in Chinese names")
    if any(k in _VN_MIDDLE_KEYS for k in keys[1:-1]):
        score += 3
        reasons.append("Vietnamese middle name (Văn/Thị)")
    return score, reasons
