"""DetailScreen: one measure full screen, for terminals too small to show it beside the table."""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen

from scorecard_tui.app.detail_view import DetailContext
from scorecard_tui.app.keys import forwarded_bindings
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.key_footer import KeyFooter
from scorecard_tui.model import Measure


class DetailOwner(Protocol):
    """The screen the full-screen detail passes its keys to (the main screen)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether the owner would take this action now."""
        ...

    async def run_action(self, action: str) -> object:
        """Run one of the owner's actions."""
        ...

    def action_back_to_table(self) -> None:
        """Give the keyboard back to the table."""
        ...


class DetailScreen(Screen[None]):
    """Escape (or q) goes back to the table; the main screen's keys (``m``, ``n``, the filters) still
    work here, acting on the main screen.

    Args:
        measure: The measure to show.
        context: What to show around it.
        owner: The main screen, which the keys act on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Back", show=False, id="close-detail"),
        *forwarded_bindings(),
    ]

    def __init__(self, measure: Measure, context: DetailContext | None = None, *, owner: DetailOwner) -> None:
        super().__init__()
        self._measure = measure
        self._detail = context
        self._owner = owner

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A forwarded key is on when the main screen would take it."""
        if action != "forward":
            return True
        namespace, name, params = parse(str(parameters[0]))
        return True if namespace else self._owner.check_action(name, params)

    async def action_forward(self, action: str) -> None:
        """Run one of the main screen's actions there."""
        await self._owner.run_action(action)

    def action_back_to_table(self) -> None:
        """Back to the table (the pane's escape)."""
        self._owner.action_back_to_table()

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-full") as box:
            box.border_title = "Measure"
            yield DetailPane()
        yield KeyFooter()

    def show_measure(self, measure: Measure, context: DetailContext | None = None) -> None:
        """Refresh the measure (its flag or note changed), keeping the scroll position."""
        self._measure, self._detail = measure, context
        self.query_one(DetailPane).show_measure(measure, context, keep=True)

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show_measure(self._measure, self._detail)
        pane.focus()
