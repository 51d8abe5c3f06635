"""Control characters and U+FFFD never reach the outputs; TMX has a unit per sentence and no empty <seg/>."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamngu.corpus.parse import parse_article
from tamngu.corpus.segment import MAX_SEGMENT_CHARS, segments_of
from tamngu.translate.cleanup import clean_translation
from tamngu.translate.outputs import TmxWriter, tmx_units
from tamngu.translate.records import SegmentRecord, TargetRecord


@pytest.mark.parametrize(
    ("text", "cleaned", "notes"),
    [
        ("Lao Cai province", "Lao Cai province", ()),
        ("Lao Cai\ufffd province", "Lao Cai province", ("removed 1 U+FFFD (replacement character)",)),
        ("Lao \x07Cai\x1b", "Lao Cai", ("removed 2 control characters (U+0007, U+001B)",)),
        ("Lao\u0085Cai \x9c", "Lao Cai", ("removed 1 control character (U+009C)", "line breaks or tabs turned into spaces")),
        ("老街\t省", "老街 省", ("line breaks or tabs turned into spaces",)),
        ("\ufffd\ufffd", "", ("removed 2 U+FFFD (replacement character)",)),
    ],
)
def test_clean_translation(text: str, cleaned: str, notes: tuple[str, ...]) -> None:
    assert clean_translation(text) == (cleaned, notes)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (TargetRecord("Lao Cai", "hard"), {"text": "Lao Cai", "path": "hard", "terms": []}),
        (TargetRecord("Lao Cai", "hard", (), ("removed 1 U+FFFD (replacement character)",)),
         {"text": "Lao Cai", "path": "hard", "terms": [], "cleaned": ["removed 1 U+FFFD (replacement character)"]}),
    ],
)
def test_the_audit_says_what_was_cleaned(record: TargetRecord, expected: dict[str, object]) -> None:
    assert record.to_dict() == expected  # no new key where nothing was cleaned: earlier runs' bytes stay
    assert TargetRecord.from_dict(json.loads(json.dumps(expected))) == record


LONG = "; ".join(f"phần {number} của kế hoạch hợp tác giữa hai tỉnh biên giới về thương mại và du lịch" for number in range(12)) + "."
ARTICLE = f"Hai tỉnh ký kết hợp tác.\n\n{LONG} Sau đó đoàn thăm cửa khẩu.\n\nBuổi làm việc kết thúc lúc 17 giờ.\n"


def _records(text: str, translate) -> list[SegmentRecord]:  # type: ignore[no-untyped-def]
    article = parse_article(text, "a")
    return [SegmentRecord.from_segment(s, {"en": TargetRecord(translate(s.text), "hard")}) for s in segments_of(article)]


def test_a_sentence_cut_for_the_decoder_is_one_tmx_unit() -> None:
    assert len(LONG) > MAX_SEGMENT_CHARS
    article = parse_article(ARTICLE, "a")
    records = _records(ARTICLE, lambda source: f"[{len(source)}]")
    units = tmx_units(article, records, "en")
    pieces = [r for r in records if r.source in LONG]
    assert len(pieces) > 1  # the parser cut the long sentence at semicolons
    assert [unit[1] for unit in units] == [
        "Hai tỉnh ký kết hợp tác.", LONG, "Sau đó đoàn thăm cửa khẩu.", "Buổi làm việc kết thúc lúc 17 giờ."
    ]
    assert units[1] == ("+".join(p.id for p in pieces), LONG, " ".join(p.targets["en"].text for p in pieces))


@pytest.mark.parametrize(
    ("target", "units"),
    [("Two provinces", 1), ("", 0), ("   ", 0), ("\x07\ufffd", 0)],
)
def test_no_empty_seg(tmp_path: Path, target: str, units: int) -> None:
    writer = TmxWriter(tmp_path / "run.vi-en.tmx", "en", "0")
    writer.add("a:title:0.0", "Hai tỉnh", target)
    writer.close()
    text = (tmp_path / "run.vi-en.tmx").read_text(encoding="utf-8")
    assert text.count("<tu ") == units and "<seg></seg>" not in text and "\ufffd" not in text


@pytest.mark.parametrize(
    ("line", "kept"),
    [("Hai tỉnh\x07 ký kết.", "Hai tỉnh ký kết."), ("Hai t\ufffdnh ký kết.", "Hai t nh ký kết."), ("Hai tỉnh ký kết.", "Hai tỉnh ký kết.")],
)
def test_control_characters_never_reach_a_source_segment(line: str, kept: str) -> None:
    assert [segment.text for segment in segments_of(parse_article(line + "\n", "a"))] == [kept]


def test_translator_cleans_the_decoder_output_and_says_so(tiny_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from tamngu.translate.config import TranslateConfig
    from tamngu.translate.loaded import LoadedModel
    from tamngu.translate.pipeline import Translator, result_dict

    decode = LoadedModel.decode
    monkeypatch.setattr(LoadedModel, "decode", lambda self, ids: "\ufffd" + decode(self, ids) + "\x07")
    config = TranslateConfig(model_en=str(tiny_models["en"]), model_zh=str(tiny_models["zh"]), device="cpu", beams=1)
    [result] = Translator(config).translate(["Hai tỉnh ký kết hợp tác."], ("en",))
    data = result_dict(result)["targets"]["en"]
    assert "\ufffd" not in data["text"] and "\x07" not in data["text"]
    assert data["cleaned"] == ["removed 1 U+FFFD (replacement character)", "removed 1 control character (U+0007)"]
    assert TargetRecord.from_result(result.targets["en"]).cleaned == tuple(data["cleaned"])


@pytest.mark.parametrize(
    ("stored", "text", "cleaned"),
    [
        ("Two provinces sign.", "Two provinces sign.", None),  # clean: the record as it is
        ("Two\ufffd provinces sign.\x07", "Two provinces sign.", ["removed 1 U+FFFD (replacement character)",
                                                              "removed 1 control character (U+0007)"]),
    ],
)
def test_a_translation_served_from_an_older_memory_is_cleaned_too(stored: str, text: str, cleaned: list[str] | None) -> None:
    from tamngu.translate.outputs import article_document, article_markdown

    article = parse_article("Hai tỉnh ký kết.\n", "a")
    records = _records("Hai tỉnh ký kết.\n", lambda source: stored)
    target = article_document(article, None, records)["segments"][0]["targets"]["en"]
    assert (target["text"], target.get("cleaned")) == (text, cleaned)
    markdown = article_markdown(article, records, "en")
    assert "\ufffd" not in markdown and "\x07" not in markdown
