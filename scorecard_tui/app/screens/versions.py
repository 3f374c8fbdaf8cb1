"""VersionsScreen: every earlier version of a measure's note, questions and flag (``H``), read from the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.screens.store_box import StoreBox
from scorecard_tui.app.versions_view import versions_section
from scorecard_tui.model import Annotation, Measure, ReportInfo
from scorecard_tui.store.lens import LensQuestion

if TYPE_CHECKING:
    from scorecard_tui.store import Store


class VersionsScreen(StoreBox[tuple[list[Annotation], list[Annotation]]]):
    """Every version, newest first, in a box that scrolls; escape, q or H closes it.

    Args:
        store: The thread that owns the store connection.
        info: The period on screen.
        measure: The measure.
        questions: Its questions, each with every earlier version (the lens read them all).
    """

    BOX_ID = "versions-box"
    BODY_ID = "versions"
    READING = "Reading every version…"
    FAILED = "The versions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,H", "close", "Close", id="close-versions"),
        *Dialog.SCROLL_KEYS,
    ]

    def __init__(
        self, store: StoreThread, info: ReportInfo, measure: Measure, questions: tuple[LensQuestion, ...]
    ) -> None:
        super().__init__(store)
        self._info, self._measure, self._questions = info, measure, questions

    def on_mount(self) -> None:
        code = literal(self._measure.code, newlines=False).plain[:40]
        self.query_one("#versions-box").border_title = f"Every version: {code}"
        super().on_mount()

    def read(self, store: Store) -> tuple[list[Annotation], list[Annotation]]:
        """The note's and the flag's every version, oldest first."""
        held = data.held_now(store, self._info)
        key = self._measure.key
        return store.annotations.annotation_history(held, key, "note"), store.annotations.annotation_history(
            held, key, "flag"
        )

    def shown(self, value: tuple[list[Annotation], list[Annotation]]) -> RenderableType:
        notes, flags = value
        parts = versions_section(notes[:-1], self._questions, flags=flags, shown=None)
        first = parts[0] if parts else None
        if isinstance(first, Text):
            return first[1:] if first.plain.startswith("\n") else first  # no blank line atop the box
        return Text("No note, question or flag on this measure was changed.", muted())
