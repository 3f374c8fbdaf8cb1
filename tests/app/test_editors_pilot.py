"""Issue 22 (points 3, 6 and 9): nothing typed is lost (escape and quit ask), editors that behave
(ctrl+a selects all, ctrl+r drops a question) and every earlier version of a note or question in the detail."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SMALL, WIDE, OpenApp
from pilot_helpers import detail_text, notices, opened, press, settle
from rich.console import Console
from textual.app import App
from textual.widgets import Checkbox, Label, TextArea

from scorecard_tui.app import keep_unsaved
from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.data import EARLIER_NOTES, LoadedReport, load_annotations
from scorecard_tui.app.detail_view import context_for, detail
from scorecard_tui.app.screens.main import MainScreen
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.app.screens.question_editor import QuestionEditor
from scorecard_tui.app.screens.unsaved_dialog import UnsavedDialog
from scorecard_tui.errors import ScorecardError
from scorecard_tui.outputs.briefing import load_briefing, to_markdown
from scorecard_tui.store import Store


def flat(text: str) -> str:
    return " ".join(text.split())


def whole_detail(app: ScorecardApp) -> str:
    """The selected measure's whole detail, as the pane renders it before it is scrolled (plain, one line per line)."""
    measure = app.main.current_measure
    assert measure is not None
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(detail(measure, app.main.detail_context(measure)))
    return console.export_text()


def asked(app: App) -> str:
    """The unsaved dialog's question."""
    return str(app.screen.query_one("#unsaved-what", Label).content)


def stored_note(db: Path, key: str) -> str | None:
    with Store(db) as store:
        note = store.annotations.notes(store.latest_report()).get(key)
        return note.value if note else None


# -- 3. nothing typed is lost ---------------------------------------------------------------


async def test_escape_on_a_changed_note_asks_and_keep_editing_keeps_the_text(
    open_app: OpenApp, two_periods_db: Path
) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await opened(pilot, UnsavedDialog, "n", *"Ask about UASC", "escape")
        assert asked(app) == "Changes to your note on SS PM07, 2018/19 Q2 are not saved."
        await press(pilot, "escape")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Ask about UASC"
        await press(pilot, *" now", "escape", "k")  # k keeps editing too
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Ask about UASC now"
        await press(pilot, "escape", "d")  # discard
        assert isinstance(app.screen, MainScreen)
        assert "Note" not in detail_text(app).split("Change")[-1].split("Commentary")[0]
    assert stored_note(two_periods_db, "SS PM07") is None


