"""The Quick start's first command: the real ``scorecard demo`` in a pseudo-terminal."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.app.test_pty import Terminal

pytestmark = pytest.mark.pythons


def demo_command() -> list[str]:
    """The installed console script when there is one, else the same entry point via -m."""
    script = shutil.which("scorecard")
    return [script, "demo"] if script else [sys.executable, "-m", "scorecard_tui", "demo"]


def test_scorecard_demo_runs_from_anywhere_and_quits_cleanly(tmp_path: Path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("SCORECARD_DB", raising=False)
    term = Terminal(*demo_command())
    try:
        screen = term.wait_for("of 20 measures", timeout=20)
        assert "2018/19 Q3" in screen, "opens on the latest sample period (the illustrative Q3)"
        tail = term.quit()
        assert term.proc.returncode == 0
        assert b"\x1b[?1049l" in tail
        assert b"\x1b[?25h" in tail
    finally:
        term.close()
    assert not (home / "data").exists(), "the demo must not touch the user's database"
    assert os.listdir(tmp_path) == ["home"]
