"""What is imported before the app's first frame (issue 12): the store's and the writers' libraries
load on the store thread or on first use, not with the app."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

LATER = (
    "sqlite_utils",
    "scorecard_tui.store.db",
    "scorecard_tui.parse",
    "scorecard_tui.briefing",
    "pdfplumber",
    "docx",
)
"""Modules the first frame does not need."""


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def test_the_app_and_the_command_line_import_nothing_the_first_frame_does_not_need() -> None:
    modules = loaded_after("import scorecard_tui.cli, scorecard_tui.app.app, scorecard_tui.store.checks")
    assert "textual.app" in modules  # the statement ran
    assert not [name for name in LATER if name in modules]


def test_the_store_thread_brings_them_in() -> None:
    assert "sqlite_utils" in loaded_after("from scorecard_tui.store import Store")
