"""Measure name pinning on a development set: share of terms right, distinct people right, wrong pins.

The development set is a directory (kept outside the repository: third-party
text is measured, never committed) with ``articles/NNN.txt`` (first line the
URL, then the text) and ``gold.jsonl``: one line per (article, term) with
``vi``, ``type``, ``origin``, ``en``, ``zh`` (null when unknown), ``en_alt``,
``zh_alt``; optionally ``dates.json`` (article id -> YYYY-MM-DD: the glossary
reading valid that day applies).

How a term is judged, per occurrence of its Vietnamese form in the article:
the pin that covers exactly it (allowing an administrative word such as
``tỉnh``/``châu`` around it) must carry an accepted English/Chinese form; an
occurrence only covered by a longer pin (``Bí thư Châu ủy Văn Sơn``) counts
when that pin's form contains the term's form. A term is right when every
occurrence is; unpinned terms are not right but are not wrong pins. Chinese is
judged only where the gold has characters.

Usage::

    python -m tamngu.tools.names_eval /work/devdata/names            # glossary + auto names
    python -m tamngu.tools.names_eval /work/devdata/names --no-names # glossary only (baseline)
    python -m tamngu.tools.names_eval /work/devdata/names --json
    python -m tamngu.tools.names_eval /work/devdata/names --misses   # also list what stays unpinned
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Match
from tamngu.glossary.resolve import Resolver
from tamngu.glossary.normalize import normalize

logger = logging.getLogger(__name__)

_ADMIN = r"(tỉnh|huyện|châu|thị|thành phố|tp|xã|phường)"
# VNA writes a Vietnamese unit after its name in lower case ("Bat Xat district", "Y Ty commune", "Lao Cai ward")
_PLACE_EN = ("", " Province", " province", " Prefecture", " County", " City", " city", " District", " district",
             " commune", " Commune", " ward", " Ward", " town")
_PLACE_ZH = ("", "省", "州", "县", "市", "区", "乡", "坊")


@dataclass
class Judgement:
    """One gold term in one article: how its pins fared in English and Chinese."""

    row: dict[str, Any]
    en: str  # right | wrong | unpinned
    zh: str  # right | wrong | unpinned | n/a
    seen_en: list[str] = field(default_factory=list)
    seen_zh: list[str] = field(default_factory=list)


def load_dev(directory: Path) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """(article id -> segments, gold rows) of a development set directory."""
    articles = {}
    for path in sorted((directory / "articles").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        articles[path.stem] = [line.strip() for line in lines if line.strip()]
    gold = [json.loads(line) for line in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return articles, gold


def pin_articles(
    articles: dict[str, list[str]], glossary_dir: Path | None, names: bool, dates: dict[str, dt.date] | None = None
) -> dict[str, list[list[Match]]]:
    """Every article's matches (as of its date): glossary plus auto names (``names``) or the glossary alone."""
    dates = dates or {}
    resolver = Resolver(load_glossary(glossary_dir))  # one rendering per name across the set, as in a run
    return {art: resolver.resolve(segments, date=dates.get(art), names=names).matches() for art, segments in articles.items()}


def judge(row: dict[str, Any], segments: Sequence[str], matches: Sequence[Sequence[Match]]) -> Judgement:
    """How the pins of one article render one gold term."""
    en_ok, zh_ok = _accepted(row)
    results_en, results_zh, seen_en, seen_zh = [], [], [], []
    for index, (start, end) in _occurrences(row["vi"], segments):
        own, embedding = _covering(segments[index], matches[index], start, end, row["type"])
        if own is not None:
            seen_en.append(own.entry.en)
            seen_zh.append(own.entry.zh)
            results_en.append(_verdict(own.entry.en, en_ok, exact=True))
            results_zh.append(_verdict(own.entry.zh, zh_ok, exact=True, fold_case=False))
        elif embedding is not None:
            results_en.append(_embedded(embedding.entry, "en", en_ok))
            results_zh.append(_embedded(embedding.entry, "zh", zh_ok))
    en = _combine(results_en)
    zh = "n/a" if not row.get("zh") else _combine(results_zh)
    return Judgement(row, en, zh, seen_en, seen_zh)


