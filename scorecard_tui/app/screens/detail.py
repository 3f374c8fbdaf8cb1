"""DetailScreen: one measure full screen, for terminals too small to show it beside the table."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.model import Measure


class DetailScreen(Screen[None]):
    """Escape (or q) goes back to the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Back", show=False, id="close-detail"),
    ]

    def __init__(self, measure: Measure, fetched_at: datetime | None) -> None:
        super().__init__()
        self._measure = measure
        self._fetched_at = fetched_at

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail-full")
        yield Footer()

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.border_title = "Measure"
        pane.show_measure(self._measure, self._fetched_at)
        pane.focus()
