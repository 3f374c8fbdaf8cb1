"""Note, question and flag history (issue 22): the detail shows the last 10 versions of each, counts
the rest and ``H`` shows every one; a flag's settings (raised, watched, cleared) with who and when."""

from __future__ import annotations

import io
import time
from pathlib import Path

from conftest import OpenApp
from pilot_helpers import press, select
from rich.console import Console
from textual.widgets import Static

from scorecard_tui.app.detail_view import detail
from scorecard_tui.app.screens.versions import VersionsScreen
from scorecard_tui.app.versions_view import MAX_SHOWN
from scorecard_tui.model import Flag
from scorecard_tui.store import Store

CODE = "CP 08f"
"""A measure the lens has questions for in the demo's third period."""


def whole_detail(app) -> str:  # type: ignore[no-untyped-def]
    measure = app.main.current_measure
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(detail(measure, app.main.detail_context(measure)))
    return console.export_text()


def rewritten(db: Path, times: int = 200) -> Path:
    """The measure's note and first question each written ``times`` times, and its flag set four
    times, through the store as the app writes them."""
    with Store(db) as store:
        info = store.latest_report()
        [entry] = [e for e in store.lens.entries(info) if e.code == CODE]
        slug = entry.questions[0].signal.slug
        with store.writing():
            for n in range(times):
                store.annotations.add_note(info, CODE, f"Note version {n}", author="alice")
                store.lens.edit_question(info, CODE, slug, f"Question version {n}?", author="bob")
        for flag, who in ((Flag.RAISE, "alice"), (Flag.WATCH, "bob"), (Flag.NONE, "carol"), (Flag.RAISE, "dan")):
            store.annotations.set_flag(info, CODE, flag, author=who)
    return db


async def test_two_hundred_versions_show_the_last_ten_and_the_detail_stays_quick(
    three_periods_db: Path, open_app: OpenApp
) -> None:
    db = rewritten(three_periods_db)
    async with open_app(db, (160, 48)) as (app, pilot):
        started = time.perf_counter()
        await select(pilot, CODE)
        took = time.perf_counter() - started
        text = whole_detail(app)
        assert "Earlier versions (" in text
        assert "Note version 198" in text and f"Note version {198 - MAX_SHOWN + 1}" in text
        assert f"Note version {198 - MAX_SHOWN}" not in text
        assert "Question version 198?" in text and "Question version 100?" not in text
        assert text.count("(H shows every version)") == 2  # under the note and under the question
        assert "… and 189 older" in text and "… and 190 older" in text  # 199 before the note; 200 + the lens's
        assert len(text.splitlines()) < 150  # not endless: was 50 of each, two lines apiece
        assert took < 2.0, took
        started = time.perf_counter()
        await press(pilot, "H")
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        shown = str(screen.query_one("#versions", Static).render())
        took_all = time.perf_counter() - started
        for n in (0, 1, 99, 198):
            assert f"Note version {n}\n" in shown and f"Question version {n}?" in shown, n
        assert "Note version 199" not in shown  # the current note is the detail's, not an earlier one
        assert "older" not in shown
        assert took_all < 3.0, took_all
        await press(pilot, "j", "j", "escape")
        assert app.screen is app.main


async def test_a_flags_settings_show_who_and_when_newest_first(three_periods_db: Path, open_app: OpenApp) -> None:
    db = rewritten(three_periods_db, times=1)
    async with open_app(db, (160, 48), at=CODE) as (app, _pilot):
        lines = whole_detail(app).splitlines()
        start = lines.index("Flag")
        settings = [line.strip() for line in lines[start + 1 : start + 5]]
        assert settings[0].startswith("⚑ RAISE") and settings[0].endswith("by dan (now)")
        assert settings[1].startswith("cleared") and settings[1].endswith("by carol")
        assert settings[2].startswith("⚐ watch") and settings[2].endswith("by bob")
        assert settings[3].startswith("⚑ RAISE") and settings[3].endswith("by alice")


async def test_a_flag_set_once_has_no_history_and_an_author_with_markup_is_data(
    three_periods_db: Path, open_app: OpenApp
) -> None:
    with Store(three_periods_db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, CODE, Flag.WATCH, author="[bold red]mallory\x1b[2J")
        store.annotations.set_flag(info, "LCT PM03", Flag.RAISE, author="alice")
    async with open_app(three_periods_db, (160, 48), at="LCT PM03") as (app, pilot):
        assert "Earlier versions" not in whole_detail(app)  # set once: nothing earlier
        await select(pilot, CODE)
        await press(pilot, "H")
        shown = str(app.screen.query_one("#versions", Static).render())
        assert "No note, question or flag on this measure was changed." in shown
        await press(pilot, "escape")
    with Store(three_periods_db) as store:
        store.annotations.set_flag(store.latest_report(), CODE, Flag.RAISE, author="alice")
    async with open_app(three_periods_db, (160, 48), at=CODE) as (app, _pilot):
        text = whole_detail(app)
        assert "[bold red]mallory" in text and "\x1b" not in text


async def test_a_flag_set_120_times_shows_its_last_ten_counts_the_rest_and_h_shows_all(
    three_periods_db: Path, open_app: OpenApp
) -> None:
    with Store(three_periods_db) as store:
        info = store.latest_report()
        cycle = (Flag.WATCH, Flag.RAISE, Flag.NONE)
        with store.writing():
            for n in range(120):
                store.annotations.set_flag(info, CODE, cycle[n % 3], author=f"officer{n}")
    async with open_app(three_periods_db, (160, 48), at=CODE) as (app, pilot):
        text = whole_detail(app)
        assert "Earlier versions (119)" in text
        assert "by officer119 (now)" in text and "by officer109\n" in text and "by officer108\n" not in text
        assert "… and 109 older (H shows every version)" in text
        await press(pilot, "H")
        shown = str(app.screen.query_one("#versions", Static).render())
        assert all(f"by officer{n}\n" in shown for n in range(1, 119)) and shown.endswith("by officer0")
        assert "older" not in shown


async def test_h_on_an_empty_database_or_full_screen_detail_does_no_harm(
    empty_db: Path, three_periods_db: Path, open_app: OpenApp
) -> None:
    async with open_app(empty_db, (80, 24)) as (app, pilot):
        await press(pilot, "H")
        assert app.screen is app.main  # no measure: nothing to show, no error
    db = rewritten(three_periods_db, times=3)
    async with open_app(db, (80, 24), at=CODE) as (app, pilot):
        await press(pilot, "enter")  # the full-screen detail on a small terminal: H works there too
        await press(pilot, "H")
        assert isinstance(app.screen, VersionsScreen)
        shown = str(app.screen.query_one("#versions", Static).render())
        assert "Note version 1" in shown and "Question version 1?" in shown and "by dan (now)" in shown
