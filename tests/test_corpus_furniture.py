"""Page furniture, photo traces and layout on pages copied from many news sites.

Every case is a short example written for this test, imitating one pattern
seen on real pages (provincial papers, VNA, VOV, government portals); no
third-party text is copied here.
"""

from __future__ import annotations

import pytest

from tamngu.corpus.furniture import dateline_date, furniture_reason, is_section_end, split_stamp
from tamngu.corpus.images import image_marker, split_credit, strip_pipes
from tamngu.corpus.parse import parse_article

LEAD = "Sáng 5/3, đoàn công tác của tỉnh đã làm việc với đối tác bên kia biên giới về hợp tác thương mại."
BODY = "Hai bên thống nhất tăng cường trao đổi thông tin."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0:00 / 0:00", "media-player"),
        (".", "no-text"),
        (";", "no-text"),
        ("fb yt zl tw", "social-footer"),
        ("• Lào Cai", "menu"),
        ("• Click để copy", "menu"),
        ("-", "menu"),
        ("Nhảy đến nội dung", "menu"),
        ("Trang chủ Thời sự Biên giới", "menu"),
        ("Chia sẻ", "share-widget"),
        ("In bài này", "share-widget"),
        ("Theo dõi Baotinh.vn trên", "share-widget"),
        ("aa", "share-widget"),
        ("A- A A+", "share-widget"),
        ("08:15 | 02/03/2024 GMT+7", "dateline"),
        ("Thứ Ba, 12/11/2019, 07:40 [GMT+7]", "dateline"),
        ("09:05, 01/06/2020", "dateline"),
        ("10:10, ngày 05-01-2023", "dateline"),
        ("Thứ sáu - 03/05/2024 21:00", "dateline"),
        ("2023-04-05T10:00:00+07:00", "dateline"),
        ("5 giờ trướcBài gốc", "dateline"),
        ("http://sotinh.gov.vn/assets/logo.png", "url"),
        ("Cổng thông tin tỉnhhttps://sotinh.gov.vn/logo.png", "url"),
        ("Tối đa: 1000 ký tự", "comments"),
        ("* Mời quý độc giả theo dõi chương trình trên ứng dụng", "promo"),
        ("Advertisement", "promo"),
        ("Quảng cáo", "promo"),
        ("Hai bên thống nhất tăng cường trao đổi thông tin.", None),
        ("Thứ hai, hai bên tăng cường hợp tác biên giới.", None),
        ("Hà Giang", None),
    ],
)
def test_furniture_reason(line: str, reason: str | None) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("Tin liên quan", True),
        ("Các tin/bài khác", True),
        ("Các Album đã đăng", True),
        ("Phản hồi", True),
        ("Hiện chưa có bình luận nào, hãy là người đầu tiên bình luận", True),
        ("Tin liên quan đến biên giới đã được cập nhật.", False),
    ],
)
def test_section_end(line: str, ends: bool) -> None:
    assert is_section_end(line) is ends


@pytest.mark.parametrize(
    ("text", "stamp", "rest"),
    [
        ("BHG - " + LEAD, "BHG", LEAD),
        ("BHG- " + LEAD, "BHG", LEAD),
        ("(VOV5) - " + LEAD, "VOV5", LEAD),
        ("(Dân trí) – " + LEAD, "Dân trí", LEAD),
        ("(Chinhphu.vn) - " + LEAD, "Chinhphu.vn", LEAD),
        ("Baotinh.vn. " + LEAD, "Baotinh.vn", LEAD),
        ("UBND - " + LEAD, "", "UBND - " + LEAD),
        ("ASEAN - Trung Quốc hợp tác", "", "ASEAN - Trung Quốc hợp tác"),
        ("DIC-Sở Thông tin và Truyền thông tỉnh", "", "DIC-Sở Thông tin và Truyền thông tỉnh"),
        (LEAD, "", LEAD),
    ],
)
def test_split_stamp(text: str, stamp: str, rest: str) -> None:
    assert split_stamp(text) == (stamp, rest)


