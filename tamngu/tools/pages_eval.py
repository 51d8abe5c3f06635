"""Measure the corpus parser on a folder of real pages against a gold file.

The folder holds article copies (``NNN.txt``, optionally ``NNN.html``) and a
``gold.jsonl`` with one line per page::

    {"file": "004.txt", "site": "baolaocai.vn", "title": "...", "lead": "...",
     "junk": ["lines or credits that must not become segments"],
     "captions": ["..."], "segments": ["sentences that must stand alone"]}

It prints, per page and in total: junk segments kept, wrong titles and leads,
captions read as something else, required segments missing, and the longest
segment. A segment counts as junk when it equals a junk entry, contains one of
at least :data:`SUBSTRING_MIN` characters, repeats an earlier segment of the
same article, has no letter, or carries markup (``|``, ``![``, ``<image``,
``://``). Third-party pages stay outside the repository; only this script is
committed.

Usage::

    python -m tamngu.tools.pages_eval /work/devdata/pages [--html] [--json] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tamngu.corpus.parse import Article, load_article
from tamngu.corpus.segment import segments_of

SUBSTRING_MIN = 12
LONG_SEGMENT = 600
_MARKUP = ("|", "![", "<image", "://")
_SPACE = re.compile(r"\s+")


@dataclass
class PageResult:
    """What went wrong on one page."""

    file: str
    site: str
    junk_kept: list[str] = field(default_factory=list)
    title: tuple[str | None, str | None] | None = None  # (expected, got) when wrong
    lead: tuple[str | None, str | None] | None = None
    captions_missed: list[str] = field(default_factory=list)
    segments_missing: list[str] = field(default_factory=list)
    longest: int = 0
    segments: int = 0


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _loose(text: str) -> str:
    return (_norm(text) or "").rstrip(" .")


def junk_segments(texts: list[str], junk: list[str]) -> list[str]:
    """The segment texts that are page junk (see the module docstring)."""
    patterns = [_norm(entry) or "" for entry in junk]
    kept: list[str] = []
    seen: set[str] = set()
    for text in texts:
        norm = _norm(text) or ""
        duplicate = norm in seen
        seen.add(norm)
        if duplicate or _is_junk(norm, patterns):
            kept.append(text)
    return kept


def _is_junk(norm: str, patterns: list[str]) -> bool:
    if not any(char.isalpha() for char in norm) or any(mark in norm for mark in _MARKUP):
        return True
    return any(norm == entry or (len(entry) >= SUBSTRING_MIN and entry in norm) for entry in patterns)


def evaluate_page(article: Article, gold: dict) -> PageResult:  # type: ignore[type-arg]
    """Compare one parsed page with its gold line."""
    segments = segments_of(article)
    texts = [segment.text for segment in segments]
    result = PageResult(gold["file"], gold.get("site", ""), segments=len(segments))
    result.junk_kept = junk_segments(texts, gold.get("junk", []))
    title, lead = (article.title.text if article.title else None), (article.lead.text if article.lead else None)
    if _norm(title) != _norm(gold.get("title")):
        result.title = (gold.get("title"), title)
    if _norm(lead) != _norm(gold.get("lead")):
        result.lead = (gold.get("lead"), lead)
    captions = {_loose(paragraph.text) for paragraph in article.captions}
    result.captions_missed = [c for c in gold.get("captions", []) if _loose(c) not in captions]
    normalized = {_norm(text) for text in texts}
    result.segments_missing = [s for s in gold.get("segments", []) if _norm(s) not in normalized]
    result.longest = max((len(text) for text in texts), default=0)
    return result


def evaluate_folder(folder: Path, html: bool = False) -> list[PageResult]:
    """Evaluate every page of ``folder/gold.jsonl`` (the ``.html`` copy where ``html`` and one exists)."""
    results = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        path = folder / gold["file"]
        if html and path.with_suffix(".html").exists():
            path = path.with_suffix(".html")
        elif html:
            continue
        results.append(evaluate_page(load_article(path), gold))
    return results


def summary(results: list[PageResult]) -> dict[str, object]:
    """Totals over all pages."""
    return {
        "pages": len(results),
        "sites": len({r.site for r in results}),
        "segments": sum(r.segments for r in results),
        "junk_segments_kept": sum(len(r.junk_kept) for r in results),
        "pages_with_junk": sum(1 for r in results if r.junk_kept),
        "wrong_titles": sum(1 for r in results if r.title),
        "wrong_leads": sum(1 for r in results if r.lead),
        "captions_missed": sum(len(r.captions_missed) for r in results),
        "segments_missing": sum(len(r.segments_missing) for r in results),
        "longest_segment": max((r.longest for r in results), default=0),
        "segments_over_600": LONG_SEGMENT,
    }


def _print_report(results: list[PageResult], verbose: bool) -> None:
    for result in results:
        problems = []
        if result.junk_kept:
            problems.append(f"junk kept: {result.junk_kept}")
        if result.title:
            problems.append(f"title: expected {result.title[0]!r}, got {result.title[1]!r}")
        if result.lead:
            problems.append(f"lead: expected {_clip(result.lead[0])!r}, got {_clip(result.lead[1])!r}")
        if verbose and result.captions_missed:
            problems.append(f"captions missed: {result.captions_missed}")
        if result.segments_missing:
            problems.append(f"segments missing: {result.segments_missing}")
        if result.longest > LONG_SEGMENT:
            problems.append(f"longest segment {result.longest} characters")
        for problem in problems:
            print(f"{result.file} ({result.site}): {problem}")
    totals = summary(results)
    totals["segments_over_600"] = sum(1 for r in results if r.longest > LONG_SEGMENT)
    print(json.dumps(totals, ensure_ascii=False))


def _clip(text: str | None, width: int = 90) -> str | None:
    return text if text is None or len(text) <= width else text[:width] + "…"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exit 1 when any target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with NNN.txt / NNN.html pages and gold.jsonl")
    parser.add_argument("--html", action="store_true", help="evaluate the .html copies instead of the .txt ones")
    parser.add_argument("--json", action="store_true", help="print every page's result as JSON lines")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list captions read as body")
    args = parser.parse_args(argv)
    results = evaluate_folder(args.folder, html=args.html)
    if args.json:
        for result in results:
            print(json.dumps(asdict(result), ensure_ascii=False))
    _print_report(results, args.verbose)
    missed = any(r.junk_kept or r.title or r.lead or r.longest > LONG_SEGMENT for r in results)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
