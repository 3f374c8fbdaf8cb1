"""The in-app import offers to import the rest of a table whose rows do not all read: it names the
rows left out and why, imports on enter exactly as ``--skip-unreadable`` would (the rows left out
recorded with the report), writes nothing on escape, and never offers it when no row would be left."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL, OpenApp
from pilot_helpers import press, screen_text, settle, status
from test_import_ratings_pilot import message, wait_closed
from textual.pilot import Pilot

from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.widgets.rating_question import RatingChoice
from scorecard_tui.app.widgets.rows_question import RowsQuestion
from scorecard_tui.importing import import_file
from scorecard_tui.model import Rag
from scorecard_tui.parse.table_report import parse_choices
from scorecard_tui.store import Store

TITLE = "Borough Council Key Performance Indicators"
HEAD = "Ref,Indicator,Target,Actual,Status"


def kpis(folder: Path, *rows: str, name: str = "kpis.csv", dated: bool = True) -> Path:
    """A council's KPI table, its title naming the quarter unless ``dated`` is False."""
    path = folder / name
    title = f"{TITLE} 2024/25 Q1\r\n" if dated else ""
    path.write_text(title + "\r\n".join([HEAD, *rows]) + "\r\n", encoding="utf-8")
    return path


ONE_BAD = ("K1,Missed bins,80,72,Green", "K2,,90,95,Green", "K3,Calls answered,85,60,Red", "K4,Planning,70,71,Amber")
"""Line 4 (K2) has no title: three measures read."""


async def wait_rows(pilot: Pilot[None], selector: str = "#import-rows") -> None:
    """Pause until the import box asks its question about the rows (or ``selector``'s), or says why not."""
    for _ in range(600):
        screen = pilot.app.screen
        if not isinstance(screen, ImportScreen) or screen.query_one(selector).display:
            break
        if any(word in message(pilot) for word in ("can be read", "Type the period")):
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the test works in: paths are typed short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_a_row_that_will_not_read_is_named_and_enter_imports_the_rest(
    empty_db: Path, here: Path, open_app: OpenApp
) -> None:
    kpis(here, *ONE_BAD)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        shown = screen_text(app)
        assert "1 row cannot be read. Import the other rows (3 measures)?" in shown
        assert "row 4: no measure title  'K2 | (blank) | 90 | 95 | Green'" in shown
        assert "Enter imports the rest; escape cancels, writing nothing." in shown
        assert "--skip-unreadable" not in shown and "--map" not in shown  # no option the officer cannot type
        assert app.screen.focused is app.screen.query_one(RowsQuestion)
        await press(pilot, "enter")
        await wait_closed(pilot)
        said = [str(n.message) for n in app._notifications]
        assert said == [
            "imported 3 measures in 1 directorate, 2024/25 Q1, 1 page; "
            "1 row not read, recorded with the report (press I to see them)"
        ]
        assert status(app) == "3 of 3 measures: all"
        assert "1 row not read" in screen_text(app)  # the report's header counts it
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and (info.measure_count, info.unread_count) == (3, 1)
        held = store.load_report(info.id)
    with Store(here / "cli.db") as store:  # the command line's --skip-unreadable stores the same
        import_file(store, here / "kpis.csv", overrides=parse_choices((), skip_unreadable=True))
        info = store.latest_report()
        assert info is not None
        cli = store.load_report(info.id)
    assert (
        held.unread_rows
        == cli.unread_rows
        == ("row 4: 'K2 | (blank) | 90 | 95 | Green': no measure title (check the row, or its column's --map)",)
    )
    assert [m.code for m in held.measures] == [m.code for m in cli.measures] == ["K1", "K3", "K4"]


async def test_escape_at_the_rows_question_writes_nothing(empty_db: Path, here: Path, open_app: OpenApp) -> None:
    kpis(here, *ONE_BAD)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ImportScreen)
        assert not app._notifications
        assert "No scorecard imported yet" in screen_text(app)
    with Store(empty_db) as store:
        assert store.reports() == []


