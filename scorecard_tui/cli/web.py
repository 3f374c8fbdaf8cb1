"""``scorecard serve``'s web server: textual-serve behind a per-run token, an Origin check and a session cap.

Every browser session runs its own app process with the server owner's rights to the
database, so nobody may start one without the link ``serve`` printed (a fresh token per
run); a page elsewhere in the owner's browser cannot drive a session (its websocket is
refused unless it comes from this server's own page); and the sessions at once are
capped, because each costs about 50 MB.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from scorecard_tui.errors import ScorecardError
from scorecard_tui.store.user import current_user

DEFAULT_MAX_SESSIONS = 8
"""Browser sessions at once (20 took 1.08 GB)."""
MAX_NAME = 60
"""Longest name ``--as`` accepts."""

_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
"""A Host header fit to build this server's own URLs from."""

_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>scorecard: {title}</title></head>\n'
    "<body><h1>{title}</h1><p>{text}</p></body></html>\n"
)
NO_TOKEN_PAGE = _PAGE.format(
    title="This link has no valid token",
    text="Open the whole link that <code>scorecard serve</code> printed when it started "
    "(it ends in <code>?token=</code> and a long code). Each run of the server has a new token.",
)
FULL_PAGE = _PAGE.format(
    title="The server is full",
    text="It already has as many browser sessions open as it allows (<code>scorecard serve "
    "--max-sessions</code>). Close another tab of this app, or try again later.",
)
BAD_HOST_PAGE = _PAGE.format(title="Bad request", text="The request's Host header is not an address.")
FOREIGN_ORIGIN_PAGE = _PAGE.format(
    title="Refused", text="Sessions start only from this server's own page, not from another site."
)


def web_author(name: str | None) -> str:
    """The name notes and flags from the browser carry: ``name``, else "OWNER (web)".

    Raises:
        ScorecardError: The name is empty, too long, holds control characters, or is the
            owner's bare user name (writes from the web must be told apart from the owner's).
    """
    owner = current_user()
    if name is None:
        return f"{owner} (web)"
    name = name.strip()
    if not name:
        raise ScorecardError("--as needs a name")
    if len(name) > MAX_NAME:
        raise ScorecardError(f"--as takes at most {MAX_NAME} characters")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ScorecardError("--as cannot hold control characters")
    if name == owner:
        raise ScorecardError(
            f"--as cannot be your own user name ({owner}): notes from the browser must be told apart "
            f'from yours; try "{owner} (web)"'
        )
    return name


def same_origin(origin: str | None, host: str) -> bool:
    """Whether a request's Origin header names the site it was sent to (``host``, as in Host).

    A missing Origin is refused: browsers always send one on a websocket handshake, and
    this server has no other client.
    """
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.scheme == "http" and bool(parts.netloc) and parts.netloc.lower() == host.lower()


class GuardedServer(Server):
    """textual-serve's server with a token on the page and the websocket, an Origin check and a cap.

    The page is ``/?token=T``; it points its websocket at ``/ws/T``, so the token never
    travels in a cookie (which every server on the same host name would receive).
    Downloads keep textual-serve's single-use random keys, which only the session that
    asked for them learns.

    Args:
        command: The app command each session runs.
        host: Address to listen on.
        port: Port to listen on.
        max_sessions: Most sessions at once.
        token: The secret in the link (default: a new random one).
    """

    def __init__(
        self, command: str, *, host: str, port: int, max_sessions: int = DEFAULT_MAX_SESSIONS, token: str | None = None
    ) -> None:
        super().__init__(command, host=host, port=port, title="scorecard-tui")
        self.token = token or secrets.token_urlsafe(32)
        self.max_sessions = max_sessions
        self.sessions = 0

    @property
    def url(self) -> str:
        """The link to give the browser, token included."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def _token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @property
    def full(self) -> bool:
        """Whether another session would pass the cap."""
        return self.sessions >= self.max_sessions

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/{token}", self.handle_websocket, name="session")
        app.on_response_prepare.append(self._harden)
        return app

    @staticmethod
    async def _harden(request: web.Request, response: web.StreamResponse) -> None:
        """No caching, no referrer (the page's URL holds the token), no framing by other sites."""
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # request lines carry the token

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing: ``serve`` has printed the link."""

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, for the holder of the token, while there is room for a session."""
        if not self._token_ok(request.query.get("token")):
            return _page(403, NO_TOKEN_PAGE)
        if not _HOST.fullmatch(request.host):
            return _page(400, BAD_HOST_PAGE)
        if self.full:
            return _page(503, FULL_PAGE)
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.host}/ws/{self.token}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]  # a refusal is a plain response, not textual-serve's WebSocketResponse
        """A session: the token in the path, sent from this server's own page, within the cap."""
        if not self._token_ok(request.match_info.get("token")):
            return _page(403, NO_TOKEN_PAGE)
        if not same_origin(request.headers.get("Origin"), request.host):
            return _page(403, FOREIGN_ORIGIN_PAGE)
        if self.full:
            return _page(503, FULL_PAGE)
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1


def _page(status: int, html: str) -> web.Response:
    return web.Response(status=status, text=html, content_type="text/html")
