"""The web app's defenses: article text and metadata are hostile input, and so are requests.

- Every response carries a strict Content-Security-Policy (scripts from this server only, no
  inline script or style, no framing), so that even markup that slipped through escaping
  could not run.
- Request bodies are limited in size, whether they declare it or stream it.
- Writes (unsafe methods) from another origin are refused: a page elsewhere must not make the
  browser of someone running the app post to it.
- Links from article metadata are only rendered when they are http(s).
- A request that fails unexpectedly gets a 500 that carries all of the above, on a connection
  that stays open for the next request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
logger = logging.getLogger(__name__)


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None: never a ``javascript:`` link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


class SecurityHeaders:
    """Adds the CSP and its companion headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class InternalErrors:
    """Answers an exception that no handler answered with ``respond``'s 500, and logs it.

    Starlette's own last resort answers outside every middleware, so without the security
    headers, and then raises the exception on to the server, which closes the connection of a
    response already sent: the client's next request on it is reset.
    """

    def __init__(self, app: ASGIApp, *, respond: Callable[[Request], Awaitable[Response]]) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception:
            if started:
                # Half a response is out: only the server can end it, by closing.
                raise
            logger.exception("%s %s failed", scope["method"], scope["path"])
            response = await self.respond(Request(scope))
            await response(scope, receive, send)


class BodyLimit:
    """Answers 413 to a request whose body is larger than ``max_bytes``.

    A declared Content-Length is checked before anything is read; a body sent in chunks is
    counted as it arrives, and the request fails as soon as it crosses the limit.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _respond(send, 400, "invalid Content-Length")
                return
            if int(declared) > self.max_bytes:
                await _respond(send, 413, self._message())
                return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised where the app reads its body, which answers an HTTPException
                    # with its status (FastAPI would turn any other error into a 400).
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, counting_receive, send)

    def _message(self) -> str:
        return f"request body is larger than the limit of {self.max_bytes:,} bytes"


class SameOriginWrites:
    """Answers 403 to a request of an unsafe method that a page of another origin sent.

    Browsers name the origin of such requests (``Origin``, ``Sec-Fetch-Site``); tools that send
    neither, such as curl, are not browsers carrying someone's session and may go on.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            site = _header(scope, b"sec-fetch-site")
            origin = _header(scope, b"origin")
            host = _header(scope, b"host")
            own = f"{scope.get('scheme', 'http')}://{host}"
            if site not in (None, "same-origin", "none") or origin not in (None, own):
                await _respond(send, 403, "cross-origin requests may not write")
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    values: Iterable[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in values:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _respond(send: Send, status: int, detail: str) -> None:
    """A JSON error response, shaped as FastAPI's own errors: ``{"detail": ...}``."""
    body = json.dumps({"detail": detail}).encode()
    headers: list[tuple[bytes, Any]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
