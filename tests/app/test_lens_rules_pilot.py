"""The lens in the app on a database an earlier version kept signals in: the app shows what this
version's rules find, whether it can write (and keeps them) or only read (and computes them)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import WIDE, OpenApp
from pilot_helpers import opened, screen_text

from scorecard_tui.app.screens.lens import LensScreen


def kept_by_earlier_rules(path: Path) -> None:
    """No rules version kept, and a contradicted rating in older wording."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM signals WHERE kind = 'rules'")
        conn.execute("UPDATE signals SET badge = 'rated Green, figures disagree' WHERE slug = 'mismatch:Green'")
    conn.close()


def kept_rules(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM signals WHERE kind = 'rules'").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
async def test_the_lens_shows_this_versions_signals(open_app: OpenApp, three_periods_db: Path, read_only: bool) -> None:
    kept_by_earlier_rules(three_periods_db)
    async with open_app(three_periods_db, WIDE, read_only=read_only) as (app, pilot):
        await opened(pilot, LensScreen, "l")
        text = screen_text(app)
        assert "rated Green at 84.3% against 90%" in text
        assert "figures disagree" not in text
    assert kept_rules(three_periods_db) == (0 if read_only else 3)  # kept by the writer, not the reader
