"""UnsavedDialog: a note or question changed and not saved is about to close: save, discard or keep editing."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Label

from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog

Choice = Literal["save", "discard"]
"""What the officer chose; None (escape, ``k``) is keep editing."""


class UnsavedDialog(Dialog[Choice | None]):
    """Asks what to do with a changed note or questions: ``s`` saves, ``d`` discards, escape (or
    ``k``) goes back to the editor. Dismisses with ``"save"``, ``"discard"`` or None.

    Args:
        what: What changed (a draft's label: ``note on LCT PM03, 2018/19 Q1``).
        quitting: Asked as the app quits (the words say so).
    """

    DEFAULT_CSS = """
    #unsaved-box {
        width: 70;
        padding: 0 1;
        & > Label {
            width: 100%;
            margin: 0 0 1 0;
        }
    }
    #unsaved-buttons {
        height: auto;
        align-horizontal: right;
        & > Button {
            margin: 0 0 0 1;
            min-width: 10;
        }
    }
    """

    BOX_TITLE = "Not saved"
    BOX_HINT = "s save · d discard · escape keep editing"
    BOX_ID = "unsaved-box"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save", id="unsaved-save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved-discard"),
        Binding("escape,k", "close", "Keep editing", id="unsaved-keep"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, what: str, *, quitting: bool = False) -> None:
        super().__init__()
        self._what = what
        self._quitting = quitting

    def compose_body(self) -> ComposeResult:
        before = "Quit scorecard? Changes to your " if self._quitting else "Changes to your "
        what = literal(self._what, "bold", newlines=False)
        yield Label(Text.assemble(before, what, " are not saved."), id="unsaved-what")
        with Horizontal(id="unsaved-buttons"):
            yield Button("Save (s)", variant="primary", id="unsaved-save")
            yield Button("Discard (d)", variant="error", id="unsaved-discard")
            yield Button("Keep editing (esc)", id="unsaved-keep")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#unsaved-keep", Button).focus()  # enter on the default loses nothing

    def action_choose(self, choice: Choice) -> None:
        """Close with the officer's choice."""
        self.dismiss(choice)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "unsaved-save":
            self.dismiss("save")
        elif event.button.id == "unsaved-discard":
            self.dismiss("discard")
        else:
            self.dismiss(None)