@pytest.mark.parametrize(
    ("line", "kind", "caption"),
    [
        ("baotinh-anh_01.jpg", "image-file", ""),
        ("![]() |", "image-markup", ""),
        ('<image>data:image/s3,"s3://crabby-images/8a22a/8a22a8ef2b6ae5a2735d36d9de8e54d4e33abd42" alt="Quang cảnh."</image>', "image-markup", ""),
        ("Hai tỉnh ký kết biên bản hợp tác ảnh 1", "image-alt", ""),
        ("Hai tỉnh ký kết biên bản hợp tác- Ảnh 2.", "image-alt", ""),
        ("Hai tỉnh ký kết biên bản hợp tác - ảnh 1Đại biểu ký biên bản.", "image-alt", "Đại biểu ký biên bản."),
        ("Hai bên trao đổi hình ảnh 2 ngày qua", None, ""),
        (BODY, None, ""),
    ],
)
def test_image_marker(line: str, kind: str | None, caption: str) -> None:
    marker = image_marker(line)
    assert (marker.kind if marker else None) == kind
    assert (marker.caption if marker else "") == caption


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        ("Quang cảnh hội đàm. (Ảnh: Minh Anh)", "Quang cảnh hội đàm.", "Ảnh: Minh Anh"),
        ("Quang cảnh hội đàm (Ảnh: VGP).", "Quang cảnh hội đàm", "Ảnh: VGP"),
        ("Quang cảnh hội đàm. Ảnh: TRẦN AN", "Quang cảnh hội đàm.", "Ảnh: TRẦN AN"),
        ("Quang cảnh hội đàm. Ảnh Minh Anh", "Quang cảnh hội đàm.", "Ảnh Minh Anh"),
        ("Quang cảnh hội đàm. Ảnh: Văn An.", "Quang cảnh hội đàm.", "Ảnh: Văn An"),
        ("Quang cảnh hội đàm. Ảnh: Lan Anh/TTXVN phát", "Quang cảnh hội đàm.", "Ảnh: Lan Anh/TTXVN phát"),
        ("Đại tá An phát biểu Ảnh: Minh Đức – TTXVN", "Đại tá An phát biểu", "Ảnh: Minh Đức – TTXVN"),
        ("Đại biểu dự lễ_Ảnh: baotinh.vn", "Đại biểu dự lễ", "Ảnh: baotinh.vn"),
        ("Đại biểu dự lễ. Ảnh:baotinh.vn", "Đại biểu dự lễ.", "Ảnh:baotinh.vn"),
        ("Tháp cổ của châu. (Nguồn: diachi.com)", "Tháp cổ của châu.", "Nguồn: diachi.com"),
        ("Thân bài. Ảnh: chưa có.", "Thân bài. Ảnh: chưa có.", ""),
        (BODY, BODY, ""),
    ],
)
def test_split_credit(line: str, text: str, credit: str) -> None:
    assert split_credit(line) == (text, credit)


def test_strip_pipes() -> None:
    assert strip_pipes("| Toàn cảnh. |") == ("Toàn cảnh.", True, True)
    assert strip_pipes("Toàn cảnh buổi làm việc |") == ("Toàn cảnh buổi làm việc", False, True)


# ---------------------------------------------------------------- whole pages

