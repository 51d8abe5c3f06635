"""Saved HTML pages: the article, its captions and the page's date, author and URL.

The pages are small ones written for these tests in the shapes Vietnamese news
CMSs use (figure/figcaption, a photo table, a sapo heading, a related box).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.corpus.html import parse_html
from tamngu.corpus.parse import article_date, load_article
from tamngu.errors import BadInputError

TITLE = "Hai tỉnh biên giới tăng cường hợp tác thương mại"
LEAD = "Sáng 5/3, đoàn công tác của tỉnh đã làm việc với đối tác bên kia biên giới về hợp tác thương mại và du lịch."
BODY = ["Hai bên thống nhất tăng cường trao đổi thông tin về quản lý biên giới và cửa khẩu.",
        "Lãnh đạo tỉnh đề nghị hai bên sớm mở thêm lối thông quan hàng hóa nông sản."]  # fmt: skip

HEAD = f"""<head><meta charset="utf-8"><title>{TITLE} - Báo Tỉnh</title>
<meta property="og:site_name" content="Báo Tỉnh">
<meta property="og:url" content="https://baotinh.vn/hop-tac-post1.html">
<meta property="article:published_time" content="2021-05-18T09:00:00+07:00">
<meta name="author" content="Trần Minh An"></head>"""
NAV = '<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/ts">Thời sự</a></li></ul></nav></header>'
RELATED = '<div class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">Tỉnh thu giữ hàng lậu</a></li></ul></div>'
FOOTER = "<footer><p>Báo Tỉnh. Giấy phép số 12/GP-BTTTT.</p></footer>"


def _page(article: str, head: str = HEAD) -> str:
    return f"<!DOCTYPE html><html lang='vi'>{head}<body>{NAV}<article>{article}{RELATED}</article>{FOOTER}</body></html>"


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


FIGURE = '<figure><img src="/up/2021/anh-1.jpg" alt="Hai tỉnh ảnh 1"><figcaption>Quang cảnh hội đàm. Ảnh: Minh An</figcaption></figure>'
PHOTO_TABLE = ('<table class="image"><tr><td><img src="/up/2021/anh-2.jpg"></td></tr>'
               '<tr><td class="caption">Đại biểu hai bên ký biên bản.</td></tr></table>')  # fmt: skip
SAPO = f'<h2 class="sapo">BHG - {LEAD}</h2>'
CASES = {
    "figure caption": (f"<h1>{TITLE}</h1>{SAPO}<p>{BODY[0]}</p>{FIGURE}<p>{BODY[1]}</p>", ["Quang cảnh hội đàm."]),
    "photo table": (f"<h1>{TITLE}</h1>{SAPO}<p>{BODY[0]}</p>{PHOTO_TABLE}<p>{BODY[1]}</p>", ["Đại biểu hai bên ký biên bản."]),
    "no photo": (f"<h1>{TITLE}</h1>{SAPO}{_paragraphs(BODY)}", []),
}


@pytest.mark.parametrize(("article", "captions"), list(CASES.values()), ids=list(CASES))
def test_parts_of_a_page(article: str, captions: list[str]) -> None:
    parsed = parse_html(_page(article), "page")
    assert parsed.title is not None and parsed.title.text == TITLE  # " - Báo Tỉnh" removed, <h1> not repeated
    assert parsed.lead is not None and parsed.lead.text == LEAD
    assert parsed.metadata.stamp == "BHG"
    assert [p.text for p in parsed.body] == BODY  # menu, related box and footer gone
    assert [p.text for p in parsed.captions] == captions


def test_page_metadata_and_date() -> None:
    parsed = parse_html(_page(f"<h1>{TITLE}</h1>{SAPO}{_paragraphs(BODY)}"), "page")
    assert (parsed.metadata.date, parsed.metadata.author) == ("2021-05-18", "Trần Minh An")
    assert (parsed.metadata.url, parsed.metadata.site) == ("https://baotinh.vn/hop-tac-post1.html", "Báo Tỉnh")
    assert article_date(parsed) == dt.date(2021, 5, 18)  # the page's date, though the lead only says "Sáng 5/3"
    assert parsed.to_dict()["metadata"]["url"] == "https://baotinh.vn/hop-tac-post1.html"


def test_sapo_outside_the_content_comes_from_the_description() -> None:
    head = HEAD.replace("</head>", f'<meta name="description" content="{LEAD}"></head>')
    parsed = parse_html(_page(f"<h1>{TITLE}</h1>{_paragraphs(BODY)}", head=head), "page")
    assert parsed.lead is not None and parsed.lead.text == LEAD
    assert [p.text for p in parsed.body] == BODY


@pytest.mark.parametrize("html", [f"<html>{HEAD}<body>{NAV}</body></html>", "<html><body></body></html>"])
def test_page_without_article_text_is_bad_input(html: str) -> None:
    with pytest.raises(BadInputError, match="no article text found"):
        parse_html(html, "menu", "menu.html")


def test_load_article_reads_html_files(tmp_path: Path) -> None:
    path = tmp_path / "trang.html"
    path.write_text(_page(f"<h1>{TITLE}</h1>{SAPO}{_paragraphs(BODY)}"), encoding="utf-8")
    parsed = load_article(path)
    assert parsed.id == "trang" and parsed.title is not None and parsed.title.text == TITLE


def test_folders_mix_text_and_pages(tmp_path: Path) -> None:
    from tamngu.translate.batch import collect_inputs

    for name in ("b.html", "a.txt", "c.htm", "notes.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in collect_inputs([tmp_path])] == ["a.txt", "b.html", "c.htm"]


def test_translate_a_saved_page(tmp_path: Path, tiny_models: dict[str, Path]) -> None:
    """``tamngu translate page.html``: the article's sentences, matched as of the page's date."""
    import json

    from typer.testing import CliRunner

    from tamngu.cli import app

    path = tmp_path / "trang.html"
    path.write_text(_page(f"<h1>{TITLE}</h1>{SAPO}<p>{BODY[0]}</p>{FIGURE}<p>{BODY[1]}</p>"), encoding="utf-8")
    models = ["--model-en", str(tiny_models["en"]), "--device", "cpu", "--beams", "1"]
    result = CliRunner().invoke(app, ["translate", str(path), "--to", "en", "--json", *models])
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert sources == [TITLE, LEAD, *BODY, "Quang cảnh hội đàm."]
    assert "glossary matched as of 2021-05-18 (page date)" in result.stderr
