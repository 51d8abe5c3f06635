"""Review: the names of a run no glossary entry covers, decided one key at a time.

The names come from :func:`tamngu.glossary.resolve.resolve_article` over each
article of the run (the same resolver the translation used, on the glossary as
it is now, so a decided name leaves the list). Decisions go through the one
glossary writer (:mod:`tamngu.glossary.writer`): accept or edit-then-accept
adds an entry (``reviewed``, or ``verified`` with a source), reject records the
reading so it is never auto-pinned again, undo restores the file's bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tamngu.errors import BadInputError, TamnguError
from tamngu.glossary.model import ENTRY_TYPES, Glossary
from tamngu.glossary.resolve import ReviewName, resolve_article
from tamngu.glossary.writer import GlossaryWriteError, NewEntry, add_entry, reject_reading, undo
from tamngu.translate.records import read_article
from tamngu.web.app import EDITOR_COOKIE, desk_of, editor_of, route
from tamngu.web.pages_glossary import check_editor
from tamngu.web.runs import article_path, list_runs, run_info
from tamngu.web.security import csrf_protected

CONTEXT_CHARS = 60
EDITOR_COOKIE_AGE = 365 * 24 * 3600


@dataclass
class ReviewItem:
    """One distinct name of a run (the resolver's :class:`ReviewName`), with every sentence it occurs in."""

    name: ReviewName
    contexts: list[tuple[str, str, str, str]] = field(default_factory=list)  # article, before, name, after

    def __getattr__(self, attr: str) -> Any:  # the name's own fields read through: item.text, item.en, ...
        if attr == "name":
            raise AttributeError(attr)
        return getattr(self.name, attr)

    @property
    def dom_id(self) -> str:
        return "name-" + hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:10]


def routes() -> list[Route]:
    return [
        route("/review", review_page),
        route("/review/decide", decide, ("POST",)),
        route("/review/undo", undo_decision, ("POST",)),
        route("/editor", set_editor, ("POST",)),
    ]


async def review_page(request: Request) -> Response:
    """The names of one run (the newest by default) to decide, most frequent first."""
    desk = desk_of(request)
    runs = list_runs(desk.settings.runs_dir)
    name = request.query_params.get("run") or (runs[0].name if runs else "")
    items = review_items(desk.settings.runs_dir, name, desk.glossary.current()) if name else []
    return desk.render(request, "review.html", {"runs": runs, "run": name, "items": items, "types": ENTRY_TYPES})


def review_items(runs_dir: Path, run: str, glossary: Glossary) -> list[ReviewItem]:
    """Every name of ``run`` no entry covers (auto-pinned or unpinned), merged across its articles."""
    items: dict[str, ReviewItem] = {}
    for article in run_info(runs_dir, run).articles:
        record = read_article(article_path(runs_dir, run, article))
        segments = record.sources
        for name in resolve_article(segments, glossary, date=record.date, names=True).review:
            item = items.setdefault(name.key, _item(name))
            item.contexts += [_context(article, segments[index], start, end) for index, start, end in name.occurrences]
    return sorted(items.values(), key=lambda item: (-len(item.contexts), item.text))


def _item(name: ReviewName) -> ReviewItem:
    return ReviewItem(dataclasses.replace(name, evidence=tuple(dict.fromkeys(name.evidence))))


def _context(article: str, text: str, start: int, end: int) -> tuple[str, str, str, str]:
    left, right = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return article, before, text[start:end], after


@csrf_protected
async def decide(request: Request) -> Response:
    """Accept (as proposed or edited) or reject one name; the card comes back decided, with undo."""
    desk = desk_of(request)
    form = {key: str(value).strip() for key, value in (await request.form()).items() if isinstance(value, str)}
    action = form.get("action", "")
    context = {"form": form, "types": ENTRY_TYPES, "dom_id": form.get("dom_id", ""), "run": form.get("run", "")}
    try:
        editor = check_editor(editor_of(request))
        if action == "accept":
            verified = form.get("verified") == "on"
            entry = NewEntry(form.get("type", ""), form.get("vi", ""), form.get("en", ""), form.get("zh", ""),
                             source=form.get("source", ""), provenance="verified" if verified else None)  # fmt: skip
            receipt = add_entry(desk.settings.glossary_dir, entry, decided_by=editor)
        elif action == "reject":
            receipt = reject_reading(desk.settings.glossary_dir, form.get("vi", ""), form.get("en", ""), form.get("zh") or None, decided_by=editor)
        else:
            raise BadInputError(f"decision '{action}'? accept or reject (later needs no decision)")
    except GlossaryWriteError as exc:
        context["problems"] = {problem.field: problem.message for problem in exc.problems}
        return _answer(request, "review_refused.html", context, 422)
    except BadInputError as exc:
        context["problems"] = {"entry": str(exc)}
        return _answer(request, "review_refused.html", context, 400)
    context.update(receipt=receipt, undo_key=desk.receipts.keep(receipt), editor=editor)
    return _answer(request, "review_done.html", context, 200)


@csrf_protected
async def undo_decision(request: Request) -> Response:
    """Undo one decision of this server: the glossary file gets its bytes back."""
    desk = desk_of(request)
    form = await request.form()
    context = {"dom_id": str(form.get("dom_id") or ""), "run": str(form.get("run") or "")}
    receipt = desk.receipts.take(str(form.get("receipt") or ""))
    if receipt is None:
        context["problems"] = {"entry": "nothing to undo: this decision was undone already or the server restarted"}
        return _answer(request, "review_refused.html", context, 409)
    try:
        undo(desk.settings.glossary_dir, receipt)
    except GlossaryWriteError as exc:
        context["problems"] = {problem.field: problem.message for problem in exc.problems}
        return _answer(request, "review_refused.html", context, 409)
    context["undone"] = receipt
    item = _item_of(request, context["run"], context["dom_id"])
    if item is not None and request.headers.get("hx-request"):  # the name is back in the queue: its card again
        return desk.render(request, "review_card.html", {"item": item, "run": context["run"], "types": ENTRY_TYPES, "undone": receipt})
    return _answer(request, "review_undone.html", context, 200)


def _item_of(request: Request, run: str, dom_id: str) -> ReviewItem | None:
    """The review item of ``run`` whose card is ``dom_id`` (None when the run or the name is gone)."""
    desk = desk_of(request)
    try:
        items = review_items(desk.settings.runs_dir, run, desk.glossary.current()) if run else []
    except TamnguError:
        return None
    return next((item for item in items if item.dom_id == dom_id), None)


@csrf_protected
async def set_editor(request: Request) -> Response:
    """Remember the editor's name in this browser (a cookie); decisions record it."""
    form = await request.form()
    name = check_editor(str(form.get("editor") or ""))
    target = str(form.get("next") or "/review")
    if not target.startswith("/") or target.startswith("//"):
        target = "/review"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(EDITOR_COOKIE, quote(name), max_age=EDITOR_COOKIE_AGE, httponly=True, samesite="strict")
    return response


def _answer(request: Request, template: str, context: dict[str, Any], status: int) -> Response:
    """The decided card for htmx, or back to the review page for a plain form post."""
    desk = desk_of(request)
    if request.headers.get("hx-request"):
        return desk.render(request, template, context, status_code=status)
    if status == 200:
        return RedirectResponse(f"/review?run={quote(str(context.get('run', '')))}", status_code=303)
    return desk.render(request, "review_refused_page.html", context, status_code=status)
