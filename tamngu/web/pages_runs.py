"""Runs: the run directories under ``--runs``, each article side by side with its pins, the downloads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tamngu.web.app import SECURITY_HEADERS, desk_of, route
from tamngu.web.jobs import saved_input
from tamngu.translate.records import SegmentRecord, read_article
from tamngu.web.runs import article_path, download_path, list_runs, report_html, run_info
from tamngu.web.segments import kind_counts, pin_views, role_notes, source_chunks, target_chunks

_MEDIA = {"md": "text/markdown; charset=utf-8", "json": "application/json", "tmx": "application/xml"}
LANG_NAMES = {"en": "English", "zh": "Chinese"}
TITLE_CHARS = 80


def routes() -> list[Route]:
    return [
        route("/runs", runs_page),
        route("/runs/report/{folder}", report_page),
        route("/runs/{run}", run_page),
        route("/runs/{run}/{article}", article_page),
        route("/runs/{run}/{article}/download/{kind}/{lang}", download),
    ]


async def runs_page(request: Request) -> Response:
    """Every run under the runs folder, newest first."""
    desk = desk_of(request)
    return desk.render(request, "runs.html", {"runs": list_runs(desk.settings.runs_dir), "runs_dir": desk.settings.runs_dir})


async def run_page(request: Request) -> Response:
    """One run: manifest, articles with their pin counts, evaluation report."""
    desk = desk_of(request)
    run = run_info(desk.settings.runs_dir, request.path_params["run"])
    return desk.render(request, "run.html", {"run": run, "manifest_json": json.dumps(run.manifest, ensure_ascii=False, indent=2)})


async def article_page(request: Request) -> Response:
    """One article of a run: source and translations side by side, every pin coloured by its source."""
    desk = desk_of(request)
    runs_dir, name, article = desk.settings.runs_dir, request.path_params["run"], request.path_params["article"]
    run = run_info(runs_dir, name)
    record = read_article(article_path(runs_dir, name, article))
    langs = [lang for lang in run.manifest.get("targets", []) if lang in LANG_NAMES]
    rows = [_row(segment, langs) for segment in record.segments]
    context: dict[str, Any] = {
        "run": run,
        "article": article,
        "record": record,
        "title": _title(record.segments),
        "langs": langs,
        "lang_names": LANG_NAMES,
        "rows": rows,
        "counts": {lang: kind_counts(record.segments, lang) for lang in langs},
        "notes": role_notes(record.segments, langs[0]) if langs else [],
        "audit": {lang: _audit(record.segments, lang) for lang in langs},
        "again": saved_input(runs_dir, name) is not None,
        "auto": any(kind == "auto" for row in rows for kind in row["kinds"]),
    }
    return desk.render(request, "article.html", context)


def _title(segments: Sequence[SegmentRecord]) -> str:
    """The article's title, else the start of its first segment (a pasted fragment has no title)."""
    title = next((segment.source for segment in segments if segment.part == "title"), "")
    first = segments[0].source if segments else ""
    return title or (first[:TITLE_CHARS].rsplit(" ", 1)[0] + " …" if len(first) > TITLE_CHARS else first)


def _audit(segments: Sequence[SegmentRecord], lang: str) -> list[dict[str, Any]]:
    """The run's per-term audit of one language, segment by segment (what ``articles/<id>.json`` records)."""
    rows = []
    for number, segment in enumerate(segments, 1):
        target = segment.targets.get(lang)
        for view, term in zip(pin_views(target.terms), target.terms) if target else ():
            rows.append({"segment": number, "source_text": term.get("source_text", ""), "view": view,
                         "preferred": term.get("preferred", True)})  # fmt: skip
    return rows


def _row(segment: SegmentRecord, langs: list[str]) -> dict[str, Any]:
    """One segment: its source chunks (the pins of the first language) and each translation's chunks."""
    first = segment.targets.get(langs[0]) if langs else None
    source = source_chunks(segment.source, first.terms if first else ())
    return {
        "id": segment.id,
        "part": segment.part,
        "source": source,
        "targets": {lang: target_chunks(segment.targets[lang].text, segment.targets[lang].terms) for lang in langs if lang in segment.targets},
        "kinds": [chunk.pin.kind for chunk in source if chunk.pin],
    }


async def download(request: Request) -> Response:
    """An article's Markdown or JSON, or the run's TMX: the files the batch run wrote."""
    desk = desk_of(request)
    params = request.path_params
    path = download_path(desk.settings.runs_dir, params["run"], params["article"], params["kind"], params["lang"])
    return FileResponse(path, media_type=_MEDIA[params["kind"]], filename=path.name, headers=SECURITY_HEADERS)


async def report_page(request: Request) -> Response:
    """An evaluation folder's ``report.html`` (self-contained)."""
    desk = desk_of(request)
    path = report_html(desk.settings.runs_dir, request.path_params["folder"])
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"}
    return FileResponse(path, media_type="text/html; charset=utf-8", headers=headers)
