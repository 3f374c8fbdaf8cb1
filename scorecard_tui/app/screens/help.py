"""HelpScreen: every key on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from scorecard_tui.app.keys import APP_KEYS, MOVING_KEYS


def key_table() -> Table:
    """The keys as a two-column table."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True, min_width=12)
    table.add_column("does", ratio=1)
    table.add_row(Text("Filter and sort", style="bold underline"), "")
    for key in APP_KEYS:
        table.add_row(Text(key.display), Text(key.long))
    table.add_row("", "")
    table.add_row(Text("Move and read", style="bold underline"), "")
    for keys, does in MOVING_KEYS:
        table.add_row(Text(keys), Text(does))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape to close"
            yield Static(key_table())

    def action_scroll(self, where: str) -> None:
        """Scroll the key list."""
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down() if where == "down" else box.scroll_up()
