"""RowsQuestion: the import dialog's question when rows of a table cannot be read: which rows, and
why, before the officer imports the rest (as ``--skip-unreadable`` would) or cancels."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.errors import UnreadRow

SHOWN = 4
"""Rows named one per line; the others are counted."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class RowsQuestion(Widget, can_focus=True):
    """The rows that cannot be read (the first :data:`SHOWN`, each with why and its text as the file
    has it, shown literally), and how many measures the others hold. Focused, enter (the dialog's
    key) imports the rest."""

    DEFAULT_CSS = """
    RowsQuestion {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus {
            background: $boost;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[UnreadRow, ...] = ()
        self.readable = 0

    def ask(self, rows: tuple[UnreadRow, ...], readable: int) -> None:
        """Show these rows, the other rows' measures counted, and take the focus."""
        self.rows = rows
        self.readable = readable
        self.display = True
        self.refresh(layout=True)
        self.focus()

    def render(self) -> Text:
        n = len(self.rows)
        rest = _count(self.readable, "measure")
        asked = f"{_count(n, 'row')} cannot be read. Import the other rows ({rest})?"
        lines = [Text(asked, style="bold")]
        for row in self.rows[:SHOWN]:
            line = Text(f"  {row.where}: ")
            line.append_text(literal(row.reason, newlines=False))
            line.append("  ")
            line.append_text(literal(row.text, muted(), newlines=False))
            lines.append(line)
        if n > SHOWN:
            lines.append(Text(f"  and {_count(n - SHOWN, 'more row')}", style=muted()))
        lines.append(Text("Each row left out is recorded with the report.", muted()))
        text = Text("\n").join(lines)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text
