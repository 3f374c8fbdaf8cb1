"""Flags (m, F), notes (n) and the briefing (x), as an officer preparing a meeting uses them."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pilot_helpers import by_code, detail_text, notices, press, screen_text, select, settle, status
from textual.widgets import TextArea

from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.model import Flag
from scorecard_tui.outputs.briefing_files import briefing_file_name as briefing_name
from scorecard_tui.outputs.briefing_files import save_briefing
from scorecard_tui.store import Store
from scorecard_tui.store.annotations import current_user

WIDE = (160, 48)


async def test_m_cycles_the_flag(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await select(pilot, "SS PM07")
        await press(pilot, "m")
        assert by_code(app, "Flag")["SS PM07"] == "⚐ watch"
        assert "Flag       ⚐ watch for the meeting" in detail_text(app)
        assert "SS PM07: flag watch" in notices(app)
        await press(pilot, "m")
        assert by_code(app, "Flag")["SS PM07"] == "⚑ RAISE"
        assert "Flag       ⚑ RAISE for the meeting" in detail_text(app)
        await press(pilot, "m")
        assert set(by_code(app, "Flag").values()) == {""}
        assert "Flag       " not in detail_text(app)
        assert "SS PM07: flag cleared" in notices(app)
        await press(pilot, "m", "m")
    with Store(two_periods_db) as store:
        q2 = store.latest_report()
        assert store.annotations.flags(q2) == {"SS PM07": Flag.RAISE}
        versions = store.annotations.annotation_history(q2, "SS PM07", "flag")
        assert [v.value for v in versions] == ["watch", "raise", "none", "watch", "raise"]
        assert {v.author for v in versions} == {current_user()}


async def test_F_shows_flagged_measures_and_flags_follow_the_period(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "m", "j", "j", "m", "m")
        await press(pilot, "F")
        assert status(app) == "2 of 20 measures: flagged"
        assert by_code(app, "Flag") == {"LCT PM03": "⚐ watch", "Regen PM21": "⚑ RAISE"}
        await press(pilot, "m")  # Regen PM21 back to none: it leaves the flagged view
        assert status(app) == "1 of 20 measures: flagged"
        await press(pilot, "left_square_bracket")
        assert status(app) == "0 of 20 measures: flagged"  # no flags in Q1
        await press(pilot, "F")
        assert set(by_code(app, "Flag").values()) == {""}
        await press(pilot, "right_square_bracket")
        assert by_code(app, "Flag")["LCT PM03"] == "⚐ watch"


async def test_n_writes_a_note_and_an_edit_adds_a_version(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await select(pilot, "SS PM07")
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        assert "Note on SS PM07, 2018/19 Q2:" in screen_text(app)
        await press(pilot, *"Ask [b]UASC[/]", "ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        text = detail_text(app)
        assert f"Note  by {current_user()}\n" in text
        assert "Ask [b]UASC[/]" in text
        assert "earlier version" not in text
        await press(pilot, "n")
        assert app.screen.query_one(TextArea).text == "Ask [b]UASC[/]"
        await press(pilot, *" in December")
        await pilot.click("#note-save")
        await settle(pilot)
        text = detail_text(app)
        assert "Ask [b]UASC[/] in December" in text
        assert " · 1 earlier version" in text
        await press(pilot, "n", "x", "escape", "d")  # asked, and discarded: nothing saved
        assert not isinstance(app.screen, NoteEditor)
        await press(pilot, "n", "ctrl+s")
        assert "Note unchanged." in notices(app)
        await press(pilot, "n")
        await pilot.click("#note-cancel")  # nothing changed: closes without asking
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
    with Store(two_periods_db) as store:
        q2 = store.latest_report()
        assert store.annotations.notes(q2)["SS PM07"].value == "Ask [b]UASC[/] in December"
        assert len(store.annotations.annotation_history(q2, "SS PM07", "note")) == 2
        assert store.annotations.notes(store.find_report("2018/19 Q1")) == {}


async def test_x_writes_the_briefing_for_the_view(two_periods_db: Path, open_app, tmp_path: Path, monkeypatch) -> None:
    """Issue 11 changed this deliberately: x asks (whole report or the view), the view's briefing
    says its filter, and a flagged measure is in it even when the filter hides it."""
    work = tmp_path / "meeting"
    work.mkdir()
    monkeypatch.chdir(work)
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "m", "r")  # flag LCT PM03 (Green), then Red only
        await press(pilot, "x")
        assert "The 12 in view (filter: Red (quarterly))" in screen_text(app)
        await press(pilot, "j", "enter", "enter", "enter")  # the 12 in view, as Markdown
        await settle(pilot)
        path = work / "scorecard-briefing-2018-19-Q2.md"
        assert f"13 measures: wrote {path}" in notices(app)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Briefing: Improvement Report - Council Scorecard, 2018/19 Q2\n")
    assert "13 of 20 measures." in text
    assert "Filter: Red (quarterly); flagged measures always included." in text
    assert "Reviews as of 23 November 2018." in text
    assert "Worse since 2018/19 Q1" in text
    assert "**WATCH** LCT PM03" in text  # flagged: always in
    assert "### SS PM07: " in text


def test_briefing_name_and_fallback_folder(tmp_path: Path, monkeypatch) -> None:
    assert briefing_name("2018/19 Q2") == "scorecard-briefing-2018-19-Q2.md"
    assert briefing_name("../../etc/passwd") == "scorecard-briefing--..-etc-passwd.md"  # no folders
    data = tmp_path / "data"
    monkeypatch.setattr(platformdirs, "user_data_path", lambda *a, **k: data)
    path = save_briefing("# hi\n", "2018/19 Q2", folder=tmp_path / "not-there")
    assert path == data / "scorecard-briefing-2018-19-Q2.md"
    assert path.read_text() == "# hi\n"
    assert save_briefing("# here\n", "2018/19 Q2", folder=tmp_path) == tmp_path.resolve() / path.name


async def test_flag_and_note_from_the_full_screen_detail(two_periods_db: Path, make_app) -> None:
    app = make_app(two_periods_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "m")
        assert "Flag       ⚐ watch for the meeting" in screen_text(app)
        await press(pilot, "n", *"Seen", "ctrl+s")
        text = screen_text(app)
        assert "Flag       ⚐ watch for the meeting" in text and f"Note  by {current_user()}" in text
        assert "Seen" in text


async def test_new_keys_on_an_empty_database_do_nothing(empty_db: Path, make_app) -> None:
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "left_square_bracket", "right_square_bracket", "c", "w", "F", "v", "m", "n", "x")
        assert app.is_running and app.screen is app.screen_stack[0]
        assert "No scorecard imported yet" in screen_text(app)


async def test_palette_offers_the_new_actions(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "ctrl+p")
        await pilot.press(*"only flagged")
        await pilot.pause(0.3)
        assert "Show only flagged measures" in screen_text(app)
        await press(pilot, "enter")
        await pilot.pause(0.1)
        await settle(pilot)
        assert status(app) == "0 of 20 measures: flagged"
