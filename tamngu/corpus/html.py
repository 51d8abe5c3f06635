"""Saved news pages (HTML) in, the same :class:`~tamngu.corpus.parse.Article` out.

A newsroom saves pages, not text. :func:`parse_html` finds the article in the
page with trafilatura (a maintained main-content extractor: it drops menus,
sidebars, related-news boxes, comment threads and footers) and reads the
page's own metadata: title, date, author, canonical URL, site name. The
extracted content is then laid out the way a browser copy looks, one block per
paragraph, each photo as its file name with its caption on the next line, and
handed to :func:`~tamngu.corpus.parse.parse_article`, so everything the text
parser knows (captions, credits, alt text, stamps, bylines, duplicates)
applies to pages too.

Before extraction, ``<figure>`` becomes a plain block and ``<figcaption>`` a
paragraph: trafilatura discards figures, and with them the captions a
translated edition needs.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import lxml.etree as etree
import lxml.html

from tamngu.corpus.parse import Article, ArticleMetadata, Paragraph, parse_article
from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 60
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
_SENTENCE_END = (".", "!", "?", "…", "”", '"')
_SPACE = re.compile(r"\s+")


@dataclass
class _Page:
    """The lines of the extracted article, photo file names followed by their captions."""

    blocks: list[str] = field(default_factory=list)

    def paragraph(self, text: str) -> None:
        text = _SPACE.sub(" ", text).strip()
        if text:
            self.blocks.append(text)

    def image(self, src: str) -> None:
        name = posixpath.basename(urlparse(src).path) or "image"
        self.blocks.append(name + "\n")  # the caption follows on the next line, in the same block

    def text(self) -> str:
        out: list[str] = []
        for block in self.blocks:
            if out and out[-1].endswith("\n"):
                out[-1] += block
            else:
                out.append(block)
        return "\n\n".join(part.rstrip("\n") for part in out)


def parse_html(html: str, article_id: str, source: str = "") -> Article:
    """Parse a saved article page (see the module docstring).

    Raises:
        BadInputError: no article text could be found in the page.
    """
    import trafilatura  # imported here: text input must not pay for it

    document = trafilatura.bare_extraction(
        _unwrap_figures(html, source), with_metadata=True, include_images=True, include_tables=True,
        include_comments=False, output_format="python", config=_config(),
    )  # fmt: skip
    if document is None or not (document.text or "").strip():
        raise BadInputError(f"{source or '<html>'}: no article text found in the page; save the article page itself")
    metadata = _metadata(document)
    title = _clean_title(document.title or "", metadata.site)
    page = _layout(document.body, title)
    lead = _missing_lead(document.description, page)
    text = "\n\n".join(part for part in (title, lead, page.text()) if part)
    article = parse_article(text, article_id=article_id, source=source, page=metadata)
    if not any(paragraph.text != title for paragraph in _content(article)):
        raise BadInputError(f"{source or '<html>'}: no article text found in the page; save the article page itself")
    return article


def _content(article: Article) -> list[Paragraph]:
    return [*((article.lead,) if article.lead else ()), *article.body, *article.captions]


def _config():  # type: ignore[no-untyped-def]
    """trafilatura's defaults, but short briefs are articles too (below 250 characters it falls back to
    a whole-page text dump, related links included), and no network look-ups."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_ARTICLE_CHARS))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _unwrap_figures(html: str, source: str) -> str:
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise BadInputError(f"{source or '<html>'}: not a readable HTML page ({exc})") from None
    for figure in tree.iter("figure"):
        figure.tag = "div"
    for caption in tree.iter("figcaption"):
        caption.tag = "p"
    return lxml.html.tostring(tree, encoding="unicode")


def _metadata(document) -> ArticleMetadata:  # type: ignore[no-untyped-def]
    return ArticleMetadata(
        date=document.date or "", author=document.author or "", url=document.url or "", site=document.sitename or "",
    )  # fmt: skip


def _clean_title(title: str, site: str) -> str:
    """``Hai tỉnh hợp tác - Báo Lào Cai`` -> ``Hai tỉnh hợp tác`` (the site's name is not the headline)."""
    title = _SPACE.sub(" ", title).strip()
    for separator in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and tail and (not site or tail.casefold() in site.casefold() or site.casefold() in tail.casefold()):
            return head.strip()
    return title


def _layout(body, title: str) -> _Page:  # type: ignore[no-untyped-def]
    page = _Page()
    if body is None:
        return page
    for element in body:
        _element(element, page)
    if page.blocks and _SPACE.sub(" ", page.blocks[0]).strip() == title:
        page.blocks.pop(0)  # the <h1> again
    return page


def _element(element, page: _Page) -> None:  # type: ignore[no-untyped-def]
    tag = element.tag
    if tag == "graphic":
        page.image(element.get("src") or "")
    elif tag in ("table", "row", "cell", "list", "div"):
        _children(element, page)
    else:
        page.paragraph(" ".join(element.itertext()))
        for graphic in element.iter("graphic"):
            page.image(graphic.get("src") or "")


def _children(element, page: _Page) -> None:  # type: ignore[no-untyped-def]
    own = (element.text or "").strip()
    if own:
        page.paragraph(own)
    for child in element:
        _element(child, page)
        if (child.tail or "").strip():
            page.paragraph(child.tail)


def _missing_lead(description: str | None, page: _Page) -> str:
    """The page's description, when it is a whole sentence the extracted body lacks (a sapo outside the content)."""
    description = _SPACE.sub(" ", description or "").strip()
    if not description.endswith(_SENTENCE_END) or len(description.split()) < 12:
        return ""
    probe = description[:60].casefold()
    if any(probe in block.casefold() for block in page.blocks):
        return ""
    return description