async def test_s_in_the_question_saves_the_note(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await opened(pilot, MainScreen, "n", *"Ask about UASC", "escape", "s")
        assert "SS PM07: note saved" in notices(app)
    assert stored_note(two_periods_db, "SS PM07") == "Ask about UASC"


async def test_the_dialogs_buttons_and_cancel_ask_too(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"First")
        await pilot.click("#note-cancel")  # the Cancel button asks as escape does
        await settle(pilot)
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.click("#unsaved-keep")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await press(pilot, "escape")
        await pilot.click("#unsaved-save")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert stored_note(two_periods_db, "SS PM07") == "First"
        await press(pilot, "n", *" and second", "escape")
        await pilot.click("#unsaved-discard")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert stored_note(two_periods_db, "SS PM07") == "First"


async def test_enter_on_the_dialog_keeps_editing(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"Ask", "escape", "enter")  # the focused button is Keep editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Ask"


async def test_escape_on_an_unchanged_note_or_questions_closes_at_once(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        await opened(pilot, MainScreen, "n", "escape")
        await press(pilot, "n", "x", "backspace", "escape")  # typed and taken back: unchanged
        assert isinstance(app.screen, MainScreen)
        await opened(pilot, MainScreen, "e", "escape")


async def test_escape_on_changed_questions_asks_and_d_writes_nothing(open_app: OpenApp, three_periods_db: Path) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        await press(pilot, "e", "ctrl+r", "escape")  # dropped one: a change
        assert isinstance(app.screen, UnsavedDialog)
        assert asked(app) == "Changes to your questions on CP 08f, 2018/19 Q3 are not saved."
        await opened(pilot, MainScreen, "d")
    with Store(three_periods_db) as store:
        assert store.lens.question_edits(store.latest_report()) == {}


async def test_discarding_a_note_that_could_not_be_saved_lets_it_go(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        main = app.main
        assert main.report is not None
        main.writer.note_drafts.keep(main.report.info.id, "SS PM07", "Text a failed save left")
        await press(pilot, "n")
        assert app.screen.query_one(TextArea).text == "Text a failed save left"
        await press(pilot, "escape", "escape", "escape")  # asks; keep editing; asks again
        assert isinstance(app.screen, UnsavedDialog)
        await press(pilot, "d")
        assert main.unsaved_note_drafts() == [] and app.unsaved_drafts() == []


async def test_quitting_with_a_changed_note_asks_and_s_saves_then_quits(
    open_app: OpenApp, two_periods_db: Path, data_home: Path
) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await opened(pilot, UnsavedDialog, "n", *"Ask about UASC", "ctrl+q")
        assert asked(app) == "Quit scorecard? Changes to your note on SS PM07, 2018/19 Q2 are not saved."
        await press(pilot, "ctrl+q")  # asking already: one dialog, not two
        assert len(app.screen_stack) == 3
        await press(pilot, "escape")  # keep editing: still running
        assert isinstance(app.screen, NoteEditor) and app.is_running
        await press(pilot, "ctrl+q", "s")
        await settle(pilot)
    assert app.return_code == 0
    assert stored_note(two_periods_db, "SS PM07") == "Ask about UASC"
    keep_unsaved(app)
    assert not data_home.exists()  # saved: no draft


async def test_a_save_that_fails_as_the_app_quits_keeps_the_text_as_a_draft(
    open_app: OpenApp, two_periods_db: Path, data_home: Path
) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n")
        app.screen.query_one(TextArea).text = "x" * 20_001  # over the store's limit: the save fails
        await press(pilot, "ctrl+q", "s")
    assert not app.is_running
    keep_unsaved(app)
    (draft,) = data_home.iterdir()
    assert draft.read_text(encoding="utf-8").endswith("\n\n" + "x" * 20_001 + "\n")
    assert stored_note(two_periods_db, "SS PM07") is None


async def test_quitting_with_changed_questions_and_d_quits_without_a_draft(
    open_app: OpenApp, three_periods_db: Path, data_home: Path
) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        await press(pilot, "e")
        app.screen.query_one("#question-0", TextArea).text = "Who is on it?"
        await opened(pilot, UnsavedDialog, "ctrl+q")
        await press(pilot, "d")
    assert app.unsaved_drafts() == []
    with Store(three_periods_db) as store:
        assert store.lens.question_edits(store.latest_report()) == {}


async def test_quitting_with_nothing_changed_quits_at_once(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", "ctrl+q")
    assert not app.is_running and app.return_code == 0


async def test_a_hang_up_with_a_changed_note_open_still_keeps_a_draft(
    open_app: OpenApp, two_periods_db: Path, data_home: Path
) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"Ask about UASC")
        app._stop_on_signal("SIGHUP", 1)  # what the SIGHUP handler does: no question asked
        await settle(pilot)
    assert app.return_code == 129
    keep_unsaved(app)
    (draft,) = data_home.iterdir()
    assert draft.read_text(encoding="utf-8").endswith("\n\nAsk about UASC\n")


# -- 6. editors that behave -----------------------------------------------------------------


async def test_ctrl_a_selects_the_whole_note_so_typing_replaces_it(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"Old words", "enter", *"on two lines", "ctrl+s")
        await press(pilot, "n", "ctrl+a")
        area = app.screen.query_one(TextArea)
        assert area.selected_text == "Old words\non two lines"
        await press(pilot, *"New", "ctrl+s")
    assert stored_note(two_periods_db, "SS PM07") == "New"


async def test_ctrl_a_in_the_question_editor_rewords_rather_than_prepends(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="CP 08f") as (app, pilot):
        await press(pilot, "e", "ctrl+a", *"Who owns the plan?", "ctrl+s")
        assert "Q: Who owns the plan? (edited by officer)" in flat(detail_text(app))


async def test_ctrl_r_drops_the_question_being_edited_and_again_keeps_it(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="CP 08f") as (app, pilot):
        editor = await opened(pilot, QuestionEditor, "e")
        first, second = editor.query_one("#drop-0", Checkbox), editor.query_one("#drop-1", Checkbox)
        await press(pilot, "ctrl+r")
        assert first.value and str(first.label) == "Dropped from the briefing (space to keep it)"
        await press(pilot, "ctrl+r")
        assert not first.value
        editor.query_one("#question-1", TextArea).focus()
        await press(pilot, "ctrl+r")
        assert (first.value, second.value) == (False, True)
        await press(pilot, "ctrl+s")
        assert "CP 08f: 1 question saved (1 dropped)" in notices(app)
    with Store(three_periods_db) as store:
        [entry] = [e for e in store.lens.entries(store.latest_report()) if e.code == "CP 08f"]
        assert [q.dropped for q in entry.questions] == [False, True]


def test_every_editor_key_is_in_the_help_and_readme_table() -> None:
    from scorecard_tui.app.keys import EDITOR_KEYS
    from scorecard_tui.app.screens.question_editor import QuestionEditor as Editor
    from scorecard_tui.app.screens.unsaved_dialog import UnsavedDialog as Dialog
    from scorecard_tui.app.widgets.editor_area import EditorArea

    listed = {keys for keys, _ in EDITOR_KEYS}
    assert {"ctrl+s", "ctrl+a", "ctrl+r", "escape (in editor)"} <= listed
    bound = {b.key for cls in (Editor, EditorArea) for b in cls.BINDINGS if hasattr(b, "key")}
    assert {"ctrl+a", "ctrl+r"} <= bound
    assert {b.key for b in Dialog.BINDINGS if hasattr(b, "key")} >= {"s", "d", "escape,k"}


# -- 9. note history ------------------------------------------------------------------------


async def test_the_detail_lists_every_earlier_note_newest_first_as_text(
    open_app: OpenApp, two_periods_db: Path
) -> None:
    with Store(two_periods_db) as store:
        q2 = store.latest_report()
        store.annotations.add_note(q2, "SS PM07", "First [bold]draft[/]\x1b[31m", author="alice")
        store.annotations.add_note(q2, "SS PM07", "Second", author="bob")
        store.annotations.add_note(q2, "SS PM07", "Planted", author="eve[/]\x1b]8;;http://e\x07\u202e")
        store.annotations.add_note(q2, "SS PM07", "Third", author="carol")
    async with open_app(two_periods_db, WIDE, at="SS PM07") as (app, _):
        text = whole_detail(app)
        assert "· 3 earlier versions below" in flat(text)
        section = flat(text.split("Earlier versions (3)", 1)[1])
        assert "by eve[/]" in section and "\u202e" not in text and "\x07" not in text
        assert section.index("by bob Second") < section.index("by alice First [bold]draft[/]")
        assert "\x1b" not in text and "Third" not in section.split("Commentary")[0]


async def test_a_cleared_note_keeps_its_versions_in_reach(open_app: OpenApp, two_periods_db: Path) -> None:
    async with open_app(two_periods_db, SMALL, author="officer", at="SS PM07") as (app, pilot):
        await press(pilot, "n", *"Ask about UASC", "ctrl+s")
        await press(pilot, "n", "ctrl+a", "backspace", "ctrl+s")
        assert "SS PM07: note cleared" in notices(app)
        text = flat(whole_detail(app))
        assert "Earlier versions (1)" in text and "by officer Ask about UASC" in text


async def test_the_detail_lists_a_questions_earlier_wordings_and_the_suggestion(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="CP 08f") as (app, pilot):
        await press(pilot, "e", "ctrl+a", *"Who owns the plan?", "ctrl+s")
        await press(pilot, "e", "ctrl+a", *"Who owns it [b]now[/]?", "ctrl+s")
        text = flat(whole_detail(app))
        assert "Q: Who owns it [b]now[/]? (edited by officer)" in text
        section = text.split("Earlier versions (2)", 1)[1]
        assert "by officer Who owns the plan?" in section
        assert section.index("Who owns the plan?") < section.index("suggested by the lens Red for 3 quarters")


async def test_e_on_a_measure_without_signals_asks_a_question_of_ones_own(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="LCT PM03") as (app, pilot):  # no lens signals
        await opened(pilot, QuestionEditor, "e")
        assert app.screen.focused is app.screen.query_one("#new-question-0", TextArea)
        await press(pilot, "ctrl+n")  # the blank one is still blank: no second
        assert len(app.screen.query("#new-question-1")) == 0
        await press(pilot, *"Is the spring intake [b]full[/]?", "ctrl+s")
        assert "LCT PM03: 1 question saved" in notices(app)
        text = flat(whole_detail(app))
        assert (
            "Questions e: edit or drop the questions ✎ officer's question Q: Is the spring intake [b]full[/]?" in text
        )
    with Store(three_periods_db) as store:
        info = store.latest_report()
        [entry] = [e for e in store.lens.entries(info) if e.key == "LCT PM03"]
        assert [q.text for q in entry.questions] == ["Is the spring intake [b]full[/]?"]
        assert entry.signals == ()  # a question of one's own is no signal
        assert "(asked by officer)" in text
        briefing = to_markdown(load_briefing(store, info))
    assert "Is the spring intake \\[b\\]full\\[/\\]?" in briefing or "Is the spring intake [b]full[/]?" in briefing


async def test_ctrl_n_adds_ones_own_beside_the_lenss_and_ctrl_r_takes_a_new_one_out(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, author="officer", at="CP 08f") as (app, pilot):
        editor = await opened(
            pilot, QuestionEditor, "e", "ctrl+n", *"Who signs the plan off?", "ctrl+n", *"Not this one", "ctrl+r"
        )
        assert len(editor.query("#new-question-1")) == 0  # taken out
        assert [c.text for c in editor.changes()] == ["Who signs the plan off?"]
        await press(pilot, "ctrl+s")
        assert "CP 08f: 1 question saved" in notices(app)
        editor = await opened(pilot, QuestionEditor, "e")  # the own question is there to reword, then drop
        own = editor.query_one("#question-2", TextArea)
        assert own.text == "Who signs the plan off?"
        own.focus()
        await press(pilot, "ctrl+a", *"Who signs it off, and when?", "ctrl+s")
        text = flat(whole_detail(app))
        assert "✎ officer's question Q: Who signs it off, and when? (edited by officer)" in text
        assert "Earlier versions (1)" in text and "by officer Who signs the plan off?" in text
    with Store(three_periods_db) as store:
        info = store.latest_report()
        [entry] = [e for e in store.lens.entries(info) if e.key == "CP 08f"]
        assert [q.signal.slug for q in entry.questions][-1] == "own:1"
        assert len(entry.signals) == 4  # the lens's own, unchanged


def test_two_officers_adding_at_once_get_two_questions(three_periods_db: Path) -> None:
    with Store(three_periods_db) as one, Store(three_periods_db) as two:
        info = one.latest_report()
        first = one.lens.add_question(info, "LCT PM03", "Mine?", author="a")
        second = two.lens.add_question(info, "LCT PM03", "Mine too?", author="b")
        assert (first.slug, second.slug) == ("own:1", "own:2")
        with pytest.raises(ScorecardError, match="cannot be empty"):
            one.lens.add_question(info, "LCT PM03", "  \n", author="a")
        [entry] = [e for e in one.lens.entries(info) if e.key == "LCT PM03"]
        assert [(q.text, q.edit and q.edit.author) for q in entry.questions] == [("Mine?", "a"), ("Mine too?", "b")]


def test_a_note_rewritten_a_thousand_times_reads_its_latest_versions_and_counts_the_rest(two_periods_db: Path) -> None:
    with Store(two_periods_db) as store:
        info = store.latest_report()
        with store.writing():  # one transaction: a thousand commits would take a while
            for n in range(1_000):
                store.annotations.add_note(info, "SS PM07", f"Version {n}", author="bot")
        annotations = load_annotations(store, info)
        loaded = replace(LoadedReport(info, tuple(store.measures(info.id))), annotations=annotations)
    earlier = annotations.earlier_notes["SS PM07"]
    assert len(earlier) == EARLIER_NOTES and earlier[-1].value == "Version 998"
    assert annotations.earlier_counts["SS PM07"] == 999
    measure = next(m for m in loaded.measures if m.key == "SS PM07")
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(detail(measure, context_for(loaded, measure, None)))
    text = console.export_text()
    assert "Earlier versions (999)" in text and "… and 989 older (H shows every version)" in text
    assert "Version 998" in text and "Version 989" in text and "Version 988" not in text


async def test_a_question_the_store_would_refuse_keeps_the_editor_open_even_when_quitting(
    open_app: OpenApp, three_periods_db: Path
) -> None:
    async with open_app(three_periods_db, WIDE, at="CP 08f") as (app, pilot):
        editor = await opened(pilot, QuestionEditor, "e")
        editor.query_one("#question-1", TextArea).text = "x" * 2_001
        await press(pilot, "ctrl+s")
        assert app.screen is editor
        assert "A question is limited to 2,000 characters; this one has 2,001." in notices(app)
        assert editor.focused is editor.query_one("#question-1", TextArea)
        await press(pilot, "ctrl+q", "s")  # save and quit: refused, so not quitting either
        assert app.screen is editor and app.is_running
        editor.query_one("#question-1", TextArea).text = ""
        await press(pilot, "ctrl+s")
        assert "A question cannot be empty: ctrl+r drops it from the briefing." in notices(app)
        await press(pilot, "ctrl+r", "ctrl+s")  # dropped: fine
        assert isinstance(app.screen, MainScreen)
    with Store(three_periods_db) as store:
        [entry] = [e for e in store.lens.entries(store.latest_report()) if e.code == "CP 08f"]
        assert [q.dropped for q in entry.questions] == [False, True]
