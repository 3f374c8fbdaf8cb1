"""Issue 8, point 15: ``scorecard serve`` lets in only the holder of its link, from its own page.

The real server runs in a subprocess on a free loopback port; aiohttp (which textual-serve
brings) is the browser. A session's screen is read back with pyte from the bytes the app sends.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pyte
import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.cli.web import same_origin
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.store.annotations import current_user
from tests.conftest import ROOT, SAMPLE_JSON

COLS, ROWS = 160, 48


class Served:
    """A running ``scorecard serve``: its port, token and folder."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.folder = folder
        self.db = folder / "scorecard.db"
        self.home = folder / "home"  # where a briefing would fall back to, and the Downloads folder
        self.home.mkdir()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scorecard_tui", "serve", "--db", str(self.db), "--port", str(self.port), *args],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(self.home), "XDG_DATA_HOME": str(self.home)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline()
        found = re.search(rf"at http://127\.0\.0\.1:{self.port}/\?token=([A-Za-z0-9_-]{{43}}) ", first)
        assert found, first
        self.token = found.group(1)
        self.origin = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never listened"
                time.sleep(0.1)

    def ws(self, token: str | None = None) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{token or self.token}?width={COLS}&height={ROWS}"

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        return err


def sample_db(folder: Path) -> None:
    with Store(folder / "scorecard.db") as store:
        store.save_report(report_from_dict(json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    sample_db(folder)
    served = Served(folder, "--as", "Ann (web)")
    yield served
    served.stop()


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory) -> Iterator[Served]:
    """Read-only, one session at most, with a symlink planted where a briefing would be written."""
    folder = tmp_path_factory.mktemp("served-ro")
    sample_db(folder)
    (folder / "target.txt").write_text("precious\n")
    (folder / "scorecard-briefing-2018-19-Q1.md").symlink_to(folder / "target.txt")
    served = Served(folder, "--read-only", "--max-sessions", "1")
    yield served
    served.stop()


class Session:
    """One browser session over the websocket: keys in, the screen (via pyte) and text messages out."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.messages: list[list] = []

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def until(self, condition, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            left = deadline - time.monotonic()
            assert left > 0, f"never happened; screen:\n{self.text()}"
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(json.loads(message.data))
            else:
                raise AssertionError(f"the session ended: {message}")

    async def keys(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))


async def open_session(client: aiohttp.ClientSession, served: Served) -> Session:
    ws = await client.ws_connect(served.ws(), origin=served.origin)
    session = Session(ws)
    await session.until(lambda: "SS PM07" in session.text())  # the report is on screen
    return session


def files(folder: Path) -> dict[str, int]:
    """Each file's modification time; SQLite's shared-memory file is left out (every reader maps it)."""
    return {p.name: p.lstat().st_mtime_ns for p in folder.iterdir() if not p.name.endswith("-shm")}


async def room(client: aiohttp.ClientSession, served: Served) -> int:
    """Wait until the page is served rather than the full page (a closed session's app takes a moment to quit)."""
    for _ in range(100):
        async with client.get(f"{served.origin}/?token={served.token}") as response:
            if response.status != 503:
                return response.status
        await asyncio.sleep(0.1)
    return 503


async def test_the_page_needs_the_token(server: Served) -> None:
    async with aiohttp.ClientSession() as client:
        for query in ("", "?token=", "?token=wrong", f"?token={server.token[:-1]}", "?token=%C3%A9"):
            async with client.get(f"{server.origin}/{query}") as response:
                assert response.status == 403
                assert "This link has no valid token" in await response.text()
        async with client.get(f"{server.origin}/?token={server.token}") as response:
            assert response.status == 200
            page = await response.text()
            assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws/{server.token}"' in page
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_a_websocket_without_the_token_or_from_another_site_is_refused(server: Served) -> None:
    async with aiohttp.ClientSession() as client:
        refused = [
            (f"ws://127.0.0.1:{server.port}/ws", {"origin": server.origin}),  # textual-serve's own, unguarded path
            (server.ws("wrong"), {"origin": server.origin}),
            (server.ws(), {"origin": "http://evil.example"}),
            (server.ws(), {"origin": f"http://127.0.0.1:{server.port + 1}"}),
            (server.ws(), {"origin": "null"}),
            (server.ws(), {}),  # no Origin: not a browser, and nothing else is served
        ]
        for url, options in refused:
            with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                await client.ws_connect(url, **options)
            assert caught.value.status == 403, (url, options)


async def test_a_note_from_the_browser_carries_the_serve_as_name(server: Served) -> None:
    async with aiohttp.ClientSession() as client:
        session = await open_session(client, server)
        await session.keys("n")
        await session.until(lambda: "Note on" in session.text())
        await session.keys("written from a browser")
        await session.keys("\x13")  # ctrl+s, at once: it saves what was typed before it
        await session.until(lambda: "note saved" in session.text())
        await session.keys("m")
        await session.until(lambda: "flag watch" in session.text())
        await session.ws.close()
    with sqlite3.connect(server.db) as db:
        written = db.execute("SELECT kind, value, author FROM annotations ORDER BY id").fetchall()
    assert written == [("note", "written from a browser", "Ann (web)"), ("flag", "watch", "Ann (web)")]


async def test_read_only_x_sends_the_briefing_to_the_browser_and_writes_no_file(read_only_server: Served) -> None:
    folder = read_only_server.folder
    before = files(folder)
    async with aiohttp.ClientSession() as client:
        session = await open_session(client, read_only_server)
        await session.keys("x")
        await session.until(lambda: "which format?" in session.text())
        await session.keys("m")  # Markdown
        await session.until(lambda: "protective marking" in session.text())
        await session.keys("\r")  # the report's own marking
        await session.until(lambda: any(m[0] == "deliver_file_start" for m in session.messages))
        key = next(m[1] for m in session.messages if m[0] == "deliver_file_start")
        async with client.get(f"{read_only_server.origin}/download/{key}") as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"] == "attachment; filename=scorecard-briefing-2018-19-Q1.md"
            briefing = await response.text()
        await session.until(lambda: "to your browser" in session.text())
        await session.ws.close()
    assert briefing.startswith("# ") and "2018/19 Q1" in briefing
    assert files(folder) == before
    assert (folder / "target.txt").read_text() == "precious\n"
    assert list(read_only_server.home.rglob("*")) == []


async def test_the_session_past_the_cap_gets_the_full_page(read_only_server: Served) -> None:
    async with aiohttp.ClientSession() as client:
        assert await room(client, read_only_server) == 200
        first = await open_session(client, read_only_server)  # --max-sessions 1
        async with client.get(f"{read_only_server.origin}/?token={read_only_server.token}") as response:
            assert response.status == 503
            assert "The server is full" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await client.ws_connect(read_only_server.ws(), origin=read_only_server.origin)
        assert caught.value.status == 503
        await first.ws.close()
        assert await room(client, read_only_server) == 200  # closing a session frees its place


def test_origin_must_name_the_host_the_page_came_from() -> None:
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert same_origin("http://LOCALHOST:8000", "localhost:8000")
    assert not same_origin(None, "127.0.0.1:8000")
    assert not same_origin("", "127.0.0.1:8000")
    assert not same_origin("null", "127.0.0.1:8000")
    assert not same_origin("http://evil.example", "127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not same_origin("https://127.0.0.1:8000", "127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8000.evil.example", "127.0.0.1:8000")


def test_serve_refuses_the_bare_owner_name_and_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "scorecard.db"
    Store(db).close()
    before = db.read_bytes()
    for name, says in [
        (current_user(), "--as cannot be your own user name"),
        ("Ann\x1b]52;c;aGk=\x07", "--as cannot hold control characters"),
        ("  ", "--as needs a name"),
    ]:
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--as", name])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"scorecard: {says}") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.output
    assert db.read_bytes() == before


async def test_the_app_signs_notes_and_flags_with_the_name_it_was_given(tmp_path: Path) -> None:
    """What ``serve --as`` hands the app: the Pilot session writes under that name, not the Unix user's."""
    from scorecard_tui.app import create_app
    from scorecard_tui.app.screens.note_editor import NoteEditor

    sample_db(tmp_path)
    app = create_app(tmp_path / "scorecard.db", author="Ann (web)")
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        for _ in range(100):
            if app.main.current_measure is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"a note", "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("m")
        await pilot.pause()
        await app.workers.wait_for_complete()
    with sqlite3.connect(tmp_path / "scorecard.db") as db:
        written = db.execute("SELECT kind, value, author FROM annotations ORDER BY id").fetchall()
    assert written == [("note", "a note", "Ann (web)"), ("flag", "watch", "Ann (web)")]
