"""SortMenu: the table's columns to sort by (``S``); the column sorted by now again reverses it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app.render import muted
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.view import SORT_COLUMNS, ViewState, sort_line
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList

PUBLISHED = ""
"""The menu's choice of the report's own order (``s``'s sorts again)."""


class SortMenu(Dialog[str | None]):
    """Dismisses with the chosen column's key, PUBLISHED for the report's order, or None.

    Args:
        columns: The table's column keys, left to right (those a sort can follow are offered).
        state: The filters and sort now: the column sorted by is highlighted, saying enter reverses it.
    """

    DEFAULT_CSS = """
    #sort-box {
        width: 56;  /* its hint whole: "escape to cancel" was cut */
        & > OptionList {
            height: auto;
            border: none;
        }
    }
    """
    BOX_ID = "sort-box"
    BOX_TITLE = "Sort by"
    BOX_HINT = "enter to sort, again to reverse; escape to cancel"

    def __init__(self, columns: Sequence[str], state: ViewState) -> None:
        super().__init__()
        self._columns = [c for c in columns if c in SORT_COLUMNS]
        self._state = state

    def compose_body(self) -> ComposeResult:
        options = [Option(Text("As published (s cycles the other sorts)"), id="sort:")]
        for key in self._columns:
            name = SORT_COLUMNS[key][0]
            label = Text(name[0].upper() + name[1:])
            if key == self._state.column:
                label.append(f"  ({sort_line(self._state).split(', ')[-1]}: enter reverses)", style=muted())
            options.append(Option(label, id=f"sort:{key}"))
        yield KeyedOptionList(*options, id="sort-columns")

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        current = self._columns.index(self._state.column) + 1 if self._state.column in self._columns else 0
        options.highlighted = current
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((event.option.id or "sort:")[5:])
