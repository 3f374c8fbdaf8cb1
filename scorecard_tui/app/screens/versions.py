"""VersionsScreen: every earlier version of a measure's note, questions and flag (``H``), read from the store."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.versions_view import versions_section
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Annotation, Measure, ReportInfo
from scorecard_tui.store.lens import LensQuestion

if TYPE_CHECKING:
    from scorecard_tui.store import Store


@dataclass
class VersionsRead(Message):
    """The note's and the flag's every version, oldest first (or why they could not be read)."""

    notes: list[Annotation]
    flags: list[Annotation]
    error: str | None = None


class VersionsScreen(Dialog[None]):
    """Every version, newest first, in a box that scrolls; escape, q or H closes it.

    Args:
        store: The thread that owns the store connection.
        info: The period on screen.
        measure: The measure.
        questions: Its questions, each with every earlier version (the lens read them all).
    """

    DEFAULT_CSS = """
    #versions-box {
        width: 100;
        max-height: 100%;
        padding: 0 1;
    }
    """

    BOX_ID = "versions-box"
    BOX_HINT = "j/k to scroll, escape to close"
    SCROLLS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,H", "close", "Close", id="close-versions"),
        *Dialog.SCROLL_KEYS,
    ]

    def __init__(
        self, store: StoreThread, info: ReportInfo, measure: Measure, questions: tuple[LensQuestion, ...]
    ) -> None:
        super().__init__()
        self._store, self._info, self._measure, self._questions = store, info, measure, questions

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Reading every version…", style=muted()), id="versions")

    def on_mount(self) -> None:
        super().on_mount()
        code = literal(self._measure.code, newlines=False).plain[:40]
        self.query_one("#versions-box").border_title = f"Every version: {code}"
        self._versions: VersionsRead | None = None
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show())
        self.read_versions()

    @work(thread=True, exclusive=True, group="versions")
    def read_versions(self) -> None:
        """Read the note's and the flag's versions on the store thread."""
        info, key = self._info, self._measure.key

        def read(store: Store) -> tuple[list[Annotation], list[Annotation]]:
            held = data.held_now(store, info)
            notes = store.annotations.annotation_history(held, key, "note")
            return notes, store.annotations.annotation_history(held, key, "flag")

        try:
            notes, flags = self._store.call(read)
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(VersionsRead([], [], str(exc)))
            return
        self.post_message(VersionsRead(notes, flags))

    @on(VersionsRead)
    def _read(self, message: VersionsRead) -> None:
        self._versions = message
        self._show()

    def _show(self) -> None:
        """Draw what was read in the current theme's colours (again when the theme changes)."""
        message = self._versions
        shown: RenderableType
        if message is None:
            shown = Text("Reading every version…", style=muted())
        elif message.error is not None:
            shown = literal(f"The versions could not be read: {message.error}", "bold", newlines=False)
        else:
            parts = versions_section(message.notes[:-1], self._questions, flags=message.flags, shown=None)
            first = parts[0] if parts else None
            if isinstance(first, Text):
                shown = first[1:] if first.plain.startswith("\n") else first  # no blank line atop the box
            else:
                shown = Text("No note, question or flag on this measure was changed.", muted())
        self.query_one("#versions", Static).update(shown)
