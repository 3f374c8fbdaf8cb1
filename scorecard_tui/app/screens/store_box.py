"""StoreBox: a box that scrolls, showing what is read from the store on its thread (``H``, ``I``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static

from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard_tui.app.data import StoreThread
    from scorecard_tui.store import Store

ReadT = TypeVar("ReadT")


@dataclass
class BoxRead(Message):
    """What a box read (or why it could not be read)."""

    value: object
    error: str | None = None


class StoreBox(Dialog[None], Generic[ReadT]):
    """ "Reading …" until what ``read`` returns lands, then ``shown`` of it, drawn again when the theme
    changes (its marks are the theme's colours); a failure said in one line.

    Subclasses set ``BODY_ID`` (the Static's id), ``READING`` and ``FAILED`` (``The versions``), and
    ``BINDINGS`` (their close keys and ``Dialog.SCROLL_KEYS``).

    Args:
        store: The thread that owns the store connection.
    """

    DEFAULT_CSS = """
    StoreBox > .dialog-box {
        width: 100;
        max-height: 100%;
        padding: 0 1;
    }
    """

    SCROLLS = True
    BOX_HINT = "j/k to scroll, escape to close"
    BODY_ID: ClassVar[str] = "store-box"
    READING: ClassVar[str] = "Reading…"
    FAILED: ClassVar[str] = "It"
    """What could not be read, as the failure's line starts (``The report``)."""

    def __init__(self, store: StoreThread) -> None:
        super().__init__()
        self._store = store
        self._read: BoxRead | None = None

    def read(self, store: Store) -> ReadT:
        """What the box shows, read on the store thread."""
        raise NotImplementedError

    def shown(self, value: ReadT) -> RenderableType:
        """The box's content for what was read."""
        raise NotImplementedError

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self.READING, style=muted()), id=self.BODY_ID)

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show())
        self._read_on_store()

    @work(thread=True, exclusive=True, group="store-box")
    def _read_on_store(self) -> None:
        try:
            value = self._store.call(self.read)
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(BoxRead(None, str(exc)))
            return
        self.post_message(BoxRead(value))

    @on(BoxRead)
    def _landed(self, message: BoxRead) -> None:
        self._read = message
        self._show()

    def _show(self) -> None:
        message = self._read
        shown: RenderableType
        if message is None:
            shown = Text(self.READING, style=muted())
        elif message.error is not None:
            shown = literal(f"{self.FAILED} could not be read: {message.error}", "bold", newlines=False)
        else:
            shown = self.shown(message.value)  # type: ignore[arg-type]  # what read returned, by construction
        self.query_one(f"#{self.BODY_ID}", Static).update(shown)
