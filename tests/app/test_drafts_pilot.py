"""Issue 18: text written in the note and question editors and not saved survives the app's end,
in a draft file of the user's own (the crash itself, in a real terminal: test_pty.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import WIDE, OpenApp
from pilot_helpers import opened, press
from textual.widgets import TextArea

from scorecard_tui.app import keep_unsaved
from scorecard_tui.app.drafts import Draft, keep_draft
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.app.screens.question_editor import QuestionEditor
from scorecard_tui.app.screens.unsaved_dialog import UnsavedDialog


async def test_quitting_with_a_note_open_keeps_it(
    open_app: OpenApp, two_periods_db: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"Ask about UASC", "ctrl+q")
        assert isinstance(app.screen, UnsavedDialog)  # quitting asks (issue 22); the app ends with it open
    assert app.exit_status == 0
    keep_unsaved(app)  # what run_app does as the app ends
    (draft,) = data_home.iterdir()
    assert draft.name.startswith("note-SS-PM07-2018-19-Q2-")
    assert draft.read_text(encoding="utf-8").endswith("\n\nAsk about UASC\n")
    assert capsys.readouterr().err == f"scorecard: your unsaved note on SS PM07, 2018/19 Q2 is kept in {draft}\n"


async def test_saved_or_cancelled_text_is_not_a_draft(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n")
        assert app.unsaved_drafts() == []  # opened, nothing typed
        await press(pilot, *"x", "escape", "d")  # asked, and discarded
        assert not isinstance(app.screen, NoteEditor)
        assert app.unsaved_drafts() == []
        await press(pilot, "n", *"Saved", "ctrl+s")
        assert app.unsaved_drafts() == [] and app.open_editors == []


async def test_questions_reworded_and_not_saved_are_a_draft(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        editor = await opened(pilot, QuestionEditor, "e")
        editor.query_one("#question-0", TextArea).text = "Why is sickness absence still rising?"
        (draft,) = app.unsaved_drafts()
        assert (draft.what, draft.code, draft.period) == ("questions", "CP 08f", "2018/19 Q3")
        assert draft.text == "[persistent:Red]\nWhy is sickness absence still rising?"
        await press(pilot, "escape", "d")  # asked, and discarded
        assert app.unsaved_drafts() == []
        await press(pilot, "e")
        app.screen.query_one("#question-0", TextArea).text = "Who is on it?"
        await press(pilot, "ctrl+q")  # quitting asks (issue 22); the app ends with it open, as a hang-up ends it
    (draft,) = app.unsaved_drafts()  # read from the editor's widgets after the app has ended
    assert draft.text == "[persistent:Red]\nWho is on it?"


def test_a_draft_never_overwrites_a_file_or_follows_a_link(tmp_path: Path) -> None:
    draft = Draft("note", "LCT PM03", "2018/19 Q1", "Ask")
    now = datetime(2026, 12, 7, 17, 30, 5)
    first = keep_draft(draft, tmp_path / "db", tmp_path, now=now)
    second = keep_draft(draft, tmp_path / "db", tmp_path, now=now)
    assert first.name == "note-LCT-PM03-2018-19-Q1-20261207-173005.txt" and second.name.endswith("-2.txt")
    assert first != second and first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    victim = tmp_path / "victim"
    victim.write_text("private")
    folder = tmp_path / "held"
    folder.mkdir()
    for n in range(1, 100):  # every name it could take is already a link to someone's file
        (folder / (f"{first.stem}.txt" if n == 1 else f"{first.stem}-{n}.txt")).symlink_to(victim)
    kept = keep_draft(draft, tmp_path / "db", folder, now=now)  # the temporary folder instead
    assert victim.read_text() == "private"
    assert kept.parent != folder and kept.read_text(encoding="utf-8").endswith("\n\nAsk\n")
    kept.unlink()
