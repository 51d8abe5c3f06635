"""Runs: the run directories under ``--runs``, each article side by side with its pins, the downloads."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tamngu.web.app import SECURITY_HEADERS, desk_of, route
from tamngu.web.jobs import saved_input
from tamngu.web.runs import article_path, download_path, list_runs, read_document, report_html, run_info
from tamngu.web.segments import kind_counts, source_chunks, target_chunks

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
    document = read_document(article_path(runs_dir, name, article))
    langs = [lang for lang in run.manifest.get("targets", []) if lang in LANG_NAMES]
    context: dict[str, Any] = {
        "run": run,
        "article": article,
        "document": document,
        "title": _title(document["segments"]),
        "langs": langs,
        "lang_names": LANG_NAMES,
        "rows": [_row(segment, langs) for segment in document["segments"]],
        "counts": {lang: kind_counts(document["segments"], lang) for lang in langs},
        "again": saved_input(runs_dir, name) is not None,
        "auto": any(view["kind"] == "auto" for row in [_row(s, langs) for s in document["segments"]] for view in row["pins"]),
    }
    return desk.render(request, "article.html", context)


def _title(segments: list[dict[str, Any]]) -> str:
    """The article's title, else the start of its first segment (a pasted fragment has no title)."""
    title = next((str(s["source"]) for s in segments if s.get("part") == "title"), "")
    first = str(segments[0]["source"]) if segments else ""
    return title or (first[:TITLE_CHARS].rsplit(" ", 1)[0] + " …" if len(first) > TITLE_CHARS else first)


def _row(segment: dict[str, Any], langs: list[str]) -> dict[str, Any]:
    """One segment: its source chunks (pins of the first language) and each translation's chunks."""
    targets = segment.get("targets", {})
    first = targets.get(langs[0], {}) if langs else {}
    pins = [{"kind": chunk.pin.kind} for chunk in source_chunks(segment["source"], first.get("terms", [])) if chunk.pin]
    return {
        "id": segment.get("id", ""),
        "part": segment.get("part", ""),
        "source": source_chunks(segment["source"], first.get("terms", [])),
        "targets": {lang: target_chunks(targets[lang]["text"], targets[lang].get("terms", [])) for lang in langs if lang in targets},
        "pins": pins,
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
