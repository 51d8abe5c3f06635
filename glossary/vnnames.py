"""Characters Vietnamese names are written with in Chinese (VNA and Nhân Dân Chinese services).

A Vietnamese person's Chinese name is derived syllable by syllable from its
Sino-Vietnamese reading; where a reading has many characters, these are the ones
Vietnam's Chinese-language state media use for surnames and common given names
(阮 for Nguyễn, 氏 for Thị, 文 for Văn, 国 for Quốc). The result is ``derived``,
never ``verified``: a person's own choice of character can differ.
"""

from __future__ import annotations

from typing import NamedTuple

from tamngu.glossary import hanviet
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


# Given-name syllables that Vietnam's Chinese-language press writes with different
# characters for different people (attested pairs); the tables' choice is not pinned.
KNOWN_VARIANTS: dict[str, str] = {
    "bá": "伯 or 柏 (黄柏南, CPV Chinese e-paper)",
    "hồng": "红 (陈红明, Quảng Ninh Chinese service) or 鸿 (裴鸿福, VNA Chinese)",
    "vũ": "武 or 宇 (阮明宇, VNA Chinese 2025)",
}
# A syllable missing from the tables takes the name assistant's character only when
# no second character with that reading holds this share of Chinese given names.
RIVAL_SHARE = 0.25


class VietnameseChinese(NamedTuple):
    """Characters for a Vietnamese name, or why none are pinned.

    ``zh`` is empty when a syllable has no character (``missing``) or more than
    one plausible character (``uncertain``, with the rivals).
    """

    zh: str
    missing: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.missing:
            return f"no Chinese character known for {', '.join(self.missing)}; English only"
        if self.uncertain:
            return f"Chinese characters uncertain ({'; '.join(self.uncertain)}); English only, Chinese for review"
        return ""


def vietnamese_chinese(name: str, fallback: str = "") -> VietnameseChinese:
    """Chinese characters for Vietnamese ``name``, syllable by syllable, only where each is settled.

    The tables hold the characters Vietnam's Chinese-language press uses; a given-name
    syllable they lack takes its character from ``fallback`` (the name assistant's best
    reading, one character per syllable) when Chinese given names know no rival for it.

    >>> vietnamese_chinese("Nguyễn Văn Hùng").zh
    '阮文雄'
    >>> vietnamese_chinese("Hoàng Bá Nam").uncertain
    ('Bá: 伯 or 柏 (黄柏南, CPV Chinese e-paper)',)
    """
    written = name.split()
    fallback = fallback if len(fallback) == len(written) else ""
    chars: list[str] = []
    missing: list[str] = []
    uncertain: list[str] = []
    for position, word in enumerate(written):
        syllable = normalize(word)
        char = (SURNAME_CHARS if position == 0 else GIVEN_CHARS).get(syllable, "")
        doubt = KNOWN_VARIANTS.get(syllable, "") if position else ""
        if not char and position and fallback:
            char = fallback[position]
            doubt = _rivals(syllable, char)
        if not char:
            missing.append(word)
        elif doubt:
            uncertain.append(f"{word}: {doubt}")
        chars.append(char)
    if missing or uncertain:
        return VietnameseChinese("", tuple(missing), tuple(uncertain))
    return VietnameseChinese("".join(chars))


def _rivals(syllable: str, char: str) -> str:
    """``char`` and its rivals for given-name ``syllable`` (empty when it has none)."""
    counts = hanviet.given_name_counts()
    shares = {r.simplified: counts.get(r.simplified, 0) for r in hanviet.readings_for(syllable)}
    total = sum(shares.values())
    rivals = [c for c, n in sorted(shares.items(), key=lambda item: -item[1]) if c != char and total and n / total >= RIVAL_SHARE]
    return " or ".join([char, *rivals]) if rivals else ""
