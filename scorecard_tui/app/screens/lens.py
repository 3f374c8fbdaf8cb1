"""LensScreen: the measures with scrutiny signals, most and worst first; enter jumps to the measure."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.lens_render import lens_line
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.measure_list import MeasureList
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import ReportInfo
from scorecard_tui.store.lens import LensRow

CODE_WIDTH = 12


@dataclass
class LensLoaded(Message):
    """The lens list was read (``error`` set when it could not be)."""

    rows: list[LensRow]
    error: str | None = None


class LensScreen(MeasureList):
    """Dismisses with the chosen measure's key, or None when closed.

    Args:
        store: The thread that owns the store connection.
        info: The report on screen.
        as_of: Reviews due before this date count as missed.
        on_edit: Opens the question editor for a measure key (the main screen's).
    """

    DEFAULT_CSS = """
    LensScreen > #lens {
        border: round $accent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "dismiss", "Back", id="close-lens"),
        Binding("e", "edit_questions", "Questions", id="lens-edit-questions"),
    ]

    LIST_ID = "lens"
    LIST_TITLE = "Scrutiny lens"
    HINTS = "enter: go to the measure   e: edit or drop its questions   escape: back"

    def __init__(self, store: StoreThread, info: ReportInfo, as_of: date, on_edit: Callable[[str], None]) -> None:
        super().__init__(info.period, as_of)
        self._store = store
        self._info = info
        self._on_edit = on_edit
        self.rows: list[LensRow] = []
        """The measures listed, in order (empty until read)."""

    def fill(self) -> None:
        self._header("reading ...")
        self.load_rows()

    def _header(self, count: str) -> None:
        self.show_header("reviews as of", count)

    @work(thread=True, exclusive=True, group="lens")
    def load_rows(self) -> None:
        """Read the lens list on the store thread (one query of the signals kept at import)."""
        info, as_of = self._info, self.as_of
        try:
            rows = self._store.call(lambda s: data.lens_rows(s, info, as_of))
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(LensLoaded([], str(exc)))
            return
        self.post_message(LensLoaded(rows))

    @on(LensLoaded)
    def _loaded(self, message: LensLoaded) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self.rows = message.rows
        if message.error is not None:
            self._header("")
            options.add_option(Option(literal(f"The lens could not be read: {message.error}", "bold"), disabled=True))
            return
        n = len(self.rows)
        self._header(f"{n} measure{'s' if n != 1 else ''} with signals, most and worst first")
        if not self.rows:
            options.add_option(Option(Text("No signals in this period.", "dim"), disabled=True))
            return
        width = min(CODE_WIDTH, max(len(r.code) for r in self.rows))
        options.add_options([Option(lens_line(row, width), id=str(i)) for i, row in enumerate(self.rows)])
        options.highlighted = 0

    @property
    def highlighted(self) -> LensRow | None:
        """The measure under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def action_edit_questions(self) -> None:
        """Edit or drop the highlighted measure's questions."""
        if (row := self.highlighted) is not None:
            self._on_edit(row.key)

    def key_at(self, index: int) -> str:
        return self.rows[index].key
