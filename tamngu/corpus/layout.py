"""From classified paragraphs to title, lead, body and captions.

:mod:`tamngu.corpus.parse` hands over the article's text paragraphs in reading
order (captions marked); :func:`arrange` applies the rules that need to see
neighbours, in this order:

1. Duplicates: a paragraph repeating an earlier one is dropped. When it
   repeats the paragraph right before it, the pair was a photo's alt text and
   caption, so the one kept is a caption. Two neighbouring captions with the
   same credit that differ in a few words (``TP`` / ``thành phố``) are alt
   text and caption: the first is dropped.
2. Alt text: a short headline-like line (at most :data:`ALT_MAX_WORDS` words,
   like ``Ha Giang``) right before a credited caption is the photo's alt text.
3. Glued subheading: ``... biên giới.Tăng cường hợp tác`` (no space after the
   full stop, the rest reads as a headline) is two paragraphs.
4. Signature: the last paragraph is a byline when it is a lone personal name
   (2 to 5 capitalised syllables: ``Thúy Nga``, ``HIỀN HẠNH``) or a short
   line set far to the right (``Phòng Báo điện tử``).
5. Headline and lead. A headline does not end in sentence punctuation and has
   at most :data:`HEADLINE_MAX_WORDS` words (Vietnamese headlines carry no
   final full stop; body sentences always do). The lead is the first
   paragraph opening with a site stamp (``BHG - ``, ``(VOV5) - ``; the stamp
   goes to metadata; a dash left by a lost stamp goes too), else the first
   paragraph that is not a headline. The
   headline-like paragraphs before the lead are the page's top: the longest is
   the title, the rest (section labels, slogans, bylines, affiliations) are
   dropped. With none, the file is an editor's body-only cut (like seed 002):
   no title, no lead unless stamped, every paragraph is body.
6. Teasers: headline-like lines right under the lead, in the same block (no
   blank line between) of a file that separates paragraphs with blank lines,
   are related-news links.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from tamngu.corpus.furniture import split_stamp

HEADLINE_MAX_WORDS = 50
ALT_MAX_WORDS = 5
SIGNATURE_INDENT = 8
SIGNATURE_MAX_WORDS = 6
NEAR_DUPLICATE = 0.8
_SENTENCE_END = (".", "…", ":", ";")
_QUESTION_END = ("?", "!")
_QUESTION_HEADLINE_MAX_WORDS = 25
_CLOSERS = "\"'”’»)"
_NAME_SYLLABLE = re.compile(r"^[^\W\d_]+$")
_SPACE = re.compile(r"\s+")
_LEADING_DASH = re.compile(r"^[-–—]\s+(?=\S)")  # a stamp the copy lost, its dash left: "– Sáng 25/10, ..."
# A full stop glued to a capitalised word: "biên giới.Tăng cường" (not "TP.HCM", "TP.Cao Bằng": see _glued_at).
_GLUED = re.compile(r"(?<=[a-zà-ỹđ\d])[.!?…]+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text and the 1-based line it came from."""

    text: str
    line: int


@dataclass(frozen=True)
class Dropped:
    """A line the parser removed, and why."""

    line: int
    text: str
    reason: str


@dataclass
class Block:
    """A text paragraph in reading order, with what its neighbours need to know."""

    paragraph: Paragraph
    caption: bool
    blank_before: bool
    indent: int = 0
    credited: bool = False


@dataclass
class Layout:
    """The article's parts once the layout rules ran."""

    title: Paragraph | None = None
    lead: Paragraph | None = None
    stamp: str = ""
    body: list[Paragraph] = field(default_factory=list)
    captions: list[Paragraph] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def arrange(blocks: list[Block], has_blank_lines: bool) -> Layout:
    """Apply the layout rules (module docstring) to the paragraphs of one article."""
    layout = Layout()
    blocks = _drop_duplicates(blocks, layout)
    blocks = _drop_alt_text(blocks, layout)
    blocks = _split_glued_subheadings(blocks)
    _signature(blocks, layout)
    texts = [block for block in blocks if not block.caption]
    lead_at = _lead_index(texts)
    top = texts[:lead_at] if lead_at is not None else []
    if top:
        layout.title = _title(top, layout)
    if lead_at is not None and (top or split_stamp(texts[lead_at].paragraph.text)[0]):
        lead = texts[lead_at]
        layout.stamp, text = split_stamp(lead.paragraph.text)
        layout.lead = Paragraph(_LEADING_DASH.sub("", text), lead.paragraph.line)
        top = [*top, lead, *_drop_teasers(blocks, blocks.index(lead), has_blank_lines, layout)]
    placed = {id(block) for block in top}
    for block in blocks:
        if id(block) in placed:
            continue
        (layout.captions if block.caption else layout.body).append(block.paragraph)
    return layout


