"""The benchmark's inputs are what it claims (sizes, unique generated forms); no timing asserted."""

from __future__ import annotations

import json

import pytest

from tamngu.tools import glossary_bench as bench
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.normalize import normalize


def test_padded_glossary_has_size_and_unique_forms() -> None:
    base = load_glossary()
    padded = bench.padded_glossary(base, len(base) + 300, bench.syllables_of(bench.seed_text()), seed=1)
    forms = [normalize(form) for entry in padded for form in entry.vi_forms]
    generated = [entry for entry in padded if entry.id.startswith("generated-")]
    assert (len(padded), len(generated)) == (len(base) + 300, 300)
    assert len({normalize(e.vi) for e in generated}) == 300 and not {normalize(e.vi) for e in generated} & set(forms[: sum(len(e.vi_forms) for e in base)])


@pytest.mark.parametrize(("text", "megabytes", "copies"), [("ab\n", 0.000003, 1), ("ab\n", 0.000009, 3), ("ắ", 0.000004, 2)])
def test_repeat_to(text: str, megabytes: float, copies: int) -> None:
    assert bench.repeat_to(text, megabytes) == "\n".join([text] * copies)


def test_main_prints_one_json_line_per_mode(capsys: pytest.CaptureFixture[str]) -> None:
    entries = len(load_glossary()) + 100  # padded past the curated glossary, whatever its size
    assert bench.main(["--entries", str(entries), "--mb", "0.05", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["mode"], line["entries"]) for line in lines] == [("lines", entries), ("whole", entries)]
    assert lines[0]["matches"] > 0 and lines[1]["matches"] > 0
