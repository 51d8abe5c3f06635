"""Short seed-like Vietnamese inputs shared by the decoder tests (written for the tests, not copied)."""

# Some with glossary terms, one caption-like.
SAMPLES = [
    "Bí thư Tỉnh ủy Vân Nam Vương Ninh.",
    "Lào Cai và Vân Nam (Trung Quốc) là 02 địa phương có mối quan hệ hữu nghị.",
    "Quang cảnh buổi hội kiến.",
    "Đồng chí Trịnh Việt Hùng phát biểu tại buổi hội kiến.",
    "Tham gia buổi hội kiến có đồng chí Lưu Dũng – Phó Tỉnh trưởng tỉnh Vân Nam.",
    "Ga Lào Cai mới và Ga Hà Khẩu (Trung Quốc).",
]