TITLE = "Hai tỉnh biên giới tăng cường hợp tác thương mại"
CASES = {
    "breadcrumb, dateline, font widget, teasers": (
        f"Trang chủ Thời sự Biên giới\n08:15 | 02/03/2024 GMT+7\n\n{TITLE}\n\naa\n{LEAD}\n"
        "Hai tỉnh ký thỏa thuận về du lịch\nGiao lưu văn nghệ dịp đầu xuân\n\nHợp tác thực chất\n\n" + BODY,
        TITLE, LEAD, ["Hợp tác thực chất", BODY], [],
    ),
    "slogan banner before the headline": (
        f"Nhảy đến nội dung\nQuyết tâm thực hiện thắng lợi Nghị quyết Đại hội\n\n{TITLE} trong năm 2024 và những năm tới\n\n{LEAD}",
        f"{TITLE} trong năm 2024 và những năm tới", LEAD, [], [],
    ),
    "byline and affiliation before a stamped lead": (
        f"{TITLE}\n\nTrần Minh An\nPhòng Quản lý biên giới, Sở Ngoại vụ\nBaotinh.vn. {LEAD}\nTheo dõi Baotinh.vn trên\n"
        "Tháp cổ\nTháp cổ của châu. (Nguồn: diachi.com)\n\n" + BODY,
        TITLE, LEAD, [BODY], ["Tháp cổ của châu."],
    ),
    "stamped lead without a headline": (f"BHG - {LEAD}\n\n{BODY}", None, LEAD, [BODY], []),
    "dash of a lost stamp": (f"{TITLE}\n– {LEAD}\n– Ông nói thêm về hợp tác.", TITLE, LEAD, ["– Ông nói thêm về hợp tác."], []),
    "stamped lead without a full stop": (
        f"{TITLE}\n\nChia sẻ\n(VOV5) - {LEAD[:-1]}\n\n{BODY}", TITLE, LEAD[:-1], [BODY], [],
    ),
    "alt text with a counter, and glued to its caption": (
        f"{TITLE}\n\n{LEAD}\n\n{TITLE} ảnh 1\nĐại biểu ký biên bản.\n\n{BODY}\n\n"
        f"{TITLE} - ảnh 2Đại biểu tham quan cửa khẩu. Ảnh: VOV",
        TITLE, LEAD, [BODY], ["Đại biểu ký biên bản.", "Đại biểu tham quan cửa khẩu."],
    ),
    "markdown image and table captions": (
        f"{TITLE}\n| Tỉnh thu giữ hàng lậu Đồn biên phòng ra quân |\n{LEAD}\n![]() |\n"
        f"| Toàn cảnh buổi làm việc. Ảnh: Báo Tỉnh. |\n{BODY}\nQuang cảnh buổi lễ (Ảnh: VGP). |",
        TITLE, LEAD, [BODY], ["Toàn cảnh buổi làm việc.", "Quang cảnh buổi lễ"],
    ),
    "related list with dashes": (
        f"\n-\nThủ tướng chỉ đạo ứng phó mưa lũ\n-\nRa mắt đoàn tàu liên vận -\nMở tuyến xe buýt mới\n![]() |\n"
        f"Đại biểu dự lễ (Ảnh: VGP). |\n{LEAD}",
        None, None, [LEAD], ["Đại biểu dự lễ"],
    ),
    "a dash before a stamped lead is not a list": (f"-\n(BLC) - {LEAD}\n{BODY}", None, LEAD, [BODY], []),
    "headline and lead repeated after the lead": (
        f"{TITLE}\n\n{LEAD}\n\n{TITLE}\n\n{LEAD}\n\n{BODY}", TITLE, LEAD, [BODY], [],
    ),
    "duplicated captions, exact and near": (
        f"{TITLE}\n\n{LEAD}\n\nToàn cảnh hội đàm.\n\nToàn cảnh hội đàm.\n\n{BODY}\n\n"
        "Cán bộ TP Móng Cái dọn vệ sinh đường biên. (Ảnh: Báo Tỉnh)\n"
        "Cán bộ thành phố Móng Cái dọn vệ sinh đường biên. (Ảnh: Báo Tỉnh)",
        TITLE, LEAD, [BODY], ["Toàn cảnh hội đàm.", "Cán bộ thành phố Móng Cái dọn vệ sinh đường biên."],
    ),
    "repeated headline at the top": (f"{TITLE}\n\n{TITLE}\n5 giờ trướcBài gốc\n{LEAD}", TITLE, LEAD, [], []),
    "unaccented alt text before a credited caption": (
        f"{TITLE}\n\n{LEAD}\n\nHa Giang\nToàn cảnh hội đàm. Ảnh: Minh Anh\n\n{BODY}",
        TITLE, LEAD, [BODY], ["Toàn cảnh hội đàm."],
    ),
    "menu bullets, dateline after the lead, credit without brackets": (
        f"• Lào Cai\n  • Hà Giang\n\n{TITLE}\n\n(Chinhphu.vn) - {LEAD}\n\n10/09/2016 20:28\n\n"
        f"Thủ tướng tiếp đoàn. Ảnh: VGP/Minh An\n\n{BODY}",
        TITLE, LEAD, [BODY], ["Thủ tướng tiếp đoàn."],
    ),
    "comment box and promo": (
        f"{LEAD}\n{BODY}\nTối đa: 1500 ký tự\nHiện chưa có bình luận nào\nTin khác sẽ cập nhật.",
        None, None, [LEAD, BODY], [],
    ),
    "signature set far right, print button, lone marks": (
        f"{TITLE}\n\nThứ Hai, 12/11/2019, 07:40 [GMT+7]\nIn bài này\n.\n{LEAD}\n\n"
        f"                              Phòng Báo điện tử\n\nCác Album đã đăng",
        TITLE, LEAD, [], [],
    ),
    "all-capitals byline before stray punctuation": (f"{TITLE}\n\n{LEAD}\n{BODY}\nTRẦN AN\n;\n.", TITLE, LEAD, [BODY], []),
    "glued subheading after the lead": (
        f"{TITLE}\n{LEAD[:-1]}.Tăng cường hợp tác thương mại\n{BODY}",
        TITLE, LEAD, ["Tăng cường hợp tác thương mại", BODY], [],
    ),
    "inline image paths": (
        f"{LEAD}\n/uploads/news/img_01.jpg Đoàn khảo sát cửa khẩu. {BODY}",
        None, None, [LEAD, f"Đoàn khảo sát cửa khẩu. {BODY}"], [],
    ),
    "inline image path before one sentence": (
        f"{LEAD}\n/uploads/news/img_01.jpg Đoàn khảo sát cửa khẩu.", None, None, [LEAD], ["Đoàn khảo sát cửa khẩu."],
    ),
}


