"""``scorecard serve``: the app in a browser, over a real HTTP request, on loopback by default."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, *args: str) -> tuple[subprocess.Popen, int, str]:
    """Start the server; returns it, its port and the first line it printed (with the link)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scorecard_tui", "serve", "--db", str(db), "--port", str(port), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, port, proc.stdout.readline()


def get(port: int, line: str, timeout: float = 30.0) -> str:
    """The page at the link ``serve`` printed (it holds the token)."""
    url = re.search(r"http://\S+", line).group(0).replace("0.0.0.0", "127.0.0.1")
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.pythons
def test_serve_answers_a_browser_on_loopback(db_path: Path, sample_source):
    with Store(db_path) as store:
        store.save_report(report_from_dict(sample_source))
    proc, port, line = serve(db_path)
    try:
        page = get(port, line)
        assert "<html" in page.lower()
        assert "scorecard-tui" in page
        assert "textual" in page.lower()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"at http://127.0.0.1:{port}/?token=" in line
    assert "warning" not in err


def test_serve_warns_when_not_on_loopback(db_path: Path):
    Store(db_path).close()
    proc, port, line = serve(db_path, "--host", "0.0.0.0")
    try:
        get(port, line)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "warning: listening on 0.0.0.0, not loopback" in err
