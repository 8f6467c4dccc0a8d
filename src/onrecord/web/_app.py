"""``create_app``: the web app over a store, with its pages, API, docs and defenses."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.metadata import version

import jinja2
from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.templating import Jinja2Templates

from onrecord.errors import InputError, LineError, StoreError
from onrecord.io._inputs import MAX_BYTES_DEFAULT
from onrecord.stance import StanceClassifier
from onrecord.store import Store
from onrecord.web import _api as api
from onrecord.web._highlight import days, matches
from onrecord.web._lines import LineCache
from onrecord.web._pages import pages_router
from onrecord.web._security import (
    BodyLimit,
    InternalErrors,
    SameOriginWrites,
    SecurityHeaders,
    safe_link,
)
from onrecord.web._service import Analyzer, BusyError, WebState
from onrecord.web._subjects import SubjectCache, SubjectFinder, corpus_subjects

# An article is at most as large as a file ``onrecord analyze`` reads.
DEFAULT_MAX_BODY_BYTES = MAX_BYTES_DEFAULT
# The names a browser uses for a server on this machine; any other Host header is refused,
# so that a web page cannot reach the app through a DNS name rebound to 127.0.0.1.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# Swagger UI, vendored from npm (see its README.md there).
DOCS_ASSETS = "/static/swagger-ui"
# How often a page reloads itself while the store's first subjects are being worked out.
SUBJECTS_REFRESH_SECONDS = 10
# How long shutting down waits for the subjects being worked out, if any: a server stopped
# during the half-minute of a large store's leaves them (its thread does not keep the process).
SUBJECTS_SHUTDOWN_SECONDS = 1.0


def create_app(
    store: Store | str | os.PathLike[str] | None = None,
    *,
    allow_writes: bool = False,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    analyzer: Analyzer | None = None,
    stance_model: StanceClassifier | None = None,
    subject_finder: SubjectFinder = corpus_subjects,
) -> FastAPI:
    """The web app over ``store``: a ``Store``, or where to open one (see ``Store.open``).

    A store opened here must exist, at this onrecord's schema version: it is neither created
    nor migrated, and is opened read-only unless ``allow_writes``. It is closed when the app
    shuts down; a store given stays the caller's. Nothing is written to the store unless
    ``allow_writes``. Request bodies larger than
    ``max_body_bytes`` get a 413, requests for another host than ``allowed_hosts`` (``"*"``
    for any) a 400. Lines are classified by ``stance_model``, the shipped stance model unless
    given. The subjects of the store are worked out by ``subject_finder`` in a thread started
    with the app and again when the store changes; the pages do not wait for them.
    """
    opened = (
        store
        if isinstance(store, Store)
        else Store.open(store, read_only=not allow_writes, create=False)
    )

    subjects = SubjectCache(opened, subject_finder)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        subjects.start()
        try:
            yield
        finally:
            await run_in_threadpool(subjects.close, SUBJECTS_SHUTDOWN_SECONDS)
            if opened is not store:
                opened.close()

    app = FastAPI(
        title="onrecord",
        version=version("onrecord"),
        summary="Who said what, on whose authority, when and where: attributed statements "
        "in English news.",
        # Served by ``docs`` below from this package's files: FastAPI's own load from a CDN.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = WebState(
        store=opened,
        analyzer=analyzer or Analyzer(),
        allow_writes=allow_writes,
        max_body_bytes=max_body_bytes,
        subjects=subjects,
        lines=LineCache(stance_model),
    )
    templates = Jinja2Templates(env=_environment())

    app.include_router(api.router)
    app.include_router(pages_router(templates))
    app.mount("/static", StaticFiles(packages=[("onrecord.web", "static")]), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "docs.html", {"assets": DOCS_ASSETS})

    def error_page(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "allow_writes": allow_writes},
            status_code=status,
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if _is_api(request):
            return await http_exception_handler(request, error)
        return error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, error)
        # Only where and what: the offending input itself is not echoed back.
        reasons = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        return error_page(request, 400, f"Invalid request: {reasons}")

    @app.exception_handler(InputError)
    @app.exception_handler(LineError)
    async def bad_input(request: Request, error: InputError | LineError) -> Response:
        if _is_api(request):
            # In the shape of FastAPI's own 422s, the one the OpenAPI schema documents.
            problem = {"type": "value_error", "loc": (), "msg": str(error)}
            return await request_validation_exception_handler(
                request, RequestValidationError([problem])
            )
        return error_page(request, 400, str(error))

    @app.exception_handler(BusyError)
    @app.exception_handler(StoreError)
    async def unavailable(request: Request, error: BusyError | StoreError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=503)
        return error_page(request, 503, str(error))

    async def internal_error(request: Request) -> Response:
        message = "Something went wrong on the server; it has been logged."
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=500)
        return error_page(request, 500, message)

    # The last added runs first: every response, refusals and failures included, gets the
    # security headers; the host is checked before anything else happens.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SameOriginWrites)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(InternalErrors, respond=internal_error)
    app.add_middleware(SecurityHeaders)
    return app


def hosts_for(bind: str) -> list[str]:
    """The Host headers to accept when listening on ``bind``.

    Listening on every interface (``0.0.0.0``, ``::``) means being reached by any name; else
    the address itself (an IPv6 one in brackets, as Host headers give it) and this machine's
    names.
    """
    if bind in ("0.0.0.0", "::", ""):
        return ["*"]
    name = f"[{bind}]" if ":" in bind else bind
    return list(dict.fromkeys([name, *LOOPBACK_HOSTS]))


def _environment() -> jinja2.Environment:
    """Templates that escape every value they print; no template marks user data safe."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("onrecord.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        safe_link=safe_link, days=days, matches=matches, subjects_refresh=SUBJECTS_REFRESH_SECONDS
    )
    environment.filters["percent"] = lambda share: f"{share:.0%}"
    return environment


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")