@pytest.mark.parametrize(("text", "title", "lead", "body", "captions"), list(CASES.values()), ids=list(CASES))
def test_page_patterns(text: str, title: str | None, lead: str | None, body: list[str], captions: list[str]) -> None:
    article = parse_article(text, "x")
    assert (article.title.text if article.title else None) == title
    assert (article.lead.text if article.lead else None) == lead
    assert [p.text for p in article.body] == body
    assert [p.text for p in article.captions] == captions


def test_stamp_goes_to_metadata() -> None:
    article = parse_article(f"{TITLE}\n\nLCĐT - {LEAD}", "x")
    assert article.metadata.stamp == "LCĐT"
    assert article.to_dict()["metadata"]["stamp"] == "LCĐT"


def test_dropped_lines_say_why() -> None:
    article = parse_article(f"Trang chủ Tin tức\n{TITLE}\naa\n{LEAD}\n{TITLE} ảnh 1\nĐại biểu dự. Ảnh: Minh An", "x")
    reasons = {(d.text, d.reason) for d in article.dropped}
    assert {("Trang chủ Tin tức", "menu"), ("aa", "share-widget"), (f"{TITLE} ảnh 1", "image-alt"),
            ("Ảnh: Minh An", "photo-credit")} <= reasons  # fmt: skip


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("08:15 | 02/03/2024 GMT+7", "2024-03-02"),
        ("Thứ Ba, 12/11/2019, 07:40 [GMT+7]", "2019-11-12"),
        ("2023-04-05T10:00:00+07:00", "2023-04-05"),
        ("10:10, ngày 05-01-2023", "2023-01-05"),
        ("5 giờ trướcBài gốc", ""),
        ("31/02/2020 10:00", ""),
    ],
)
def test_dateline_date(line: str, date: str) -> None:
    assert dateline_date(line) == date


def test_dateline_is_the_article_date() -> None:
    import datetime as dt

    from tamngu.corpus.parse import article_date

    article = parse_article(f"{TITLE}\n\nTrần Minh An\n08:15 | 02/03/2024 GMT+7\n\n{LEAD}", "x")
    assert article.metadata.date == "2024-03-02" and article_date(article) == dt.date(2024, 3, 2)
    assert article.metadata.bylines == ("Trần Minh An",)
    assert article_date(parse_article(f"{TITLE}\n\nNgày 18/5/2021, {LEAD}", "x")) == dt.date(2021, 5, 18)


