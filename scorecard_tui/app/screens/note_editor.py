"""NoteEditor: write or edit the note on one measure; ctrl+s saves, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from scorecard_tui.app.drafts import Draft
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.screens.editor_dialog import EditorDialog
from scorecard_tui.app.widgets.editor_area import EditorArea


class NoteEditor(EditorDialog[str | None]):
    """Dismisses with the note's new text (saved as a new version), or None when cancelled.

    Args:
        code: The measure's code.
        period: The period the note belongs to.
        text: The current note, to edit (escape sequences and controls are dropped).
        saved: The note as stored, when ``text`` is a draft that could not be saved (default: ``text``).
    """

    DEFAULT_CSS = """
    #note-box {
        width: 80;
        height: 20;
        max-height: 100%;
        padding: 0 1;
        & > TextArea {
            height: 1fr;
        }
    }
    """

    BOX_TITLE = "Note"
    BOX_ID = "note-box"
    BUTTONS_ID = "note"

    def __init__(self, code: str, period: str, text: str = "", saved: str | None = None) -> None:
        super().__init__()
        self._code = code
        self._period = period
        self._text = clean(text)  # the store cleans what it reads; a note is shown as text, never sent raw
        self._saved = self._text if saved is None else clean(saved)
        self._area = EditorArea(self._text, id="note-text")

    def compose_body(self) -> ComposeResult:
        yield Label(Text.assemble("Note on ", literal(self._code, "bold", newlines=False), f", {self._period}:"))
        yield self._area
        yield from self.compose_buttons()

    def unsaved(self) -> Draft | None:
        """The note as edited, when it differs from the one stored."""
        text = self._area.text
        return Draft("note", self._code, self._period, text) if text != self._saved else None

    def on_mount(self) -> None:
        super().on_mount()
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Close with the text (the caller stores it)."""
        self.dismiss(self.query_one(TextArea).text)
