"""Photos in copied text: image markers, alt text, captions and photo credits.

A copied page keeps traces of its photos, and the line after one is the
photo's caption. The traces recognised here:

* an image file name (``baolaocai-br_0042.jpg``) or an inline path
  (``/uploads/news/2017_03/img_3067.jpg`` inside a paragraph);
* markup remnants: an empty Markdown image (``![]() |``), an ``<image>`` tag;
* alt text that repeats the headline with a counter (``... (Trung Quốc) ảnh 1``,
  ``... thực chất- Ảnh 1.``), sometimes glued to the caption
  (``... - ảnh 1Đại biểu hai bên ...``): the rest of the line is the caption.

Captions in layout tables keep the table's pipes (``| Toàn cảnh. Ảnh: X |``,
``... (Ảnh: Ngọc Bảo) |``): :func:`strip_pipes` removes them and says so. A
photo credit at the end of a caption (``(Ảnh: Cao Cường)``, ``. Ảnh: LÊ HẢI``,
``Ảnh Hoàng Tính``, ``_Ảnh: doanthanhnien.vn``, ``ẢNH: LÃ NGHĨA HIẾU``) goes to
metadata (:func:`split_credit`); a credit must read as a name, an agency, an
institution (``Ảnh: Bộ Ngoại giao``, ``Ảnh: Sở Văn hóa và Thể thao``) or a site,
so ``Thân bài. Ảnh: chưa có.`` stays text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

IMAGE_EXTENSIONS = r"(?:jpe?g|png|gif|webp|bmp|tiff?|heic|svg)"
_IMAGE_FILE = re.compile(r"^[^\s/\\][^/\\]*\." + IMAGE_EXTENSIONS + r"$", re.IGNORECASE)
_INLINE_IMAGE = re.compile(r"(?:^|\s)(/[\w./-]+\." + IMAGE_EXTENSIONS + r")(?=\s|$)", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_IMAGE_TAG = re.compile(r"^<image\b.*</image>$|^<img\b[^>]*>$", re.IGNORECASE)
_ALT_COUNTER = re.compile(r"^(?P<alt>.+?)\s*-?\s*ảnh\s+\d{1,2}\.?(?:(?=[A-ZĐÀ-Ỹ\"“])(?P<rest>.+))?$", re.IGNORECASE)
_CREDIT_WORDS = r"(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Ảnh tư liệu|Nguồn|Video|Clip|Bài và ảnh|Bài, ảnh|Bài|Tin, ảnh|Tin và ảnh|Tác giả)"
_BRACKETED_CREDIT = re.compile(r"\s*\(\s*(" + _CREDIT_WORDS + r"\s*:\s*[^()]+?)\s*\)\s*\.?\s*$", re.IGNORECASE)
_TAIL_CREDIT = re.compile(r"(?:(?<=[.!?…)\]”\"])\s*|\s+|_)((?:Ảnh|ẢNH|Nguồn|NGUỒN)(?:\s*:\s*|\s+)(?P<name>[^()]{2,60}?))\s*\.?$")
_CREDIT_LINE = re.compile(r"^\(?\s*(" + _CREDIT_WORDS + r"\s*:\s*[^()]+?)\s*\)?$", re.IGNORECASE)
_CREDIT_LINE_MAX_WORDS = 8
_NAME_GLUE = frozenset({"-", "–", "/", "phát", "và", "&", ","})
_CREDIT_MAX_WORDS = 8
# A credit may name an institution rather than a person: "Ảnh: Bộ Ngoại giao", "Ảnh: Sở Văn hóa và Thể thao tỉnh".
_INSTITUTION = re.compile(
    r"^(?:Bộ|Sở|Ban|Cục|Chi cục|Tổng cục|Vụ|Viện|Văn phòng|Ủy ban|Uỷ ban|UBND|Trung tâm|Cổng|Báo|Đài|Tạp chí|Thông tấn xã|"
    r"Bộ Tư lệnh|Bộ Chỉ huy|Ban Chỉ huy|Công an|Bộ đội|Quân khu|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Đảng ủy|"
    r"Hội|Liên đoàn|Đoàn|Trường|Bệnh viện|Phòng|Đại sứ quán|Tổng Lãnh sự quán|Lãnh sự quán|Hải quan|Biên phòng|Công ty|Tập đoàn)"
    r"\s+[A-ZĐÀ-Ỹ0-9]"
)
_INSTITUTION_MAX_WORDS = 14


class ImageMarker(NamedTuple):
    """A trace of a photo on a line; ``caption`` is caption text glued after it."""

    kind: str
    text: str
    caption: str = ""


class Piece(NamedTuple):
    """A paragraph piece between inline image paths; ``after_image`` when a path precedes it."""

    text: str
    after_image: bool


def image_marker(line: str) -> ImageMarker | None:
    """The photo trace ``line`` is, or None."""
    if _IMAGE_FILE.match(line):
        return ImageMarker("image-file", line)
    bare = line.strip(" |")
    if _MARKDOWN_IMAGE.match(bare) or _IMAGE_TAG.match(bare):
        return ImageMarker("image-markup", line)
    found = _ALT_COUNTER.match(line)
    if found and len(found.group("alt").split()) >= 3:
        return ImageMarker("image-alt", line[: found.start("rest")] if found.group("rest") else line,
                           (found.group("rest") or "").strip())  # fmt: skip
    return None


def split_inline_images(line: str) -> tuple[list[Piece], list[str]]:
    """Cut a paragraph at inline image paths: the pieces of text, and the paths."""
    paths = [m.group(1) for m in _INLINE_IMAGE.finditer(line)]
    if not paths:
        return [Piece(line, False)], []
    pieces: list[Piece] = []
    for index, part in enumerate(_INLINE_IMAGE.split(line)):
        if index % 2 == 0 and part.strip():
            pieces.append(Piece(part.strip(), index > 0))
    return pieces, paths


def strip_pipes(line: str) -> tuple[str, bool, bool]:
    """``(text, leading_pipe, trailing_pipe)``: a layout-table cell without its borders."""
    leading, trailing = line.startswith("|"), line.endswith("|")
    return line.strip("|").strip(), leading, trailing


def credit_line(line: str) -> str:
    """The credit when the whole line is one (``Ảnh: Cao Cường``, ``(Bài, ảnh: ...)``), else ``""``."""
    found = _CREDIT_LINE.match(line)
    if found and len(line.split()) <= _CREDIT_LINE_MAX_WORDS and _reads_as_name(found.group(1).split(":", 1)[1]):
        return found.group(1)
    return ""


def split_credit(line: str) -> tuple[str, str]:
    """``(text, credit)``: a caption without its trailing photo credit (``""`` when there is none)."""
    found = _BRACKETED_CREDIT.search(line)
    if found and found.start() > 0:
        return _close_sentence(line[: found.start()]), found.group(1)
    found = _TAIL_CREDIT.search(line)
    if found and found.start() > 0 and _reads_as_name(found.group("name")):
        return _close_sentence(line[: found.start()]), found.group(1).rstrip(".")
    return line, ""


def _close_sentence(text: str) -> str:
    return text.rstrip(" _-–")


def _reads_as_name(value: str) -> bool:
    """A person, agency or site: every word capitalised, an acronym, a domain or glue (``Lệ Hằng/TTXVN phát``)."""
    words = value.strip().rstrip(".").replace("/", " / ").split()
    if _INSTITUTION.match(value.strip()) and len(words) <= _INSTITUTION_MAX_WORDS:
        return True
    if not words or len(words) > _CREDIT_MAX_WORDS:
        return False
    return all(word in _NAME_GLUE or word[0].isupper() or "." in word.strip(".") for word in words)
