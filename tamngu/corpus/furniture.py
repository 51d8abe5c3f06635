"""Page furniture: the lines of a copied news page that are not the article.

Each recognizer looks at one line (already stripped) and says whether it is
furniture and which kind; :func:`furniture_reason` tries them in order. The
kinds, with the shapes seen on Vietnamese news and government sites:

* ``media-player``: ``0:00 / 0:00``.
* ``social-footer``: ``fb yt zl tw``.
* ``menu``: bullet items (``• An Giang``, ``• Click để copy``), a lone list
  dash (``-``), a skip link (``Nhảy đến nội dung``), a breadcrumb
  (``Trang chủ Hữu nghị Bốn phương``).
* ``share-widget``: ``Chia sẻ``, ``In bài này``, ``Theo dõi Baoquocte.vn trên``,
  the font-size buttons (``aa``, ``A- A A+``).
* ``dateline``: a date and time with nothing else (``15:49 | 14/10/2024 GMT+7``,
  ``Thứ Hai, 19/11/2018, 18:33 [GMT+7]``, ``2024-12-16T22:12:49-05:00``,
  ``19 giờ trướcBài gốc``).
* ``url``: a line that is a web address, or a short label glued to one.
* ``comments``: the comment box (``Tối đa: 1500 ký tự``).
* ``promo``: ``* Mời quý độc giả theo dõi ...``, an ad label (``Advertisement``, ``Quảng cáo``).
* ``no-text``: a line without a letter (``.``, ``;``, ``***``).
* ``placeholder-caption``: a photo's alt text left as the unaccented slug of the
  headline (``ha tinh luon chu trong hoat dong ngoai giao``): lower-case ASCII
  words only, which Vietnamese prose never is.
* ``source-domain``: the site that closes an article (``(baolaocai.vn)``,
  ``Nguồn tin: qdnd.vn``, ``Theo vov.vn``).
* ``stamp``: a site stamp left alone on its line (``(VTC News) -``, ``TPO -``).

Inside a line, :func:`strip_inline_furniture` removes a caption pointer
(``(Ảnh dưới)``, ``(ảnh trên)``, ``(ảnh)``) and a source domain closing the
paragraph (``... phát triển. (Baotintuc.vn)``).

Related-news and comment headings (``Tin liên quan``, ``Các tin/bài khác``,
``Hiện chưa có bình luận nào``) end the article: see :func:`is_section_end`.
The site stamp that opens a lead (``BHG - ``, ``(VOV5) - ``, ``TTXVN``-style
``(Chinhphu.vn) - ``, ``Baoquocte.vn. ``) is split off by :func:`split_stamp`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

_SHORT_LINE = 60

SECTION_END_HEADINGS: frozenset[str] = frozenset(
    {
        "có thể bạn quan tâm",
        "tin cùng chuyên mục",
        "tin liên quan",
        "tin khác",
        "các tin khác",
        "các tin/bài khác",
        "tin/bài khác",
        "bài liên quan",
        "bài viết liên quan",
        "tin bài liên quan",
        "xem thêm",
        "đọc thêm",
        "tin mới",
        "tin mới nhất",
        "tin đọc nhiều",
        "các album đã đăng",
        "phản hồi",
        "ý kiến bạn đọc",
        "bình luận",
        "gửi bình luận",
        "related news",
    }
)
_COMMENTS_OPENING = re.compile(r"^(?:hiện )?chưa có (?:bình luận|ý kiến)", re.IGNORECASE)
SOCIAL_TOKENS: frozenset[str] = frozenset(
    {"fb", "yt", "zl", "tw", "in", "ig", "tt", "facebook", "youtube", "zalo", "twitter", "email", "print"}
)
_SHARE_PHRASES: frozenset[str] = frozenset(
    {"chia sẻ", "in bài này", "in bài viết", "lưu bài", "lưu tin", "click để copy", "sao chép liên kết", "copy link",
     "nghe bài viết", "nghe đọc bài", "bản in", "gửi bài viết", "gửi email", "tăng tương phản", "giảm tương phản"}
)  # fmt: skip
_SKIP_LINKS: frozenset[str] = frozenset({"nhảy đến nội dung", "chuyển đến nội dung", "bỏ qua nội dung", "skip to content"})
_FOLLOW = re.compile(r"^theo dõi \S.{0,40} trên(?: google news| facebook| zalo)?$", re.IGNORECASE)
_FONT_WIDGET = re.compile(r"^(?:[aA]\s*[+-]?\s*)+(?:\|.*)?$")
_BULLET = re.compile(r"^[•·▪►»]\s*\S")
_BREADCRUMB = re.compile(r"^trang chủ(?:\s|[>›»/|])", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_COMMENT_BOX = re.compile(r"^(?:tối đa|tối thiểu)\s*:?\s*\d[\d.]*\s*ký tự$", re.IGNORECASE)
_PROMO = re.compile(r"^\*?\s*mời (?:quý )?(?:độc giả|bạn đọc|quý vị)\b", re.IGNORECASE)
_AD_LABELS: frozenset[str] = frozenset({"advertisement", "quảng cáo", "tài trợ", "sponsored", "ads", "nội dung tài trợ"})
_MEDIA_RESIDUE = re.compile(r"^\d{1,2}(?::\d{2}){1,2}(?:\s*/\s*\d{1,2}(?::\d{2}){1,2})?$")
_PLACEHOLDER = re.compile(r"^[a-z]+(?:[ -][a-z]+){3,}$")  # four or more unaccented lower-case words
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:vn|com|net|org|info)"
_SOURCE_LINE = re.compile(
    r"^\(?\s*(?:(?:theo|nguồn(?:\s+tin)?|tin|nguồn\s+bài)\s*:?\s*)?" + _DOMAIN + r"\s*\)?\.?$", re.IGNORECASE
)
# "(Nguồn: x.vn)" after a caption is its credit (tamngu.corpus.images), not the article's source
_SOURCE_TAIL = re.compile(r"(?<=[.!?…”\"])\s*\(\s*(?:theo\s+)?" + _DOMAIN + r"\s*\)\s*$", re.IGNORECASE)
_CAPTION_POINTER = re.compile(
    r"\s*\((?:xem\s+)?(?:ảnh|hình|hình ảnh)(?:\s+(?:\d{1,2}|(?:bên\s+)?(?:dưới|trên|phải|trái)|bên|giữa|kèm theo))?\)",
    re.IGNORECASE,
)
_LONE_STAMP = re.compile(r"^(?:\([^()]{2,24}\)|[A-ZĐ][A-ZĐ0-9]{1,7})\s*[-–—]$")

# Datelines: strip every date/time token and the words that go with them; nothing may remain.
_DATE_TOKENS = re.compile(
    r"\d{4}-\d{2}-\d{2}T[\d:.]+(?:[+-]\d{2}:\d{2}|Z)?"  # ISO timestamps
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 14/10/2024, 25-12-2022
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # 15:49
    r"|GMT\s*[+-]\s*\d{1,2}|GMT|UTC|\d+\s*(?:giờ|phút|ngày|tuần)\s*trước",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    "thứ hai ba tư năm sáu bảy chủ nhật cn ngày lúc cập nhật đăng bài gốc sáng chiều tối am pm".split()
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DATE_PUNCT = re.compile(r"[\s,|\-–—:()\[\]/.]+")

# A site stamp opens a lead: "BHG - ", "LCĐT - ", "(VOV5) - ", "(Dân trí) – ", "Baoquocte.vn. ", "VOV.VN - ".
_STAMP = re.compile(
    r"^(?P<stamp>\((?:[^()\s]|\s(?=\S)){2,24}\)|[A-ZĐ][A-ZĐ0-9]{1,7}|[A-Za-zĐđ]{2,20}\.(?:vn|VN|com|net|org)(?:\.vn)?)"
    r"(?:\s*[-–—]\s*|\.\s+)(?=\S)"
)
_STAMP_NOT: frozenset[str] = frozenset(
    {"UBND", "HĐND", "MTTQ", "BCH", "BTV", "TP", "TW", "ĐBQH", "CHND", "CHXHCN", "ASEAN", "APEC", "EU", "WTO", "FDI", "ODA"}
)
_LEAD_MIN_WORDS = 12  # what follows a stamp is a lead, not a label ("DIC-Sở Thông tin ...")


def is_section_end(line: str) -> bool:
    """A related-news, album or comments heading: the article ends here."""
    if len(line) > _SHORT_LINE:
        return False
    folded = line.strip().rstrip(":").casefold()
    return folded in SECTION_END_HEADINGS or bool(_COMMENTS_OPENING.match(folded))


def is_social_footer(line: str) -> bool:
    """``fb yt zl tw``: share icons copied as their labels."""
    if len(line) > _SHORT_LINE:
        return False
    tokens = line.casefold().split()
    return bool(tokens) and all(token in SOCIAL_TOKENS for token in tokens)


def is_dateline(line: str) -> bool:
    """A line that is only a publication date and/or time."""
    if len(line) > _SHORT_LINE or not _DATE_TOKENS.search(line):
        return False
    rest = _DATE_PUNCT.split(_DATE_TOKENS.sub(" ", line).casefold())
    return all(not word or word in _DATE_WORDS for word in rest)


def dateline_date(line: str) -> str:
    """The ``YYYY-MM-DD`` a dateline gives (``15:49 | 14/10/2024 GMT+7`` -> ``2024-10-14``), or ``""``."""
    found = _ISO_DATE.search(line)
    if found:
        year, month, day = (int(part) for part in found.groups())
    else:
        found = _DMY_DATE.search(line)
        if not found:
            return ""
        day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def is_url_line(line: str) -> bool:
    """A web address alone, or a short label glued to one (``DIC-Sở ...https://.../logo.png``)."""
    found = _URL.search(line)
    if not found:
        return False
    rest = _URL.sub(" ", line).strip()
    return len(rest.split()) <= 12 and not rest.endswith((".", "!", "?"))


def _is_menu(line: str) -> bool:
    folded = line.casefold()
    return (
        line in {"-", "–", "•", "*"}
        or (bool(_BULLET.match(line)) and len(line.split()) <= 8)
        or folded in _SKIP_LINKS
        or bool(_BREADCRUMB.match(line)) and len(line.split()) <= 10
    )


def _is_share_widget(line: str) -> bool:
    folded = line.casefold().strip(" •|")
    return folded in _SHARE_PHRASES or bool(_FOLLOW.match(folded)) or bool(_FONT_WIDGET.match(line))


def _no_text(line: str) -> bool:
    return not any(char.isalpha() for char in line)


_RECOGNIZERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("media-player", lambda line: bool(_MEDIA_RESIDUE.match(line))),
    ("menu", _is_menu),
    ("dateline", is_dateline),
    ("no-text", _no_text),
    ("social-footer", is_social_footer),
    ("share-widget", _is_share_widget),
    ("url", is_url_line),
    ("comments", lambda line: bool(_COMMENT_BOX.match(line))),
    ("promo", lambda line: bool(_PROMO.match(line)) or line.casefold().strip(" -–:") in _AD_LABELS),
    ("placeholder-caption", lambda line: bool(_PLACEHOLDER.match(line))),
    ("source-domain", lambda line: bool(_SOURCE_LINE.match(line))),
    ("stamp", lambda line: bool(_LONE_STAMP.match(line))),
)


