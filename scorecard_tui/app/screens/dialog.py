"""Dialog: the box the app's small screens share (title, hint, escape to close, no blinking cursor);
InputDialog: one whose enter checks the text typed and closes with what it reads, or says why not."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from scorecard_tui.errors import ScorecardError

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
            border: round $pane-focus;  /* bright cyan, even in 16 colours, as the focus: not Red */
            border-title-color: $foreground;
            border-subtitle-color: $foreground;
            background: $surface;
        }
        /* Words at 4.5:1 in every theme: Textual's own fall short in some (Nord's Discard). */
        Button.-style-default {
            color: $foreground;
            &.-primary { color: $on-primary; }
            &.-error { color: $on-error; }
            &.-success { color: $on-success; }
            &.-warning { color: $on-warning; }
        }
        Input > .input--placeholder {
            color: $text-muted;
        }
        Input > .input--selection, TextArea > .text-area--selection {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="close-dialog")]

    BOX_TITLE: ClassVar[str] = ""
    BOX_HINT: ClassVar[str] = "escape to close"
    BOX_ID: ClassVar[str | None] = None
    SCROLLS: ClassVar[bool] = False
    """The box scrolls (a long list of keys) rather than growing."""
    SCROLL_KEYS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]
    """j/k and the arrows for a box that ``SCROLLS`` and has no field to type into: add to ``BINDINGS``."""

    def compose(self) -> ComposeResult:
        box_type = VerticalScroll if self.SCROLLS else Vertical
        with box_type(id=self.BOX_ID, classes="dialog-box") as box:
            box.border_title = self.BOX_TITLE
            box.border_subtitle = self.BOX_HINT
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        """The box's content."""
        yield from ()

    def action_scroll(self, where: str) -> None:
        """Scroll a box that ``SCROLLS`` (``SCROLL_KEYS``)."""
        box = self.query_one(".dialog-box", VerticalScroll)
        box.scroll_down() if where == "down" else box.scroll_up()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        for area in self.query(TextArea):
            area.cursor_blink = False

    def action_close(self) -> None:
        """Close with no result."""
        self.dismiss(None)


class InputDialog(Dialog[ResultT]):
    """A dialog whose enter in its field closes it with what :meth:`read` reads of the text, or
    leaves it open with :meth:`refuse` saying why the text will not do."""

    def read(self, text: str) -> ResultT:
        """What the text typed gives; raises ValueError or ScorecardError saying why it will not do."""
        raise NotImplementedError

    def refuse(self, why: str) -> None:
        """Say why the text will not do (the box stays open)."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(self.read(event.value))
        except (ValueError, ScorecardError) as exc:
            self.refuse(str(exc))
