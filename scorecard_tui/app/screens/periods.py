"""PeriodScreen: pick the period to show from every report in the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app.safe import literal
from scorecard_tui.store import ReportInfo


def period_label(info: ReportInfo, current: bool) -> Text:
    """One report as a list line: period, size, fetch date, report and source."""
    text = Text("▶ " if current else "  ", style="bold")
    text.append_text(literal(info.period, "bold", newlines=False))
    when = f"fetched {info.fetched_at:%d %b %Y}" if info.fetched_at else f"period to {info.as_of:%d %b %Y}"
    text.append(f"  {info.measure_count:>3} measures  {when}  ")
    text.append_text(literal(f"{info.name} ({info.source})", "dim", newlines=False))
    if current:
        text.append("  (shown)", style="italic")
    return text


class PeriodScreen(ModalScreen[int | None]):
    """Dismisses with the chosen report's id, or None when cancelled.

    Args:
        reports: Every stored report, oldest period first.
        current: The id of the report on screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Cancel", id="close-periods"),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    def __init__(self, reports: Sequence[ReportInfo], current: int) -> None:
        super().__init__()
        self._reports = list(reversed(reports))
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="periods-box") as box:
            box.border_title = "Periods (latest first)"
            box.border_subtitle = "enter to show, escape to cancel"
            yield OptionList(
                *(Option(period_label(r, r.id == self._current), id=str(r.id)) for r in self._reports),
                id="periods",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next(i for i, r in enumerate(self._reports) if r.id == self._current)
        options.focus()

    def action_cursor(self, where: str) -> None:
        """Move the highlight."""
        options = self.query_one(OptionList)
        options.action_cursor_down() if where == "down" else options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))