def _accepted(row: dict[str, Any]) -> tuple[set[str], set[str]]:
    en = {row["en"], *row.get("en_alt", [])}
    zh = {row["zh"], *row.get("zh_alt", [])} if row.get("zh") else set()
    if row["type"] == "place":
        en = {form + suffix for form in en for suffix in _PLACE_EN}
        zh = {form + suffix for form in zh for suffix in _PLACE_ZH}
    return {form.lower() for form in en}, zh


def _verdict(form: str, accepted: set[str], exact: bool, fold_case: bool = True) -> str:
    if not form:
        return "unpinned"
    if not accepted:
        return "n/a"
    value = form.lower() if fold_case and any(c.isascii() for c in form) else form  # Chinese keeps its Latin codes as written
    if exact:
        return "right" if value in accepted else "wrong"
    return "right" if any(a in value for a in accepted) else "wrong"


def _embedded(entry: Any, lang: str, accepted: set[str]) -> str:
    """An occurrence inside a longer pin: right when that pin renders it (or was composed from it), else not judged."""
    form = entry.en if lang == "en" else entry.zh
    if not accepted or not form:
        return "n/a"
    composed = entry.note.split("composed from: ", 1)[1].split(" | ") if "composed from: " in entry.note else []
    own = (composed[0] if lang == "en" else composed[1]) if len(composed) == 2 else ""
    fold = lang == "en"
    if _verdict(form, accepted, exact=False, fold_case=fold) == "right" or (own and _verdict(own, accepted, exact=True, fold_case=fold) == "right"):
        return "right"
    return "n/a"


def _combine(results: list[str]) -> str:
    judged = [r for r in results if r != "n/a"]
    if results and not judged:
        return "embedded"
    if not judged or all(r == "unpinned" for r in judged):
        return "unpinned"
    if any(r == "wrong" for r in judged):
        return "wrong"
    return "right" if all(r == "right" for r in judged) else "unpinned"


def _occurrences(vi: str, segments: Sequence[str]) -> list[tuple[int, tuple[int, int]]]:
    pattern = re.compile(rf"(?<!\w){re.escape(normalize(vi))}(?!\w)")
    found = []
    for index, segment in enumerate(segments):
        text = normalize(segment)  # same length as the segment for NFC input
        found += [(index, (m.start(), m.end())) for m in pattern.finditer(text)]
    return found


def _covering(segment: str, matches: Sequence[Match], start: int, end: int, kind: str) -> tuple[Match | None, Match | None]:
    covering = [m for m in matches if m.start <= start and end <= m.end]
    if not covering:
        return None, None
    smallest = min(covering, key=lambda m: m.end - m.start)
    extra = normalize(segment[smallest.start : start] + " " + segment[end : smallest.end]).strip()
    if not extra or re.fullmatch(rf"({_ADMIN}\s*)+", extra):
        return smallest, None
    return None, smallest


