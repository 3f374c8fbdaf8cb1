"""What is imported before the app's first frame (issue 12): sqlite-utils, the parsers and the
writers load on first use, not with the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.store import Store
from tests.conftest import ROOT

LATER = (
    "sqlite_utils",
    "secrets",  # OpenSSL: for the names of files written
    "scorecard_tui.parse",
    "scorecard_tui.outputs.briefing",
    "pdfplumber",
    "docx",
)
"""Modules the first frame does not need."""


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def test_the_app_and_the_command_line_import_nothing_the_first_frame_does_not_need() -> None:
    modules = loaded_after("import scorecard_tui.cli.main, scorecard_tui.app.app, scorecard_tui.store.checks")
    assert "textual.app" in modules  # the statement ran
    assert not [name for name in LATER if name in modules]


def test_reading_a_period_needs_no_sqlite_utils_and_a_write_brings_it_in(tmp_path: Path) -> None:
    """The store thread opens the file and reads the first period with sqlite3 alone (sqlite-utils
    took ~75 ms of the thread's time, drawn out to ~0.3 s beside the first frame); a write loads it."""
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.save_report(load_sample_reports()[0])
    read = (
        "from pathlib import Path; from scorecard_tui.store import Store; from scorecard_tui.app import data; "
        f"store = Store(Path({str(db)!r})); loaded, _, _ = data.load_view(store); "
        "data.load_details(store, loaded.info); assert loaded.measures"
    )
    assert "sqlite_utils" not in loaded_after(read)
    write = read + "; data.cycle_flag(store, loaded.info, loaded.measures[0].key)"
    assert "sqlite_utils" in loaded_after(write)
