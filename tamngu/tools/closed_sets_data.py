"""The source tables :mod:`tamngu.tools.closed_sets` builds from, each with where it comes from.

Only what no installed package carries is here; countries and Vietnam's units
come from packages (CLDR through Babel, pycountry, vietnam-provinces,
vietnamadminunits).
"""

from __future__ import annotations

# China's 34 province-level divisions: (Sino-Vietnamese name, variants, Simplified Chinese, English, ISO 3166-2).
# Source: Vietnamese Wikipedia, "Tỉnh (Trung Quốc)" (table Tên | Tiếng Hoa | Bính âm) and the template
# "Hành chính cấp tỉnh Cộng hòa Nhân dân Trung Hoa" (provinces, municipalities, autonomous regions, SARs);
# English: pycountry ISO 3166-2:CN names without the unit word, in the form China's government uses in English.
CHINA_SOURCE = ("Vietnamese Wikipedia 'Tỉnh (Trung Quốc)' and template 'Hành chính cấp tỉnh Cộng hòa Nhân dân Trung Hoa' "
                "(Vietnamese name, 简体 name); English and code: ISO 3166-2:CN (pycountry)")
CHINA_PROVINCES: tuple[tuple[str, tuple[str, ...], str, str, str, str], ...] = (
    # vi, variants, zh, en, code, unit (province|municipality|region|sar)
    ("An Huy", (), "安徽", "Anhui", "CN-AH", "province"),
    ("Phúc Kiến", (), "福建", "Fujian", "CN-FJ", "province"),
    ("Cam Túc", (), "甘肃", "Gansu", "CN-GS", "province"),
    ("Quảng Đông", (), "广东", "Guangdong", "CN-GD", "province"),
    ("Quý Châu", (), "贵州", "Guizhou", "CN-GZ", "province"),
    ("Hải Nam", (), "海南", "Hainan", "CN-HI", "province"),
    ("Hà Bắc", (), "河北", "Hebei", "CN-HE", "province"),
    ("Hắc Long Giang", (), "黑龙江", "Heilongjiang", "CN-HL", "province"),
    ("Hà Nam", (), "河南", "Henan", "CN-HA", "province"),
    ("Hồ Bắc", (), "湖北", "Hubei", "CN-HB", "province"),
    ("Hồ Nam", (), "湖南", "Hunan", "CN-HN", "province"),
    ("Giang Tô", (), "江苏", "Jiangsu", "CN-JS", "province"),
    ("Giang Tây", (), "江西", "Jiangxi", "CN-JX", "province"),
    ("Cát Lâm", (), "吉林", "Jilin", "CN-JL", "province"),
    ("Liêu Ninh", (), "辽宁", "Liaoning", "CN-LN", "province"),
    ("Thanh Hải", (), "青海", "Qinghai", "CN-QH", "province"),
    ("Thiểm Tây", (), "陕西", "Shaanxi", "CN-SN", "province"),
    ("Sơn Đông", (), "山东", "Shandong", "CN-SD", "province"),
    ("Sơn Tây", (), "山西", "Shanxi", "CN-SX", "province"),
    ("Tứ Xuyên", (), "四川", "Sichuan", "CN-SC", "province"),
    ("Vân Nam", (), "云南", "Yunnan", "CN-YN", "province"),
    ("Chiết Giang", ("Triết Giang",), "浙江", "Zhejiang", "CN-ZJ", "province"),
    ("Đài Loan", (), "台湾", "Taiwan", "CN-TW", "province"),
    ("Bắc Kinh", (), "北京", "Beijing", "CN-BJ", "municipality"),
    ("Thiên Tân", (), "天津", "Tianjin", "CN-TJ", "municipality"),
    ("Thượng Hải", (), "上海", "Shanghai", "CN-SH", "municipality"),
    ("Trùng Khánh", (), "重庆", "Chongqing", "CN-CQ", "municipality"),
    ("Quảng Tây", (), "广西", "Guangxi", "CN-GX", "region"),
    ("Nội Mông", ("Nội Mông Cổ",), "内蒙古", "Inner Mongolia", "CN-NM", "region"),
    ("Ninh Hạ", (), "宁夏", "Ningxia", "CN-NX", "region"),
    ("Tân Cương", (), "新疆", "Xinjiang", "CN-XJ", "region"),
    ("Tây Tạng", (), "西藏", "Xizang", "CN-XZ", "region"),
    ("Hồng Kông", ("Hongkong", "Hương Cảng"), "香港", "Hong Kong", "CN-HK", "sar"),
    ("Ma Cao", ("Macao",), "澳门", "Macao", "CN-MO", "sar"),
)
# Sino-Vietnamese names that are also Vietnamese places or common given names: only the forms with
# their unit word ("tỉnh Thanh Hải") are written, so "Nguyễn Thanh Hải" and Hà Nam province stay themselves.
UNIT_ONLY = {"Hà Nam", "Sơn Tây", "Thanh Hải", "An Huy", "Hà Bắc", "Cát Lâm"}
# Whose Vietnamese form is not a Sino-Vietnamese reading of the characters (transliterations).
NOT_READINGS = {"Hồng Kông", "Ma Cao", "Hongkong", "Macao", "Nội Mông", "Nội Mông Cổ"}

