"""EmptyState: what an empty database shows instead of a blank table."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

MESSAGE = """No scorecard imported yet.

Import a scorecard PDF from the shell:

    scorecard import FILE

or press  i  here and type the file's path.

Just looking? Run  scorecard demo  to open the sample report."""


class EmptyState(Static):
    """A friendly panel saying how to import."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text(MESSAGE), **kwargs)  # type: ignore[arg-type]

    def show_error(self, message: str) -> None:
        """Say why nothing could be loaded."""
        self.update(Text(f"Could not open the database.\n\n{message}"))
