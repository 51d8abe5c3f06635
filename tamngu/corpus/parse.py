"""Parse a raw news article (text copied from a web page) into its parts.

A copied page holds the headline, the lead, body paragraphs and photo
captions, and around them the page's furniture: menus, breadcrumbs, datelines,
share buttons, bylines, photo markup and alt text, related-news teasers, the
comment box. :func:`parse_article` turns it into an :class:`Article`: title,
lead, body paragraphs, captions, metadata (bylines, photo credits, images, the
lead's site stamp) and the lines it dropped with the reason.

Rules, in the order they apply (documented here because editors rely on them):

1. Lines: the text is NFC-normalized; every non-blank line is one paragraph
   (web copy puts each ``<p>`` on its own line); blank lines only separate.
2. Truncation: a related-news, album or comments heading (``Có thể bạn quan
   tâm``, ``Tin liên quan``, ``Các tin/bài khác``, ``Hiện chưa có bình luận``)
   ends the article; it and every line after it are dropped.
3. Furniture (:mod:`tamngu.corpus.furniture`): menus, skip links, breadcrumbs,
   share and font-size widgets, datelines, web addresses, the comment box,
   promotions, media-player residue and lines without a letter are dropped.
4. Photos (:mod:`tamngu.corpus.images`): image file names, image markup and
   alt text with a counter (``... ảnh 1``) are dropped and make the next line
   a caption (alt text glued to its caption leaves the caption). Inline image
   paths cut a paragraph. A layout-table cell with borders on both sides and
   no photo before it is a related-news box; a line ending in a table pipe is
   a caption. A paragraph ending in a photo credit is a caption; the credit
   goes to metadata, and so does a line that is only a credit. A list dash
   (``-``) marks the next line, when it reads as a headline, as a related-news
   link. A one-sentence
   paragraph opening with ``Quang cảnh`` ("View of ...") is a caption.
5. Layout (:mod:`tamngu.corpus.layout`): duplicates, alt text before a
   caption, glued subheadings, bylines, then title, lead and related-news
   teasers; see that module.
6. End mark: the Vietnamese end-of-article mark ``./.`` becomes ``.``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tamngu.corpus import furniture, images
from tamngu.corpus.encoding import read_text
from tamngu.corpus.layout import HEADLINE_MAX_WORDS, Block, Dropped, Paragraph, arrange, is_headline

logger = logging.getLogger(__name__)
# Control characters (tab aside) and U+FFFD never reach a segment, a translation or an output file
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ufffe\uffff]")

__all__ = ["HEADLINE_MAX_WORDS", "PARTS", "Article", "ArticleMetadata", "Dropped", "Paragraph", "article_date",
           "load_article", "parse_article"]  # fmt: skip

PARTS: tuple[str, ...] = ("title", "lead", "body", "caption")
RELATED_HEADINGS = furniture.SECTION_END_HEADINGS
SOCIAL_TOKENS = furniture.SOCIAL_TOKENS

_CAPTION_OPENERS: tuple[str, ...] = ("Quang cảnh",)
_END_MARK = re.compile(r"\./\.$")
_LIST_TAIL = re.compile(r"\s+[-–]$")
_SENTENCE_JOIN = re.compile(r"[.!?…]\s+[A-ZĐÀ-Ỹ]")
_DAY_WORDS = r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm nay|rạng sáng)"
_DAY_WORD_DATE = re.compile(_DAY_WORDS + r"\s*\(?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", re.IGNORECASE)
_SPELLED_DATE = re.compile(_DAY_WORDS + r"\s*(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleMetadata:
    """What the page said about the article rather than in it.

    ``stamp`` is the site stamp that opened the lead (``BHG``, ``VOV5``);
    ``date``, ``author``, ``url`` and ``site`` come from a saved HTML page;
    ``date`` also from the first dateline of a copied page (``15:49 | 14/10/2024``).
    """

    bylines: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    stamp: str = ""
    date: str = ""
    author: str = ""
    url: str = ""
    site: str = ""

    def page_fields(self) -> dict[str, str]:
        """The lead's stamp and what a saved page said about itself, only those set."""
        return {key: getattr(self, key) for key in ("stamp", "date", "author", "url", "site") if getattr(self, key)}

    def to_dict(self) -> dict[str, object]:
        """JSON-ready; page fields only when set."""
        return {
            "bylines": list(self.bylines),
            "photo_credits": list(self.photo_credits),
            "images": list(self.images),
            **self.page_fields(),
        }


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
            "metadata": self.metadata.to_dict(),
            "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in self.dropped],
        }


