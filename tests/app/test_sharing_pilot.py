"""One database, many officers: read-only sessions, and reports imported while the app is open."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pilot_helpers import by_code, codes, header, notices, press, screen_text, select, settle, status

from scorecard_tui.app import create_app
from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.model import Flag, Report
from scorecard_tui.store import Store

WIDE = (160, 48)


async def refuses_writes(pilot, reason: str) -> None:
    """m, n and i do nothing but say why; x still writes its file."""
    app = pilot.app
    await settle(pilot)
    assert header(app).startswith(" READ-ONLY  2018/19 Q2")
    assert reason in notices(app)  # said once, on opening
    await press(pilot, "m")
    assert f"Flagging is off: {reason}." in notices(app)
    assert set(by_code(app, "Flag").values()) == {""}
    await press(pilot, "n")
    assert not isinstance(app.screen, NoteEditor)
    assert f"Writing notes is off: {reason}." in notices(app)
    await press(pilot, "i")
    assert not isinstance(app.screen, ImportScreen)
    assert f"Importing is off: {reason}." in notices(app)
    footer = screen_text(app).splitlines()[-1]
    assert "Flag" not in footer and "Note" not in footer
    await press(pilot, "x", "enter", "enter")
    assert any("wrote" in n and n.endswith("scorecard-briefing-2018-19-Q2.md") for n in notices(app))


async def test_read_only_flag(two_periods_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_app(two_periods_db, read_only=True)
    async with app.run_test(size=WIDE) as pilot:
        await refuses_writes(pilot, "opened read-only (--read-only)")
        await press(pilot, "ctrl+p", *"Flag the selected")
        await pilot.pause(0.3)
        assert "Flag the selected measure" not in screen_text(app)
    with Store(two_periods_db) as store:
        assert store.annotations.flags(store.latest_report()) == {}


async def test_read_only_environment(two_periods_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCORECARD_READ_ONLY", "1")
    app = create_app(two_periods_db)
    async with app.run_test(size=WIDE) as pilot:
        await refuses_writes(pilot, "opened read-only (SCORECARD_READ_ONLY is set)")


async def test_read_only_without_write_permission(two_periods_db: Path, tmp_path: Path, monkeypatch, open_app) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("scorecard_tui.store.checks.can_write", lambda path: False)  # as a viewer without the right
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        reason = app.read_only_reason
        assert reason is not None and reason.startswith("read-only: you (") and "cannot write to" in reason
        await refuses_writes(pilot, reason)


async def test_writable_session_has_no_marker(two_periods_db: Path, open_app) -> None:
    async with open_app(two_periods_db, WIDE) as (app, _pilot):
        assert "READ-ONLY" not in header(app)
        assert "Flag" in screen_text(app).splitlines()[-1]


@pytest.fixture
def q1_db(tmp_path: Path, sample_report: Report) -> Path:
    with Store(tmp_path / "q1.db") as store:
        store.save_report(sample_report)
    return tmp_path / "q1.db"


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def test_a_report_imported_elsewhere_offers_a_reload(q1_db: Path, q2_report: Report, make_app) -> None:
    app = make_app(q1_db)
    app.poll_seconds = 0.1
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await select(pilot, "SS PM07")
        await press(pilot, "r")
        before = (codes(app), status(app), app.main.current_measure)
        with Store(q1_db) as other:  # another officer's session imports Q2
            other.save_report(q2_report)
        await wait_for(pilot, lambda: app.main.pending_reload is not None)
        await settle(pilot)
        assert "New in the database: 2018/19 Q2. Press R to reload." in notices(app)
        assert header(app).startswith(" NEW: R to reload  2018/19 Q1")
        assert (codes(app), status(app), app.main.current_measure) == before  # the view is left alone
        await press(pilot, "R")
        assert header(app).startswith("2018/19 Q2")
        assert app.main.current_measure.code == "SS PM07"
        assert status(app) == "12 of 20 measures: Red (quarterly)"
        assert app.main.pending_reload is None


async def test_others_flags_and_notes_show_without_a_reload(two_periods_db: Path, make_app) -> None:
    app = make_app(two_periods_db)
    app.poll_seconds = 0.1
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await select(pilot, "LCT PM03")
        with Store(two_periods_db) as other:
            q2 = other.latest_report()
            other.annotations.set_flag(q2, "LCT PM03", Flag.RAISE, author="colleague")
            other.annotations.add_note(q2, "LCT PM03", "Raise at CLT", author="colleague")
        await wait_for(pilot, lambda: by_code(app, "Flag")["LCT PM03"] == "⚑ RAISE")
        await settle(pilot)
        assert app.main.pending_reload is None
        assert "Note  by colleague" in screen_text(app)


async def test_search_and_briefing_survive_a_re_import_of_the_period_shown(
    two_periods_db: Path, q2_report: Report, tmp_path: Path, monkeypatch, open_app
) -> None:
    monkeypatch.chdir(tmp_path)
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        with Store(two_periods_db) as other:  # the same period imported again: a new report id
            other.save_report(replace(q2_report, sha256="again"))
        await press(pilot, "slash", *"care", "enter")
        assert "SS PM30" in codes(app)
        # a search narrows the view: x asks; enter takes the whole report, Markdown, the marking
        await press(pilot, "x", "enter", "enter", "enter")
        assert any(n.endswith("scorecard-briefing-2018-19-Q2.md") for n in notices(app))
        assert not [n for n in app._notifications if n.severity == "error"]
