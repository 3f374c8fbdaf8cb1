"""``I`` (and the palette's "This report") opens what the store keeps of the period's report: its
name, period, source, file and digest, pages, header row, and every row an import left out, each as
written (never markup or terminal control); escape closes it, j/k scroll it. The header's "rows not
read" and the app's import line point to it by its key."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SMALL, WIDE, OpenApp, build_db
from pilot_helpers import header, notices, opened, press, run_palette, screen_text
from rich.console import Console
from test_import_ratings_pilot import wait_closed
from test_import_rest_pilot import ONE_BAD, kpis, wait_rows
from textual.containers import VerticalScroll

from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.report_info import ROWS_SHOWN, ReportInfoScreen, report_facts_text
from scorecard_tui.model import NO_SOURCE, Report, ReportInfo
from scorecard_tui.store.report_facts import ReportFacts

SHA = "0123456789abcdef" * 4
UNREAD = "row 4: 'K2 | (blank) | 90 | 95 | Green': no measure title (check the row, or its column's --map)"


def left_out(tmp_path: Path, report: Report, *rows: str, **changes: object) -> Path:
    """A database holding ``report`` (with ``changes``) as imported with ``rows`` left out, imported
    at a fixed time."""
    path = build_db(
        tmp_path / "left-out.db",
        replace(report, unread_rows=rows, sha256=SHA, header_row=("Ref", "Indicator", "Status"), **changes),
    )
    with sqlite3.connect(path) as conn:  # the import's clock, fixed so the picture is the same each run
        conn.execute("UPDATE reports SET imported_at = '2024-07-15T09:30:00+00:00'")
    return path


def box_text(app: object) -> str:
    """The report box's content, whole (not only the part scrolled into view)."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReportInfoScreen)
    static = screen.query_one("#report-info")
    return "\n".join(strip.text for strip in static.render_lines(static.region.reset_offset))


async def test_I_shows_the_reports_facts_and_escape_closes(
    tmp_path: Path, sample_report: Report, open_app: OpenApp
) -> None:
    db = left_out(tmp_path, sample_report, UNREAD, file_name="scorecard-2018-19-q1.pdf")
    async with open_app(db, WIDE) as (app, pilot):
        await opened(pilot, ReportInfoScreen, "I")
        shown = screen_text(app)
        for fact in (
            sample_report.name,
            f"Period        {sample_report.period}",
            f"Source        {sample_report.source}",
            "Fetched       24 Aug 2018",
            "Imported      15 Jul 2024 09:30 UTC",
            "File          scorecard-2018-19-q1.pdf",
            f"sha256        {SHA[:12]}…",
            SHA,  # whole, on its own line
            f"Pages         {sample_report.pages or 'not recorded'}",
            "Header row    Ref | Indicator | Status",
            "1 row not read (left out by the import):",
            UNREAD[:80],  # the rest wraps
        ):
            assert fact in shown, fact
        assert "How the period was found and what the import noted are not kept with the report" in box_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ReportInfoScreen)


async def test_I_opens_it_over_a_measure_full_screen(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, SMALL) as (app, pilot):
        await opened(pilot, DetailScreen, "enter")
        await opened(pilot, ReportInfoScreen, "I")
        await press(pilot, "escape")
        assert isinstance(app.screen, DetailScreen)


async def test_the_palette_opens_it_too(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await run_palette(pilot, "This report")
        assert isinstance(app.screen, ReportInfoScreen)
        assert "Every row of the file was read." in screen_text(app)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_rows_left_out_by_importing_the_rest_are_listed(empty_db: Path, here: Path, open_app: OpenApp) -> None:
    kpis(here, *ONE_BAD)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        await press(pilot, "enter")  # import the rest
        await wait_closed(pilot)
        assert notices(app)[-1] == (
            "imported 3 measures in 1 directorate, 2024/25 Q1, 1 page; "
            "1 row not read, recorded with the report (press I to see them)"
        )
        assert "1 row not read: I to see" in header(app)
        await opened(pilot, ReportInfoScreen, "I")
        shown = box_text(app)
        assert "1 row not read (left out by the import):" in shown
        assert "row 4: 'K2 | (blank) | 90 | 95 | Green': no measure title" in shown
        assert "Header row    Ref | Indicator | Target | Actual | Status" in shown
        assert "File          kpis.csv" in shown
        assert "How it was read (imported in this session):" in shown
        assert "Period from" in shown and "--skip-unreadable: 1 row not read, recorded" in shown


async def test_hostile_text_shows_literally(tmp_path: Path, sample_report: Report, open_app: OpenApp) -> None:
    name = "Scorecard [bold red]x[/] \x1b[31mred\x1b[0m \u202eevil\u202c"
    row = "row 2: '[link=http://e]y[/link] \x1b]8;;http://e\x07here\x1b]8;;\x07 \x9b31m': no title"
    db = left_out(tmp_path, sample_report, row, name=name, file_name="[i]f[/i]\x07.csv")
    async with open_app(db, WIDE) as (app, pilot):
        await opened(pilot, ReportInfoScreen, "I")
        shown = box_text(app)
        assert "Scorecard [bold red]x[/] red evil" in shown
        assert "row 2: '[link=http://e]y[/link] here 31m': no title" in shown
        assert "[i]f[/i].csv" in shown
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
            assert bad not in screen_text(app)


async def test_j_and_k_scroll_a_long_list(tmp_path: Path, sample_report: Report, open_app: OpenApp) -> None:
    rows = [f"row {n}: 'K{n} | (blank)': no measure title" for n in range(2, 62)]
    db = left_out(tmp_path, sample_report, *rows)
    async with open_app(db, SMALL) as (app, pilot):
        await opened(pilot, ReportInfoScreen, "I")
        box = app.screen.query_one(".dialog-box", VerticalScroll)
        assert box.max_scroll_y > 40
        await press(pilot, "j", "j", "down")
        assert box.scroll_y == 3
        await press(pilot, "k")
        assert box.scroll_y == 2
        await press(pilot, "end")
        assert "row 61: 'K61 | (blank)': no measure title" in screen_text(app)


async def test_an_empty_store_has_no_report_to_show(empty_db: Path, open_app: OpenApp) -> None:
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "I")
        assert not isinstance(app.screen, ReportInfoScreen)