def load_article(path: Path) -> Article:
    """Read and parse one article file (``.txt``, or a saved ``.html`` page); the id is the file stem.

    An empty file gives an article whose ``empty`` is True; callers warn.

    Raises:
        BadInputError: the file is binary, not UTF-8, or unreadable.
    """
    text = read_text(path)
    if path.suffix.lower() in (".html", ".htm"):
        from tamngu.corpus.html import parse_html  # trafilatura is imported only for pages

        return parse_html(text, article_id=path.stem, source=str(path))
    return parse_article(text, article_id=path.stem, source=str(path))


def parse_article(text: str, article_id: str, source: str = "", page: ArticleMetadata | None = None) -> Article:
    """Parse raw article text (see the module docstring for the rules).

    ``page`` carries what a saved HTML page said about itself (date, author, URL).
    """
    lines = _lines(text, article_id)
    kept, dropped = _truncate_at_section_end(lines)
    scan = _Scan(dropped=dropped)
    for number, raw, blank_before in _non_blank(kept):
        scan.line(number, raw, blank_before)
    layout = arrange(scan.blocks, has_blank_lines=any(not raw.strip() for _, raw in kept))
    page = page or ArticleMetadata()
    metadata = ArticleMetadata(
        bylines=tuple(scan.bylines + layout.bylines), photo_credits=tuple(scan.credits), images=tuple(scan.images),
        stamp=layout.stamp, date=page.date or scan.dateline, author=page.author, url=page.url, site=page.site,
    )  # fmt: skip
    return Article(
        id=article_id,
        title=layout.title,
        lead=layout.lead,
        body=tuple(layout.body),
        captions=tuple(layout.captions),
        metadata=metadata,
        dropped=tuple(sorted([*scan.dropped, *layout.dropped], key=lambda d: d.line)),
        source=source,
    )


def article_date(article: Article) -> dt.date | None:
    """The article's own date: the page's date (saved page metadata or the copy's dateline), else a full
    date after a day word.

    Looks in the lead, then the body, then the captions, for the first date such
    as ``Ngày 18/5/2021``, ``Sáng 30/5/2023`` or ``ngày 18 tháng 5 năm 2021``. A bare date range in a
    paragraph (``3/2/1930 - 3/2/2026``) is an anniversary, not the article date,
    so a day word (Ngày, Sáng, Chiều, Tối, Trưa, Đêm, Hôm nay) is required.
    """
    if article.metadata.date:
        try:
            return dt.date.fromisoformat(article.metadata.date[:10])
        except ValueError:
            logger.warning("%s: page date %r is not YYYY-MM-DD", article.source, article.metadata.date)
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


def _lines(text: str, article_id: str = "") -> list[tuple[int, str]]:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return [(number, _without_unwanted(line.rstrip(), article_id, number)) for number, line in enumerate(text.splitlines(), start=1)]


def _without_unwanted(line: str, article_id: str, number: int) -> str:
    """``line`` without control characters or U+FFFD (a character lost before the file reached tamngu)."""
    found = _UNWANTED.findall(line)
    if not found:
        return line
    codes = ", ".join(sorted({f"U+{ord(char):04X}" for char in found}))
    logger.warning("%s:%d: removed %d control or replacement character(s) (%s)", article_id, number, len(found), codes)
    return " ".join(_UNWANTED.sub(" ", line).split())


