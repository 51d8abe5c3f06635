"""Parsing raw seed articles: parts, captions, metadata, dropped lines, decoding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tamngu.errors import BadInputError
from tamngu.corpus.parse import article_date, load_article, parse_article
from tamngu.corpus.encoding import decode_article_bytes, decode_legacy, guess_legacy_encoding, read_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FULL = SEEDS / "000_3a4965e06602310f.txt"
BODY_ONLY = SEEDS / "002_455caeea9bf3c048.txt"


def _texts(paragraphs):  # type: ignore[no-untyped-def]
    return [paragraph.text for paragraph in paragraphs]


def test_golden_body_of_000_equals_editor_cut_002() -> None:
    full = load_article(FULL)
    cut_lines = [line for line in BODY_ONLY.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert _texts(full.body) == cut_lines


def test_body_only_file_parses_as_all_body() -> None:
    cut = load_article(BODY_ONLY)
    assert cut.body_only and cut.title is None and cut.lead is None and cut.captions == ()
    assert len(cut.body) == 10


def test_full_article_parts() -> None:
    article = load_article(FULL)
    assert article.title is not None and article.title.text.endswith("Vân Nam (Trung Quốc)")
    assert article.lead is not None and article.lead.line == 3
    assert _texts(article.captions)[0] == "Quang cảnh buổi hội kiến."
    assert len(article.captions) == 5
    assert "baolaocai-br_0042.jpg" in article.metadata.images


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0:00 / 0:00", "media-player"),
        ("0:00", "media-player"),
        ("baolaocai-br_0042.jpg", "image-file"),
        ("fb yt zl tw", "social-footer"),
        ("Có thể bạn quan tâm", "related-news"),
        ("Tin cùng chuyên mục", "related-news"),
    ],
)
def test_seed_000_drops(line: str, reason: str) -> None:
    dropped = {(item.text, item.reason) for item in load_article(FULL).dropped}
    assert (line, reason) in dropped


def test_related_news_drops_everything_after() -> None:
    article = load_article(FULL)
    related = [item for item in article.dropped if item.reason == "related-news"]
    assert related[0].text == "Có thể bạn quan tâm"
    assert all("Lương Cường" not in text for text in _texts(article.body))
    assert max(p.line for p in article.body) < related[0].line


def test_seed_003_credit_byline_and_stock_caption() -> None:
    article = load_article(SEEDS / "003_6bcdd4cf1a5b396e.txt")
    assert article.metadata.photo_credits == ("Ảnh: Cao Cường",)
    assert article.metadata.bylines == ("Thúy Nga",)
    assert _texts(article.captions) == [
        "Quang cảnh hội nghị tại điểm cầu Lào Cai.",
        "Bí thư Tỉnh ủy Lào Cai Đặng Xuân Phong phát biểu tại Hội nghị.",
    ]
    assert _texts(article.body)[-1].endswith("nội dung hợp tác cụ thể.")  # "./." end mark
    assert any(item.reason == "related-news" and item.text == "Tin Liên Quan" for item in article.dropped)


def test_seed_004_image_names_with_spaces_and_consecutive_captions() -> None:
    article = load_article(SEEDS / "004_e215a13064ec9058.txt")
    assert "baolaocai_hoidam (1).JPG" in article.metadata.images
    assert "baolaocai_La binh.jpg" in article.metadata.images
    assert len(article.captions) == 7


@pytest.mark.parametrize(
    ("text", "title", "lead", "body", "captions"),
    [
        ("Tiêu đề bài\n\nĐoạn mở đầu.\n\nThân bài.", "Tiêu đề bài", "Đoạn mở đầu.", ["Thân bài."], []),
        ("Câu thứ nhất.\nCâu thứ hai.", None, None, ["Câu thứ nhất.", "Câu thứ hai."], []),
        ("Tiêu đề\n\nMở đầu.\n\nanh_1.png\nChú thích ảnh.\n\nThân.", "Tiêu đề", "Mở đầu.", ["Thân."], ["Chú thích ảnh."]),
        ("Tiêu đề\n\nMở đầu.\n\nanh_1.png\n\nThân.", "Tiêu đề", "Mở đầu.", ["Thân."], []),
        ("Tiêu đề\n\nMở đầu.\n\nẢnh chụp hội nghị. (Ảnh: Minh Anh)", "Tiêu đề", "Mở đầu.", [], ["Ảnh chụp hội nghị."]),
        ("Tiêu đề\n\nMở đầu.\n\nThân.\n\nNguyễn Văn An", "Tiêu đề", "Mở đầu.", ["Thân."], []),
        ("Tiêu đề\n\nMở đầu.\n\nThân./.\n\nTin khác\n\nTin khác nữa.", "Tiêu đề", "Mở đầu.", ["Thân."], []),
        ("Vì sao Lào Cai hút khách?\n\nMở đầu.", "Vì sao Lào Cai hút khách?", "Mở đầu.", [], []),
        ("Tiêu đề\n\nMở đầu.\n\nanh.jpg\nQuang cảnh lễ. Ảnh: Minh Anh", "Tiêu đề", "Mở đầu.", [], ["Quang cảnh lễ."]),
        ("Tiêu đề\n\nMở đầu.\n\nThân bài. Ảnh: chưa có.", "Tiêu đề", "Mở đầu.", ["Thân bài. Ảnh: chưa có."], []),
        ("", None, None, [], []),
    ],
)
def test_parse_table(text: str, title: str | None, lead: str | None, body: list[str], captions: list[str]) -> None:
    article = parse_article(text, "x")
    assert (article.title.text if article.title else None) == title
    assert (article.lead.text if article.lead else None) == lead
    assert _texts(article.body) == body
    assert _texts(article.captions) == captions


def test_nfd_input_is_normalized() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Tiêu đề\n\nMở đầu Tỉnh ủy.")
    assert parse_article(text, "x").lead.text == "Mở đầu Tỉnh ủy."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Ngày 18/5/2021, Tỉnh ủy Lào Cai họp.", dt.date(2021, 5, 18)),
        ("Sáng 30/5/2023, tại Lào Cai.", dt.date(2023, 5, 30)),
        ("Sáng 30/5, tại Lào Cai.", None),
        ("Kỷ niệm (3/2/1930 - 3/2/2026) tại Lào Cai.", None),
        ("Ngày 31/2/2021 không có.", None),
        ("Sáng ngày 18 tháng 5 năm 2021, họp.", dt.date(2021, 5, 18)),
        ("Chiều 8.11.2023, đoàn về.", dt.date(2023, 11, 8)),
    ],
)
def test_article_date(lead: str, expected: dt.date | None) -> None:
    assert article_date(parse_article(f"Tiêu đề\n\n{lead}", "x")) == expected


def test_article_date_of_seed_003() -> None:
    assert article_date(load_article(SEEDS / "003_6bcdd4cf1a5b396e.txt")) == dt.date(2021, 5, 18)


# ---------------------------------------------------------------- decoding

SAMPLE = "Việt Nam và Trung Quốc được hợp tác tại tỉnh Lào Cai của hai nước. Đồng chí Bí thư."


def _cp1258(text: str) -> bytes:
    import unicodedata

    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += head.encode("cp1258") + "".join(m for m in marks if m not in "\u0302\u0306\u031b").encode("cp1258")
    return bytes(out)


def test_utf8_bom_is_accepted() -> None:
    assert decode_article_bytes(b"\xef\xbb\xbf" + "Tỉnh".encode()) == "Tỉnh"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_cp1258(SAMPLE), "windows-1258"),
        (b"Vie\xe4t Nam va\xf8 Trung Quo\xe1c \xf1\xf6\xf4\xefc h\xf4\xefp ta\xf9c ta\xefi ti\xe6nh La\xf8o Cai cu\xfba hai", "vni"),
        (b"Vi\xd6t Nam v\xb5 Trung Qu\xe8c \xae\xad\xeec h\xeep t\xb8c t\xb9i t\xd8nh L\xb5o Cai c\xf1a hai", "tcvn3"),
    ],
)
def test_guess_legacy_encoding(data: bytes, encoding: str) -> None:
    assert guess_legacy_encoding(data) == encoding
    assert "Việt Nam" in decode_legacy(data, encoding)


def test_cp1258_message_names_encoding_and_iconv(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(_cp1258(SAMPLE))
    with pytest.raises(BadInputError, match=r"legacy.txt:1: not UTF-8 .*Windows-1258.*iconv -f CP1258 -t UTF-8"):
        read_text(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\xff\xfeT\x00", "UTF-16"),
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "not a known Vietnamese encoding"),
    ],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        decode_article_bytes(data, "f.txt")


def test_cli_inspect_json_lists_segment_ids() -> None:
    import json

    from tamngu.cli import app

    result = CliRunner().invoke(app, ["corpus", "inspect", str(FULL), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["segments"][0]["id"] == "000_3a4965e06602310f:title:0.0"
    assert {"000_3a4965e06602310f:body:3.1", "000_3a4965e06602310f:caption:4.0"} <= {
        s["id"] for s in report["segments"]
    }


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``tamngu ARGS`` in-process through ``main()`` (exit code, stdout, stderr)."""
    import sys

    from tamngu.cli import main

    saved = sys.argv
    sys.argv = ["tamngu", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = saved
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_inspect_empty_file_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = _main(["corpus", "inspect", str(empty)], capsys)
    assert code == 0 and "warning" in err


def test_cli_inspect_non_utf8_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(_cp1258(SAMPLE))
    code, _, err = _main(["corpus", "inspect", str(path)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "iconv -f CP1258" in err
