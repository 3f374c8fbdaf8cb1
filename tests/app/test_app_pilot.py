"""Drive every key through Textual's pilot and check what the user would see."""

from __future__ import annotations

from textual.widgets import Static

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.widgets.rag_table import RagTable

WIDE = (160, 48)
SMALL = (80, 24)


def plain(widget: Static) -> str:
    """The text a Static shows."""
    rendered = widget.render()
    return rendered.plain if hasattr(rendered, "plain") else str(rendered)


def status(app: ScorecardApp) -> str:
    return plain(app.query_one("#status-text", Static))


def header(app: ScorecardApp) -> str:
    return plain(app.query_one("#header", Static))


def detail_text(app: ScorecardApp) -> str:
    body = app.screen.query_one("#detail-body", Static)
    console_text = app.console.export_text if False else None  # noqa: F841
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(body.visual if hasattr(body, "visual") else body.render())
    return console.export_text()


def table_codes(app: ScorecardApp) -> list[str]:
    table = app.query_one(RagTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def table_rows(app: ScorecardApp) -> list[list[str]]:
    table = app.query_one(RagTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
