"""LensScreen: the measures with scrutiny signals, most and worst first; enter jumps to the measure."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.lens_render import lens_line
from scorecard_tui.app.safe import literal
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import ReportInfo
from scorecard_tui.store.lens import LensRow

CODE_WIDTH = 12


@dataclass
class LensLoaded(Message):
    """The lens list was read (``error`` set when it could not be)."""

    rows: list[LensRow]
    error: str | None = None


class LensScreen(Screen[str | None]):
    """Dismisses with the chosen measure's key, or None when closed.

    Args:
        store: The thread that owns the store connection.
        info: The report on screen.
        as_of: Reviews due before this date count as missed.
        on_edit: Opens the question editor for a measure key (the main screen's).
    """

    DEFAULT_CSS = """
    LensScreen {
        & > #lens-header {
            height: 2;
            padding: 0 1;
            background: $boost;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > #lens {
            height: 1fr;
            border: round $accent;
            scrollbar-size-vertical: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "dismiss", "Back", id="close-lens"),
        Binding("e", "edit_questions", "Questions", id="lens-edit-questions"),
    ]

    def __init__(self, store: StoreThread, info: ReportInfo, as_of: date, on_edit: Callable[[str], None]) -> None:
        super().__init__()
        self._store = store
        self._info = info
        self.as_of = as_of
        self._on_edit = on_edit
        self.rows: list[LensRow] = []
        """The measures listed, in order (empty until read)."""

    def compose(self) -> ComposeResult:
        yield Static(id="lens-header")
        yield KeyedOptionList(id="lens")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).border_title = "Scrutiny lens"
        self._header("reading ...")
        self.query_one(OptionList).focus()
        self.load_rows()

    def _header(self, count: str) -> None:
        header = Text.assemble(
            literal(self._info.period, "bold reverse", newlines=False),
            "  Scrutiny lens  ",
            (f"reviews as of {self.as_of:%d %b %Y}", "bold"),
            f"  {count}",
        )
        header.append("\nenter: go to the measure   e: edit or drop its questions   escape: back", style="dim")
        self.query_one("#lens-header", Static).update(header)

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

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.rows[int(event.option.id)].key)
