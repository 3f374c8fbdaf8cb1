"""The in-app import (i) reads spreadsheets, and asks for the period when the file states none."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import press, screen_text, settle, status
from textual.widgets import Input

from scorecard_tui.app.screens.import_file import ImportScreen

SMALL = (80, 24)


async def wait_closed(pilot) -> None:
    for _ in range(600):
        if not isinstance(pilot.app.screen, ImportScreen):
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def wait_asked(pilot) -> None:
    for _ in range(600):
        if pilot.app.screen.query_one("#import-period", Input).display:
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def test_i_asks_for_the_period_of_an_undated_table(
    empty_db: Path, tmp_path: Path, open_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    undated = tmp_path / "kpis.csv"
    undated.write_text("Ref,Indicator,Target,Actual,RAG\r\nK1,Missed bins,80,72,G\r\nK2,Potholes,90,95,B\r\n")
    monkeypatch.chdir(tmp_path)  # a short relative path: each key typed costs a pause
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *undated.name, "enter")
        await wait_asked(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "period" in str(app.screen.query_one("#import-message").content).lower()
        await press(pilot, *"2024/25 Q1", "enter")
        await wait_closed(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert any("2024/25 Q1" in str(n.message) for n in app._notifications)
        assert status(app) == "2 of 2 measures: all"
        assert "2024/25 Q1" in str(app.query_one("#header").content)


async def test_i_imports_the_illustrative_spreadsheet(
    empty_db: Path, open_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    xlsx = Path(__file__).parents[2] / "sample_data" / "other-councils" / "illustrative-county-council-spreadsheet.xlsx"
    monkeypatch.chdir(xlsx.parent)  # a short relative path: each key typed costs a pause
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *xlsx.name, "enter")
        await wait_closed(pilot)
        assert any("imported 8 measures" in str(n.message) for n in app._notifications)
        assert status(app) == "8 of 8 measures: all"
        header = str(app.query_one("#header").content)
        assert "2023/24 Q2" in header and "reviews as of 30 Sep 2023" in header
        await press(pilot, "p")  # the period list says the period's end where there is no fetch time
        assert "period to 30 Sep 2023" in screen_text(app)


async def test_tab_completes_the_path_in_the_import_dialog(
    empty_db: Path, tmp_path: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: tab completes as a shell does: one match whole, several to what they share, listed
    (typed from ``~``, as an officer would: short, and each key typed costs a pause)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "meeting papers"
    folder.mkdir()
    (folder / "kpis-q1.csv").write_text("Ref,Indicator,Target,Actual,RAG\r\nK1,Missed bins,80,72,G\r\n")
    (folder / "kpis-q2.csv").write_text("x\r\n")
    (folder / "notes.txt").write_text("not importable\n")
    app = make_app(empty_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "i", *"~/mee", "tab")
        field = app.screen.query_one("#import-path", Input)
        assert field.value == "~/meeting papers/"
        assert field.has_focus and field.cursor_position == len(field.value)
        await press(pilot, "tab")
        assert field.value == "~/meeting papers/kpis-q"
        message = str(app.screen.query_one("#import-message").content)
        assert "kpis-q1.csv" in message and "kpis-q2.csv" in message and "notes.txt" not in message
        await press(pilot, "1", "tab")
        assert field.value == "~/meeting papers/kpis-q1.csv"
        await press(pilot, "enter")
        await wait_asked(pilot)
        assert app.screen.query_one("#import-period", Input).display  # the completed path was read
