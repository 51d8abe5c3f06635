"""Reference translations: reading ``<article>.jsonl`` files, and a run made of the references.

A reference file holds one JSON object a line: ``{"id", "source", "en", "zh",
"terms"}`` (see ``eval/references/README.md``). A line is refused, naming the
file, the line and the fix, when it is not such an object, when a field holds
a control character or U+FFFD (a decoding accident to repair in the file), or
when a reference is in the wrong script for its language (Chinese in ``en``,
Latin in ``zh``: the two fields swapped, or one pasted into the other).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError
from tamngu.eval.text import first_unclean, script_problem
from tamngu.fileio import atomic_write

LANGS: tuple[str, ...] = ("en", "zh")
_LANG_NAMES = {"en": "English", "zh": "Chinese"}
_SNIPPET = 40


@dataclass(frozen=True)
class Reference:
    """One reference segment."""

    id: str
    article: str
    source: str
    targets: dict[str, str]
    terms: tuple[str, ...]
    file: Path
    line: int


def article_of(segment_id: str) -> str:
    """The article id of a segment id (``<article>:<part>:<p>.<s>``)."""
    return segment_id.split(":", 1)[0]


def segment_order(segment_id: str) -> tuple[Any, ...]:
    """Article, then title < lead < body < caption, then paragraph and sentence numerically."""
    parts = segment_id.split(":")
    order = {"title": 0, "lead": 1, "body": 2, "caption": 3}
    if len(parts) != 3:
        return (segment_id, 9, 0, 0)
    paragraph, _, sentence = parts[2].partition(".")
    numbers = [int(n) if n.isdigit() else 0 for n in (paragraph, sentence)]
    return (parts[0], order.get(parts[1], 9), *numbers)


def read_references(directory: Path | str) -> dict[str, Reference]:
    """Read every ``*.jsonl`` reference file of ``directory``, keyed by segment id.

    Raises:
        BadInputError: missing directory, no files, a malformed line, a control character or
            U+FFFD, a reference in the wrong script, or a duplicate id.
    """
    root = Path(directory)
    files = sorted(root.glob("*.jsonl")) if root.is_dir() else []
    if not files:
        raise BadInputError(f"{root}: no reference files (<article>.jsonl); pass --refs DIR")
    references: dict[str, Reference] = {}
    for file in files:
        for reference in _read_reference_file(file):
            if reference.id in references:
                first = references[reference.id]
                raise BadInputError(f"{file}:{reference.line}: duplicate segment id {reference.id}; first at {first.file}:{first.line}")
            references[reference.id] = reference
    return references


def _read_reference_file(file: Path) -> Iterable[Reference]:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise BadInputError(f"{file}:{line}: not UTF-8 (byte {exc.start}); save the references as UTF-8") from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _reference(json_line(file, number, line), file, number)


def json_line(file: Path, number: int, line: str) -> dict[str, Any]:
    """One reference line as an object with ``id`` and ``source`` strings."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{file}:{number}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("source"), str):
        raise BadInputError(f"{file}:{number}: expected {{\"id\", \"source\", \"en\", \"zh\", \"terms\"}}")
    return raw


def _reference(raw: dict[str, Any], file: Path, number: int) -> Reference:
    targets = {lang: raw[lang] for lang in LANGS if isinstance(raw.get(lang), str) and raw[lang].strip()}
    for field, value in (("source", raw["source"]), *targets.items()):
        _check_clean(field, value, file, number)
    for lang, value in targets.items():
        _check_script(lang, value, file, number)
    terms = tuple(str(term) for term in raw.get("terms", []) or [])
    return Reference(raw["id"], article_of(raw["id"]), raw["source"], targets, terms, file, number)


def _check_clean(field: str, value: str, file: Path, number: int) -> None:
    index = first_unclean(value)
    if index is not None:
        raise BadInputError(
            f"{file}:{number}: '{field}' has {_character_name(value[index])} at character {index + 1}; "
            "remove it (U+FFFD marks text once decoded with the wrong encoding: take the text again from its source)"
        )


def _character_name(char: str) -> str:
    return "U+FFFD (the replacement character)" if char == "\ufffd" else f"the control character U+{ord(char):04X}"


def _check_script(lang: str, value: str, file: Path, number: int) -> None:
    problem = script_problem(value, lang)
    if problem:
        other = "zh" if lang == "en" else "en"
        snippet = value if len(value) <= _SNIPPET else value[: _SNIPPET - 1] + "…"
        raise BadInputError(
            f"{file}:{number}: the '{lang}' reference {problem} ({snippet!r}); "
            f"put the {_LANG_NAMES[lang]} translation in '{lang}' and the {_LANG_NAMES[other]} one in '{other}'"
        )


# ---------------------------------------------------------------- reference run


def write_reference_run(
    references: dict[str, Reference],
    out: Path | str,
    langs: Sequence[str] = LANGS,
    dates: dict[str, dt.date | None] | None = None,
) -> Path:
    """Write a run directory whose hypotheses are the references themselves.

    Scoring it gives BLEU 100, term success 100% and term consistency 100%:
    the sanity check of the whole evaluation path.

    Args:
        references: from :func:`read_references`.
        out: the run directory to write.
        langs: target languages to include.
        dates: article dates (the parser's ``article_date`` of each raw article), so date-bound glossary
            entries resolve as they would in a real run.
    """
    root = Path(out)
    dates = dates or {}
    by_article: dict[str, list[Reference]] = {}
    for reference in references.values():
        by_article.setdefault(reference.article, []).append(reference)
    for article, article_refs in sorted(by_article.items()):
        segments = [_reference_segment(reference, langs) for reference in sorted(article_refs, key=lambda r: segment_order(r.id))]
        write_json_atomic(root / "articles" / f"{article}.json", {"article": article, "date": _iso(dates.get(article)), "segments": segments})
    manifest = {"tamngu_run": 1, "models": {"reference": "hypotheses are the references"}, "glossary_version": None,
                "decoding": {"constraints": "reference"}, "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "articles": sorted(by_article)}
    write_json_atomic(root / "manifest.json", manifest)
    return root


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _reference_segment(reference: Reference, langs: Sequence[str]) -> dict[str, Any]:
    part, position = reference.id.split(":")[1:3] if reference.id.count(":") == 2 else ("body", "0.0")
    paragraph, _, sentence = position.partition(".")
    targets = {lang: {"text": reference.targets[lang], "path": "reference", "terms": []} for lang in langs if lang in reference.targets}
    return {"id": reference.id, "part": part, "paragraph": int(paragraph or 0), "sentence": int(sentence or 0),
            "source": reference.source, "targets": targets}


def write_json_atomic(path: Path, document: Any) -> None:
    """Write JSON through the one atomic writer: never half-written."""
    atomic_write(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
