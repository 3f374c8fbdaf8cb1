"""The in-app import asks what a council's own rating words mean ('lg', 'la', ...), as ``--rating`` would be
told, remembers the answers for the series, and writes nothing when the officer cancels."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL, OpenApp
from pilot_helpers import press, screen_text, settle, status
from textual.pilot import Pilot
from textual.widgets import Input, Static

from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.widgets.rating_question import RatingChoice
from scorecard_tui.model import Rag
from scorecard_tui.store import Store

TITLE = "Borough Council Key Performance Indicators"
ROWS = "\r\n".join(
    [
        "Ref,Indicator,Target,Actual,Status",
        "K1,Missed bins,80,72,lg",
        "K2,Potholes repaired,90,95,la",
        "K3,Calls answered,85,60,lr",
        "K4,Planning on time,70,71,lg",
        "K5,Housing benefit days,20,19,ld",
    ]
)


def council_csv(folder: Path, quarter: str, *, dated: bool = True) -> Path:
    """A council's KPI table in its own status codes, one quarter."""
    path = folder / f"kpis-{quarter.replace('/', '-').replace(' ', '-')}.csv"
    title = f"{TITLE} {quarter}\r\n" if dated else ""
    path.write_text(title + ROWS + "\r\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test in its tmp_path, so the path is typed short and relative (each key costs a pause)."""
    monkeypatch.chdir(tmp_path)


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#import-message", Static).content)


async def words_asked_after_the_period(pilot: Pilot[None], path: Path, period: str) -> None:
    """Import the undated ``path`` (typed by its name), give ``period`` when asked, and wait for the
    rating words' question."""
    await press(pilot, "i", *path.name, "enter")
    await wait_asked(pilot, "#import-period")
    await press(pilot, *period, "enter")
    await wait_asked(pilot)


async def wait_asked(pilot: Pilot[None], selector: str = "#import-ratings") -> None:
    """Pause until the import box asks its question (the period's field, or the ratings)."""
    for _ in range(600):
        screen = pilot.app.screen
        asked = isinstance(screen, ImportScreen) and screen.query_one(selector).display
        if asked and (selector != "#import-ratings" or screen.query(RatingChoice)):
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def wait_closed(pilot: Pilot[None]) -> None:
    for _ in range(600):
        if not isinstance(pilot.app.screen, ImportScreen):
            break
        await pilot.pause(0.05)
    await settle(pilot)


def asked_words(pilot: Pilot[None]) -> list[str]:
    return [c.word.word for c in pilot.app.screen.query(RatingChoice)]


async def test_the_dialog_asks_what_each_unknown_word_means_and_imports_with_them(
    empty_db: Path, tmp_path: Path, open_app: OpenApp
) -> None:
    q1 = council_csv(tmp_path, "2024/25 Q1")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *q1.name, "enter")
        await wait_asked(pilot)
        assert asked_words(pilot) == ["lg", "la", "lr", "ld"]
        shown = screen_text(app)
        assert "4 rating words the import does not know" in shown
        assert "'lg'  2 rows: row 3, row 6" in shown  # the word, its rows, the first of them
        assert "--rating" not in shown  # no command-line option told to an officer in the app
        assert app.screen.focused is app.screen.query(RatingChoice).first()
        await press(pilot, "enter")  # not all chosen: the box says so and waits
        assert "4 words without a meaning" in message(pilot)
        assert isinstance(app.screen, ImportScreen)
        await press(pilot, "g", "down", "a", "down", "r", "down", "right", "right", "left")  # ld: Red, Amber... Red
        assert [c.meaning for c in app.screen.query(RatingChoice)] == ["Green", "Amber", "Red", "Red"]
        await press(pilot, "b")  # a letter changes the choice: ld means Blue
        await press(pilot, "enter")
        await wait_closed(pilot)
        assert any("imported 5 measures" in str(n.message) for n in app._notifications)
        assert status(app) == "5 of 5 measures: all"
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and info.period == "2024/25 Q1"
        assert list(store.ratings(info.id).values()) == [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN, Rag.BLUE]
        remembered = store.rating_words(info.name, info.source)
    assert remembered == {"lg": "Green", "la": "Amber", "lr": "Red", "ld": "Blue"}

    q2 = council_csv(tmp_path, "2024/25 Q2")  # the next quarter of the series: imports without asking
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *q2.name, "enter")
        await wait_closed(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("imported 5 measures" in line and "2024/25 Q2" in line for line in said)
    with Store(empty_db) as store:
        assert sorted(r.period for r in store.reports()) == ["2024/25 Q1", "2024/25 Q2"]


async def test_the_period_typed_is_carried_and_none_is_a_meaning(
    empty_db: Path, tmp_path: Path, open_app: OpenApp
) -> None:
    undated = council_csv(tmp_path, "undated", dated=False)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await words_asked_after_the_period(pilot, undated, "2023/24 Q4")
        assert not app.screen.query_one("#import-period").display  # its period is kept, not asked again
        assert "enter imports for 2023/24 Q4" in message(pilot)
        await press(pilot, "n", "tab", "n", "tab", "n", "tab", "n", "enter")  # tab moves on, as down does
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None and info.period == "2023/24 Q4"
        assert set(store.ratings(info.id).values()) == {None}


async def test_escape_at_the_question_writes_nothing(empty_db: Path, tmp_path: Path, open_app: OpenApp) -> None:
    q1 = council_csv(tmp_path, "2024/25 Q1")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *q1.name, "enter")
        await wait_asked(pilot)
        await press(pilot, "g", "down", "a", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert not app._notifications  # no toast: nothing happened
        assert "No scorecard imported yet" in screen_text(app)
    with Store(empty_db) as store:
        assert store.reports() == []
        assert store.rating_words(TITLE, "") == {}


async def test_a_hostile_word_shows_literally(empty_db: Path, tmp_path: Path, open_app: OpenApp) -> None:
    """A word from the file is data: Rich markup and escape sequences show as written, never obeyed."""
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        f"{TITLE} 2024/25 Q1\r\nRef,Indicator,Target,Actual,Status\r\n"
        "K1,Missed bins,80,72,[red]x[/]\r\nK2,Potholes,90,95,\x1b[31mzz\x07\x1b[0m\r\nK3,Calls,1,2,[bold]\r\n",
        encoding="utf-8",
    )
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *hostile.name, "enter")
        await wait_asked(pilot)
        shown = screen_text(app)
        assert asked_words(pilot) == ["[red]x[/]", "zz", "[bold]"]  # the escapes and the bell cleaned away
        assert "'[red]x[/]'" in shown and "'zz'" in shown and "'[bold]'" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await press(pilot, "r", "down", "g", "down", "a", "enter")
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None
        assert list(store.ratings(info.id).values()) == [Rag.RED, Rag.GREEN, Rag.AMBER]