def furniture_reason(line: str) -> str | None:
    """The kind of page furniture ``line`` is, or None for article text."""
    for reason, recognizer in _RECOGNIZERS:
        if recognizer(line):
            return reason
    return None


def strip_inline_furniture(line: str) -> tuple[str, list[tuple[str, str]]]:
    """``line`` without caption pointers and a closing source domain, and what was removed (text, kind).

        >>> strip_inline_furniture("Hai bên trao quà cho học sinh (ảnh dưới).")
        ('Hai bên trao quà cho học sinh.', [('(ảnh dưới)', 'caption-pointer')])
    """
    removed = [(found.group().strip(), "caption-pointer") for found in _CAPTION_POINTER.finditer(line)]
    line = _CAPTION_POINTER.sub("", line) if removed else line
    tail = _SOURCE_TAIL.search(line)
    if tail and tail.start() > 0:
        removed.append((tail.group().strip(), "source-domain"))
        line = line[: tail.start()]
    return line.strip(), removed


def split_stamp(text: str) -> tuple[str, str]:
    """``("BHG", "Tỉnh Hà Giang ...")`` for a lead opening with a site stamp, else ``("", text)``."""
    found = _STAMP.match(text)
    if not found:
        return "", text
    stamp = found.group("stamp")
    bare = stamp.strip("()")
    if bare in _STAMP_NOT or (stamp[0] != "(" and "." not in stamp and not _looks_like_acronym(bare)):
        return "", text
    if len(text[found.end() :].split()) < _LEAD_MIN_WORDS:
        return "", text
    return bare, text[found.end() :]


def _looks_like_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 8