# Yunnan's 16 prefecture-level divisions (8 cities, 8 autonomous prefectures).
# Source: en.wikipedia "List of administrative divisions of Yunnan" (names, 简体, pinyin; Yunnan Statistical
# Yearbook) and a Chinese list of 云南 地级市/自治州; Vietnamese: Sino-Vietnamese reading of the characters
# (checked against the name assistant's table).
YUNNAN_SOURCE = ("English Wikipedia 'List of administrative divisions of Yunnan' (name, 简体; Yunnan Statistical Yearbook) and "
                 "wanjiquan.com '云南有哪些市' (8 地级市, 8 自治州); Vietnamese: Sino-Vietnamese reading of the characters")
YUNNAN_PREFECTURES: tuple[tuple[str, str, str, str, str], ...] = (
    # vi, zh, en, kind (city|prefecture), full zh of an autonomous prefecture
    ("Côn Minh", "昆明", "Kunming", "city", ""),
    ("Khúc Tĩnh", "曲靖", "Qujing", "city", ""),
    ("Ngọc Khê", "玉溪", "Yuxi", "city", ""),
    ("Bảo Sơn", "保山", "Baoshan", "city", ""),
    ("Chiêu Thông", "昭通", "Zhaotong", "city", ""),
    ("Lệ Giang", "丽江", "Lijiang", "city", ""),
    ("Phổ Nhĩ", "普洱", "Pu'er", "city", ""),
    ("Lâm Thương", "临沧", "Lincang", "city", ""),
    ("Sở Hùng", "楚雄", "Chuxiong", "prefecture", "楚雄彝族自治州"),
    ("Hồng Hà", "红河", "Honghe", "prefecture", "红河哈尼族彝族自治州"),
    ("Văn Sơn", "文山", "Wenshan", "prefecture", "文山壮族苗族自治州"),
    ("Tây Song Bản Nạp", "西双版纳", "Xishuangbanna", "prefecture", "西双版纳傣族自治州"),
    ("Đại Lý", "大理", "Dali", "prefecture", "大理白族自治州"),
    ("Đức Hoành", "德宏", "Dehong", "prefecture", "德宏傣族景颇族自治州"),
    ("Nộ Giang", "怒江", "Nujiang", "prefecture", "怒江傈僳族自治州"),
    ("Địch Khánh", "迪庆", "Diqing", "prefecture", "迪庆藏族自治州"),
)
# Guangxi's 14 prefecture-level cities. Source: a Chinese list of 广西 14 地级市 (南宁 ... 崇左; also the
# Guangxi government's county table 广西县级以上行政区划表); Vietnamese: Sino-Vietnamese reading.
GUANGXI_SOURCE = ("fudaoke.com/exam/2794960.html and 3dmxku.com (广西 14 个地级市: 南宁 ... 崇左; 广西县级以上行政区划表); "
                  "English: pinyin as Xinhua writes the cities; Vietnamese: Sino-Vietnamese reading of the characters")
