"""The scrutiny lens in the app: the lens view (l), enter to jump, signals in the detail, editing questions (e)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import SAMPLE, SAMPLE_Q2, SMALL, WIDE, OpenApp, build_db
from pilot_helpers import detail_text, load_whole, notices, opened, press, screen_text, select, settle
from textual.widgets import Checkbox, TextArea

from scorecard_tui.app.data import QuestionChange, save_questions
from scorecard_tui.app.lens_render import added_style, removed_style, word_diff_text
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.lens import LensScreen
from scorecard_tui.app.screens.main import MainScreen
from scorecard_tui.app.screens.question_editor import QuestionEditor
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store


def lens_codes(screen: LensScreen) -> list[str]:
    return [row.code for row in screen.rows]


async def test_l_opens_the_lens_most_and_worst_signals_first(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE) as (app, pilot):
        screen = await opened(pilot, LensScreen, "l")
        with Store(three_periods_db) as store:
            expected = [row.code for row in store.lens.lens_rows(store.latest_report())]
        assert lens_codes(screen) == expected
        assert lens_codes(screen)[0] == "CP 08f"  # five signals (two of them promises not kept)
        counts = [len(row.badges) for row in screen.rows]
        assert counts == sorted(counts, reverse=True)
        text = screen_text(app)
        assert "2018/19 Q3  Scrutiny lens" in text
        assert "14 measures with signals" in text
        # each badge is a symbol and words: it reads with no colour at all
        for badge in (
            "✖ Red for 3 quarters",
            "◷ review due Oct 2018, no update",
            "◎ off target by 28% (#1)",
            "≡ commentary nearly unchanged since 2018/19 Q2",
            "⇅ year-end target lowered from 75% to 65%",
            "↗ recovery forecast",
            "↘ forecast to slip",
        ):
            assert badge in text
        await opened(pilot, MainScreen, "escape")


async def test_enter_in_the_lens_jumps_to_the_measure_clearing_filters_that_hide_it(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE) as (app, pilot):
        await press(pilot, "g")  # Green only: SS PM28 (Red) is out of view
        assert "SS PM28" not in [app.main.measures[i].code for i in app.main.rows]
        await press(pilot, "l", "j", "j")
        assert app.screen.highlighted.code == "SS PM28"
        await opened(pilot, MainScreen, "enter")
        assert app.main.current_measure.code == "SS PM28"
        assert "Filters cleared to show that measure." in notices(app)
        assert "Signals (3)" in detail_text(app)


async def test_the_palette_opens_the_lens(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE) as (_app, pilot):
        await press(pilot, "ctrl+p")
        await pilot.press(*"Scrutiny lens")
        await settle(pilot)
        await opened(pilot, LensScreen, "enter")


async def test_the_lens_on_a_single_period_says_there_are_no_signals(open_app: OpenApp, sample_db: Path) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await opened(pilot, LensScreen, "l")
        text = screen_text(app)
        # Q1 alone: only the shortfalls against target can show, and nothing compares with a period before
        assert "unchanged since" not in text and "quarters" not in text


async def test_the_detail_lists_signals_first_with_a_word_diff_and_the_run_of_ratings(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, at="SS PM23b") as (app, pilot):
        text = detail_text(app)
        assert "Signals (2)" in text
        assert text.index("Signals (2)") < text.index("Direction  ")  # at the top, before the figures
        flat = " ".join(text.split())  # the pane wraps
        assert "≡ commentary nearly unchanged since 2018/19 Q2" in flat
        assert "{+66.8% from+} 67.2% [-from 69.5%-] in quarter [-1,-] {+2,+}" in flat
        assert "2018/19 Q1 ✖ R, then 2018/19 Q2 ✖ R, then 2018/19 Q3 ✖ R" in flat
        assert "Q: The commentary is the same as in Q2: what has happened since then?" in flat
        await select(pilot, "LCT PM03")  # Green, no signals: no section
        assert "Signals" not in detail_text(app)


async def test_the_detail_drops_a_missed_review_not_yet_due_as_of_the_date(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, as_of=date(2018, 9, 1), at="L&I PM23e") as (app, _):
        text = " ".join(detail_text(app).split())
        assert "Signals (2)" in text and "review due" not in text
    async with open_app(three_periods_db, WIDE, at="L&I PM23e") as (app, _):
        text = " ".join(detail_text(app).split())
        assert "Signals (3)" in text and "◷ review due Oct 2018, no update" in text


def test_a_word_diff_marks_removed_and_added_words_in_text_and_style() -> None:
    diff = word_diff_text("up to 67% in quarter 1", "up to 70% in quarter 2 [bold]x[/]")
    assert diff.plain == "up to [-67%-] {+70%+} in quarter [-1-] {+2 [bold]x[/]+}"  # markup stays text
    styles = {diff.plain[s.start : s.end]: str(s.style) for s in diff.spans}
    assert styles["[-67%-]"] == removed_style() and styles["{+70%+}"] == added_style()


async def test_e_edits_a_question_kept_with_its_author_and_shown_in_the_detail(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="CP 08f") as (app, pilot):
        editor = await opened(pilot, QuestionEditor, "e")
        area = editor.query_one("#question-0", TextArea)
        assert area.text.startswith("Red for 3 quarters and the actions are unchanged since Q2")
        area.text = "Why is sickness absence [bold]still[/] rising?"
        await opened(pilot, MainScreen, "ctrl+s")
        assert "CP 08f: 1 question saved" in notices(app)
        flat = " ".join(detail_text(app).split())
        assert "Q: Why is sickness absence [bold]still[/] rising? (edited by officer)" in flat
    with Store(three_periods_db) as store:
        [version] = store.lens.question_history(store.latest_report(), "CP 08f", "persistent:Red")
        assert (version.text, version.author, version.dropped) == (
            "Why is sickness absence [bold]still[/] rising?",
            "officer",
            False,
        )


async def test_e_in_the_lens_drops_a_question_from_the_briefing(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE, author="officer") as (app, pilot):
        await press(pilot, "l")  # the first measure: CP 08f (two questions: the plan, the gap)
        editor = await opened(pilot, QuestionEditor, "e")
        box = editor.query_one("#drop-1", Checkbox)
        assert str(box.label) == "In the briefing (space to drop it)"
        box.focus()
        await press(pilot, "space")
        assert str(box.label) == "Dropped from the briefing (space to keep it)"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, LensScreen)  # back in the lens, where e was pressed
        assert "CP 08f: 1 question saved (1 dropped)" in notices(app)
        await press(pilot, "enter")
        flat = " ".join(detail_text(app).split())
        assert "(dropped from the briefing by officer)" in flat
    with Store(three_periods_db) as store:
        [entry] = [e for e in store.lens.entries(store.latest_report()) if e.code == "CP 08f"]
        assert [q.dropped for q in entry.questions] == [False, True]


async def test_e_cancelled_or_unchanged_writes_nothing(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        await press(pilot, "e", "escape")
        await press(pilot, "e", "ctrl+s")
        assert "Questions unchanged." in notices(app)
    with Store(three_periods_db) as store:
        assert store.lens.question_edits(store.latest_report()) == {}


async def test_e_on_a_measure_with_no_signals_opens_on_a_question_of_ones_own(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    """Issue 22 changed this deliberately: an officer can ask their own question on any measure."""
    async with open_app(three_periods_db, WIDE, at="LCT PM03") as (app, pilot):
        await opened(pilot, QuestionEditor, "e")
        await press(pilot, "escape")  # nothing typed: closes without asking
        assert isinstance(app.screen, MainScreen)


async def test_e_in_a_read_only_session_says_why(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE, read_only=True, at="CP 08f") as (app, pilot):
        await opened(pilot, MainScreen, "e")
        assert any(n.startswith("Editing questions is off") for n in notices(app))


def test_save_questions_keeps_versions_and_reads_the_lens_back(three_periods_db: Path) -> None:
    with Store(three_periods_db) as store:
        loaded = load_whole(store)
        assert loaded is not None
        info = loaded.info
        assert [q.signal.slug for q in loaded.lens["SS PM07"]] == ["persistent:Red", "goalposts:year-end target"]
        lens = save_questions(store, info, "SS PM07", [QuestionChange("persistent:Red", "Reworded?", False)], "a")
        lens = save_questions(
            store, info, "SS PM07", [QuestionChange("persistent:Red", "Again?", True, reworded=True)], "b"
        )
        [first, _] = lens["SS PM07"]
        assert (first.text, first.dropped, first.edit and first.edit.author) == ("Again?", True, "b")
        history = store.lens.question_history(info, "SS PM07", "persistent:Red")
        assert [(v.text, v.dropped, v.author) for v in history] == [
            ("Reworded?", False, "a"),
            ("Again?", False, "b"),
            ("Again?", True, "b"),
        ]


async def test_e_works_from_the_full_screen_detail_and_refreshes_it(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, SMALL, author="officer", at="SS PM07") as (app, pilot):
        await opened(pilot, DetailScreen, "enter")
        editor = await opened(pilot, QuestionEditor, "e")
        editor.query_one("#question-0", TextArea).text = "Who is on it?"
        await opened(pilot, DetailScreen, "ctrl+s")
        assert "Q: Who is on it? (edited by officer)" in " ".join(screen_text(app).split())


async def test_report_text_in_the_lens_is_shown_as_text_never_markup(open_app: OpenApp, tmp_path: Path) -> None:
    q1, q2 = (report_from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in (SAMPLE, SAMPLE_Q2))
    hostile = "Children [bold red]in[/] care \x1b[31mred\x1b[0m"
    q2 = replace(q2, measures=tuple(replace(m, title=hostile) if m.code == "SS PM07" else m for m in q2.measures))
    db = build_db(tmp_path / "hostile.db", q1, q2)
    async with open_app(db, WIDE) as (app, pilot):
        await press(pilot, "l")
        text = screen_text(app)
        assert "Children [bold red]in[/] care red" in text
        assert "\x1b" not in text