def is_headline(text: str) -> bool:
    """Reads as a headline: no final sentence punctuation, not too long."""
    bare = text.rstrip(_CLOSERS)
    words = len(text.split())
    if bare.endswith(_SENTENCE_END):
        return False
    if bare.endswith(_QUESTION_END):  # "Vì sao ...?" headlines exist, but stay short
        return words <= _QUESTION_HEADLINE_MAX_WORDS
    return words <= HEADLINE_MAX_WORDS


def is_lone_name(text: str) -> bool:
    """2 to 5 capitalised syllables and nothing else: a personal name."""
    syllables = text.split()
    if not 2 <= len(syllables) <= 5:
        return False
    return all(_NAME_SYLLABLE.match(s) and s[0].isupper() for s in syllables)


# ---------------------------------------------------------------- rules


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _drop_duplicates(blocks: list[Block], layout: Layout) -> list[Block]:
    kept: list[Block] = []
    seen: set[str] = set()
    past_top = False  # a headline repeated at the top is not a photo
    for index, block in enumerate(blocks):
        key = _key(block.paragraph.text)
        previous = kept[-1] if kept else None
        if key in seen:
            right_after = index > 0 and blocks[index - 1] is previous  # nothing dropped in between
            if past_top and right_after and _key(previous.paragraph.text) == key and not previous.caption:
                previous.caption = True  # alt text + caption of the same photo
            layout.dropped.append(Dropped(block.paragraph.line, block.paragraph.text, "duplicate"))
            continue
        if previous is not None and _near_duplicate_captions(previous, block):
            kept.pop()
            layout.dropped.append(Dropped(previous.paragraph.line, previous.paragraph.text, "duplicate"))
        seen.add(key)
        kept.append(block)
        past_top = past_top or not is_headline(block.paragraph.text)
    return kept


def _near_duplicate_captions(first: Block, second: Block) -> bool:
    if not (first.credited and second.credited) or second.blank_before:
        return False
    ratio = difflib.SequenceMatcher(None, first.paragraph.text, second.paragraph.text).ratio()
    return ratio >= NEAR_DUPLICATE


def _drop_alt_text(blocks: list[Block], layout: Layout) -> list[Block]:
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        short = len(block.paragraph.text.split()) <= ALT_MAX_WORDS and is_headline(block.paragraph.text)
        if short and not block.caption and following is not None and following.credited and not following.blank_before:
            layout.dropped.append(Dropped(block.paragraph.line, block.paragraph.text, "image-alt"))
            continue
        kept.append(block)
    return kept


def _split_glued_subheadings(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        head, tail = _glued_subheading(block.paragraph.text)
        if not tail:
            out.append(block)
            continue
        line = block.paragraph.line
        out.append(Block(Paragraph(head, line), block.caption, block.blank_before, block.indent, block.credited))
        out.append(Block(Paragraph(tail, line), False, True, block.indent))
    return out


def _glued_subheading(text: str) -> tuple[str, str]:
    matches = list(_GLUED.finditer(text))
    if not matches:
        return text, ""
    cut = matches[-1]
    head, tail = text[: cut.end()], text[cut.end() :]
    if not is_headline(tail) or len(tail.split()) > 12 or _GLUED.search(tail):
        return text, ""
    return head, tail


def _signature(blocks: list[Block], layout: Layout) -> None:
    texts = [block for block in blocks if not block.caption]
    if len(texts) < 2:
        return
    last = texts[-1]
    text = last.paragraph.text
    right_aligned = last.indent >= SIGNATURE_INDENT and len(text.split()) <= SIGNATURE_MAX_WORDS and is_headline(text)
    if is_lone_name(text) or right_aligned:
        blocks.remove(last)
        layout.bylines.append(text)
        layout.dropped.append(Dropped(last.paragraph.line, text, "byline"))


def _lead_index(texts: list[Block]) -> int | None:
    for index, block in enumerate(texts):
        text = block.paragraph.text
        if split_stamp(text)[0] or not is_headline(text):
            return index
    return None


def _title(top: list[Block], layout: Layout) -> Paragraph:
    title = max(top, key=lambda block: len(block.paragraph.text))
    for block in top:
        if block is not title:
            reason = "byline" if is_lone_name(block.paragraph.text) else "page-furniture"
            if reason == "byline":
                layout.bylines.append(block.paragraph.text)
            layout.dropped.append(Dropped(block.paragraph.line, block.paragraph.text, reason))
    return title.paragraph


def _drop_teasers(blocks: list[Block], lead_at: int, has_blank_lines: bool, layout: Layout) -> list[Block]:
    teasers: list[Block] = []
    for block in blocks[lead_at + 1 :] if has_blank_lines else []:
        if block.blank_before or block.caption or not is_headline(block.paragraph.text):
            break
        teasers.append(block)
        layout.dropped.append(Dropped(block.paragraph.line, block.paragraph.text, "related-news"))
    return teasers
