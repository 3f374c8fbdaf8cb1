"""DetailScreen: one measure full screen, for terminals too small to show it beside the table."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from scorecard_tui.app.detail_view import DetailContext
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.model import Measure


class DetailScreen(Screen[None]):
    """Escape (or q) goes back to the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Back", show=False, id="close-detail"),
    ]

    def __init__(self, measure: Measure, context: DetailContext | None = None) -> None:
        super().__init__()
        self._measure = measure
        self._detail = context

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-full") as box:
            box.border_title = "Measure"
            yield DetailPane()
        yield Footer()

    def show_measure(self, measure: Measure, context: DetailContext | None = None) -> None:
        """Refresh the measure (its flag or note changed), keeping the scroll position."""
        self._measure, self._detail = measure, context
        self.query_one(DetailPane).show_measure(measure, context, keep=True)

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show_measure(self._measure, self._detail)
        pane.focus()
