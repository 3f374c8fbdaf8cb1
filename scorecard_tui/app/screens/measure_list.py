"""MeasureList: what the agenda and the lens share, a period's measures listed full screen under a
two-line header; enter jumps to the measure."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.color import Color
from textual.screen import Screen
from textual.widgets import OptionList, Static

from scorecard_tui.app.palette import current
from scorecard_tui.app.render import muted, selected_line
from scorecard_tui.app.safe import literal
from scorecard_tui.app.widgets.key_footer import KeyFooter
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList


class MeasureList(Screen[str | None]):
    """Dismisses with the key of the measure chosen, or None.

    Subclasses set ``LIST_ID`` (the list's id; the header's is ``<id>-header``), ``LIST_TITLE``
    and ``HINTS``, fill the list in ``fill`` (each measure's option id its index for ``key_at``,
    emptied with ``clear_list``) and style ``#<id>`` (its border) in their own ``DEFAULT_CSS``.
    The highlighted line is drawn plain on the cursor (``selected_line``), from ``prompt_at``.

    Args:
        period: The period's label.
        as_of: The date the list counts reviews from.
    """

    DEFAULT_CSS = """
    MeasureList {
        & > .list-header {
            height: 2;
            padding: 0 1;
            background: $boost;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > .measure-list {
            height: 1fr;
            scrollbar-size-vertical: 1;
        }
    }
    """

    LIST_ID: ClassVar[str] = "measures"
    LIST_TITLE: ClassVar[str] = ""
    HINTS: ClassVar[str] = ""
    """The header's second line: the keys."""

    def __init__(self, period: str, as_of: date) -> None:
        super().__init__()
        self.period = period
        self.as_of = as_of
        self._selected: int | None = None
        """The option drawn as the selected line."""

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.LIST_ID}-header", classes="list-header")
        yield KeyedOptionList(id=self.LIST_ID, classes="measure-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).border_title = self.LIST_TITLE
        self.fill()
        self.query_one(OptionList).focus()
        self.app.theme_changed_signal.subscribe(self, self.retheme)

    def retheme(self, _theme: object) -> None:
        """A new theme while the list is open: its badges and marks are drawn again in its colours."""
        self.fill()

    def fill(self) -> None:
        """Fill the header and the list."""

    def show_header(self, dated: str, count: str) -> None:
        """``2018/19 Q2  Review agenda  as of 30 Nov 2018  3 coming, 5 past`` over the hints."""
        header = Text.assemble(
            literal(self.period, current().marker, newlines=False),
            f"  {self.LIST_TITLE}  ",
            (f"{dated} {self.as_of:%d %b %Y}", "bold"),
            f"  {count}",
        )
        header.append(f"\n{self.HINTS}", style=muted())
        self.query_one(f"#{self.LIST_ID}-header", Static).update(header)

    def key_at(self, index: int) -> str:
        """The key of the measure listed at ``index``."""
        raise NotImplementedError

    def clear_list(self) -> OptionList:
        """The list, emptied."""
        options = self.query_one(OptionList)
        options.clear_options()
        self._selected = None
        return options

    def prompt_at(self, index: int) -> Text | None:
        """The line option ``index`` shows when not selected (None: leave it as it is)."""
        return None

    def highlight_moved(self, index: int) -> None:
        """The cursor is on option ``index`` now."""

    def _cursor_background(self) -> str | None:
        """The selected line's background (``#rrggbb``), when the theme gives one as a colour."""
        cursor = "foreground" if self.app.no_color else "block-cursor-background"  # NO_COLOR: scorecard.tcss
        try:
            colour = Color.parse(self.app.theme_variables[cursor])
        except (KeyError, ValueError):
            return None
        return colour.hex6 if colour.a == 1 and colour.ansi is None else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The line under the cursor drawn plain on it, the one it left drawn again as it was."""
        options = self.query_one(OptionList)
        before, self._selected = self._selected, event.option_index
        if before is not None and before != event.option_index and (line := self.prompt_at(before)) is not None:
            options.replace_option_prompt_at_index(before, line)
        if (line := self.prompt_at(event.option_index)) is not None:
            options.replace_option_prompt_at_index(event.option_index, selected_line(line, self._cursor_background()))
        self.highlight_moved(event.option_index)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.key_at(int(event.option.id)))
