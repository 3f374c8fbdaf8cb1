"""DetailPane: the selected measure in full, scrollable."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from scorecard_tui.app.detail_view import DetailContext, detail
from scorecard_tui.model import Measure


class DetailPane(VerticalScroll, can_focus=True):
    """Shows one measure; escape hands the keyboard back to the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("escape", "app.back_to_table", "Back to table", id="back-to-table"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text("No measure selected.", style="dim"), id="detail-body")

    def show_measure(
        self, measure: Measure | None, context: DetailContext | None = None, *, keep: bool = False
    ) -> None:
        """Show a measure (None: say nothing is selected).

        Args:
            measure: The measure.
            context: History, flag, note and dates around it.
            keep: Keep the scroll position (the same measure, refreshed); else go to the top.
        """
        body = self.query_one("#detail-body", Static)
        if measure is None:
            body.update(Text("No measure selected.", style="dim"))
        else:
            body.update(detail(measure, context))
        if not keep:
            self.scroll_home(animate=False)