def summarize(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """Shares right by type, distinct people right, wrong pins."""
    by_type: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        by_type[j.row["type"]].append(j)
    table = {kind: _shares(rows) for kind, rows in sorted(by_type.items())}
    people: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        if j.row["type"] == "person":
            people[j.row["vi"]].append(j)
    return {
        "terms": _shares(judgements),
        "by_type": table,
        "people": _people(people),
        "wrong_pins": [
            {"article": j.row["article"], "vi": j.row["vi"], "gold_en": j.row["en"], "gold_zh": j.row.get("zh"),
             "pinned_en": sorted(set(j.seen_en)), "pinned_zh": sorted(set(j.seen_zh)), "wrong": [l for l, v in (("en", j.en), ("zh", j.zh)) if v == "wrong"]}
            for j in judgements if "wrong" in (j.en, j.zh)
        ],
        "unpinned": [
            {"article": j.row["article"], "type": j.row["type"], "vi": j.row["vi"], "gold_en": j.row["en"], "gold_zh": j.row.get("zh")}
            for j in judgements if j.en in ("unpinned", "embedded")
        ],
    }


def _shares(rows: Sequence[Judgement]) -> dict[str, Any]:
    with_zh = [j for j in rows if j.zh != "n/a"]
    both = [j for j in rows if j.en == "right" and j.zh in ("right", "n/a")]
    return {
        "terms": len(rows),
        "en_right": _pct(sum(j.en == "right" for j in rows), len(rows)),
        "zh_right": _pct(sum(j.zh == "right" for j in with_zh), len(with_zh)),
        "all_right": _pct(len(both), len(rows)),
        "en_wrong_pins": sum(j.en == "wrong" for j in rows),
        "zh_wrong_pins": sum(j.zh == "wrong" for j in with_zh),
        "en_unpinned": sum(j.en == "unpinned" for j in rows),
        "zh_terms": len(with_zh),
    }


def _people(people: dict[str, list[Judgement]]) -> dict[str, Any]:
    total = len(people)
    en = sum(all(j.en == "right" for j in rows) for rows in people.values())
    with_zh = {vi: rows for vi, rows in people.items() if rows[0].zh != "n/a"}
    zh = sum(all(j.zh == "right" for j in rows) for rows in with_zh.values())
    return {"distinct": total, "en_right": _pct(en, total), "zh_known": len(with_zh), "zh_right": _pct(zh, len(with_zh))}


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def evaluate(directory: Path, glossary_dir: Path | None = None, names: bool = True) -> dict[str, Any]:
    """Pin the development set in ``directory`` and score it against its gold."""
    articles, gold = load_dev(directory)
    dates_file = directory / "dates.json"
    raw_dates = json.loads(dates_file.read_text(encoding="utf-8")) if dates_file.is_file() else {}
    pinned = pin_articles(articles, glossary_dir, names, {art: dt.date.fromisoformat(day) for art, day in raw_dates.items()})
    judgements = [judge(row, articles[row["article"]], pinned[row["article"]]) for row in gold if row["article"] in articles]
    return summarize(judgements)


def _print(report: dict[str, Any], misses: bool = False) -> None:
    head = f"{'type':<14}{'terms':>6}{'en right':>10}{'zh right':>10}{'all right':>10}{'wrong en':>9}{'wrong zh':>9}{'unpinned':>9}"
    print(head)
    for kind, row in [*report["by_type"].items(), ("ALL", report["terms"])]:
        print(f"{kind:<14}{row['terms']:>6}{_fmt(row['en_right']):>10}{_fmt(row['zh_right']):>10}{_fmt(row['all_right']):>10}"
              f"{row['en_wrong_pins']:>9}{row['zh_wrong_pins']:>9}{row['en_unpinned']:>9}")
    people = report["people"]
    print(f"distinct people: {people['distinct']}; English right {_fmt(people['en_right'])}; "
          f"Chinese right {_fmt(people['zh_right'])} (of {people['zh_known']} with known characters)")
    print(f"wrong pins: {len(report['wrong_pins'])} terms")
    for wrong in report["wrong_pins"]:
        print(f"  {wrong['article']} {wrong['vi']}: gold {wrong['gold_en']} / {wrong['gold_zh']}; "
              f"pinned {wrong['pinned_en']} / {wrong['pinned_zh']} ({','.join(wrong['wrong'])})")
    if misses:
        print(f"unpinned: {len(report['unpinned'])} terms")
        for miss in sorted(report["unpinned"], key=lambda m: (m["type"], m["article"])):
            print(f"  {miss['type']:<12} {miss['article']} {miss['vi']}: gold {miss['gold_en']} / {miss['gold_zh']}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("devset", type=Path, help="directory with articles/ and gold.jsonl")
    parser.add_argument("--glossary", type=Path, default=None, help="glossary directory (default: the packaged one)")
    parser.add_argument("--no-names", action="store_true", help="glossary matches only (the baseline)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--misses", action="store_true", help="also list the terms left unpinned, by type")
    args = parser.parse_args(argv)
    if not (args.devset / "gold.jsonl").is_file():
        print(f"error: {args.devset}/gold.jsonl not found; give the development set directory", file=sys.stderr)
        return 2
    report = evaluate(args.devset, args.glossary, names=not args.no_names)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report, misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
