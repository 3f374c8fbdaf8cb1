"""Issue 22, point 1: ``x`` offers the flagged measures alone beside the whole report and the view,
and every choice keeps the whole council's RAG counts."""

from __future__ import annotations

from pathlib import Path

from conftest import WIDE, OpenApp
from pilot_helpers import notices, press, screen_text, select, settle


async def test_x_writes_a_briefing_of_the_flagged_measures_alone(
    two_periods_db: Path, open_app: OpenApp, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "scorecard-briefing-2018-19-Q2.md"
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await select(pilot, "SS PM07")
        await press(pilot, "m", "m")  # raise SS PM07
        await press(pilot, "x")
        shown = screen_text(app)
        assert "The whole report (20 measures) (a)" in shown and "Only the 1 flagged (f)" in shown
        assert "flagged measures always included" not in shown  # no filter: no view to choose
        await press(pilot, "v")  # not offered: nothing happens
        assert "Briefing: which measures?" in screen_text(app)
        await press(pilot, "f", "enter", "enter")  # the flagged alone, as Markdown, the marking
        await settle(pilot)
        assert f"1 measure: wrote {path}" in notices(app)
        await press(pilot, "r", "x")  # Red only: all three choices
        shown = screen_text(app)
        assert "The 12 in view (filter: Red (quarterly)), flagged measures always included (v)" in shown
        assert "Only the 1 flagged (f)" in shown
        await press(pilot, "escape")
    text = path.read_text(encoding="utf-8")
    assert "1 of 20 measures. Only the flagged measures." in " ".join(text.split())
    assert "### SS PM07: " in text and text.count("\n### ") == 1
    assert "| **All** | 20 | 12 | 5 | 3 | 6 | 10 | 4 |" in text  # the whole council still


async def test_x_without_filter_or_flag_asks_only_the_format(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "x")
        assert "Briefing: which format?" in screen_text(app)
        assert "which measures" not in screen_text(app)
        await press(pilot, "escape")
