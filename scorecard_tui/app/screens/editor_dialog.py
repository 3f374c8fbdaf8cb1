"""EditorDialog: the box the note and question editors share: ctrl+s saves, and changed text is never
closed without asking (:class:`~scorecard_tui.app.screens.unsaved_dialog.UnsavedDialog`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button

from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.screens.unsaved_dialog import Choice, UnsavedDialog
from scorecard_tui.app.session import Session

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.await_complete import AwaitComplete

    from scorecard_tui.app.drafts import Draft
    from scorecard_tui.app.session import UnsavedText

ResultT = TypeVar("ResultT")


class EditorDialog(Dialog[ResultT]):
    """A dialog that edits something: ctrl+s or its Save button saves, escape or Cancel closes
    with no result, asking first when something changed (save, discard or keep editing).
    Subclasses set ``BUTTONS_ID`` and say what saving returns in ``action_save``."""

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

    discarded = False
    """The officer chose to discard what changed (a draft kept from a failed save goes too)."""
    closed = False
    """Dismissed, saved or not."""

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

    def action_close(self) -> None:
        """Close with no result; when something changed, ask first (save, discard or keep editing)."""
        if (draft := self.unsaved()) is None:
            self.dismiss(None)
        else:
            self.ask(draft)

    def ask(self, draft: Draft, *, quitting: bool = False, then: Callable[[Choice], object] | None = None) -> None:
        """Ask what to do with ``draft``: save it (as ctrl+s), discard it, or keep editing.

        Args:
            draft: What changed.
            quitting: Asked as the app quits.
            then: Called with the choice once it is carried out (not when the officer keeps editing).
        """

        def answer(choice: Choice | None) -> None:
            if choice is None or not self.is_attached:
                return
            # The editor's own callback (which starts the write) runs next on the screen that
            # opened it; ``then`` is queued there behind it, so that the write has begun.
            opener = self._result_callbacks[-1].requester if self._result_callbacks else None
            if choice == "save":
                self.action_save()
                if not self.closed:  # the editor refused (it says why): back to it, not quitting
                    return
            else:
                self.discarded = True
                self.dismiss(None)
            if then is not None:
                (opener or self.app).call_next(then, choice)

        self.app.push_screen(UnsavedDialog(draft.label, quitting=quitting), answer)

    def _open_editors(self) -> list[UnsavedText] | None:
        """The app's list of open editors (:attr:`Session.open_editors`), if it keeps one."""
        return self.app.open_editors if isinstance(self.app, Session) else None

    def on_mount(self) -> None:
        super().on_mount()
        editors = self._open_editors()
        if editors is not None and self not in editors:  # Textual calls each class's on_mount,
            editors.append(self)  # and a subclass's calls this one too

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close, saved or cancelled: what it held is no longer unsaved."""
        self.closed = True
        editors = self._open_editors()
        if editors is not None and self in editors:
            editors.remove(self)
        return super().dismiss(result)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.BUTTONS_ID}-save":
            self.action_save()
        elif event.button.id == f"{self.BUTTONS_ID}-cancel":
            self.action_close()
