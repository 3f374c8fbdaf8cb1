"""The parser and the store import without Textual; start-up stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.pythons


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_parse_and_store_do_not_import_textual():
    mods = loaded_after("import scorecard_tui.parse, scorecard_tui.store, scorecard_tui.importing")
    assert not any(m == "textual" or m.startswith("textual.") for m in mods)


def test_cli_does_not_import_pdfplumber_until_needed():
    mods = loaded_after("import scorecard_tui.cli.main, scorecard_tui.parse")
    assert "pdfplumber" not in mods
    assert "textual" not in mods