# ---------------------------------------------------------------- issue 25: four more kinds of furniture


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("lao cai day manh hop tac voi van nam", "placeholder-caption"),  # the headline's unaccented slug as alt text
        ("hai-tinh-ky-ket-thoa-thuan-hop-tac", "placeholder-caption"),
        ("hai tinh ky", None),  # three words: too short to tell
        ("Lao Cai day manh hop tac", None),  # capitals: a name in English, not a slug
        ("(baolaocai.vn)", "source-domain"),
        ("Nguồn tin: qdnd.vn", "source-domain"),
        ("Theo dangcongsan.vn", "source-domain"),
        ("(Theo Baotintuc.vn)", "source-domain"),
        ("Tỉnh Lào Cai có 9 đơn vị hành chính.", None),
        ("(VTC News) -", "stamp"),
        ("TPO -", "stamp"),
        ("(Trung Quốc)", None),
    ],
)
def test_more_furniture_lines(line: str, reason: str | None) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "kept", "removed"),
    [
        ("Hai bên trao quà cho học sinh (Ảnh dưới).", "Hai bên trao quà cho học sinh.", [("(Ảnh dưới)", "caption-pointer")]),
        ("Đoàn thăm cửa khẩu (ảnh trên) rồi làm việc.", "Đoàn thăm cửa khẩu rồi làm việc.", [("(ảnh trên)", "caption-pointer")]),
        ("(Ảnh bên dưới)", "", [("(Ảnh bên dưới)", "caption-pointer")]),
        ("Hai tỉnh ký biên bản. (Baolaocai.vn)", "Hai tỉnh ký biên bản.", [("(Baolaocai.vn)", "source-domain")]),
        ("Quang cảnh hội đàm. (Ảnh: Minh Anh)", "Quang cảnh hội đàm. (Ảnh: Minh Anh)", []),  # a credit, not a pointer
        ("Khu kinh tế (KKT) cửa khẩu Lào Cai.", "Khu kinh tế (KKT) cửa khẩu Lào Cai.", []),
    ],
)
def test_strip_inline_furniture(line: str, kept: str, removed: list[tuple[str, str]]) -> None:
    from tamngu.corpus.furniture import strip_inline_furniture

    assert strip_inline_furniture(line) == (kept, removed)


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        ("Toàn cảnh buổi hội đàm. Ảnh: Bộ Ngoại giao", "Toàn cảnh buổi hội đàm.", "Ảnh: Bộ Ngoại giao"),
        ("Lễ ký kết thỏa thuận. (Ảnh: Sở Văn hóa, Thể thao và Du lịch tỉnh)", "Lễ ký kết thỏa thuận.",
         "Ảnh: Sở Văn hóa, Thể thao và Du lịch tỉnh"),
        ("Đoàn tham quan gian hàng ẢNH: LÃ NGHĨA HIẾU", "Đoàn tham quan gian hàng", "ẢNH: LÃ NGHĨA HIẾU"),
        ("Thân bài. Ảnh: chưa có.", "Thân bài. Ảnh: chưa có.", ""),
    ],
)
def test_credit_naming_an_institution(line: str, text: str, credit: str) -> None:
    assert split_credit(line) == (text, credit)


def test_furniture_of_issue_25_never_becomes_a_segment() -> None:
    from tamngu.corpus.segment import segments_of

    text = (
        "Lào Cai và Vân Nam ký kết thỏa thuận hợp tác\n\n"
        "Sáng 5/3, đoàn đại biểu tỉnh Lào Cai đã hội đàm với đoàn đại biểu tỉnh Vân Nam tại thành phố Lào Cai về hợp tác biên giới.\n\n"
        "Hai bên trao đổi nhiều nội dung hợp tác (Ảnh dưới).\n\n"
        "lao cai va van nam ky ket thoa thuan hop tac\n\n"
        "Quang cảnh buổi hội đàm\n\n"
        "Lễ ký kết thỏa thuận. Ảnh: Sở Ngoại vụ tỉnh Lào Cai\n\n"
        "Hai bên thống nhất tăng cường hợp tác thương mại. (baolaocai.vn)\n"
    )
    article = parse_article(text, "x")
    assert [segment.text for segment in segments_of(article)] == [
        "Lào Cai và Vân Nam ký kết thỏa thuận hợp tác",
        "Sáng 5/3, đoàn đại biểu tỉnh Lào Cai đã hội đàm với đoàn đại biểu tỉnh Vân Nam tại thành phố Lào Cai về hợp tác biên giới.",
        "Hai bên trao đổi nhiều nội dung hợp tác.",
        "Hai bên thống nhất tăng cường hợp tác thương mại.",
        "Quang cảnh buổi hội đàm",  # the placeholder's photo caption, across the blank line
        "Lễ ký kết thỏa thuận.",
    ]
    assert article.metadata.photo_credits == ("Ảnh: Sở Ngoại vụ tỉnh Lào Cai",)
