"""The main screen owns the view: its keys work where they worked when the App held them."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL, WIDE
from pilot_helpers import notices, press, run_palette, screen_text, settle, status
from textual.app import App

from scorecard_tui.app import create_app
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.main import MainScreen
from scorecard_tui.app.widgets.key_footer import KeyFooter
from scorecard_tui.model import Rag

SHORT_AND_WIDE = (240, 24)
"""Short enough to open a measure full screen, wide enough for the whole footer."""


async def test_the_default_screen_is_the_main_screen_and_holds_the_view(sample_db: Path, open_app) -> None:
    async with open_app(sample_db) as (app, pilot):
        assert isinstance(app.screen, MainScreen) and app.screen is app.main
        await press(pilot, "r")
        assert app.main.state.rags == {Rag.RED}
        assert status(app) == "15 of 20 measures: Red (quarterly)"


async def test_view_keys_in_the_full_screen_detail_act_on_the_table_behind(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, SHORT_AND_WIDE) as (app, pilot):
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "r", "s")
        assert isinstance(app.screen, DetailScreen)
        assert app.main.state.rags == {Rag.RED}
        assert app.main.state.sort.value == "worst first"
        footer = screen_text(app).splitlines()[-1]
        assert "Back to table" in footer and "Help" in footer and "Flag" in footer
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "q")  # q closes the detail here, it does not quit
        assert app.is_running and app.screen is app.main
        assert status(app) == "15 of 20 measures: Red (quarterly)"


async def test_read_only_refusals_in_the_full_screen_detail(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, SHORT_AND_WIDE, read_only=True) as (app, pilot):
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Briefing" in footer and "Flag" not in footer and "Note" not in footer
        await press(pilot, "m", "n")
        assert isinstance(app.screen, DetailScreen)
        said = notices(app)
        assert any(n.startswith("Flagging is off: opened read-only") for n in said)
        assert any(n.startswith("Writing notes is off: opened read-only") for n in said)


async def test_the_tables_escape_clears_every_filter(sample_db: Path, open_app) -> None:
    async with open_app(sample_db) as (app, pilot):
        await press(pilot, "r", "d")
        assert status(app) != "20 of 20 measures: all"
        await press(pilot, "escape")
        assert status(app) == "20 of 20 measures: all"


async def test_palette_commands_act_on_the_main_screen_from_the_detail(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, SMALL) as (app, pilot):
        await press(pilot, "enter")
        await run_palette(pilot, "Add Red to the RAG filter")
        assert app.main.state.rags == {Rag.RED}
        await run_palette(pilot, "Back to the table")
        assert app.screen is app.main
        await run_palette(pilot, "Clear all filters")
        assert status(app) == "20 of 20 measures: all"
        await run_palette(pilot, "Show every key")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_view_commands_do_nothing_behind_the_agenda(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "v")
        await run_palette(pilot, "Add Red to the RAG filter")
        assert app.main.state.rags == frozenset()


async def test_every_dialog_shares_the_box_and_closes_on_escape(two_periods_db: Path, open_app) -> None:
    from textual.widgets import Input, TextArea

    from scorecard_tui.app.screens.agenda import AgendaScreen
    from scorecard_tui.app.screens.dialog import Dialog

    async with open_app(two_periods_db, WIDE) as (app, pilot):
        for keys in (["p"], ["i"], ["n"], ["question_mark"], ["v", "a"]):
            await press(pilot, *keys)
            dialog = app.screen
            assert isinstance(dialog, Dialog), keys
            box = dialog.query_one(".dialog-box")
            assert box.border_title and box.border_subtitle and box.region.width > 0
            assert all(not field.cursor_blink for field in dialog.query(Input))
            assert all(not area.cursor_blink for area in dialog.query(TextArea))
            await press(pilot, "escape")
            assert not isinstance(app.screen, Dialog), keys
            if isinstance(app.screen, AgendaScreen):
                await press(pilot, "escape")
            assert app.screen is app.main


async def test_a_period_read_before_the_app_starts_is_shown_as_it_mounts(two_periods_db: Path) -> None:
    """Issue 12: given the period the command line read (``StoreThread.open_first``), the main
    screen shows it as it mounts, in the first frame, and reads nothing itself; the history and
    lens follow as usual."""
    store = StoreThread(two_periods_db)
    checked: list[bool] = []
    view = store.open_first(lambda: checked.append(True)).result()
    assert checked == [True] and view[0] is not None
    app = create_app(two_periods_db, store=store, first_view=view)
    async with app.run_test(size=WIDE) as pilot:
        assert app.main.report is view[0]  # before any pause: on screen with the first frame
        assert not [w for w in app.workers if w.group == "load"]
        assert "20 of 20 measures: all" in status(app)
        assert app.main.selected == 0  # the first measure in the detail pane, in that same frame
        await settle(pilot)
        assert app.main.report is not None and app.main.report.history  # the details came after


async def test_the_footer_is_rebuilt_only_when_the_keys_it_shows_change(sample_db: Path, open_app) -> None:
    """Issue 12: Textual's footer mounts and restyles every key again for each change of focus or
    bindings (~25 ms each; six as the app opened); ours keeps its keys when they show the same."""
    async with open_app(sample_db, WIDE) as (app, pilot):
        footer = app.screen.query_one(KeyFooter)
        keys = [id(key) for key in footer.query("FooterKey")]
        assert keys
        app.screen.refresh_bindings()  # the bindings asked for again: the same keys
        await settle(pilot)
        assert [id(key) for key in footer.query("FooterKey")] == keys
        await press(pilot, "slash")  # the search bar's keys
        assert [id(key) for key in footer.query("FooterKey")] != keys
        assert "Clear search" in [getattr(key, "description", "") for key in footer.query("FooterKey")]


async def test_the_footer_shows_its_keys_in_the_first_frame_of_a_window_without_focus(sample_db: Path) -> None:
    """Issue 22: a browser tab (``scorecard serve``) reports no focus until it is clicked, and Textual's
    footer waits for focus: the first frame had no keys at all."""
    app = create_app(sample_db)
    app.set_reactive(App.app_focus, False)  # as textual-serve's page says of itself before a click
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.app_focus
        descriptions = [getattr(key, "description", "") for key in app.screen.query_one(KeyFooter).query("FooterKey")]
        assert "Help" in descriptions and "Search" in descriptions
