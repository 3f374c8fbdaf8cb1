"""Break tests in the app (issue 8, points 11 and 13): text another user wrote into the
database reaches the screen as text, and ``x`` never writes through a planted link."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import platformdirs
import pytest
from pilot_helpers import detail_text, notices, press, screen_text, select, settle
from textual.widgets import TextArea

from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.model import Flag
from scorecard_tui.store import Store

WIDE = (160, 48)
CODE = "LCT PM03"
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # set the clipboard to "rm -rf ~"
BAD = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c")


def bad_in(text: str) -> list[str]:
    return [repr(c) for c in text if c in BAD or 0x80 <= ord(c) <= 0x9F]


@pytest.fixture
def noted_db(sample_db: Path) -> Path:
    """The sample with a flag and a note on one measure, then escapes written into the file
    directly, as any member of the group with write access to it can."""
    with Store(sample_db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, CODE, Flag.RAISE)
        store.annotations.add_note(info, CODE, "placeholder")
    with sqlite3.connect(sample_db) as conn:
        conn.execute(
            "UPDATE annotations SET value = ?, author = ? WHERE kind = 'note'",
            [f"Call{OSC52} me \u202eback\u202c\x9b\nSecond line\x1b[2J", "mallory\x1b]0;pwned\x07"],
        )
        conn.execute("UPDATE reports SET team = ?", ["Team\x1b]2;title\x07"])
        conn.execute("UPDATE measures SET title = title || ? WHERE code = ?", [OSC52, CODE])
    return sample_db


@pytest.fixture
def meeting(tmp_path: Path, monkeypatch) -> Path:
    """A folder to run the app in; the fallback folder is kept inside the test too."""
    work = tmp_path / "meeting"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda *a, **k: tmp_path / "data")
    return work


async def test_n_shows_a_stored_note_as_text_never_as_escapes(noted_db: Path, open_app) -> None:
    async with open_app(noted_db, WIDE) as (app, pilot):
        await select(pilot, CODE)
        assert not bad_in(screen_text(app))
        pane = detail_text(app)
        assert "Note  by mallory\n" in pane
        assert "Call me back" in pane and "Second line" in pane
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        text = app.screen.query_one(TextArea).text
        assert text == "Call me back\nSecond line"
        assert not bad_in(screen_text(app))
        await press(pilot, "escape")
        assert "Improvement Report - Council Scorecard" in screen_text(app)


async def test_x_briefing_carries_no_escapes_from_the_database(noted_db: Path, open_app, meeting: Path) -> None:
    async with open_app(noted_db, WIDE) as (_app, pilot):
        await press(pilot, "x", "enter", "enter", "enter")  # flagged: whole or flagged, format, marking (issue 22)
        await settle(pilot)
    text = (meeting / "scorecard-briefing-2018-19-Q1.md").read_text(encoding="utf-8")
    assert not bad_in(text)
    assert "Note (mallory, " in text and "    Call me back\\\n    Second line\n" in text  # its line break kept


async def test_x_refuses_a_link_planted_at_the_briefing_name(sample_db: Path, open_app, meeting: Path) -> None:
    victim = meeting.parent / "victim.txt"
    victim.write_text("precious\n")
    link = meeting / "scorecard-briefing-2018-19-Q1.md"
    link.symlink_to(victim)
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "x", "enter", "enter")  # Markdown, the report's marking
        await settle(pilot)
        said = notices(app)
    assert f"Briefing not written: {link}: is a symbolic link; not writing there" in said
    assert victim.read_text() == "precious\n"
    assert link.is_symlink()
    assert not (meeting.parent / "data").exists()  # refused, not quietly written elsewhere


async def test_x_keeps_a_private_briefing_private(sample_db: Path, open_app, meeting: Path) -> None:
    path = meeting / "scorecard-briefing-2018-19-Q1.md"
    path.write_text("old\n")
    path.chmod(0o600)
    async with open_app(sample_db, WIDE) as (_app, pilot):
        await press(pilot, "x", "enter", "enter", "y")  # a briefing is there: y writes over it (issue 11)
        await settle(pilot)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("# Briefing: ")
    assert [p.name for p in meeting.iterdir()] == [path.name]  # no temporary file left behind


async def test_x_never_writes_over_the_database(tmp_path: Path, sample_report, open_app, meeting: Path) -> None:
    db = meeting / "scorecard-briefing-2018-19-Q1.md"  # the database, named as the briefing would be
    with Store(db) as store:
        store.save_report(sample_report)
    before = db.read_bytes()
    async with open_app(db, WIDE) as (app, pilot):
        await press(pilot, "x", "enter", "enter")
        await settle(pilot)
        said = notices(app)
    assert any("not writing over it" in s for s in said), said
    assert db.read_bytes() == before
    assert not os.path.exists(tmp_path / "data")
