"""The one reader of a run's ``articles/<article>.json`` (tamngu.translate.records.read_article)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tamngu.errors import BadInputError
from tamngu.translate.records import ArticleRecord, SegmentRecord, TargetRecord, read_article

SEGMENT = SegmentRecord("a:title:0.0", "title", 0, 0, "Lào Cai", {"en": TargetRecord("Lao Cai", "hard")})
DOCUMENT = {"article": "a", "date": "2025-10-29", "metadata": {"url": "https://example.vn/a"}, "segments": [SEGMENT.to_dict()]}


def test_read_article_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")
    assert read_article(path) == ArticleRecord("a", dt.date(2025, 10, 29), {"url": "https://example.vn/a"}, (SEGMENT,))
    assert read_article(path).sources == ["Lào Cai"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "JSONDecodeError"),
        ('{"article": "a"}', "KeyError: 'segments'"),
        ('{"article": "a", "date": "29/10/2025", "segments": []}', "ValueError"),
        ('{"article": "a", "segments": [{"id": "x"}]}', "KeyError: 'targets'"),
        ("[]", "AttributeError"),
    ],
)
def test_read_article_names_the_file_and_the_fix(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        read_article(path)
    assert str(caught.value).startswith(f"{path}: not an article") and fragment in str(caught.value)
    assert "rerun 'tamngu translate --out DIR'" in str(caught.value)
