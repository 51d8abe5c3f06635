"""Glossary: search (as ``glossary lookup``), an entry's page and card, edit with validation, stale roles."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tamngu.errors import BadInputError, NotFoundError
from tamngu.glossary.freshness import stale_items
from tamngu.glossary.lookup import lookup
from tamngu.glossary.model import Entry
from tamngu.glossary.writer import GlossaryWriteError, edit_entry
from tamngu.web.app import desk_of, editor_of, route
from tamngu.web.security import csrf_protected

EDIT_FIELDS = ("vi", "variants", "en", "en_alt", "zh", "zh_alt", "pinyin", "provenance", "source",
               "valid_from", "valid_to", "checked", "checked_source", "note")  # fmt: skip
LIST_FIELDS = ("variants", "en_alt", "zh_alt")
DATE_FIELDS = ("valid_from", "valid_to", "checked")
FORM_FIELDS = {"vi", "variants", "en", "en_alt", "zh", "zh_alt", "source"}  # what an entry renders, and what says so
SEARCH_LIMIT = 50
STALE_SHOWN = 100


def routes() -> list[Route]:
    return [
        route("/glossary", glossary_page),
        route("/glossary/entry/{entry_id:path}/edit", entry_edit_page),
        route("/glossary/entry/{entry_id:path}/save", entry_save, ("POST",)),
        route("/glossary/entry/{entry_id:path}", entry_page),
    ]


async def glossary_page(request: Request) -> Response:
    """Search by Vietnamese (with or without diacritics), English, Chinese or pinyin; without a query, stale roles."""
    desk = desk_of(request)
    glossary = desk.glossary.current()
    query = request.query_params.get("q", "").strip()
    hits = lookup(glossary, query, limit=SEARCH_LIMIT) if query else []
    stale = [] if query else stale_items(glossary)
    context = {"query": query, "hits": hits, "stale": stale[:STALE_SHOWN], "stale_total": len(stale),
               "glossary": glossary, "problems": desk.glossary.problems()}  # fmt: skip
    template = "glossary_hits.html" if request.headers.get("hx-request") and query else "glossary.html"
    return desk.render(request, template, context)


async def entry_page(request: Request) -> Response:
    """An entry: three languages, provenance and source, roles with dates, when last checked (a card for htmx)."""
    desk = desk_of(request)
    entry = _entry(request)
    template = "entry_card.html" if request.headers.get("hx-request") else "entry.html"
    return desk.render(request, template, {"entry": entry, "today": dt.date.today()})


async def entry_edit_page(request: Request) -> Response:
    """The edit form of an entry."""
    desk = desk_of(request)
    entry = _entry(request)
    return desk.render(request, "entry_edit.html", {"entry": entry, "values": form_values(entry), "problems": {}, "base": entry_hash(entry)})


@csrf_protected
async def entry_save(request: Request) -> Response:
    """Write the edited fields through the glossary writer; refused changes come back beside their fields."""
    desk = desk_of(request)
    entry = _entry(request)
    form = await request.form()
    values = {key: str(form.get(key) or "") for key in EDIT_FIELDS}
    if form.get("base") != entry_hash(entry):
        problems = {"entry": "this entry changed since you opened the form (another tab or another editor); "
                             "your changes were not saved: reload it and edit again"}  # fmt: skip
        return desk.render(request, "entry_edit.html", {"entry": entry, "values": values, "problems": problems, "base": form.get("base")}, 409)
    changes = changed_fields(entry, values)
    try:
        editor = check_editor(editor_of(request))
        if changes:
            edit_entry(desk.settings.glossary_dir, entry.id, changes, decided_by=editor)
    except BadInputError as exc:
        problems = {"entry": str(exc)}
        return desk.render(request, "entry_edit.html", {"entry": entry, "values": values, "problems": problems, "base": entry_hash(entry)}, 400)
    except GlossaryWriteError as exc:
        problems = {problem.field: problem.message for problem in exc.problems}
        return desk.render(request, "entry_edit.html", {"entry": entry, "values": values, "problems": problems, "base": entry_hash(entry)}, 422)
    return RedirectResponse(request.url_for("entry_page", entry_id=entry.id).path, status_code=303)


def _entry(request: Request) -> Entry:
    entry_id = request.path_params["entry_id"]
    entry = desk_of(request).glossary.current().get(entry_id)
    if entry is None:
        raise NotFoundError(f"no glossary entry '{entry_id}'" + ("; automatic names are decided on the Review page" if entry_id.startswith("auto:") else ""))
    return entry


def form_values(entry: Entry) -> dict[str, str]:
    """The edit form's text of every editable field (lists one item per line, dates YYYY-MM-DD)."""
    values = {}
    for key in EDIT_FIELDS:
        value = getattr(entry, key, "")
        if key in LIST_FIELDS:
            values[key] = "\n".join(value)
        elif isinstance(value, dt.date):
            values[key] = value.isoformat()
        else:
            values[key] = "" if value is None else str(value)
    return values


def changed_fields(entry: Entry, values: dict[str, str]) -> dict[str, Any]:
    """The fields the form changed, as the writer takes them (None removes a field).

    An edit that leaves the three languages alone (a note, a check date) keeps the
    entry's provenance: its source still says what it said. One that changes a form
    is the editor's decision (``reviewed``) unless the editor chooses ``verified``
    and gives a source (the writer's rule).
    """
    before = form_values(entry)
    changes: dict[str, Any] = {}
    for key in EDIT_FIELDS:
        text = values.get(key, "").replace("\r\n", "\n").strip()
        if text == before[key].strip():
            continue
        if key in LIST_FIELDS:
            changes[key] = [line.strip() for line in text.split("\n") if line.strip()] or None
        elif key in DATE_FIELDS:
            changes[key] = _date_or_text(text) if text else None
        else:
            changes[key] = text or None
    if changes and not changes.keys() & FORM_FIELDS and "provenance" not in changes:
        changes["provenance"] = entry.provenance
    return changes


def _date_or_text(text: str) -> dt.date | str:
    """A date when ``text`` is one (else the text, which the writer refuses beside its field)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def entry_hash(entry: Entry) -> str:
    """A short fingerprint of an entry's fields: a form saved over a changed entry is refused, not merged."""
    fields = repr(sorted((key, repr(value)) for key, value in vars(entry).items() if key not in ("file", "line")))
    return hashlib.sha256(fields.encode("utf-8")).hexdigest()[:16]


def check_editor(name: str) -> str:
    """An editor's name as typed once per browser (1 to 60 characters, no control characters)."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 60 or any(ord(char) < 32 for char in cleaned):
        raise BadInputError("type your name (1 to 60 characters): every decision records who made it")
    return cleaned
