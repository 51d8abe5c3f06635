"""Characters Vietnamese names are written with in Chinese (VNA and Nhân Dân Chinese services).

A Vietnamese person's Chinese name is derived syllable by syllable from its
Sino-Vietnamese reading; where a reading has many characters, these are the ones
Vietnam's Chinese-language state media use for surnames and common given names
(阮 for Nguyễn, 氏 for Thị, 文 for Văn, 国 for Quốc). The result is ``derived``,
never ``verified``: a person's own choice of character can differ.
"""

from __future__ import annotations

from tamngu.glossary.normalize import normalize

SURNAME_CHARS: dict[str, str] = {
    "nguyễn": "阮", "trần": "陈", "lê": "黎", "phạm": "范", "hoàng": "黄", "huỳnh": "黄", "phan": "潘", "vũ": "武",
    "võ": "武", "đặng": "邓", "bùi": "裴", "đỗ": "杜", "hồ": "胡", "ngô": "吴", "dương": "杨", "lý": "李", "đinh": "丁",
    "đoàn": "段", "trịnh": "郑", "trương": "张", "lương": "梁", "quản": "管", "kiều": "乔", "hà": "何", "tô": "苏",
    "mai": "梅", "cao": "高", "lâm": "林", "chu": "周", "tạ": "谢", "thái": "蔡", "lưu": "刘", "vương": "王",
    "triệu": "赵", "tôn": "孙", "đào": "陶", "văn": "文", "hứa": "许", "la": "罗", "lục": "陆", "nông": "农",
    "ma": "麻", "hầu": "侯", "thạch": "石", "đàm": "谭", "âu": "欧", "khổng": "孔", "mạc": "莫", "châu": "周",
}
GIVEN_CHARS: dict[str, str] = {
    "thị": "氏", "văn": "文", "hữu": "友", "đức": "德", "quốc": "国", "minh": "明", "xuân": "春", "thanh": "青",
    "hồng": "红", "ngọc": "玉", "thu": "秋", "công": "公", "đình": "廷", "trọng": "仲", "tiến": "进", "mạnh": "孟",
    "việt": "越", "anh": "英", "kim": "金", "bá": "伯", "hải": "海", "thế": "世", "duy": "维", "quang": "光",
    "trung": "忠", "nam": "南", "toàn": "全", "học": "学", "hậu": "厚", "huy": "辉", "hòa": "和", "dũng": "勇",
    "sơn": "山", "long": "龙", "hạnh": "幸", "nhất": "一", "khoa": "科", "ký": "记", "cường": "强", "lệ": "丽",
    "khánh": "庆", "thiệu": "绍", "trường": "长", "phong": "峰", "hùng": "雄", "vũ": "武", "ngân": "银",
    "giang": "江", "thắng": "胜", "tuấn": "俊", "hưng": "兴", "thành": "成", "bình": "平", "hương": "香",
    "lan": "兰", "hiếu": "孝", "thủy": "水", "lợi": "利", "nhật": "日", "tuyết": "雪", "cảnh": "景", "huyên": "萱",
    "thái": "泰", "gia": "嘉", "nạp": "纳", "tô": "苏", "hải nam": "海南", "chí": "志", "tâm": "心", "tân": "新",
    "phúc": "福", "lộc": "禄", "thọ": "寿", "an": "安", "bảo": "宝", "đại": "大", "tài": "才", "thịnh": "盛",
    "phương": "芳", "hoa": "花", "liên": "莲", "tùng": "松", "lâm": "林", "khải": "凯", "định": "定", "hiền": "贤",
    "đông": "东", "tây": "西", "bắc": "北", "vinh": "荣", "hiển": "显", "hoàn": "环", "chính": "政", "quân": "军",
    "đạt": "达", "nghĩa": "义", "tú": "秀", "uyên": "渊", "yến": "燕", "hằng": "姮", "nga": "娥", "tường": "祥",
    "kiên": "坚", "thuận": "顺", "quyết": "决", "tín": "信", "tiệp": "捷", "lực": "力", "sang": "创", "đọc": "读",
}


def vietnamese_chinese(name: str, fallback: str = "") -> str:
    """Chinese characters for Vietnamese ``name``, syllable by syllable; ``fallback`` fills unknown syllables.

    ``fallback`` is a candidate with one character per syllable (the name
    assistant's best reading); without one, a syllable missing from the tables
    makes the result empty.
    """
    syllables = [normalize(s) for s in name.split()]
    chars = []
    for position, syllable in enumerate(syllables):
        table = SURNAME_CHARS if position == 0 else GIVEN_CHARS
        char = table.get(syllable) or (fallback[position] if len(fallback) == len(syllables) else "")
        if not char:
            return ""
        chars.append(char)
    return "".join(chars)
