"""The app factory: :func:`create_app` builds the FastAPI app from injected settings.

Nothing happens at import time; the registry is opened by the factory (or
passed in by tests), and the engine is warmed when the server starts.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhassyl import __version__
from zhassyl.errors import InputError, ZhassylError
from zhassyl.i18n import REQUEST_LANGUAGE, _
from zhassyl.registry.db import Registry, connect
from zhassyl.registry.policy import PermissionDenied
from zhassyl.registry.repositories import ConflictError, NotFound
from zhassyl.web.deps import CsrfRefused, NotSignedIn
from zhassyl.web.locale import choose_language
from zhassyl.web.security import LANG_COOKIE, SECURITY_HEADERS, SESSION_COOKIE, RateLimiter, Signer
from zhassyl.web.settings import WebSettings

log = logging.getLogger("zhassyl.web")


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/healthz", "/openapi.json")


def _error(request: Request, status: int, message: str, problems=None) -> Response:
    """A JSON error for the API, an HTML error page otherwise (never a stack trace)."""
    if _is_api(request):
        body = {"detail": message}
        if problems:
            body["problems"] = problems
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)
    from zhassyl.web.pages import render

    return render(request, "error.html", status_code=status, status=status, message=message,
                  problems=problems or [])


def _problems(exc: InputError) -> list[dict]:
    return [{"where": p.column or p.file, "row": p.row, "message": p.message}
            for p in exc.problems]


def install_error_handlers(app: FastAPI) -> None:
    """Map errors to status codes; unexpected errors are logged, never shown."""

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn):
        if _is_api(request) or request.url.path.endswith((".pdf", ".xlsx")):  # downloads
            return _error(request, 401, _("sign in first"))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, _exc: CsrfRefused):
        return _error(request, 403, _("the form has expired or did not come from this site; "
                                      "reload the page and try again"))

    @app.exception_handler(PermissionDenied)
    async def denied(request: Request, exc: PermissionDenied):
        return _error(request, 403, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError):
        return _error(request, 409, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError):
        return _error(request, 422, _("the input is not valid"), _problems(exc))

    @app.exception_handler(ZhassylError)
    async def zhassyl_error(request: Request, exc: ZhassylError):
        return _error(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError):
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "row": None,
                     "message": str(e.get("msg", ""))} for e in exc.errors()]
        return _error(request, 422, _("the input is not valid"), problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = _("page not found") if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(request, 500, _("internal error; it has been logged"))


def create_app(settings: WebSettings | None = None, registry: Registry | None = None
               ) -> FastAPI:
    """The web app serving ``registry`` (default: the one ``settings.database_url`` names).

    Parameters
    ----------
    settings : WebSettings, optional
        Deployment settings (default: :meth:`WebSettings.from_env`).
    registry : Registry, optional
        An open registry (tests pass theirs); its schema must be up to date.
    """
    settings = settings or WebSettings.from_env()
    registry = registry or connect(settings.database_url)
    registry.require_schema()

    @asynccontextmanager
    async def lifespan(app_: FastAPI):
        if settings.warm_engine:
            from starlette.concurrency import run_in_threadpool

            from zhassyl.web.services import warm_engine

            await run_in_threadpool(warm_engine)
        if settings.warm_aggregates:
            from starlette.concurrency import run_in_threadpool

            from zhassyl.registry.policy import Actor
            from zhassyl.web.pages import refresh_aggregates

            # the dashboard's aggregates (aggregates only; writes nothing)
            await run_in_threadpool(refresh_aggregates, app_, Actor("web-dashboard", "viewer"))
        yield

    app = FastAPI(title="Zhassyl", version=__version__, docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Programme registry and scenarios of the Zhassyl Azyk fund. "
                              "Token: POST /api/token (OAuth2 password form).")
    app.state.settings = settings
    app.state.registry = registry
    app.state.signer = Signer(settings.secret_key)
    app.state.login_limiter = RateLimiter(settings.login_attempts, settings.login_window_s)
    app.state.aggregates = {"lock": threading.Lock()}  # see zhassyl.web.pages._aggregates
    # model runs and claim verdicts of the impact pages (see zhassyl.web.services)
    app.state.model_runs = {"lock": threading.Lock()}
    app.state.claims = {"lock": threading.Lock()}

    @app.middleware("http")
    async def per_request(request: Request, call_next):
        signer: Signer = app.state.signer
        asked = request.query_params.get("lang")
        lang = choose_language(asked, request.cookies.get(LANG_COOKIE),
                               request.headers.get("accept-language"))
        request.state.lang = lang
        session = signer.load_session(request.cookies.get(SESSION_COOKIE),
                                      settings.session_max_age_s)
        fresh = session is None
        request.state.session = session or signer.new_session()
        token = REQUEST_LANGUAGE.set(lang)
        try:
            response = await call_next(request)
        finally:
            REQUEST_LANGUAGE.reset(token)
        new_session = getattr(request.state, "new_session", None)
        if new_session is not None or (fresh and not _is_api(request)):
            response.set_cookie(SESSION_COOKIE, signer.dump_session(
                new_session or request.state.session), max_age=settings.session_max_age_s,
                httponly=True, samesite="lax", secure=settings.https, path="/")
        if asked == lang:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax",
                                secure=settings.https, path="/", httponly=True)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        response.headers.setdefault("Content-Language", lang)
        return response

    install_error_handlers(app)
    from zhassyl.web import api, impact_pages, pages

    app.include_router(api.router)
    app.include_router(api.health_router)
    app.include_router(pages.router)
    app.include_router(impact_pages.router)
    static = resources.files("zhassyl.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def app_from_env() -> FastAPI:
    """The app configured by the environment alone (``uvicorn --factory``, server workers)."""
    return create_app(WebSettings.from_env())
