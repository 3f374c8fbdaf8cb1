"""Dialog: the box the app's small screens share (title, hint, escape to close, no blinking cursor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, TextArea

from scorecard_tui.app.session import Session

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from scorecard_tui.app.drafts import Draft

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A box in the middle of the screen over the main screen; escape closes it with no result.

    Subclasses set ``BOX_TITLE``, ``BOX_HINT`` and ``BOX_ID`` (their box's size lives in
    their own ``DEFAULT_CSS``) and yield the box's content from ``compose_body``.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > .dialog-box {
            max-width: 100%;
            height: auto;
            border: round #4dd0e1;  /* bright cyan in 16 colours, as the focus: not Red */
            background: $surface;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="close-dialog")]

    BOX_TITLE: ClassVar[str] = ""
    BOX_HINT: ClassVar[str] = "escape to close"
    BOX_ID: ClassVar[str | None] = None
    SCROLLS: ClassVar[bool] = False
    """The box scrolls (a long list of keys) rather than growing."""

    def compose(self) -> ComposeResult:
        box_type = VerticalScroll if self.SCROLLS else Vertical
        with box_type(id=self.BOX_ID, classes="dialog-box") as box:
            box.border_title = self.BOX_TITLE
            box.border_subtitle = self.BOX_HINT
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        """The box's content."""
        yield from ()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        for area in self.query(TextArea):
            area.cursor_blink = False

    def action_close(self) -> None:
        """Close with no result."""
        self.dismiss(None)


class EditorDialog(Dialog[ResultT]):
    """A dialog that edits something: ctrl+s or its Save button saves, escape or Cancel closes
    with no result. Subclasses set ``BUTTONS_ID`` and say what saving returns in ``action_save``."""

    DEFAULT_CSS = """
    EditorDialog .dialog-buttons {
        height: auto;
        align-horizontal: right;
        & > Button {
            margin: 0 0 0 2;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save-edit"),
        Binding("escape", "close", "Cancel", id="cancel-edit"),
    ]

    BOX_HINT: ClassVar[str] = "ctrl+s to save, escape to cancel"
    BUTTONS_ID: ClassVar[str] = "edit"
    """Prefix of the buttons' ids: ``<id>-save`` and ``<id>-cancel``."""

    def compose_buttons(self) -> ComposeResult:
        """The Save and Cancel buttons, last in the box."""
        with Horizontal(id=f"{self.BUTTONS_ID}-buttons", classes="dialog-buttons"):
            yield Button("Save", variant="primary", id=f"{self.BUTTONS_ID}-save")
            yield Button("Cancel", id=f"{self.BUTTONS_ID}-cancel")

    def action_save(self) -> None:
        """Close with what was edited."""
        raise NotImplementedError

    def unsaved(self) -> Draft | None:
        """The text edited and not saved yet, or None: kept in a file if the app ends meanwhile
        (:meth:`ScorecardApp.unsaved_drafts`). Read from the editor's own widgets, which keep
        their text after the app has taken them down."""
        return None

    def on_mount(self) -> None:
        super().on_mount()
        if isinstance(self.app, Session) and self not in self.app.open_editors:  # Textual calls each
            self.app.open_editors.append(self)  # class's on_mount, and a subclass's calls this one too

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close, saved or cancelled: what it held is no longer unsaved."""
        if isinstance(self.app, Session) and self in self.app.open_editors:
            self.app.open_editors.remove(self)
        return super().dismiss(result)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.BUTTONS_ID}-save":
            self.action_save()
        elif event.button.id == f"{self.BUTTONS_ID}-cancel":
            self.dismiss(None)
