"""Two periods: the latest opens, p / [ / ] change period, the change column and c, history in the detail."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import (
    by_code,
    codes,
    column,
    detail_text,
    header,
    notices,
    opened,
    press,
    resize,
    screen_text,
    select,
    status,
)

from scorecard_tui.app.screens.periods import PeriodScreen
from scorecard_tui.app.widgets.detail_pane import DetailPane
from tests.helpers import filled

WIDE = (160, 48)

CHANGE_COLUMN = {
    "LCT PM03": "⇧ better",
    "YA&H PM08": "⇧ better",
    "Regen PM21": "⇩ worse",
    "CM PM24": "⇧ better",
    "CP 08f": "",
    "EARS PM53": "",
    "L&D PM07b": "⇧ better",
    "AHH 02D": "⇧ better",
    "AHH Local 2A (i)": "",
    "C PM02a": "⇩ worse",
    "EIISS PM16a": "",
    "L&I PM23c": "⇩ worse",
    "L&I PM23e": "",
    "SEND 6": "",
    "AHH 02B": "⇩ worse",
    "SS PM07": "",
    "SS PM23b": "",
    "SS PM25": "⇧ better",
    "SS PM28": "",
    "SS PM30": "✚ new",
}


async def test_opens_on_the_latest_period_and_marks_changes(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, _pilot):
        assert "2018/19 Q2" in header(app) and "fetched 23 Nov 2018" in header(app)
        assert "since 2018/19 Q1: 4 worse, 6 better, 1 new, 1 dropped" in header(app)
        assert by_code(app, "Change") == CHANGE_COLUMN
        assert "FPA PM22b" not in codes(app)
        screen = screen_text(app)
        assert "⇩ worse" in screen and "✚ new" in screen


async def test_c_shows_changed_measures_only(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "c")
        assert status(app) == "11 of 20 measures: changed since 2018/19 Q1"
        assert codes(app) == [code for code, mark in CHANGE_COLUMN.items() if mark]
        assert "11 in view" in header(app)
        await press(pilot, "r")
        assert status(app) == "3 of 20 measures: Red (quarterly) - changed since 2018/19 Q1"
        await press(pilot, "c")  # issue 11: c cycles changed, worse only, off
        assert status(app) == "3 of 20 measures: Red (quarterly) - worse since 2018/19 Q1"
        await press(pilot, "c")
        assert status(app) == "12 of 20 measures: Red (quarterly)"
        await press(pilot, "c", "escape")  # escape clears every filter, c among them
        assert status(app) == "20 of 20 measures: all"


async def test_brackets_step_between_periods(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await select(pilot, "SS PM07")
        await press(pilot, "left_square_bracket")
        assert "2018/19 Q1" in header(app) and "fetched 24 Aug 2018" in header(app)
        assert "since" not in header(app)
        assert app.main.current_measure.code == "SS PM07"  # the cursor stays on the measure
        assert "87.3/10k" in detail_text(app)  # Q1's actual
        assert set(column(app, "Change")) == {""}
        assert "FPA PM22b" in codes(app)
        await press(pilot, "left_square_bracket")
        assert "2018/19 Q1 is the earliest period held." in notices(app)
        await press(pilot, "right_square_bracket")
        assert "2018/19 Q2" in header(app)
        assert app.main.current_measure.code == "SS PM07"
        assert "88.9/10k" in detail_text(app)
        await press(pilot, "right_square_bracket")
        assert "2018/19 Q2 is the latest period held." in notices(app)
        await press(pilot, "left_square_bracket", "c")
        assert "No period before 2018/19 Q1 is held: nothing to compare." in notices(app)
        assert status(app) == "0 of 20 measures: changed (no earlier period)"


async def test_p_picks_a_period_from_the_list(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await opened(pilot, PeriodScreen, "p")
        text = screen_text(app)
        assert "Periods (latest first)" in text
        q2, q1 = text.index("2018/19 Q2  "), text.index("2018/19 Q1  ")
        assert q2 < q1
        assert "20 measures  fetched 23 Nov 2018" in text and "(shown)" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, PeriodScreen)
        assert "2018/19 Q2" in header(app)
        await press(pilot, "p", "down", "enter")
        assert not isinstance(app.screen, PeriodScreen)
        assert "2018/19 Q1" in header(app)
        assert status(app) == "20 of 20 measures: all"
        await press(pilot, "r")  # table keys are back with the table
        assert status(app) == "15 of 20 measures: Red (quarterly)"


async def test_filters_and_search_follow_the_period(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "slash", *"care", "enter")
        in_q2 = codes(app)
        assert "SS PM30" in in_q2
        await press(pilot, "left_square_bracket")
        assert "'care'" in status(app)
        assert "SS PM30" not in codes(app) and codes(app)


async def test_detail_shows_the_history_and_sparkline(two_periods_db: Path, open_app) -> None:
    # The detail sits beside the table (its narrow history) from 170 columns; below it, narrower.
    async with open_app(two_periods_db, (200, 50)) as (app, pilot):
        await select(pilot, "SS PM07")
        text = detail_text(app)
        for expected in (
            "Change     RAG unchanged since 2018/19",
            "History (2 periods)",
            " 2018/19 Q1 ✖ R 82.2/10k 87.3/10k ↓",
            "»2018/19 Q2 ✖ R 81.2/10k 88.9/10k ↓",
            "actual ▇█  87.3/10k to 88.9/10k",
            "target ▂▁  82.2/10k to 81.2/10k",
            "lower is better",
        ):
            assert expected in text
        await select(pilot, "Regen PM21")
        assert "Change     ⇩ worse since 2018/19 Q1" in detail_text(app)
        await select(pilot, "SS PM30")
        text = detail_text(app)
        assert "✚ new: not in 2018/19 Q1" in text
        assert "History (1 period)" in text and "Only this period is held so far." in text
        pane = app.query_one(DetailPane)
        assert pane.scroll_y == 0


async def test_the_header_says_illustrative_data_is_illustrative(tmp_path: Path, open_app) -> None:
    """A report's subtitle ("ILLUSTRATIVE DATA - NOT PUBLISHED") comes first after the period, even at 80 columns."""
    path = filled(tmp_path / "demo.db")  # what scorecard demo loads: Q1, and the illustrative Q2 and Q3
    async with open_app(path, (80, 24)) as (app, pilot):
        first_line = header(app).splitlines()[0]
        assert first_line.startswith("2018/19 Q3  ILLUSTRATIVE DATA - NOT PUBLISHED  Council Scorecard")
        await resize(pilot, 200, 50)  # the subtitle names the report: the header says it once
        first_line = header(app).splitlines()[0]
        assert first_line.count("Improvement Report - Council Scorecard") == 1, first_line
        assert "Improvement Report - Council Scorecard  fetched" in first_line
        await resize(pilot, 80, 24)
        await press(pilot, "[", "[")
        assert "2018/19 Q1" in header(app) and "ILLUSTRATIVE" not in header(app)
