"""The pages evaluation script: what counts as a junk segment, and a whole folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamngu.tools.pages_eval import evaluate_folder, junk_segments, main, summary


@pytest.mark.parametrize(
    ("texts", "junk", "kept"),
    [
        (["Hai bên ký kết.", "Chia sẻ"], ["Chia sẻ"], ["Chia sẻ"]),
        (["Quang cảnh. Ảnh: Minh An Lê"], ["Ảnh: Minh An Lê"], ["Quang cảnh. Ảnh: Minh An Lê"]),  # 15 characters: substring
        (["Hà Giang hợp tác với Vân Nam."], ["Hà Giang"], []),  # short entries match whole segments only
        (["Toàn cảnh.", "Toàn cảnh."], [], ["Toàn cảnh."]),  # a repeat
        (["Hai bên ký kết.", ".", "![]() |"], [], [".", "![]() |"]),  # no letter, markup
    ],
)
def test_junk_segments(texts: list[str], junk: list[str], kept: list[str]) -> None:
    assert junk_segments(texts, junk) == kept


def test_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lead = "Sáng 5/3, đoàn công tác của tỉnh đã làm việc với đối tác bên kia biên giới về hợp tác thương mại."
    (tmp_path / "001.txt").write_text(f"Trang chủ Tin tức\nHai tỉnh hợp tác\n\nChia sẻ\n{lead}\n", encoding="utf-8")
    gold = {"file": "001.txt", "site": "baotinh.vn", "title": "Hai tỉnh hợp tác", "lead": lead,
            "junk": ["Trang chủ Tin tức", "Chia sẻ"]}  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    results = evaluate_folder(tmp_path)
    assert summary(results)["junk_segments_kept"] == 0 and not results[0].title and not results[0].lead
    assert main([str(tmp_path)]) == 0
    assert '"wrong_titles": 0' in capsys.readouterr().out
