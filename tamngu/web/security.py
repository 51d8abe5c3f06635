"""Request guards of the desk: the access token and CSRF protection.

* Token: when the server has one, every request carries it, as
  ``Authorization: Bearer TOKEN``, the ``tamngu_token`` cookie, or once as
  ``?token=TOKEN`` (the URL ``tamngu serve`` prints), which sets the cookie and
  redirects to the same page without it. Anything else gets 401.
* CSRF: double submit. Every page sets a random ``tamngu_csrf`` cookie
  (``SameSite=Strict``, ``HttpOnly``); every form that writes carries the same
  value in a hidden ``csrf`` field (or the ``X-CSRF-Token`` header); a POST
  without a match gets 403 and writes nothing. A request whose ``Origin`` names
  another site is refused too.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_COOKIE = "tamngu_token"
CSRF_COOKIE = "tamngu_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_FORM_OVERHEAD = 64 * 1024  # the other fields and multipart boundaries around an upload


class TokenGuard:
    """ASGI middleware: refuse every request that does not carry ``token``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if _same(query.get("token"), self.token):
            await _strip_token(scope, query, self.token)(scope, receive, send)
            return
        if _same(_bearer(headers), self.token) or _same(_cookie(headers, TOKEN_COOKIE), self.token):
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse("this desk needs its token: open the URL `tamngu serve` printed (…/?token=…)", status_code=401)
        await response(scope, receive, send)


def _strip_token(scope: Scope, query: dict[str, str], token: str) -> Response:
    """Set the token cookie and send the browser to the same page without the token in its address."""
    rest = urlencode({key: value for key, value in query.items() if key != "token"})
    response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


def _bearer(headers: Headers) -> str | None:
    value = headers.get("authorization", "")
    return value[7:].strip() if value.lower().startswith("bearer ") else None


def _cookie(headers: Headers, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def csrf_token(request: Request) -> str:
    """This browser's CSRF value (a new one when it has none yet; :func:`set_csrf_cookie` stores it)."""
    value = request.cookies.get(CSRF_COOKIE)
    if not value or len(value) < 20:
        value = request.state.__dict__.setdefault("new_csrf", secrets.token_urlsafe(32))
    return value


def set_csrf_cookie(request: Request, response: Response) -> Response:
    """Store a CSRF value handed out with this response, if one was made."""
    new = request.state.__dict__.get("new_csrf")
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict")
    return response


async def csrf_problem(request: Request, max_body: int = 1024 * 1024) -> str | None:
    """Why a writing request must be refused (None: it may write); forms are read with parts up to ``max_body``."""
    if request.method in _SAFE_METHODS:
        return None
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        return f"a form of another site ({origin}) cannot write here"
    cookie = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form(max_part_size=max_body)
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not cookie or not given or not hmac.compare_digest(cookie.encode(), given.encode()):
        return "the form's security token is missing or stale: reload the page and try again"
    return None


Handler = Callable[[Request], Awaitable[Response]]


def csrf_protected(handler: Handler) -> Handler:
    """Wrap a writing endpoint: 413 for a body over the upload limit, 403 without a matching CSRF token."""

    async def guarded(request: Request) -> Response:
        limit = request.app.state.desk.settings.max_upload_bytes
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit + _FORM_OVERHEAD:
            return PlainTextResponse(f"too large: {int(length):,} bytes; the desk takes articles up to {limit:,} bytes", status_code=413)
        problem = await csrf_problem(request, limit + 1)
        if problem is not None:
            return PlainTextResponse(problem, status_code=403)
        return await handler(request)

    guarded.__name__ = handler.__name__
    guarded.__doc__ = handler.__doc__
    return guarded
