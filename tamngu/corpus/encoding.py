"""Read article files as text: UTF-8 only, with a precise diagnosis otherwise.

Vietnamese newsrooms still meet files in pre-Unicode encodings: Windows-1258
(combining tone marks), VNI (a base letter followed by a mark byte), TCVN3/ABC
and VISCII (one byte per accented letter). tamngu translates UTF-8 only, but when
a file is not UTF-8 it says which legacy encoding the bytes look like and how to
convert them. The guess decodes the bytes with each candidate and counts common
Vietnamese words in the result; the candidate with most wins.

The TCVN3 and VISCII tables below are glibc iconv's ``TCVN5712-1`` and
``VISCII`` for bytes 0x80-0xFF; the VNI table follows the VNI-Windows layout.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 65536
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")
_LATIN1_HIGH = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")  # Latin-1 letters Vietnamese uses itself
_MOJIBAKE_MIN_WORDS = 3  # common Vietnamese words the repaired text must show
DOUBLE_UTF8 = "utf-8"  # mojibake_source's key for UTF-8 read as Windows-1252/Latin-1 and saved again

_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\xa0ĂÂÊÔƠƯĐăâêôơưđẶ\u0300\u0300\u0309\u0303\u0301"
    "àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)

# VNI-Windows, read through cp1252: standalone letters, then marks that follow a vowel.
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
                "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
                "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị"}  # fmt: skip
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({key.upper(): value for key, value in list(_VNI_MARKS.items())})
_VNI_SEQUENCE = re.compile("([aeiouyAEIOUYơưƠƯ])([" + "".join(_VNI_MARKS) + "]+)")

# Frequent Vietnamese words; a correct decoding is full of them.
_COMMON_WORDS = frozenset(
    "và của các có được là những trong một cho với đã này người không để tại về từ theo "
    "tỉnh đồng chí việt nam hai năm ngày đến cùng hội nghị phát triển hợp tác thành phố "
    "công tác nhân dân quốc trung biên giới chủ tịch".split()
)


@dataclass(frozen=True)
class LegacyEncoding:
    """A legacy Vietnamese encoding tamngu can recognise."""

    name: str
    iconv: str | None
    how_to_convert: str


LEGACY_ENCODINGS: dict[str, LegacyEncoding] = {
    "windows-1258": LegacyEncoding("Windows-1258", "CP1258", ""),
    "tcvn3": LegacyEncoding("TCVN3 (ABC)", "TCVN5712-1", ""),
    "viscii": LegacyEncoding("VISCII", "VISCII", ""),
    "vni": LegacyEncoding(
        "VNI-Windows", None, "iconv has no VNI codec: open it in UniKey's converter (VNI Windows -> Unicode)"
    ),
}


def read_text(path: Path) -> str:
    """Read ``path`` as UTF-8 text (a UTF-8 BOM is allowed and removed).

    Returns ``""`` for an empty file; the caller decides how to warn.

    Raises:
        BadInputError: unreadable, binary, UTF-16, or not UTF-8 (the message
            names the likely legacy encoding and the command that converts it).
    """
    data = _read_bytes(path)
    return decode_article_bytes(data, path)


def decode_article_bytes(data: bytes, path: Path | str = "<input>") -> str:
    """Decode the bytes of an article file; see :func:`read_text`."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if data.startswith(_UTF16_BOMS):
        raise BadInputError(
            f"{path}: UTF-16 text, expected UTF-8; convert it with: {_iconv_command('UTF-16', path)}"
        )
    if _looks_binary(data):
        raise BadInputError(f"{path}: binary file (NUL or control bytes), expected a UTF-8 text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(_not_utf8_message(path, data, exc)) from None
    legacy = mojibake_source(text)
    if legacy == DOUBLE_UTF8:
        raise BadInputError(_double_utf8_message(path, text))
    if legacy is not None:
        raise BadInputError(_mojibake_message(path, text, legacy))
    return text


def mojibake_source(text: str) -> str | None:
    """The legacy encoding ``text`` was written in before someone read it as Windows-1252 and saved UTF-8.

    VNI or TCVN3 bytes opened as Windows-1252 and saved again come out as
    valid UTF-8 that reads "Vieät Nam" or "ViÖt Nam"; UTF-8 itself opened that
    way reads "Ä‘á»“ng chÃ­" (key :data:`DOUBLE_UTF8`). Such text has few
    common Vietnamese words; encoded back to Windows-1252 (or Latin-1) and
    decoded with the right table it has many. None for text that reads as
    Vietnamese already (or has no Latin-1 letters at all).
    """
    sample = text[:_SNIFF_BYTES]
    if not _LATIN1_HIGH.search(sample):
        return None
    own = _vietnamese_score(sample)
    repaired = undo_cp1252(sample)
    # bytes that decode as UTF-8 again are a strong sign by themselves: a short line ('đồng chí') is enough
    least = _MOJIBAKE_MIN_WORDS - 1 if _strict_utf8(repaired) else _MOJIBAKE_MIN_WORDS
    if _vietnamese_score(repaired.decode("utf-8", errors="replace")) >= max(least, 2 * own + 1):
        return DOUBLE_UTF8
    for codec in ("cp1252", "latin-1"):
        try:
            raw = sample.encode(codec)
        except UnicodeEncodeError:
            continue
        scores = {key: _vietnamese_score(decoder(raw)) for key, decoder in _DECODERS.items()}
        best = max(scores, key=lambda key: scores[key])
        if scores[best] >= _MOJIBAKE_MIN_WORDS and scores[best] > 2 * own:
            return best
    return None


def _strict_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def undo_cp1252(text: str) -> bytes:
    """The bytes ``text`` was decoded from as Windows-1252, as a browser decodes it.

    Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come
    through as the C1 control of the same number, as WHATWG and Windows decode
    them; a character no single byte gives becomes ``?``.
    """
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out.append(ord(char) if ord(char) < 256 else 0x3F)
    return bytes(out)


def guess_legacy_encoding(data: bytes) -> str | None:
    """Key of :data:`LEGACY_ENCODINGS` the bytes most look like, or None."""
    scores = {key: _vietnamese_score(decoder(data)) for key, decoder in _DECODERS.items()}
    best = max(scores, key=lambda key: scores[key])
    logger.debug("legacy encoding scores: %s", scores)
    return best if scores[best] > 0 else None


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode ``data`` from one of :data:`LEGACY_ENCODINGS` into NFC text."""
    return _DECODERS[encoding](data)


# ---------------------------------------------------------------- helpers


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, expected an article file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file") from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror})") from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return bool(sample) and controls / len(sample) > 0.05


def _not_utf8_message(path: Path | str, data: bytes, exc: UnicodeDecodeError) -> str:
    mostly = mostly_utf8_message(path, data)
    if mostly is not None:
        return mostly
    line = data.count(b"\n", 0, exc.start) + 1
    where = f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02X})"
    key = guess_legacy_encoding(data)
    if key is None:
        return f"{where} and not a known Vietnamese encoding; save it as UTF-8 and retry"
    encoding = LEGACY_ENCODINGS[key]
    if encoding.iconv:
        fix = _iconv_command(encoding.iconv, path)
    else:
        fix = encoding.how_to_convert
    return f"{where}; it looks like {encoding.name}; convert it with: {fix}"


def _mojibake_message(path: Path | str, text: str, key: str) -> str:
    encoding = LEGACY_ENCODINGS[key]
    word = next((w for w in text.split() if any(_LATIN1_HIGH.match(c) and c not in _VIETNAMESE_LATIN1 for c in w)), "")
    undo = f"iconv -f UTF-8 -t CP1252 '{path}'"
    if encoding.iconv:
        fix = f"{undo} | iconv -f {encoding.iconv} -t UTF-8 > '{path}.utf8' && mv '{path}.utf8' '{path}'"
    else:  # iconv has no VNI codec
        fix = f"{undo} > '{path}.vni', then UniKey's converter (VNI Windows -> Unicode) on that file"
    return (
        f"{path}: {encoding.name} text that was read as Windows-1252 and saved as UTF-8 (mojibake such as {word!r}); "
        f"convert it with: {fix}"
    )


def mostly_utf8_message(path: Path | str, data: bytes) -> str | None:
    """The diagnosis of a UTF-8 file with a few bad lines or bytes, or None when it is not one.

    A file is "mostly UTF-8" when it has at least as many well-formed non-ASCII
    UTF-8 characters as bytes that are not UTF-8 (a Windows-1258 or VNI file
    has almost none), or a single bad byte. The message names the first bad line and byte, and its
    advice touches only that line: converting the whole file from a legacy
    encoding would garble every good line.
    """
    bad = _bad_utf8_offsets(data)
    text = data.decode("utf-8", errors="surrogateescape")
    good = sum(1 for char in text if char > "\x7f" and not "\udc80" <= char <= "\udcff")
    if not bad or (good < len(bad) and len(bad) > 1):  # one stray byte is one stray byte, even in ASCII text
        return None
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in bad})
    first = bad[0]
    column = first - data.rfind(b"\n", 0, first)
    where = f"{path}:{lines[0]}: not UTF-8 at byte {first} of the file (0x{data[first]:02X}, column {column} of the line)"
    others = f" except line{'s' if len(lines) > 2 else ''} {', '.join(map(str, lines[1:6]))}" if len(lines) > 1 else ""
    return f"{where}; the rest of the file is UTF-8{others}; {_line_fix(path, data, lines[0], bad)}"


def _bad_utf8_offsets(data: bytes) -> list[int]:
    """File offsets of every byte that is not part of a well-formed UTF-8 character."""
    offsets: list[int] = []
    position = 0
    while position < len(data):
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offsets.extend(range(position + exc.start, position + exc.end))
            position += exc.end
    return offsets


def _line_fix(path: Path | str, data: bytes, line: int, bad: list[int]) -> str:
    """Advice that changes line ``line`` only."""
    start = 0 if line == 1 else _nth_newline(data, line - 1) + 1
    end = data.find(b"\n", start)
    raw = data[start : end if end >= 0 else len(data)]
    on_line = [offset for offset in bad if start <= offset < start + len(raw)]
    show = f"see it with: sed -n '{line}p' '{path}' | od -c"
    if len(on_line) == 1:
        return (
            f"mark that one byte with: printf '?' | dd of='{path}' bs=1 seek={on_line[0]} conv=notrunc, "
            f"then retype the character at line {line} ({show})"
        )
    key = guess_legacy_encoding(raw)
    own_utf8 = any(char > "\x7f" and not "\udc80" <= char <= "\udcff" for char in raw.decode("utf-8", "surrogateescape"))
    if key is None or own_utf8 or LEGACY_ENCODINGS[key].iconv is None:
        return f"retype line {line} in a UTF-8 editor ({show})"
    encoding = LEGACY_ENCODINGS[key]
    return (
        f"line {line} looks like {encoding.name}; convert that line alone with: "
        f"{{ head -n {line - 1} '{path}'; sed -n '{line}p' '{path}' | iconv -f {encoding.iconv} -t UTF-8; "
        f"tail -n +{line + 1} '{path}'; }} > '{path}.utf8' && mv '{path}.utf8' '{path}'"
    )


def _nth_newline(data: bytes, count: int) -> int:
    position = -1
    for _ in range(count):
        position = data.find(b"\n", position + 1)
    return position


def _double_utf8_message(path: Path | str, text: str) -> str:
    word = next((w for w in text.split() if any(c in "ÃÄÆá»º" for c in w)), "")
    if all(_encodes(char, "cp1252") for char in text):
        fix = _iconv_back_command("CP1252", path)
    elif all(ord(char) < 256 for char in text):
        fix = _iconv_back_command("LATIN1", path)
    else:  # undefined Windows-1252 bytes (in Đ, ờ) came through as C1 controls: iconv refuses them
        fix = (
            "python3 -c \"import pathlib,sys; p=pathlib.Path(sys.argv[1]); from tamngu.corpus.encoding import undo_cp1252; "
            f"p.write_bytes(undo_cp1252(p.read_text('utf-8')))\" '{path}'"
        )
    return (
        f"{path}: UTF-8 text that was read as Windows-1252 (or Latin-1) and saved as UTF-8 again "
        f"(mojibake such as {word!r}); repair it with: {fix}"
    )


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _iconv_back_command(codec: str, path: Path | str) -> str:
    return f"iconv -f UTF-8 -t {codec} '{path}' > '{path}.utf8' && mv '{path}.utf8' '{path}'"


def _iconv_command(source_encoding: str, path: Path | str) -> str:
    """Convert in place (a side file named *.txt would be read as another article)."""
    return f"iconv -f {source_encoding} -t UTF-8 '{path}' > '{path}.utf8' && mv '{path}.utf8' '{path}'"


def _vietnamese_score(text: str) -> int:
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return sum(1 for word in words if word in _COMMON_WORDS)


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _table_decoder(high: str):  # type: ignore[no-untyped-def]
    table = {0x80 + index: char for index, char in enumerate(high)}

    def decode(data: bytes) -> str:
        text = "".join(table[byte] if byte >= 0x80 else chr(byte) for byte in data)
        return unicodedata.normalize("NFC", text)

    return decode


def _decode_vni(data: bytes) -> str:
    text = data.decode("cp1252", errors="replace")
    text = "".join(_VNI_LETTERS.get(char, char) for char in text)
    text = _VNI_SEQUENCE.sub(lambda m: m.group(1) + "".join(_VNI_MARKS[c] for c in m.group(2)), text)
    return unicodedata.normalize("NFC", text)


_DECODERS = {
    "windows-1258": _decode_cp1258,
    "tcvn3": _table_decoder(_TCVN3_HIGH),
    "viscii": _table_decoder(_VISCII_HIGH),
    "vni": _decode_vni,
}