GUANGXI_PREFECTURES: tuple[tuple[str, str, str], ...] = (
    ("Nam Ninh", "南宁", "Nanning"), ("Liễu Châu", "柳州", "Liuzhou"), ("Quế Lâm", "桂林", "Guilin"),
    ("Ngô Châu", "梧州", "Wuzhou"), ("Bắc Hải", "北海", "Beihai"), ("Phòng Thành Cảng", "防城港", "Fangchenggang"),
    ("Khâm Châu", "钦州", "Qinzhou"), ("Quý Cảng", "贵港", "Guigang"), ("Ngọc Lâm", "玉林", "Yulin"),
    ("Bách Sắc", "百色", "Baise"), ("Hạ Châu", "贺州", "Hezhou"), ("Hà Trì", "河池", "Hechi"),
    ("Lai Tân", "来宾", "Laibin"), ("Sùng Tả", "崇左", "Chongzuo"),
)
# Counties and county-level cities on the Vietnamese border. No single source list was found: derived from the
# county tables of the border prefectures (Pu'er, Honghe, Wenshan; Baise, Chongzuo, Fangchenggang: en.wikipedia
# lists and 广西县级以上行政区划表) and the border gates each faces (glossary place entries).
BORDER_SOURCE = ("Derived: counties of the border prefectures (en.wikipedia 'List of administrative divisions of Yunnan'; "
                 "广西县级以上行政区划表) that face a Vietnamese border gate or province; Vietnamese: Sino-Vietnamese reading")
BORDER_COUNTIES: tuple[tuple[str, str, str, str, str], ...] = (
    # vi, zh, en, kind (county|city|district), prefecture zh
    ("Giang Thành", "江城", "Jiangcheng", "county", "普洱"),
    ("Lục Xuân", "绿春", "Lüchun", "county", "红河"),
    ("Kim Bình", "金平", "Jinping", "county", "红河"),
    ("Hà Khẩu", "河口", "Hekou", "county", "红河"),
    ("Mã Quan", "马关", "Maguan", "county", "文山"),
    ("Ma Lật Pha", "麻栗坡", "Malipo", "county", "文山"),
    ("Phú Ninh", "富宁", "Funing", "county", "文山"),
    ("Na Pha", "那坡", "Napo", "county", "百色"),
    ("Tĩnh Tây", "靖西", "Jingxi", "city", "百色"),
    ("Đại Tân", "大新", "Daxin", "county", "崇左"),
    ("Long Châu", "龙州", "Longzhou", "county", "崇左"),
    ("Bằng Tường", "凭祥", "Pingxiang", "city", "崇左"),
    ("Ninh Minh", "宁明", "Ningming", "county", "崇左"),
    ("Phòng Thành", "防城", "Fangcheng", "district", "防城港"),
    ("Đông Hưng", "东兴", "Dongxing", "city", "防城港"),
)

# Continents and world regions: CLDR region codes (Vietnamese, English, Chinese names from CLDR through Babel).
# 013 (Trung Mỹ, Central America) is left out: "Trung Mỹ" is also China-US ("quan hệ Trung Mỹ").
REGIONS: tuple[str, ...] = ("002", "009", "019", "142", "150", "005", "021", "029", "015", "011", "014", "017",
                             "018", "030", "034", "035", "143", "145", "151", "154", "155", "039", "053", "054", "057", "061")
# VNA's Vietnamese forms beside CLDR's: (ISO code, extra forms). Source: VNA/VietnamPlus Vietnamese usage.
VNA_COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "AU": ("Australia",), "US": ("Hợp chủng quốc Hoa Kỳ",), "GB": ("Vương quốc Anh và Bắc Ireland", "Liên hiệp Vương quốc Anh"),
    "MM": ("Myanmar", "Mi-an-ma"), "ID": ("Indonesia", "In-đô-nê-xi-a"), "MY": ("Ma-lai-xi-a",), "KP": ("CHDCND Triều Tiên",),
    "KR": ("Hàn Quốc",), "LA": ("CHDCND Lào",), "KH": ("Cam-pu-chia",), "PH": ("Phi-líp-pin",), "SG": ("Xin-ga-po",),
    "TL": ("Đông Timor",), "BN": ("Bru-nây",), "TH": ("Thái Lan",),
}
# Country names of one syllable that are also common Vietnamese words or given names: not glossary
# entries (the matcher ignores case); the resolver pins them only capitalized and not inside a person's name.
SHORT_RISKY: frozenset[str] = frozenset({"Anh", "Đức", "Nga", "Pháp", "Mỹ", "Ý", "Úc", "Bỉ", "Séc", "Áo", "Hy Lạp"})