async def test_a_failure_is_said_once_in_the_box(empty_db: Path, tmp_path: Path, open_app: OpenApp) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("just,a,line\r\n", encoding="utf-8")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *broken.name, "enter")
        for _ in range(200):
            if "broken.csv:" in message(pilot):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert "broken.csv:" in message(pilot)
        assert not app._notifications  # not a second time as a toast


async def test_many_words_scroll_and_up_and_down_stay_among_them(
    empty_db: Path, tmp_path: Path, open_app: OpenApp
) -> None:
    """Thirteen words (one of 90 characters): four in view at 80x24, each saying which of how many."""
    long_word = "watched " * 11 + "closely"
    rows = [f"K{i},Measure {i},1,2,{f'code{i}' if i < 12 else long_word}" for i in range(13)]
    many = tmp_path / "many.csv"
    many.write_text(f"{TITLE} 2024/25 Q1\r\nRef,Indicator,Target,Actual,Status\r\n" + "\r\n".join(rows) + "\r\n")
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *many.name, "enter")
        await wait_asked(pilot)
        assert "13 rating words the import does not know" in screen_text(app)
        await press(pilot, "up")  # not past the first word
        assert app.screen.focused is app.screen.query(RatingChoice).first()
        for _ in range(13):
            await press(pilot, "g", "down")  # down from the last word stays there: not on Cancel
        assert app.screen.focused is app.screen.query(RatingChoice).last()
        assert "(13 of 13)" in screen_text(app) and "(1 of 13)" not in screen_text(app)
        await press(pilot, "enter")
        await wait_closed(pilot)
    with Store(empty_db) as store:
        info = store.latest_report()
        assert info is not None
        assert set(store.ratings(info.id).values()) == {Rag.GREEN}
        assert store.rating_words(info.name, info.source)[long_word] == "Green"


async def test_a_click_chooses_too_and_another_path_asks_afresh(
    empty_db: Path, tmp_path: Path, open_app: OpenApp
) -> None:
    undated = council_csv(tmp_path, "undated", dated=False)
    async with open_app(empty_db, SMALL) as (app, pilot):
        await words_asked_after_the_period(pilot, undated, "2023/24 Q4")
        first = app.screen.query(RatingChoice).first()
        await pilot.click(first, offset=(12, 1))  # on "Amber"
        assert first.meaning == "Amber"
        await pilot.click("#import-path")
        await press(pilot, "end", "backspace")  # another file: the question goes, the period typed shows again
        assert not app.screen.query_one("#import-ratings").display
        period = app.screen.query_one("#import-period", Input)
        assert period.display and period.value == "2023/24 Q4"
        await press(pilot, "escape")
    with Store(empty_db) as store:
        assert store.reports() == []
