"""HelpScreen: every key on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from scorecard_tui.app.keys import APP_KEYS, GROUPS, MOVING_KEYS
from scorecard_tui.app.screens.dialog import Dialog

KEY_WIDTH = 14


def _section(title: str, rows: list[tuple[str, str]]) -> list[RenderableType]:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", width=KEY_WIDTH)
    table.add_column("does", ratio=1)
    for keys, does in rows:
        table.add_row(Text(keys), Text(does))
    return [Text(title, style="bold underline"), table, Text("")]


def key_table() -> Group:
    """The keys by section, each a two-column table."""
    parts: list[RenderableType] = []
    for group in GROUPS:
        parts += _section(group, [(k.display, k.long) for k in APP_KEYS if k.group == group])
    parts += _section("Move and read", list(MOVING_KEYS))
    return Group(*parts[:-1])


class HelpScreen(Dialog[None]):
    """Lists every key; escape, q or ? closes it."""

    DEFAULT_CSS = """
    #help-box {
        width: 90;
        max-height: 100%;
        padding: 0 1;
    }
    """

    BOX_TITLE = "Keys"
    BOX_ID = "help-box"
    SCROLLS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close-help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(key_table())

    def action_scroll(self, where: str) -> None:
        """Scroll the key list."""
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down() if where == "down" else box.scroll_up()
