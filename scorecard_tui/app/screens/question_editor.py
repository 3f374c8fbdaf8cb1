"""QuestionEditor: edit, drop (ctrl+r) or add (ctrl+n) a measure's questions for the meeting; ctrl+s saves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Label, TextArea

from scorecard_tui.app.data import QuestionChange
from scorecard_tui.app.drafts import Draft
from scorecard_tui.app.lens_render import signal_badge
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.screens.editor_dialog import EditorDialog
from scorecard_tui.app.widgets.editor_area import EditorArea
from scorecard_tui.store.lens import MAX_QUESTION_CHARS, LensQuestion
from scorecard_tui.triage.signals import SignalKind


def drop_label(dropped: bool) -> str:
    """The drop box's words: they say its state without colour."""
    return "Dropped from the briefing (space to keep it)" if dropped else "In the briefing (space to drop it)"


class QuestionEditor(EditorDialog[list[QuestionChange] | None]):
    """Dismisses with the questions changed (each kept as a new version) and added, or None when
    cancelled. A measure with no questions yet opens on a blank one of the officer's own.

    Args:
        code: The measure's code.
        period: The period the questions belong to.
        questions: The measure's signals with their questions, worst first.
    """

    DEFAULT_CSS = """
    #questions-box {
        width: 90;
        max-height: 100%;
        padding: 0 1;
        & > TextArea {
            height: 4;
        }
        & > Checkbox {
            border: none;
            padding: 0;
            margin: 0 0 1 0;
        }
    }
    """

    BOX_TITLE = "Questions for the meeting"
    BOX_HINT = "ctrl+s save · ctrl+n add your own · ctrl+r drop or keep · escape cancel"
    BOX_ID = "questions-box"
    BUTTONS_ID = "questions"
    SCROLLS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_drop", "Drop/keep", id="drop-question"),
        Binding("ctrl+n", "add_question", "Add your own", id="add-question"),
    ]

    def __init__(self, code: str, period: str, questions: Sequence[LensQuestion]) -> None:
        super().__init__()
        self._code = code
        self._period = period
        self._questions = tuple(questions)
        self._fields = [
            (
                EditorArea(clean(q.text), id=f"question-{n}"),
                Checkbox(drop_label(q.dropped), q.dropped, id=f"drop-{n}"),
            )
            for n, q in enumerate(self._questions)
        ]
        """Each question's text and drop box (kept: :meth:`unsaved` reads them once the app is down)."""
        self._added: list[tuple[Label, EditorArea]] = []
        """The questions the officer added, not saved yet."""

    def compose_body(self) -> ComposeResult:
        yield Label(Text.assemble("Questions on ", literal(self._code, "bold", newlines=False), f", {self._period}:"))
        for q, (area, drop) in zip(self._questions, self._fields, strict=True):
            yield Label(signal_badge(q.signal.kind, q.badge), classes="question-badge")
            yield area
            yield drop
        yield from self.compose_buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, self._retheme)
        if self._questions:
            area = self.query_one("#question-0", TextArea)
            area.focus()
            area.move_cursor(area.document.end)
        else:
            self.action_add_question()

    def _retheme(self, _theme: object) -> None:
        """The badges are drawn in the theme's colours: draw them again in the new one."""
        for label, q in zip(self.query(".question-badge").results(Label), self._questions, strict=False):
            label.update(signal_badge(q.signal.kind, q.badge))

    def action_add_question(self) -> None:
        """Add a blank question of the officer's own, after the others, and put the cursor in it
        (the last one added, when it is still blank)."""
        if self._added and not self._added[-1][1].text.strip():
            self._added[-1][1].focus()
            return
        n = len(self._added)
        area = EditorArea(id=f"new-question-{n}")
        area.cursor_blink = False
        badge = Label(signal_badge(SignalKind.OWN, "your own question (new; ctrl+r takes it out)"))
        badge.add_class("question-badge")
        box = self.query_one(f"#{self.BOX_ID}")
        box.mount(badge, area, before=self.query_one(f"#{self.BUTTONS_ID}-buttons"))
        self._added.append((badge, area))
        area.focus()
        self.call_after_refresh(area.scroll_visible)

    def changes(self) -> list[QuestionChange]:
        """The questions whose wording or dropped state the officer changed, and those added."""
        return [change for change, _ in self._changes()]

    def _changes(self) -> list[tuple[QuestionChange, EditorArea]]:
        """Each change with the field it was made in."""
        out = []
        for q, (area, drop) in zip(self._questions, self._fields, strict=True):
            text = area.text.strip()
            dropped = drop.value
            reworded = text != clean(q.text).strip()
            if reworded or dropped != q.dropped:
                out.append((QuestionChange(q.signal.slug, text, dropped, reworded), area))
        out += [
            (QuestionChange("", text, False, new=True), area) for _, area in self._added if (text := area.text.strip())
        ]
        return out

    def unsaved(self) -> Draft | None:
        """The questions reworded or dropped and not saved, each with its signal."""
        lines = []
        for change in self.changes():
            slug = "new" if change.new else change.slug
            lines += [f"[{slug}]{' (dropped)' if change.dropped else ''}", change.text, ""]
        return Draft("questions", self._code, self._period, "\n".join(lines).strip()) if lines else None

    def action_toggle_drop(self) -> None:
        """Drop the question being edited from the briefing, or keep it again (its text or its box has the cursor)."""
        focused = self.focused
        for area, drop in self._fields:
            if focused in (area, drop):
                drop.toggle()
                return
        for badge, area in self._added:
            if focused is area:  # one of the officer's own, not saved yet: taken out
                self._added.remove((badge, area))
                self.focus_previous()
                badge.remove()
                area.remove()
                return

    @on(Checkbox.Changed)
    def _dropped(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = drop_label(event.value)

    def action_save(self) -> None:
        """Close with the changes (the caller stores them); a question the store would refuse (too
        long, or emptied and not dropped) keeps the editor open, with the cursor in it and why."""
        changes = self._changes()
        for change, area in changes:
            problem = None
            if len(change.text) > MAX_QUESTION_CHARS:
                problem = (
                    f"A question is limited to {MAX_QUESTION_CHARS:,} characters; this one has {len(change.text):,}."
                )
            elif not change.text and not change.dropped:
                problem = "A question cannot be empty: ctrl+r drops it from the briefing."
            if problem:
                area.focus()
                self.notify(problem, severity="error", markup=False)
                return
        self.dismiss([change for change, _ in changes])