async def test_unknown_words_are_asked_first_then_the_rows(empty_db: Path, here: Path, open_app: OpenApp) -> None:
    kpis(here, "K1,Missed bins,80,72,lg", "K2,,90,95,lg", "K3,Calls answered,85,60,lr", "K4,Planning,70,71,Green")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot, "#import-ratings")
        assert [c.word.word for c in app.screen.query(RatingChoice)] == ["lg", "lr"]
        assert "--skip-unreadable" not in screen_text(app)
        await press(pilot, "g", "down", "r", "enter")
        await wait_rows(pilot)
        assert not app.screen.query_one("#import-ratings").display
        shown = screen_text(app)
        assert "1 row cannot be read. Import the other rows (3 measures)?" in shown
        assert "row 4: no measure title" in shown
        await press(pilot, "enter")
        await wait_closed(pilot)
        assert any("imported 3 measures" in str(n.message) for n in app._notifications)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and info.unread_count == 1
        assert list(store.ratings(info.id).values()) == [Rag.GREEN, Rag.RED, Rag.GREEN]
        assert store.rating_words(info.name, info.source) == {"lg": "Green", "lr": "Red"}


async def test_the_period_is_asked_then_the_rows_and_five_rows_are_four_named_and_one_counted(
    empty_db: Path, here: Path, open_app: OpenApp
) -> None:
    kpis(here, "K1,Missed bins,80,72,Green", *(f"K{n},,1,2,Red" for n in range(2, 7)), dated=False)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot, "#import-period")
        await press(pilot, *"2024/25 Q2", "enter")
        await wait_rows(pilot)
        shown = screen_text(app)
        assert "5 rows cannot be read. Import the other rows (1 measure)?" in shown
        assert "row 6: no measure title" in shown and "row 7:" not in shown and "and 1 more row" in shown
        assert "Enter imports the rest for 2024/25 Q2" in shown
        await press(pilot, "enter")
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and (info.period, info.measure_count, info.unread_count) == ("2024/25 Q2", 1, 5)


async def test_no_rest_to_import_is_said_in_one_line_and_not_offered(
    empty_db: Path, here: Path, open_app: OpenApp
) -> None:
    kpis(here, "K1,,80,72,Green", "K2,,90,95,Red")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        assert not app.screen.query_one("#import-rows").display
        assert message(pilot) == (
            "kpis.csv: no row of its table can be read, so there is no rest to import: "
            "row 3: no measure title; row 4: no measure title"
        )
        assert "--skip-unreadable" not in screen_text(app)
        await press(pilot, "enter")  # enter tries the same file again: the same line, nothing written
        await wait_rows(pilot)
        assert "no rest to import" in message(pilot)
        await press(pilot, "escape")
    with Store(empty_db) as store:
        assert store.reports() == []


async def test_another_path_drops_the_question(empty_db: Path, here: Path, open_app: OpenApp) -> None:
    kpis(here, *ONE_BAD)
    kpis(here, "K1,Missed bins,80,72,Green", name="kpis2.csv")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        await pilot.click("#import-path")
        await press(pilot, "end", "backspace", "backspace", "backspace", "backspace", *"2.csv")
        assert not app.screen.query_one("#import-rows").display
        assert message(pilot) == ""  # what the question said no longer holds
        await press(pilot, "enter")
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and (info.measure_count, info.unread_count) == (1, 0)


async def test_a_hostile_row_shows_literally(empty_db: Path, here: Path, open_app: OpenApp) -> None:
    """A row's text is data: Rich markup and escape sequences show as written, never obeyed."""
    kpis(here, "K1,Missed bins,80,72,Green", "[b]K2[/],,\x1b[31m9\x07\x1b]0;x\x07,[link=x]y[/link],Red")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *"kpis.csv", "enter")
        await wait_rows(pilot)
        shown = screen_text(app)
        assert "row 4: no measure title  '[b]K2[/] | (blank) | " in shown
        assert "| 9 | [link=x]y[/link]" in shown  # the escapes and the bell cleaned away
        assert "\x1b" not in shown and "\x07" not in shown
        await press(pilot, "enter")
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and info.unread_count == 1
