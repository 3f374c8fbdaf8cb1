"""EmptyState: what an empty database shows instead of a blank table."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

MESSAGE = Text.assemble(
    ("No scorecard imported yet.\n\n", "bold"),
    "Import a scorecard (PDF, .xlsx, .xls, .ods, .csv, tab-separated\n"
    "text or a web page's .html) from the shell:\n\n    ",
    ("scorecard import FILE", "bold reverse"),
    "\n\nor press ",
    (" i ", "bold reverse"),
    " here and type the file's path.\n\nJust looking? Run ",
    ("scorecard demo", "bold"),
    " to open the sample report.",
)


class EmptyState(Static):
    """A friendly panel saying how to import."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(MESSAGE, id=id)

    def show_error(self, message: str) -> None:
        """Say why nothing could be loaded."""
        self.update(Text(f"Could not open the database.\n\n{message}"))
