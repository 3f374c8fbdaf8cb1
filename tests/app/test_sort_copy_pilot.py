"""Issue 22, point 8 (and point 1's marking from ``x``): sort by any column from the keyboard (``S``)
and by a click on a heading, copy the selected measure (``y``), and the briefing's protective marking."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import SMALL, WIDE, OpenApp, build_db
from pilot_helpers import codes, notices, press, screen_text, select, settle, status
from textual.widgets import Input

from scorecard_tui.app.screens.briefing_choice import MarkingChoice
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.sort_menu import SortMenu
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Report


async def test_S_sorts_by_the_chosen_column_and_again_reverses(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        published = codes(app)
        await press(pilot, "S")
        assert isinstance(app.screen, SortMenu)
        shown = screen_text(app)
        assert "Sort by" in shown and "Quarterly RAG" in shown and "Q actual" in shown
        await press(pilot, "down", "enter")  # Code, the first column
        assert not isinstance(app.screen, SortMenu)
        full = [app.main.measures[i].code for i in app.main.rows]  # type: ignore[attr-defined]
        assert full != [m.code for m in app.main.measures]  # type: ignore[attr-defined]
        assert "sorted by code, ascending" in screen_text(app)
        await press(pilot, "S")
        assert "enter reverses" in screen_text(app)  # the column sorted by is highlighted
        await press(pilot, "enter")
        again = [app.main.measures[i].code for i in app.main.rows]  # type: ignore[attr-defined]
        assert again == full[::-1] and "sorted by code, descending" in screen_text(app)
        await press(pilot, "S", "escape")  # cancelled: the sort stays
        assert "sorted by code, descending" in screen_text(app)
        await press(pilot, "S", "home", "enter")  # as published
        assert codes(app) == published and "sorted as published" in screen_text(app)


async def test_a_click_on_a_heading_sorts_by_it_and_again_reverses(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, (240, 50)) as (app, pilot):  # wide enough for the figures
        table = app.query_one(RagTable)
        plan = table.plan
        assert plan is not None
        x = sum(c.width + 2 for c in plan.columns[: plan.keys.index("Q actual")]) + 1
        await pilot.click(RagTable, offset=(x, 0))
        await settle(pilot)
        assert "sorted by Q actual, ascending" in screen_text(app)
        measures = app.main.measures  # type: ignore[attr-defined]
        actuals = [measures[i].quarter_actual for i in app.main.rows]  # type: ignore[attr-defined]
        numbers = [a for a in actuals if isinstance(a, float)]
        assert numbers == sorted(numbers) and actuals[: len(numbers)] == numbers
        await pilot.click(RagTable, offset=(x, 0))
        await settle(pilot)
        assert "sorted by Q actual, descending" in screen_text(app)
        actuals = [measures[i].quarter_actual for i in app.main.rows]  # type: ignore[attr-defined]
        numbers = [a for a in actuals if isinstance(a, float)]
        assert numbers == sorted(numbers, reverse=True) and actuals[: len(numbers)] == numbers
        assert "of 20 measures: all" in status(app)  # a sort, not a filter


async def test_y_copies_the_selected_measure_as_a_paragraph(three_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(three_periods_db, WIDE) as (app, pilot):
        await select(pilot, "SS PM07")
        await press(pilot, "y")
        text = app.clipboard
        measure = next(m for m in app.main.measures if m.code == "SS PM07")  # type: ignore[attr-defined]
        first = text.splitlines()[0]
        assert first.startswith(f"SS PM07: {' '.join(measure.title.split())} (")
        assert "Quarterly: " in text and "Forecast: " in text and "Direction of travel: " in text
        assert "Quarterly RAG by period: " in text  # three periods held: the trend
        assert "SS PM07: copied to the clipboard." in notices(app)
        assert all(c == "\n" or c.isprintable() for c in text)


async def test_y_copies_the_kept_question_and_works_full_screen(three_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(three_periods_db, SMALL) as (app, pilot):
        lens = app.main.report.lens  # type: ignore[attr-defined]
        key = next(k for k, qs in lens.items() if qs)
        code = next(m.code for m in app.main.measures if m.key == key)  # type: ignore[attr-defined]
        await select(pilot, code)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "y")
        assert app.clipboard.startswith(f"{code}: ")
        assert f"Question: {' '.join(lens[key][0].text.split())}" in app.clipboard


async def test_x_asks_the_marking_remembers_it_and_the_file_carries_it(
    tmp_path: Path, sample_report: Report, open_app: OpenApp, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = build_db(tmp_path / "marked.db", replace(sample_report, subtitle="OFFICIAL\nIllustrative"))
    path = tmp_path / "scorecard-briefing-2018-19-Q1.md"
    async with open_app(db, WIDE) as (app, pilot):
        await press(pilot, "x", "enter")  # Markdown
        assert isinstance(app.screen, MarkingChoice)
        assert app.screen.query_one(Input).value == "OFFICIAL"  # the report's own, to start with
        await press(pilot, "enter")
        assert path.read_text(encoding="utf-8").startswith("**OFFICIAL**")
        await press(pilot, "x", "enter", "ctrl+u", *"OFFICIAL-SENSITIVE", "enter", "y")  # y: write over it
        assert path.read_text(encoding="utf-8").startswith("**OFFICIAL-SENSITIVE**")
        await press(pilot, "x", "enter")
        assert app.screen.query_one(Input).value == "OFFICIAL-SENSITIVE"  # remembered this session
        await press(pilot, "ctrl+u", "enter", "y")  # empty: no marking
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Briefing: ") and "SENSITIVE" not in text  # the report's subtitle lines stay
        await press(pilot, "x", "enter", "escape")  # escape: nothing written
        assert not isinstance(app.screen, MarkingChoice)


async def test_y_copies_hostile_text_as_written_without_its_controls(hostile_db: Path, open_app: OpenApp) -> None:
    async with open_app(hostile_db, WIDE) as (app, pilot):
        await press(pilot, "home", "y")
        text = app.clipboard
        assert "Falls [bold red]x[/] programme" in text.splitlines()[0]  # markup kept as text, never read
        assert all(c == "\n" or c.isprintable() for c in text)
