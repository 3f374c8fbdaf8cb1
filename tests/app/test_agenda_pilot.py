"""The review agenda (v), its as-of date (a, --as-of), and the "review due within" filter (w)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pilot_helpers import by_code, header, notices, opened, press, screen_text, status
from textual.widgets import OptionList

from scorecard_tui.app.screens.agenda import AgendaScreen, AsOfScreen, parse_as_of
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Report
from scorecard_tui.triage.reviews import review_due_within

WIDE = (160, 48)


def agenda_lines(app) -> list[str]:
    """The agenda's review lines, spaces squeezed (the chase list below them left out)."""
    options = app.screen.query_one(OptionList)
    lines = [" ".join(str(getattr(o.prompt, "plain", o.prompt)).split()) for o in options.options]
    chase = next((n for n, line in enumerate(lines) if line.startswith("── To chase")), len(lines))
    return lines[:chase]


async def test_the_chase_list_carries_a_promise_across_quarters(two_periods_db: Path, open_app) -> None:
    """Q1's "rolled out to managers during the summer" (CP 08f): Red still in Q2, so chased in Q2."""
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "v")
        await app.workers.wait_for_complete()
        await press(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        overdue = [(c.code, c.due, c.made) for c in screen.chase if c.overdue and c.kind == "promise"]
        assert ("CP 08f", "2018-08", "2018/19 Q1") in overdue


async def test_v_lists_reviews_by_month_and_body(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await opened(pilot, AgendaScreen, "v")
        text = screen_text(app)
        assert "2018/19 Q2  Review agenda  as of 23 Nov 2018  23 coming, 16 past" in text
        lines = agenda_lines(app)
        assert lines[:7] == [
            "Nov 2018 (coming)",
            "Executive Scrutiny",
            "▶ ✖ R AHH 02B % of older people who were still at home 91 days after discharge from hospital into "
            "reablement/rehabilitation services",
            "▶ ✖ R AHH Local 2A (i) Adults aged 18 to 64 whose long term care needs are met through residential or "
            "nursing care per 100,000 population",
            "▶ ✖ R SS PM07 Children in Care per 10,000 population aged under 18",
            "▶ ✖ R SS PM23b Percentage of children placed with independent fostering agencies",
            "Dec 2018 (coming)",
        ]
        assert lines.index("CLT") < lines.index("Corporate Parenting") < lines.index("body not stated")
        past = lines.index("── Past reviews ──")
        assert lines[past + 1] == "Oct 2018 (past)"
        assert all(line.startswith("◀") for line in lines[past:] if "PM" in line or "AHH" in line)
        assert (
            lines[-2:]
            == [
                "Children and Young People's Overview and Scrutiny Board",
                lines[-1],
            ]
            and "C PM02a" in lines[-1]
        )
        await press(pilot, "down", "enter")  # the second review: AHH Local 2A (i)
        assert not isinstance(app.screen, AgendaScreen)
        assert app.main.current_measure.code == "AHH Local 2A (i)"
        assert app.query_one(RagTable).has_focus


async def test_choosing_a_hidden_measure_clears_the_filters(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "g")  # Green only: AHH 02B (Red) is hidden
        await press(pilot, "v", "r")  # r in the agenda does not reach the table
        assert status(app) == "3 of 20 measures: Green (quarterly)"
        await press(pilot, "enter")
        assert app.main.current_measure.code == "AHH 02B"
        assert status(app) == "20 of 20 measures: all"
        assert "Filters cleared to show that measure." in notices(app)


async def test_a_changes_the_as_of_date(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        assert by_code(app, "Review")["YA&H PM08"] == "Dec 2018"
        await opened(pilot, AsOfScreen, "v", "a")
        await press(pilot, *["backspace"] * 10, *"2019-13-01", "enter")
        assert isinstance(app.screen, AsOfScreen)  # still asking
        assert "'2019-13-01' is not a date in the calendar" in notices(app)
        await press(pilot, *["backspace"] * 10, *"soon", "enter")
        assert "'soon' is not a date: type it as YYYY-MM-DD, e.g. 2018-11-30" in notices(app)
        await opened(pilot, AgendaScreen, *["backspace"] * 4, *"2019-01-15", "enter")
        text = screen_text(app)
        assert "as of 15 Jan 2019  13 coming, 26 past" in text
        lines = agenda_lines(app)
        assert lines[0] == "Jan 2019 (coming)"
        assert "Nov 2018 (past)" in lines
        await press(pilot, "escape")
        assert "reviews as of 15 Jan 2019" in header(app)
        reviews = by_code(app, "Review")
        assert reviews["YA&H PM08"] == "Dec 2018 !" and reviews["CP 08f"] == "Feb 2019"  # past, none after: overdue
        assert "Reviews now counted as of 15 Jan 2019." in notices(app)


async def test_as_of_from_the_command_line(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE, as_of=date(2019, 1, 15)) as (app, pilot):
        assert "reviews as of 15 Jan 2019" in header(app)
        assert by_code(app, "Review")["YA&H PM08"] == "Dec 2018 !"
        await press(pilot, "v")
        assert "as of 15 Jan 2019" in screen_text(app)
        await press(pilot, "left_square_bracket", "escape", "left_square_bracket")
        assert "2018/19 Q1" in header(app) and "reviews as of 15 Jan 2019" in header(app)


async def test_w_cycles_review_due_within(two_periods_db: Path, open_app, q2_report: Report) -> None:
    as_of = date(2018, 11, 23)
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        for weeks in (2, 4, 8, 13):
            await press(pilot, "w")
            expected = [m.code for m in q2_report.measures if review_due_within(m, as_of, weeks)]
            assert [app.main.measures[i].code for i in app.main.rows] == expected
            assert status(app) == f"{len(expected)} of 20 measures: review due within {weeks} weeks of 23 Nov 2018"
        assert len(app.main.rows) == 15
        await press(pilot, "w")
        assert status(app) == "20 of 20 measures: all"


def test_parse_as_of() -> None:
    assert parse_as_of(" 2019-01-15 ") == date(2019, 1, 15)
    for bad in ("15/01/2019", "2019-1-5", "", "2019-02-30"):
        try:
            parse_as_of(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