def _non_blank(lines: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    out: list[tuple[int, str, bool]] = []
    blank_before = False
    for number, raw in lines:
        if not raw.strip():
            blank_before = True
            continue
        out.append((number, raw, blank_before))
        blank_before = False
    return out


def _truncate_at_section_end(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Dropped]]:
    for index, (_, line) in enumerate(lines):
        if furniture.is_section_end(line):
            tail = [(n, text.strip()) for n, text in lines[index:] if text.strip()]
            return lines[:index], [
                Dropped(n, text, "social-footer" if furniture.is_social_footer(text) else "related-news")
                for n, text in tail
            ]
    return lines, []


@dataclass
class _Scan:
    """Line-by-line classification state: what is text, what is a photo trace, what is furniture."""

    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    after_image: bool = False
    after_placeholder: bool = False  # a placeholder caption (alt text) stands for a photo, even across a blank line
    list_item_next: bool = False
    dateline: str = ""  # the first dateline's date: the page's publication date

    def line(self, number: int, raw: str, blank_before: bool) -> None:
        line, removed = furniture.strip_inline_furniture(raw.strip())
        self.dropped.extend(Dropped(number, text, kind) for text, kind in removed)
        if not line:
            return
        after_image = self.after_image and (not blank_before or self.after_placeholder)
        self.after_image = self.after_placeholder = False
        list_item, self.list_item_next = self.list_item_next, False
        if self._image(number, line, blank_before) or self._furniture(number, line):
            return
        text, leading_pipe, trailing_pipe = images.strip_pipes(line)
        if (list_item and is_headline(text)) or (leading_pipe and trailing_pipe and not after_image):
            self.list_item_next = bool(_LIST_TAIL.search(text))
            self.dropped.append(Dropped(number, line, "related-news"))
            return
        indent = len(raw) - len(raw.lstrip())
        pieces, paths = images.split_inline_images(text)
        self._image_names(number, paths)
        for piece in pieces:
            one_sentence = not _SENTENCE_JOIN.search(piece.text)
            caption = after_image or (piece.after_image and one_sentence) or trailing_pipe
            self._text(number, piece.text, caption, blank_before, indent)

    def _furniture(self, number: int, line: str) -> bool:
        reason = furniture.furniture_reason(line)
        if reason is None:
            return False
        self.list_item_next = line in {"-", "–"}
        if reason == "dateline" and not self.dateline:
            self.dateline = furniture.dateline_date(line)
        if reason == "placeholder-caption":  # the photo's own line: the next one is its caption
            self.after_image = self.after_placeholder = True
        self.dropped.append(Dropped(number, line, reason))
        return True

    def _image(self, number: int, line: str, blank_before: bool) -> bool:
        marker = images.image_marker(line)
        if marker is None:
            return False
        self.images.append(marker.text)
        self.dropped.append(Dropped(number, marker.text, marker.kind))
        if marker.caption:
            self._text(number, marker.caption, True, blank_before, 0)
        else:
            self.after_image = True
        return True

    def _image_names(self, number: int, paths: list[str]) -> None:
        for path in paths:
            self.images.append(path)
            self.dropped.append(Dropped(number, path, "image-file"))

    def _text(self, number: int, line: str, caption: bool, blank_before: bool, indent: int) -> None:
        credit_only = images.credit_line(line)
        if credit_only:
            self.bylines.append(credit_only)
            self.dropped.append(Dropped(number, line, "byline"))
            return
        text, credit = images.split_credit(line)
        if credit:
            self.credits.append(credit)
            self.dropped.append(Dropped(number, credit, "photo-credit"))
        text = _END_MARK.sub(".", text)
        caption = caption or bool(credit) or _is_stock_caption(text)
        self.blocks.append(Block(Paragraph(text, number), caption, blank_before, indent, bool(credit)))


def _is_stock_caption(text: str) -> bool:
    if not text.startswith(_CAPTION_OPENERS) or len(text.split()) > 20:
        return False
    return text.count(". ") == 0
