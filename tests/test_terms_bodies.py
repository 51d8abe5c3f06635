"""Bodies of a place composed from the templates in glossary/data/compose/bodies.toml (issue 23)."""

from __future__ import annotations

import pytest

from tamngu.glossary.bodies import template_problems
from tamngu.glossary.loader import load_glossary
from tests.test_terms_helpers import terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Công Thương tỉnh Hà Giang đề nghị.", ("Sở Công Thương tỉnh Hà Giang", "Ha Giang Department of Industry and Trade", "河江省工贸厅")),
        ("Chính quyền nhân dân huyện Đại Tân tổ chức lễ.", ("Chính quyền nhân dân huyện Đại Tân", "Daxin County People's Government", "大新县人民政府")),
        ("Chính phủ nhân dân thị Bằng Tường cử đoàn.", ("Chính phủ nhân dân thị Bằng Tường", "Pingxiang Municipal People's Government", "凭祥市人民政府")),
        ("Trạm kiểm soát biên phòng Hà Khẩu trực.", ("Trạm kiểm soát biên phòng Hà Khẩu", "Hekou Border Inspection Station", "河口边防检查站")),
        ("Tổng Lãnh sự quán Việt Nam tại Trùng Khánh khai trương.", ("Tổng Lãnh sự quán Việt Nam tại Trùng Khánh", "Consulate General of Vietnam in Chongqing", "越南驻重庆总领事馆")),
        ("Công an tỉnh Vân Nam trao đổi.", ("Công an tỉnh Vân Nam", "Yunnan Provincial Public Security Department", "云南省公安厅")),
        ("Cục Công an châu Hồng Hà cử đoàn.", ("Cục Công an châu Hồng Hà", "Honghe Prefecture Public Security Bureau", "红河州公安局")),
        ("Đồn Biên phòng Pha Long tuần tra.", ("Đồn Biên phòng Pha Long", "Pha Long Border Guard Station", "")),
        ("UBND huyện Văn Lãng ký kết.", ("UBND huyện Văn Lãng", "Van Lang District People's Committee", "")),
        ("Chính quyền nhân dân Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc) công bố.",
         ("Chính quyền nhân dân Khu tự trị dân tộc Choang Quảng Tây", "People's Government of Guangxi Zhuang Autonomous Region", "广西壮族自治区人民政府")),
        ("Nghị định thư với Tổng cục Hải quan (Trung Quốc) về kiểm dịch.", ("Tổng cục Hải quan", "General Administration of Customs of China", "中国海关总署")),
    ],
)
def test_a_body_and_its_place_are_one_term(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in terms(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giám đốc Sở Công Thương tỉnh Hà Giang phát biểu.", ("Giám đốc Sở Công Thương tỉnh Hà Giang", "Director of the Ha Giang Department of Industry and Trade", "河江省工贸厅厅长")),
        ("Phó Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn dự.", ("Phó Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn", "Deputy Director of the Lang Son Department of Foreign Affairs", "谅山省外务厅副厅长")),
        ("Cục trưởng Cục Công an châu Hồng Hà dự.", ("Cục trưởng Cục Công an châu Hồng Hà", "Director of the Honghe Prefecture Public Security Bureau", "红河州公安局局长")),
        ("Chủ tịch UBND huyện Văn Lãng dự.", ("Chủ tịch UBND huyện Văn Lãng", "Chairman of the Van Lang District People's Committee", "")),
    ],
)
def test_the_head_of_a_composed_body(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in terms(text)


def test_an_office_before_a_chinese_government_keeps_its_own_composition() -> None:
    found = terms("bà Lục Ba, Phó Châu trưởng chính quyền nhân dân châu Văn Sơn, phát biểu.")
    assert ("Phó Châu trưởng chính quyền nhân dân châu Văn Sơn", "Vice Governor of Wenshan Prefecture", "文山州副州长") in found


def test_every_template_names_a_glossary_body_and_known_placeholders() -> None:
    assert template_problems(entry.id for entry in load_glossary(None)) == []
