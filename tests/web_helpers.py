"""Shared pieces of the desk tests: a glossary copy, a run made by run_batch with a pin-writing translator, clients."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from tamngu.glossary.loader import default_glossary_dir, load_glossary
from tamngu.translate.audit import audit, pinned_terms
from tamngu.translate.config import TranslateConfig
from tamngu.web.app import create_app
from tamngu.web.settings import DeskSettings

# An article in our own words, in the pattern of the provincial press: a Chinese official
# the glossary does not know (an auto name), known places and offices, and markup that must show as text.
ARTICLE = """ĐỒNG CHÍ HỒ KIẾN HOA THĂM TỈNH LÀO CAI

Chiều 3/3/2025, đồng chí Hồ Kiến Hoa, Phó Bí thư Châu ủy, đã làm việc tại tỉnh Lào Cai <script>alert("x")</script>.

Đồng chí Hồ Kiến Hoa cảm ơn tỉnh Lào Cai và mời đoàn sang thăm Hà Khẩu.
"""
NO_MODELS = TranslateConfig(model_en="/nonexistent/vi-en", model_zh="/nonexistent/en-zh", device="cpu")


def copy_glossary(target: Path) -> Path:
    """A writable copy of the curated glossary (every data file and folder)."""
    shutil.copytree(default_glossary_dir(), target, ignore=shutil.ignore_patterns("*.md", ".*"))
    return target


@dataclass
class _Target:
    text: str
    path: str
    terms: list[Any]


@dataclass
class _Result:
    targets: dict[str, _Target] = field(default_factory=dict)


class PinWriter:
    """A translator without a model: the translation is the pinned forms, audited like the real one."""

    def __init__(self, glossary: Any) -> None:
        self.glossary = glossary

    def translate(self, segments: Sequence[str], targets: Sequence[str] = ("en",), on_date: dt.date | None = None,
                  entries: Sequence[Any] = ()) -> list[_Result]:  # fmt: skip
        from tamngu.glossary.resolve import resolve_article

        resolved = resolve_article(list(segments), [*self.glossary, *entries], date=on_date)
        results = []
        for matches in resolved.matches():
            result = _Result()
            for lang in targets:
                pins = pinned_terms(matches, lang)
                text = " ".join(pin.required for pin in pins) or "-"
                result.targets[lang] = _Target(text, "hard", audit(pins, text, lang))
            results.append(result)
        return results


def make_run(runs_dir: Path, glossary_dir: Path, name: str = "batch-1", text: str = ARTICLE, article: str = "001_visit") -> Path:
    """A run directory as ``tamngu translate --names --out`` writes it (the translator writes the pins only)."""
    from tamngu.translate.batch import run_batch

    source = runs_dir.parent / "inputs" / name / f"{article}.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    glossary = load_glossary(glossary_dir)
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    run_batch([source], runs_dir / name, ("en",), config, glossary, translator=PinWriter(glossary), names=True)
    return runs_dir / name


def desk_client(glossary_dir: Path, runs_dir: Path, config: TranslateConfig = NO_MODELS, **settings: Any) -> TestClient:
    """A test client of a desk over these folders (Host ``testserver`` allowed)."""
    app = create_app(DeskSettings(glossary_dir, runs_dir, config=config, extra_hosts=("testserver",), **settings))
    return TestClient(app)


def csrf_of(client: TestClient, page: str = "/") -> str:
    """The CSRF value a page hands this client (the cookie and the forms' hidden field agree)."""
    html = client.get(page).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, f"no csrf field on {page}"
    return found.group(1)
