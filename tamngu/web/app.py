"""The desk's ASGI application: :func:`create_app` wires settings, state, worker, routes and guards.

Starlette, Jinja2 templates (autoescaping on), htmx as a static file of this
package. The pages live in ``pages_*.py``, one module per area; each handler
reads the form, calls a typed stage function and renders a template.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import jinja2
from markupsafe import escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from tamngu import __version__
from tamngu.errors import NotFoundError, TamnguError
from tamngu.translate.session import ModelSession
from tamngu.web.security import TokenGuard, csrf_token, set_csrf_cookie
from tamngu.web.settings import DeskSettings
from tamngu.web.state import GlossaryState, Receipts
from tamngu.web.worker import DeskWorker

logger = logging.getLogger(__name__)

EDITOR_COOKIE = "tamngu_editor"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Desk:
    """What every request of one server shares."""

    settings: DeskSettings
    glossary: GlossaryState
    session: ModelSession
    worker: DeskWorker
    receipts: Receipts
    templates: Jinja2Templates

    def render(self, request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
        """Render template ``name`` with the page's common values (CSRF token, editor, nav)."""
        values = {
            "csrf": csrf_token(request),
            "editor": editor_of(request),
            "version": __version__,
            "path": request.url.path,
            **(context or {}),
        }
        response = self.templates.TemplateResponse(request, name, values, status_code=status_code)
        set_csrf_cookie(request, response)
        response.headers.update(SECURITY_HEADERS)
        return response


def editor_of(request: Request) -> str:
    """The editor's name this browser gave (empty until given)."""
    return unquote(request.cookies.get(EDITOR_COOKIE, ""))


def desk_of(request: Request) -> Desk:
    """The :class:`Desk` of the app serving ``request``."""
    return request.app.state.desk


def create_app(settings: DeskSettings, session: ModelSession | None = None) -> Starlette:
    """The desk application for ``settings`` (``session``: models already loaded, for tests and reuse)."""
    from tamngu.web import pages_glossary, pages_review, pages_runs, pages_translate
    from tamngu.web.jobs import job_runner

    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    environment = jinja2.Environment(loader=jinja2.PackageLoader("tamngu.web", "templates"), autoescape=True)
    templates = Jinja2Templates(env=environment)
    session = session or ModelSession(settings.config)
    state = GlossaryState(settings.glossary_dir)
    worker = DeskWorker(job_runner(settings.runs_dir, state, session))
    desk = Desk(settings, state, session, worker, Receipts(), templates)
    routes = [
        *pages_translate.routes(),
        *pages_review.routes(),
        *pages_glossary.routes(),
        *pages_runs.routes(),
        Mount("/static", StaticFiles(packages=[("tamngu.web", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts())]
    if settings.token:
        middleware.insert(0, Middleware(TokenGuard, token=settings.token))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={TamnguError: _tamngu_error})
    app.state.desk = desk
    return app


async def _tamngu_error(request: Request, exc: Exception) -> Response:
    """A user mistake (bad name, bad date, missing run): the page says it in one line, no traceback."""
    status = 404 if isinstance(exc, NotFoundError) else 400
    desk = desk_of(request)
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<p class="error" role="alert">{escape(str(exc))}</p>', status_code=status)
    return desk.render(request, "error.html", {"message": str(exc)}, status_code=status)


def route(path: str, endpoint: Any, methods: tuple[str, ...] = ("GET",), name: str | None = None) -> Route:
    """A route of the desk (one spelling for every page module)."""
    return Route(path, endpoint, methods=list(methods), name=name or endpoint.__name__)