# International bodies of this press (English as the bodies write it; Chinese as Xinhua writes it).
BODIES_SOURCE = "Derived: the body's own English name; Chinese as Xinhua and the Chinese government write it (not re-checked in a source this session)"
BODIES: tuple[tuple[str, str, tuple[str, ...], str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    # id, vi, variants, en, en_alt, zh, zh_alt
    ("united-nations", "Liên hợp quốc", ("Liên Hợp Quốc", "LHQ"), "United Nations", ("UN",), "联合国", ()),
    ("european-union", "Liên minh châu Âu", ("EU", "Liên minh Châu Âu"), "European Union", ("EU",), "欧盟", ("欧洲联盟",)),
    ("asean-community", "Cộng đồng ASEAN", (), "ASEAN Community", (), "东盟共同体", ()),
    ("asean-secretariat", "Ban Thư ký ASEAN", (), "ASEAN Secretariat", (), "东盟秘书处", ()),
    ("world-trade-organization", "Tổ chức Thương mại Thế giới", ("WTO",), "World Trade Organization", ("WTO",), "世界贸易组织", ("世贸组织",)),
    ("world-health-organization", "Tổ chức Y tế Thế giới", ("WHO",), "World Health Organization", ("WHO",), "世界卫生组织", ("世卫组织",)),
    ("unesco", "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc", ("UNESCO",), "UNESCO", ("United Nations Educational, Scientific and Cultural Organization",), "联合国教科文组织", ()),
    ("unicef", "Quỹ Nhi đồng Liên hợp quốc", ("UNICEF",), "UNICEF", ("United Nations Children's Fund",), "联合国儿童基金会", ()),
    ("undp", "Chương trình Phát triển Liên hợp quốc", ("UNDP",), "United Nations Development Programme", ("UNDP",), "联合国开发计划署", ()),
    ("fao", "Tổ chức Lương thực và Nông nghiệp Liên hợp quốc", ("FAO",), "Food and Agriculture Organization of the United Nations", ("FAO",), "联合国粮食及农业组织", ("联合国粮农组织",)),
    ("world-bank", "Ngân hàng Thế giới", ("WB",), "World Bank", (), "世界银行", ()),
    ("asian-development-bank", "Ngân hàng Phát triển châu Á", ("ADB",), "Asian Development Bank", ("ADB",), "亚洲开发银行", ("亚行",)),
    ("aiib", "Ngân hàng Đầu tư Cơ sở hạ tầng châu Á", ("AIIB",), "Asian Infrastructure Investment Bank", ("AIIB",), "亚洲基础设施投资银行", ("亚投行",)),
    ("lancang-mekong-cooperation", "Hợp tác Mekong - Lan Thương", ("Hợp tác Lan Thương - Mekong",), "Lancang-Mekong Cooperation", ("Mekong-Lancang Cooperation",), "澜湄合作", ("澜沧江—湄公河合作",)),
    ("rcep", "Hiệp định Đối tác Kinh tế Toàn diện Khu vực", ("RCEP",), "Regional Comprehensive Economic Partnership", ("RCEP",), "区域全面经济伙伴关系协定", ()),
    ("acfta", "Khu vực Mậu dịch tự do ASEAN - Trung Quốc", ("Khu mậu dịch tự do ASEAN - Trung Quốc", "ACFTA"), "ASEAN-China Free Trade Area", ("ACFTA",), "中国—东盟自由贸易区", ()),
    ("belt-and-road-initiative", "Sáng kiến Vành đai và Con đường", (), "Belt and Road Initiative", (), "一带一路倡议", ()),
    ("china-asean-expo", "Hội chợ Trung Quốc - ASEAN", ("Hội chợ Triển lãm Trung Quốc - ASEAN", "CAEXPO"), "China-ASEAN Expo", ("CAEXPO",), "中国—东盟博览会", ("东博会",)),
    ("china-asean-business-investment-summit", "Hội nghị thượng đỉnh Thương mại - Đầu tư Trung Quốc - ASEAN", ("CABIS",), "China-ASEAN Business and Investment Summit", ("CABIS",), "中国—东盟商务与投资峰会", ()),
    ("china-asean-expo-secretariat", "Ban Thư ký Hội chợ Triển lãm Trung Quốc - ASEAN", ("Ban Thư ký Hội chợ Trung Quốc - ASEAN",), "China-ASEAN Expo Secretariat", (), "中国—东盟博览会秘书处", ()),
)

# Chinese-side border gates and crossings facing Vietnam: (Vietnamese name, 简体, pinyin English, facing Vietnamese gate).
# Derived: Vietnamese names as Vietnamese border press writes each pair (tuoitre 2025-01-25 Tân Thanh - Pò Chài;
# vovworld 2025 Lý Vạn - Thạc Long; baoquangninh 2024 Hoành Mô - Động Trung, Bắc Phong Sinh - Lý Hỏa; sggp 2024
# Xín Mần - Đô Long, Săm Pun - Điền Bồng; Lào Cai press Mường Khương - Kiều Đầu, Bản Vược - Pả Sa, Kim Thành - Bắc Sơn);
# Chinese: Guangxi and Yunnan port names (凭祥浦寨, 龙州水口, 大新硕龙 in Chinese pages of this session; the rest
# as China's port lists write them, not re-checked this session).
BORDER_GATES_SOURCE = ("Derived: Vietnamese name of the pair as Vietnamese border press writes it; Chinese port name as "
                       "Guangxi/Yunnan write it (浦寨, 水口, 硕龙 seen in Chinese pages; others not re-checked this session)")
BORDER_GATES_CN: tuple[tuple[str, str, str, str], ...] = (
    ("Pò Chài", "浦寨", "Puzhai", "Tân Thanh"),
    ("Lũng Nghịu", "弄尧", "Longyao", "Cốc Nam"),
    ("Thạc Long", "硕龙", "Shuolong", "Lý Vạn"),
    ("Thủy Khẩu", "水口", "Shuikou", "Tà Lùng"),
    ("Long Bang", "龙邦", "Longbang", "Trà Lĩnh"),
    ("Động Trung", "峒中", "Dongzhong", "Hoành Mô"),
    ("Lý Hỏa", "里火", "Lihuo", "Bắc Phong Sinh"),
    ("Thiên Bảo", "天保", "Tianbao", "Thanh Thủy"),
    ("Đô Long", "都龙", "Dulong", "Xín Mần"),
    ("Điền Bồng", "田蓬", "Tianpeng", "Săm Pun"),
    ("Kiều Đầu", "桥头", "Qiaotou", "Mường Khương"),
    ("Pả Sa", "坝洒", "Basa", "Bản Vược"),
    ("Bắc Sơn", "北山", "Beishan", "Kim Thành"),
    ("Kim Thủy Hà", "金水河", "Jinshuihe", "Ma Lù Thàng"),
    ("Long Phú", "龙富", "Longfu", "A Pa Chải"),
)
# World regions CLDR has no code for, as this press names them. Derived: VNA English, Xinhua Chinese.
REGIONS_EXTRA: tuple[tuple[str, str, tuple[str, ...], str, tuple[str, ...], str], ...] = (
    ("gulf-of-tonkin", "Vịnh Bắc Bộ", (), "Gulf of Tonkin", ("Tonkin Gulf", "Beibu Gulf"), "北部湾"),
    ("mekong-subregion", "tiểu vùng Mekong", ("tiểu vùng sông Mekong",), "Mekong Subregion", ("Mekong sub-region",), "湄公河次区域"),
    ("northeast-asia", "Đông Bắc Á", (), "Northeast Asia", (), "东北亚"),
    ("middle-east", "Trung Đông", (), "Middle East", (), "中东"),
    ("asia-pacific", "châu Á - Thái Bình Dương", ("Châu Á-Thái Bình Dương",), "Asia-Pacific", (), "亚太"),
    ("southwest-china", "Tây Nam Trung Quốc", ("vùng Tây Nam Trung Quốc", "khu vực Tây Nam Trung Quốc"), "Southwest China", ("southwestern China",), "中国西南"),
)
