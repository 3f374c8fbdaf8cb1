"""QuestionEditor: edit or drop a measure's suggested questions for the meeting; ctrl+s saves, ctrl+r drops."""

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
from scorecard_tui.app.screens.dialog import EditorDialog
from scorecard_tui.app.widgets.editor_area import EditorArea
from scorecard_tui.store.lens import LensQuestion


def drop_label(dropped: bool) -> str:
    """The drop box's words: they say its state without colour."""
    return "Dropped from the briefing (space to keep it)" if dropped else "In the briefing (space to drop it)"


class QuestionEditor(EditorDialog[list[QuestionChange] | None]):
    """Dismisses with the questions changed (each kept as a new version), or None when cancelled.

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
    BOX_HINT = "ctrl+s save · ctrl+r drop or keep this one · escape cancel"
    BOX_ID = "questions-box"
    BUTTONS_ID = "questions"
    SCROLLS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_drop", "Drop/keep", id="drop-question"),
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

    def compose_body(self) -> ComposeResult:
        yield Label(Text.assemble("Questions on ", literal(self._code, "bold", newlines=False), f", {self._period}:"))
        for q, (area, drop) in zip(self._questions, self._fields, strict=True):
            yield Label(signal_badge(q.signal.kind, q.badge), classes="question-badge")
            yield area
            yield drop
        yield from self.compose_buttons()

    def on_mount(self) -> None:
        super().on_mount()
        if self._questions:
            area = self.query_one("#question-0", TextArea)
            area.focus()
            area.move_cursor(area.document.end)

    def changes(self) -> list[QuestionChange]:
        """The questions whose wording or dropped state the officer changed."""
        out = []
        for q, (area, drop) in zip(self._questions, self._fields, strict=True):
            text = area.text.strip()
            dropped = drop.value
            reworded = text != clean(q.text).strip()
            if reworded or dropped != q.dropped:
                out.append(QuestionChange(q.signal.slug, text, dropped, reworded))
        return out

    def unsaved(self) -> Draft | None:
        """The questions reworded or dropped and not saved, each with its signal."""
        lines = []
        for change in self.changes():
            lines += [f"[{change.slug}]{' (dropped)' if change.dropped else ''}", change.text, ""]
        return Draft("questions", self._code, self._period, "\n".join(lines).strip()) if lines else None

    def action_toggle_drop(self) -> None:
        """Drop the question being edited from the briefing, or keep it again (its text or its box has the cursor)."""
        focused = self.focused
        for area, drop in self._fields:
            if focused in (area, drop):
                drop.toggle()
                return

    @on(Checkbox.Changed)
    def _dropped(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = drop_label(event.value)

    def action_save(self) -> None:
        """Close with the changes (the caller stores them)."""
        self.dismiss(self.changes())
