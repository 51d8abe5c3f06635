"""Batch runs with --names: the runner decides an article's names and the translator pins them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from tamngu.glossary.model import Entry, Glossary
from tamngu.translate.audit import audit, pinned_terms
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
from tamngu.translate.pipeline import Translator

GLOSSARY = Glossary((
    Entry("prov-sec", "title", "Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee", "省委书记", "derived", "test"),
    Entry("pref-deputy", "title", "Phó Bí thư Châu ủy", "Deputy Secretary of the Prefectural Party Committee", "州委副书记", "derived", "test"),
), "", "test-version")
ARTICLE = """TIẾP ĐOÀN CỦA ĐỒNG CHÍ HỒ KIẾN HOA

Đồng chí Đặng Quốc Khánh, Bí thư Tỉnh ủy, tiếp đồng chí Hồ Kiến Hoa, Phó Bí thư Châu ủy.

Đồng chí Hồ Kiến Hoa cảm ơn.
"""


@dataclasses.dataclass
class _Target:
    text: str
    path: str
    terms: list[object]


@dataclasses.dataclass
class _Result:
    targets: dict[str, _Target]


class PinWriter:
    """Writes the pinned forms (glossary and the job's auto entries) and audits them like the Translator."""

    def __init__(self) -> None:
        self.entries_seen: list[tuple[Entry, ...]] = []
        self.real = Translator(TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu"), GLOSSARY)  # type: ignore[arg-type]

    def translate(self, segments: Sequence[str], targets: Sequence[str] = ("en",), on_date: dt.date | None = None, entries=()):  # type: ignore[no-untyped-def]
        self.entries_seen.append(tuple(entries))
        matches = self.real._with_entries(segments, on_date, entries) if entries else self.real.article_matches(segments, on_date)
        results = []
        for found in matches:
            result = _Result({})
            for lang in targets:
                pins = pinned_terms(found, lang)
                text = " ".join(pin.required for pin in pins)
                result.targets[lang] = _Target(text, "hard", audit(pins, text, lang))
            results.append(result)
        return results


def test_batch_names_pins_auto_names_and_counts_them(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "001_test.txt").write_text(ARTICLE, encoding="utf-8")
    writer = PinWriter()
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    summary = run_batch([source], tmp_path / "run", ("en",), config, GLOSSARY, translator=writer, names=True)  # type: ignore[arg-type]
    document = json.loads((tmp_path / "run" / "articles" / "001_test.json").read_text(encoding="utf-8"))
    terms = [term for segment in document["segments"] for term in segment["targets"]["en"]["terms"]]
    auto = {(t["source_text"].lower(), t["required"], t["origin"]) for t in terms if t["source"] == "auto"}
    assert auto == {("hồ kiến hoa", "Hu Jianhua", "chinese"), ("đặng quốc khánh", "Dang Quoc Khanh", "vietnamese")}
    assert sum(t["source_text"].lower() == "hồ kiến hoa" for t in terms) == 3  # headline, lead, body
    assert all(t["satisfied"] for t in terms)
    assert summary.terms_auto == 4 and summary.terms_pinned == 6
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["names"]["auto_pins"] is True and "glossary gaps" in manifest["names"]["review"]
