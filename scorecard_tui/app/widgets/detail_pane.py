"""DetailPane: the selected measure in full, scrollable."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from scorecard_tui.app.render import detail
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

    def show_measure(self, measure: Measure | None, fetched_at: datetime | None = None) -> None:
        """Show a measure (None: say nothing is selected) from the top."""
        body = self.query_one("#detail-body", Static)
        if measure is None:
            body.update(Text("No measure selected.", style="dim"))
        else:
            body.update(detail(measure, fetched_at))
        self.scroll_home(animate=False)
