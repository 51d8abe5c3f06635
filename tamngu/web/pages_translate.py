"""Translate: paste or upload an article, follow its job, translate a desk run again."""

from __future__ import annotations

import shutil

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tamngu.errors import BadInputError, NotFoundError
from tamngu.web.app import desk_of, route
from tamngu.web.jobs import article_id, new_run_name, parse_day, parse_targets, save_pasted, save_upload, saved_input
from tamngu.translate.outputs import read_manifest
from tamngu.web.runs import input_folder, run_path
from tamngu.web.security import csrf_protected
from tamngu.web.worker import DeskJob


def routes() -> list[Route]:
    return [
        route("/", translate_page),
        route("/translate", translate_submit, ("POST",)),
        route("/jobs/{job}", job_page),
        route("/jobs/{job}/status", job_status),
        route("/runs/{run}/{article}/again", translate_again, ("POST",)),
    ]


async def translate_page(request: Request) -> Response:
    """The form, what models are missing (the same message as ``tamngu translate``), the recent jobs."""
    desk = desk_of(request)
    return desk.render(request, "translate.html", _form_context(request, {}))


def _form_context(request: Request, values: dict[str, str], error: str = "") -> dict[str, object]:
    desk = desk_of(request)
    return {
        "missing": desk.session.missing(("en", "zh")),
        "missing_en": desk.session.missing(("en",)),
        "jobs": desk.worker.jobs()[:10],
        "worker": desk.worker,
        "values": {"to": "en", "names": "on", **values},
        "error": error,
        "limit": desk.settings.max_upload_bytes,
    }


@csrf_protected
async def translate_submit(request: Request) -> Response:
    """Queue the pasted or uploaded article; the browser goes to the job's page."""
    desk = desk_of(request)
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str) and key != "csrf"}
    try:
        job = _new_job(request, form)
    except BadInputError as exc:
        return desk.render(request, "translate.html", _form_context(request, values, str(exc)), status_code=400)
    desk.worker.submit(job)
    return RedirectResponse(request.url_for("job_page", job=job.id).path, status_code=303)


def _new_job(request: Request, form: FormData) -> DeskJob:
    desk = desk_of(request)
    settings = desk.settings
    targets = parse_targets(str(form.get("to") or "en"))
    day = parse_day(str(form.get("date") or ""))
    missing = desk.session.missing(targets)
    if missing:
        raise BadInputError(missing)
    upload = form.get("file")
    text = str(form.get("text") or "")
    uploaded = isinstance(upload, UploadFile) and bool(upload.filename)
    name = new_run_name(settings.runs_dir, article_id(upload.filename) if uploaded else "article")  # type: ignore[union-attr]
    try:
        if uploaded:
            data = upload.file.read(settings.max_upload_bytes + 1)  # type: ignore[union-attr]
            source = save_upload(settings.runs_dir, name, upload.filename, data, settings.max_upload_bytes)  # type: ignore[union-attr]
        else:
            source = save_pasted(settings.runs_dir, name, text, settings.max_upload_bytes)
    except BadInputError:
        shutil.rmtree(input_folder(settings.runs_dir, name), ignore_errors=True)
        raise
    return DeskJob(name, source.stem, source, targets, day, form.get("names") == "on")


async def job_page(request: Request) -> Response:
    """A job: its place in the queue or its progress; the result once it is done."""
    desk = desk_of(request)
    job = _job(request)
    if job.state == "done":
        return RedirectResponse(_result_path(request, job), status_code=303)
    return desk.render(request, "job.html", {"job": job, "position": desk.worker.position(job), "first": not desk.session.loaded()})


async def job_status(request: Request) -> Response:
    """The job's status fragment (htmx polls it); when done, htmx is sent to the result."""
    desk = desk_of(request)
    job = _job(request)
    response = desk.render(request, "job_status.html", {"job": job, "position": desk.worker.position(job), "first": not desk.session.loaded()})
    if job.state == "done":
        response.headers["HX-Redirect"] = _result_path(request, job)
    return response


@csrf_protected
async def translate_again(request: Request) -> Response:
    """Translate a desk run's article again into the same run (the glossary as it is now; the memory serves the rest)."""
    desk = desk_of(request)
    run, article = request.path_params["run"], request.path_params["article"]
    path = run_path(desk.settings.runs_dir, run)
    source = saved_input(desk.settings.runs_dir, run)
    if source is None or source.stem != article:
        raise NotFoundError(f"run '{run}' was not made at the desk: translate it again with `tamngu translate ... --out {path}`")
    manifest = read_manifest(path) or {}
    targets = tuple(manifest.get("targets") or ("en",))
    missing = desk.session.missing(targets)
    if missing:
        raise BadInputError(missing)
    override = manifest.get("date_override")
    job = DeskJob(run, article, source, targets, parse_day(override or ""), bool(manifest.get("names", {}).get("auto_pins")))
    desk.worker.submit(job)
    return RedirectResponse(request.url_for("job_page", job=job.id).path, status_code=303)


def _job(request: Request) -> DeskJob:
    job = desk_of(request).worker.get(request.path_params["job"])
    if job is None:
        raise NotFoundError("no such job on this server (jobs are forgotten when it restarts; its run is under Runs)")
    return job


def _result_path(request: Request, job: DeskJob) -> str:
    return request.url_for("article_page", run=job.run, article=job.article).path
