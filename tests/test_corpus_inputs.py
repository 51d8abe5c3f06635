"""Inputs that used to go through silently or with misleading advice: mojibake, stray bytes, odd directory entries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tamngu.corpus.encoding import DOUBLE_UTF8, decode_article_bytes, mojibake_source, undo_cp1252
from tamngu.errors import BadInputError


def _as_cp1252_mojibake(text: str) -> str:
    """``text`` saved as UTF-8, opened as Windows-1252 (undefined bytes as C1 controls), as an editor would."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in text.encode())


OWN_WORDS = "Đồng chí chủ tịch tỉnh và các đại biểu của hai nước"
ASCII_ONLY = "Dong chi chu tich tinh va cac dai bieu cua hai nuoc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_as_cp1252_mojibake(OWN_WORDS), DOUBLE_UTF8),  # with Đ: byte 0x90 came through as U+0090
        (_as_cp1252_mojibake("hội nghị của các tỉnh và thành phố"), DOUBLE_UTF8),  # no undefined bytes
        (_as_cp1252_mojibake("đồng chí Vương Ninh"), DOUBLE_UTF8),  # a short line: two common words are enough
        ("Café Résumé à Paris", None),  # Latin-1 letters that are no mojibake
        (OWN_WORDS.encode().decode("latin-1"), DOUBLE_UTF8),  # read as Latin-1
        (OWN_WORDS, None),
        (ASCII_ONLY, None),
        ("Bà Hélène đến Paris và ăn crème brûlée của các đầu bếp", None),  # French words inside Vietnamese
    ],
)
def test_double_utf8_mojibake_is_recognised(text: str, expected: str | None) -> None:
    assert mojibake_source(text) == expected


@pytest.mark.parametrize(
    ("text", "repair"),
    [
        (_as_cp1252_mojibake(OWN_WORDS), "undo_cp1252"),  # iconv refuses U+0090, so the Python repair
        (_as_cp1252_mojibake("hội nghị của các tỉnh và thành phố"), "iconv -f UTF-8 -t CP1252"),
        ("hội nghị của các tỉnh".encode().decode("latin-1"), "iconv -f UTF-8 -t LATIN1"),  # Latin-1 has 0x80-0x9F
    ],
)
def test_double_utf8_message_names_the_repair(text: str, repair: str) -> None:
    with pytest.raises(BadInputError, match="read as Windows-1252 .*saved as UTF-8 again") as caught:
        decode_article_bytes(text.encode(), "a.txt")
    assert repair in str(caught.value)


@pytest.mark.parametrize("text", [OWN_WORDS, "hội nghị của các tỉnh", "Người Việt ở Lào Cai"])
def test_undo_cp1252_restores_the_original_bytes(text: str) -> None:
    assert undo_cp1252(_as_cp1252_mojibake(text)).decode("utf-8") == text


GOOD = "Tỉnh Lào Cai và tỉnh Vân Nam\n".encode()
CP1258_LINE = b"Vi\xea\xf2t Nam v\xe0 Trung Qu\xf4\xecc\n"  # Windows-1258, combining dot below 0xF2, acute 0xEC


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GOOD + b"Hai b\xffen\n" + GOOD, r"a.txt:2: not UTF-8 at byte 41 of the file \(0xFF, column 6 of the line\); "
                                        r"the rest of the file is UTF-8; mark that one byte with: printf '\?' \| "
                                        r"dd of='a.txt' bs=1 seek=41 conv=notrunc"),
        (GOOD + CP1258_LINE + GOOD, r"a.txt:2: .*line 2 looks like Windows-1258; convert that line alone with: "
                                    r"\{ head -n 1 'a.txt'; sed -n '2p' 'a.txt' \| iconv -f CP1258 -t UTF-8; tail -n \+3"),
        (GOOD + CP1258_LINE + GOOD + CP1258_LINE + GOOD, r"a.txt:2: .*the rest of the file is UTF-8 except line 4;"),
        (GOOD + "Hai bên hội đàm".encode() + b" \xe1\xbb\n", r"a.txt:2: .*retype line 2 in a UTF-8 editor"),  # cut character
        (CP1258_LINE * 3, r"a.txt:1: not UTF-8 \(byte 0xEA\); it looks like Windows-1258; convert it with: iconv -f CP1258"),
        (b"Lao Cai \x96 Van Nam\n", r"a.txt:1: not UTF-8 at byte 8 of the file \(0x96, column 9 .*seek=8 conv=notrunc"),  # ASCII, one byte
    ],
)
def test_one_bad_line_is_named_with_advice_for_that_line_only(data: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        decode_article_bytes(data, "a.txt")


def test_the_one_line_iconv_advice_repairs_only_that_line(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "a.txt"
    path.write_bytes(GOOD + CP1258_LINE + GOOD)
    with pytest.raises(BadInputError) as caught:
        decode_article_bytes(path.read_bytes(), path)
    command = str(caught.value).split("convert that line alone with: ", 1)[1]
    subprocess.run(["bash", "-c", command], check=True)
    assert path.read_bytes() == GOOD + "Việt Nam và Trung Quốc\n".encode() + GOOD


# ---------------------------------------------------------------- directory inputs


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone.txt")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inner.txt").write_text("Một bài khác nằm trong thư mục.\n", encoding="utf-8")


ARTICLE = "Tỉnh ủy Lào Cai họp bàn về cửa khẩu.\n\nHai bên thống nhất mở rộng hợp tác.\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_dangling_link, f"dangling symbolic link (to {{dir}}{os.sep}gone.txt)"),
        (_fifo, "a FIFO (named pipe), not an article file"),
        (_folder, "a directory, not an article file"),
    ],
)
def test_directory_entries_that_are_not_files_are_listed(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    from tamngu.translate.plan import collect_inputs_noting_skips

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    make(tmp_path / "b.txt")
    files, skipped = collect_inputs_noting_skips([tmp_path])
    assert files == [tmp_path / "a.txt"]
    assert skipped == [{"path": str(tmp_path / "b.txt"), "reason": reason.format(dir=tmp_path)}]


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        (ARTICLE, []),
        (ARTICLE + "\nHai bên thống nhất mở rộng hợp tác.\n", [{"line": 5, "text": "Hai bên thống nhất mở rộng hợp tác."}]),
    ],
)
def test_paragraphs_dropped_as_duplicates_are_listed(text: str, dropped: list[dict[str, object]]) -> None:
    from tamngu.corpus.parse import parse_article
    from tamngu.translate.plan import duplicate_paragraphs

    assert duplicate_paragraphs(parse_article(text, "x")) == dropped