def rendered(info: ReportInfo, facts: ReportFacts) -> str:
    console = Console(width=96, record=True, file=io.StringIO())
    console.print(report_facts_text(info, facts))
    return console.export_text()


def test_the_marking_tolerances_and_remembered_choices_are_listed() -> None:
    info = ReportInfo(1, "KPIs", NO_SOURCE, "2024/25 Q1", None, 1, 3, "kpis.csv", subtitle="OFFICIAL\nDraft")
    facts = ReportFacts(
        tolerances=((0.05, 2), (0.1, 1)),
        header_maps=(("Indicator", "title"),),
        rating_words=(("lg", "Green"),),
    )
    shown = rendered(info, facts)
    for said in (
        "Source        not stated",
        "Fetched       the report does not say",
        "Imported      date unknown",
        "Marking       OFFICIAL",
        "Tolerance     5% of target (2 measures); 10% of target (1 measure)",
        "Every row of the file was read.",
        "Remembered for this series (its next import uses them):",
        "  --map Indicator = title",
        "  --rating lg = Green",
    ):
        assert said in shown, said
    assert "sha256" not in shown and "Header row" not in shown  # what the store does not hold is not shown


def test_a_list_of_thousands_shows_the_first_and_counts_the_rest() -> None:
    info = ReportInfo(1, "KPIs", NO_SOURCE, "2024/25 Q1", None, 1, 3, "kpis.csv")
    rows = tuple(f"row {n}: 'K{n}': no measure title" for n in range(2, ROWS_SHOWN + 12))
    shown = rendered(info, ReportFacts(unread_rows=rows))
    assert f"{ROWS_SHOWN + 10} rows not read" in shown
    assert f"row {ROWS_SHOWN + 1}: " in shown and f"row {ROWS_SHOWN + 2}: " not in shown
    assert "and 10 more (`scorecard export` lists every one)" in shown


async def test_a_report_gone_from_the_store_is_said_in_one_line(
    tmp_path: Path, sample_report: Report, open_app: OpenApp
) -> None:
    """The box reads on the store thread; a report another officer removed meanwhile is said in the box,
    in one line, the box staying open (``StoreBox``, which ``H`` shares)."""
    db = left_out(tmp_path, sample_report, UNREAD)
    async with open_app(db, WIDE) as (app, pilot):
        assert app.main.report is not None
        with sqlite3.connect(db) as conn:  # another officer's tool removes the report meanwhile
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("DELETE FROM reports")
        app.push_screen(ReportInfoScreen(app.main.store_thread, app.main.report.info))
        for _ in range(50):
            await pilot.pause(0.05)
            if "could not be read" in box_text(app):
                break
        shown = box_text(app)
        assert shown.strip().startswith("The report could not be read: "), shown
        assert len([line for line in shown.splitlines() if line.strip()]) <= 2, shown


def test_a_report_with_no_pages_recorded_says_so_not_nought() -> None:
    """The demo's reports come from JSON, with no file: "Pages 0" read as an empty file."""
    info = ReportInfo(1, "Council Scorecard", "DORIS", "2018/19 Q1", None, 0, 3, "")
    facts = ReportFacts()
    shown = io.StringIO()
    Console(file=shown, width=100, color_system=None).print(report_facts_text(info, facts))
    assert "Pages         not recorded" in shown.getvalue()
