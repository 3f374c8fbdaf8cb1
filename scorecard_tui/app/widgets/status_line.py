"""StatusLine: what the table shows, and how it is sorted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from scorecard_tui.app.safe import clean


class StatusLine(Horizontal):
    """One line: the filters in words on the left, the sort on the right."""

    DEFAULT_CSS = """
    StatusLine {
        & > #status-text {
            width: 1fr;
        }
        & > #status-sort {
            width: auto;
            color: $text-muted;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="status-text")
        yield Static(id="status-sort")

    def show(self, status: str, sort: str) -> None:
        """Set both halves (the status can carry the user's search text)."""
        self.query_one("#status-text", Static).update(Text(clean(status, newlines=False)), layout=False)
        sort_label = self.query_one("#status-sort", Static)
        if str(sort_label.content) != sort:
            sort_label.update(Text(sort))