def test_skips_and_duplicates_reach_summary_and_manifest(tmp_path: Path) -> None:
    import json

    from test_batch import _run  # the fake, glossary-aware translator

    from tamngu.commands.translate import summary_rows
    from tamngu.glossary.loader import load_glossary

    (tmp_path / "in").mkdir()
    (tmp_path / "in/a.txt").write_text(ARTICLE + "\nHai bên thống nhất mở rộng hợp tác.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "in/b.txt")
    summary, _ = _run([tmp_path / "in"], tmp_path / "run", load_glossary(None))
    rows = summary_rows(summary)
    assert ("skipped (not a file)", "b.txt: a FIFO (named pipe), not an article file") in rows
    assert ("duplicates dropped", "1 paragraph in 1 article (manifest: duplicates_dropped)") in rows
    manifest = json.loads((tmp_path / "run/manifest.json").read_text(encoding="utf-8"))
    assert manifest["skipped_inputs"] == [{"path": str(tmp_path / "in/b.txt"), "reason": "a FIFO (named pipe), not an article file"}]
    assert manifest["duplicates_dropped"] == {"a": [{"line": 5, "text": "Hai bên thống nhất mở rộng hợp tác."}]}


# ---------------------------------------------------------------- invisible characters inside names


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đoàn công tác tỉnh Lào Cai", [(19, 26, "Lào Cai")]),
        ("Đoàn công tác tỉnh Lào Ca\u200bi", [(19, 27, "Lào Ca\u200bi")]),  # zero-width space inside a syllable
        ("Đoàn công tác tỉnh Lào\u00ad Cai", [(19, 27, "Lào\u00ad Cai")]),  # soft hyphen
        ("Đoàn công tác tỉnh L\u2060ào Cai\u200b.", [(19, 27, "L\u2060ào Cai")]),  # word joiner; the trailing ZWSP stays out
        ("\ufeffLào Cai\u200b\u200b", [(1, 8, "Lào Cai")]),
        ("Đoàn công tác tỉnh La\u200b\u0300o Cai", [(19, 28, "La\u200b\u0300o Cai")]),  # decomposed, ZWSP before the mark
    ],
)
def test_invisible_characters_do_not_hide_a_name(text: str, found: list[tuple[int, int, str]]) -> None:
    from tamngu.glossary.matcher import Matcher
    from tamngu.glossary.model import Entry

    entry = Entry(id="lao-cai", type="place", vi="Lào Cai", en="Lao Cai", zh="老街", provenance="derived", source="test")
    matches = [(m.start, m.end, m.text) for m in Matcher([entry]).find(text) if m.entry.id == "lao-cai"]
    assert matches == found
    assert all(text[start:end] == span for start, end, span in matches)


@pytest.mark.parametrize(
    ("text", "normalized"),
    [("Lào\u200b Cai", "lào cai"), ("Ho\u00adà Bình", "hoà bình"), ("\u2060", ""), ("Hà Nội", "hà nội")],
)
def test_normalize_drops_invisible_characters(text: str, normalized: str) -> None:
    from tamngu.glossary.normalize import normalize, normalize_with_offsets

    assert normalize(text) == normalized
    assert len(normalize_with_offsets(text)[1]) == len(normalized) + 1
