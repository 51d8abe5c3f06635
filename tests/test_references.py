"""The reference translations in eval/references/ stay consistent with the parse and the glossary.

Each line of ``eval/references/<article>.jsonl`` is one segment of the current
parse of ``seeds/<article>.txt`` with its English and Chinese reference and the
glossary entries its source contains. If the corpus parser or the glossary
changes, these tests say which reference lines need attention.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Matcher
from tamngu.eval.terms import TermChecker
from tamngu.glossary.model import Entry, Glossary
from tamngu.corpus.parse import PARTS, Article, article_date, load_article
from tamngu.corpus.segment import parse_segment_id, segment_id, segments_of

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "eval" / "references"
SEEDS = ROOT / "seeds"
GLOSSARY_DIR = ROOT / "glossary" / "data"
LANGS = ("en", "zh")
FIELDS = ("id", "source", "en", "zh", "terms")
MIN_SEGMENTS_PER_LANG = 80
# Issue 5: every body segment of these articles, and the title and lead of all five.
FULL_BODY_ARTICLES = ("002_455caeea9bf3c048", "004_e215a13064ec9058")
ALWAYS_PARTS = ("title", "lead")


def _reference_lines() -> list[tuple[str, int, dict]]:
    lines = []
    for path in sorted(REFERENCES.glob("*.jsonl")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            lines.append((path.stem, number, json.loads(text)))
    return lines


LINES = _reference_lines()
LINE_IDS = [f"{article}:{number}" for article, number, _ in LINES]


@cache
def _article(article_id: str) -> Article:
    return load_article(SEEDS / f"{article_id}.txt")


@cache
def _parsed_sources(article_id: str) -> dict[str, str]:
    return {segment.id: segment.text for segment in segments_of(_article(article_id))}


@cache
def _glossary() -> Glossary:
    return load_glossary(GLOSSARY_DIR)


@cache
def _matcher(article_id: str) -> Matcher:
    return Matcher(_glossary(), on_date=article_date(_article(article_id)))


def _source_term_ids(article_id: str, source: str) -> list[str]:
    return list(dict.fromkeys(match.entry.id for match in _matcher(article_id).find(source)))


def test_reference_files_exist() -> None:
    assert LINES, f"no reference lines under {REFERENCES}"


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
def test_line_shape(article_id: str, number: int, line: dict) -> None:
    assert tuple(line) == FIELDS
    for lang in LANGS:
        assert isinstance(line[lang], str) and line[lang].strip() == line[lang] != ""
    assert isinstance(line["terms"], list) and all(isinstance(term, str) for term in line["terms"])
    assert len(set(line["terms"])) == len(line["terms"])


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
def test_id_is_well_formed(article_id: str, number: int, line: dict) -> None:
    article, part, paragraph, sentence = parse_segment_id(line["id"])
    assert article == article_id
    assert part in PARTS
    assert segment_id(article, part, paragraph, sentence) == line["id"]


def test_ids_are_unique() -> None:
    counts = Counter(line["id"] for _, _, line in LINES)
    assert [seg_id for seg_id, count in counts.items() if count > 1] == []


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
def test_source_equals_current_parse(article_id: str, number: int, line: dict) -> None:
    parsed = _parsed_sources(article_id)
    assert line["id"] in parsed, f"{line['id']} is not a segment of the current parse"
    assert line["source"] == parsed[line["id"]]


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
def test_terms_are_the_glossary_matches_of_the_source(article_id: str, number: int, line: dict) -> None:
    assert line["terms"] == _source_term_ids(article_id, line["source"])


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_reference_uses_pinned_forms(article_id: str, number: int, line: dict, lang: str) -> None:
    missing = []
    for term_id in line["terms"]:
        entry: Entry | None = _glossary().get(term_id)
        assert entry is not None, f"unknown glossary entry {term_id!r}"
        if not any(form in line[lang] for form in entry.target_forms(lang)):
            missing.append((term_id, entry.target_forms(lang)))
    assert missing == []


@cache
def _term_checker() -> TermChecker:
    return TermChecker(_glossary())


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_reference_scores_full_term_success(article_id: str, number: int, line: dict, lang: str) -> None:
    """Scored by eval's own checker (one target occurrence per source occurrence, word boundaries)."""
    on_date = article_date(_article(article_id))
    checked = _term_checker().check(line["id"], line["source"], line[lang], lang, on_date)
    assert [(term.entry_id, term.text) for term in checked.terms if not term.hit] == []


def test_required_segments_are_covered() -> None:
    have = {line["id"] for _, _, line in LINES}
    required = {
        segment.id
        for path in sorted(SEEDS.glob("*.txt"))
        for segment in segments_of(_article(path.stem))
        if segment.part in ALWAYS_PARTS or (segment.part == "body" and path.stem in FULL_BODY_ARTICLES)
    }
    assert sorted(required - have) == []


@pytest.mark.parametrize("lang", LANGS)
def test_enough_references_per_language(lang: str) -> None:
    assert sum(1 for _, _, line in LINES if line[lang].strip()) >= MIN_SEGMENTS_PER_LANG


@pytest.mark.parametrize(("article_id", "number", "line"), LINES, ids=LINE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_reference_is_in_its_language_script(article_id: str, number: int, line: dict, lang: str) -> None:
    """What 'tamngu eval' checks before scoring: no English in Chinese script, no Chinese in Latin letters."""
    from tamngu.eval.text import first_unclean, script_problem

    assert (script_problem(line[lang], lang), first_unclean(line[lang]), first_unclean(line["source"])) == (None, None, None)


def test_eval_reads_every_shipped_reference() -> None:
    from tamngu.eval.reference_files import read_references

    assert sorted(read_references(REFERENCES)) == sorted(line["id"] for _, _, line in LINES)
