"""Parse a raw news article (text copied from a web page) into its parts.

A seed file is what a browser gives when the article page is copied: the
headline, the lead, body paragraphs, image file names each followed by a photo
caption, media-player residue, the byline, then related-news blocks and the
social footer. :func:`parse_article` turns that into an :class:`Article`:
title, lead, body paragraphs, captions, metadata (bylines, photo credits,
image names) and the lines it dropped with the reason.

Rules, in the order they apply (documented here because editors rely on them):

1. Decoding and lines: the text is NFC-normalized; every non-blank line is one
   paragraph (web copy puts each ``<p>`` on its own line); blank lines only
   separate. Trailing whitespace is removed.
2. Truncation: a related-news heading (``Có thể bạn quan tâm``,
   ``Tin cùng chuyên mục``, ``Tin Liên Quan``, ...) ends the article; it and
   every line after it are dropped (the social footer keeps its own reason).
3. Noise: image file names (``baolaocai-br_0042.jpg``), media-player residue
   (``0:00 / 0:00``) and the social footer (``fb yt zl tw``) are dropped.
4. Captions: the text line right after one or more image file names is a
   caption. A paragraph ending in a photo credit (``... (Ảnh: Cao Cường)``) is
   also a caption: the credit goes to metadata. A one-sentence paragraph
   opening with the stock caption formula ``Quang cảnh`` ("View of ...") is a
   caption whose image the copy lost.
5. Bylines: a line that is only a credit (``Ảnh: Cao Cường``, ``Bài, ảnh: ...``)
   or, as the last paragraph of the article, a lone personal name (2 to 5
   capitalized syllables, no punctuation) is metadata.
6. Headline: the first paragraph is the title when it reads as a headline: it
   does not end in sentence punctuation (``.``, ``!``, ``?``, ``…``, ``:``) and
   has at most :data:`HEADLINE_MAX_WORDS` words. Vietnamese headlines never
   carry a final full stop, while body sentences always do. Without a headline
   the file is an editor's body-only cut (like seed 002): no title, no lead,
   every paragraph is body.
7. Lead: with a headline, the first text paragraph after it is the lead; the
   remaining text paragraphs are the body.
8. End mark: the Vietnamese end-of-article mark ``./.`` becomes ``.``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tamngu.corpus.encoding import read_text

logger = logging.getLogger(__name__)

HEADLINE_MAX_WORDS = 40
_SHORT_LINE = 60  # related-news headings and social footers are short
PARTS: tuple[str, ...] = ("title", "lead", "body", "caption")

RELATED_HEADINGS: frozenset[str] = frozenset(
    {
        "có thể bạn quan tâm",
        "tin cùng chuyên mục",
        "tin liên quan",
        "tin khác",
        "bài liên quan",
        "xem thêm",
        "đọc thêm",
        "tin mới",
        "tin mới nhất",
        "tin đọc nhiều",
    }
)
SOCIAL_TOKENS: frozenset[str] = frozenset(
    {"fb", "yt", "zl", "tw", "in", "ig", "tt", "facebook", "youtube", "zalo", "twitter", "email", "print"}
)

_IMAGE_FILE = re.compile(r"^[^\s/\\][^/\\]*\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic|svg)$", re.IGNORECASE)
_MEDIA_RESIDUE = re.compile(r"^\d{1,2}(?::\d{2}){1,2}(?:\s*/\s*\d{1,2}(?::\d{2}){1,2})?$")
_CREDIT_WORDS = r"(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Ảnh tư liệu|Nguồn|Video|Clip|Bài và ảnh|Bài, ảnh|Bài|Tin, ảnh|Tin và ảnh)"
_TRAILING_CREDIT = re.compile(r"\s*\(\s*(" + _CREDIT_WORDS + r"\s*:\s*[^()]+?)\s*\)\s*$", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(r"(?<=[.!?…])\s+(" + _CREDIT_WORDS + r"\s*:\s*[^.()]{2,60}?)\.?$", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^\(?\s*(" + _CREDIT_WORDS + r"\s*:\s*[^()]+?)\s*\)?$", re.IGNORECASE)
_CREDIT_LINE_MAX_WORDS = 8
_NAME_SYLLABLE = re.compile(r"^[^\W\d_][^\W\d_]*$")
_SENTENCE_END = (".", "…", ":", ";")
_QUESTION_END = ("?", "!")
_QUESTION_HEADLINE_MAX_WORDS = 25
_CAPTION_OPENERS: tuple[str, ...] = ("Quang cảnh",)
_END_MARK = re.compile(r"\./\.$")
_DAY_WORDS = r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm nay|rạng sáng)"
_DAY_WORD_DATE = re.compile(_DAY_WORDS + r"\s*\(?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", re.IGNORECASE)
_SPELLED_DATE = re.compile(_DAY_WORDS + r"\s*(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.IGNORECASE)


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


@dataclass(frozen=True)
class ArticleMetadata:
    """What the page said about the article rather than in it."""

    bylines: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A parsed article. ``title``/``lead`` are None for a body-only file."""

    id: str
    title: Paragraph | None
    lead: Paragraph | None
    body: tuple[Paragraph, ...]
    captions: tuple[Paragraph, ...]
    metadata: ArticleMetadata = field(default_factory=ArticleMetadata)
    dropped: tuple[Dropped, ...] = ()
    source: str = ""

    @property
    def body_only(self) -> bool:
        """True when the file had no headline (an editor's body-only cut)."""
        return self.title is None

    @property
    def empty(self) -> bool:
        """True when nothing translatable was found."""
        return not (self.title or self.lead or self.body or self.captions)

    def parts(self) -> dict[str, tuple[Paragraph, ...]]:
        """Paragraphs per part, in the order title, lead, body, caption."""
        return {
            "title": (self.title,) if self.title else (),
            "lead": (self.lead,) if self.lead else (),
            "body": self.body,
            "caption": self.captions,
        }

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the parse."""
        return {
            "article": self.id,
            "source": self.source,
            "body_only": self.body_only,
            "title": self.title.text if self.title else None,
            "lead": self.lead.text if self.lead else None,
            "body": [p.text for p in self.body],
            "captions": [p.text for p in self.captions],
            "metadata": {
                "bylines": list(self.metadata.bylines),
                "photo_credits": list(self.metadata.photo_credits),
                "images": list(self.metadata.images),
            },
            "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in self.dropped],
        }


def load_article(path: Path) -> Article:
    """Read and parse one article file; the article id is the file stem.

    An empty file gives an article whose ``empty`` is True; callers warn.

    Raises:
        BadInputError: the file is binary, not UTF-8, or unreadable.
    """
    text = read_text(path)
    return parse_article(text, article_id=path.stem, source=str(path))


def parse_article(text: str, article_id: str, source: str = "") -> Article:
    """Parse raw article text (see the module docstring for the rules)."""
    lines = _lines(text)
    kept, dropped = _truncate_related(lines)
    builder = _Builder()
    builder.dropped.extend(dropped)
    _classify(kept, builder)
    return builder.article(article_id, source)


def article_date(article: Article) -> dt.date | None:
    """The article's own date: a full date after a day word.

    Looks in the lead, then the body, then the captions, for the first date such
    as ``Ngày 18/5/2021``, ``Sáng 30/5/2023`` or ``ngày 18 tháng 5 năm 2021``. A bare date range in a
    paragraph (``3/2/1930 - 3/2/2026``) is an anniversary, not the article date,
    so a day word (Ngày, Sáng, Chiều, Tối, Trưa, Đêm, Hôm nay) is required.
    """
    for paragraph in (*((article.lead,) if article.lead else ()), *article.body, *article.captions):
        found = _date_in(paragraph.text)
        if found:
            return found
    return None


def _date_in(text: str) -> dt.date | None:
    found = sorted([*_DAY_WORD_DATE.finditer(text), *_SPELLED_DATE.finditer(text)], key=lambda m: m.start())
    for match in found:
        day, month, year = (int(group) for group in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------- line level


def _lines(text: str) -> list[tuple[int, str]]:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return [(number, line.rstrip()) for number, line in enumerate(text.splitlines(), start=1)]


def _is_related_heading(line: str) -> bool:
    if len(line) > _SHORT_LINE:
        return False
    return line.strip().rstrip(":").casefold() in RELATED_HEADINGS


def _is_social_footer(line: str) -> bool:
    if len(line) > _SHORT_LINE:
        return False
    tokens = line.casefold().split()
    return bool(tokens) and all(token in SOCIAL_TOKENS for token in tokens)


def _truncate_related(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Dropped]]:
    for index, (number, line) in enumerate(lines):
        if _is_related_heading(line):
            tail = [(n, text) for n, text in lines[index:] if text.strip()]
            return lines[:index], [
                Dropped(n, text, "social-footer" if _is_social_footer(text) else "related-news") for n, text in tail
            ]
    return lines, []


# ---------------------------------------------------------------- classification


@dataclass
class _Builder:
    texts: list[Paragraph] = field(default_factory=list)
    captions: list[Paragraph] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    def article(self, article_id: str, source: str) -> Article:
        self._lone_name_byline()
        title, lead, body = _split_title_lead(self.texts)
        return Article(
            id=article_id,
            title=title,
            lead=lead,
            body=tuple(body),
            captions=tuple(self.captions),
            metadata=ArticleMetadata(tuple(self.bylines), tuple(self.credits), tuple(self.images)),
            dropped=tuple(sorted(self.dropped, key=lambda d: d.line)),
            source=source,
        )

    def _lone_name_byline(self) -> None:
        if len(self.texts) > 1 and _is_lone_name(self.texts[-1].text):
            last = self.texts.pop()
            self.bylines.append(last.text)
            self.dropped.append(Dropped(last.line, last.text, "byline"))


def _classify(lines: list[tuple[int, str]], builder: _Builder) -> None:
    after_image = False
    for number, raw in lines:
        line = raw.strip()
        if not line:
            after_image = False
            continue
        if _IMAGE_FILE.match(line):
            builder.images.append(line)
            builder.dropped.append(Dropped(number, line, "image-file"))
            after_image = True
            continue
        _classify_text(number, line, after_image, builder)
        after_image = False


def _classify_text(number: int, line: str, after_image: bool, builder: _Builder) -> None:
    if _MEDIA_RESIDUE.match(line):
        builder.dropped.append(Dropped(number, line, "media-player"))
        return
    if _is_social_footer(line):
        builder.dropped.append(Dropped(number, line, "social-footer"))
        return
    credit_line = _CREDIT_LINE.match(line)
    if credit_line and len(line.split()) <= _CREDIT_LINE_MAX_WORDS:
        builder.bylines.append(credit_line.group(1))
        builder.dropped.append(Dropped(number, line, "byline"))
        return
    text, credit = _split_credit(line, caption=after_image)
    if credit:
        builder.credits.append(credit)
        builder.dropped.append(Dropped(number, f"({credit})", "photo-credit"))
    text = _END_MARK.sub(".", text)
    paragraph = Paragraph(text, number)
    if after_image or credit or _is_stock_caption(text):
        builder.captions.append(paragraph)
    else:
        builder.texts.append(paragraph)


def _split_credit(line: str, caption: bool) -> tuple[str, str]:
    match = _TRAILING_CREDIT.search(line)
    if (not match or match.start() == 0) and caption:
        match = _CAPTION_CREDIT.search(line)  # "Quang cảnh. Ảnh: Minh Anh" only after an image
    if not match or match.start() == 0:
        return line, ""
    return line[: match.start()].rstrip(), match.group(1)


def _is_stock_caption(text: str) -> bool:
    if not text.startswith(_CAPTION_OPENERS) or len(text.split()) > 20:
        return False
    return text.count(". ") == 0


def _is_lone_name(text: str) -> bool:
    syllables = text.split()
    if not 2 <= len(syllables) <= 5:
        return False
    return all(_NAME_SYLLABLE.match(s) and s[0].isupper() for s in syllables)


def _is_headline(paragraph: Paragraph) -> bool:
    text = paragraph.text.rstrip("\"'”’»)")
    words = len(paragraph.text.split())
    if text.endswith(_SENTENCE_END):
        return False
    if text.endswith(_QUESTION_END):  # "Vì sao ...?" headlines exist, but stay short
        return words <= _QUESTION_HEADLINE_MAX_WORDS
    return words <= HEADLINE_MAX_WORDS


def _split_title_lead(
    texts: list[Paragraph],
) -> tuple[Paragraph | None, Paragraph | None, list[Paragraph]]:
    if not texts or not _is_headline(texts[0]):
        return None, None, list(texts)
    title, rest = texts[0], texts[1:]
    if not rest:
        return title, None, []
    return title, rest[0], rest[1:]
