"""PeriodScreen: pick the period to show from every report in the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList
from scorecard_tui.model import ReportInfo


def period_label(info: ReportInfo, current: bool) -> Text:
    """One report as a list line: period, size, fetch date, report and source."""
    text = Text("» " if current else "  ", style="bold")  # the period on screen (▶ is a coming review)
    text.append_text(literal(info.period, "bold", newlines=False))
    when = f"fetched {info.fetched_at:%d %b %Y}" if info.fetched_at else f"period to {info.as_of:%d %b %Y}"
    text.append(f"  {info.measure_count:>3} measures  {when}  ")
    text.append_text(literal(f"{info.name} ({info.source})", "italic", newlines=False))  # not muted: on the cursor too
    if current:
        text.append("  (shown)", style="italic")
    return text


class PeriodScreen(Dialog[int | None]):
    """Dismisses with the chosen report's id, or None when cancelled.

    Args:
        reports: Every stored report, oldest period first.
        current: The id of the report on screen.
    """

    DEFAULT_CSS = """
    #periods-box {
        width: 100;
        max-height: 80%;
        & > OptionList {
            height: auto;
            max-height: 100%;
            border: none;
        }
    }
    """

    BOX_TITLE = "Periods (latest first)"
    BOX_HINT = "enter to show, escape to cancel"
    BOX_ID = "periods-box"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,p", "close", "Cancel", id="close-periods")]

    def __init__(self, reports: Sequence[ReportInfo], current: int) -> None:
        super().__init__()
        self._reports = list(reversed(reports))
        self._current = current

    def compose_body(self) -> ComposeResult:
        yield KeyedOptionList(
            *(Option(period_label(r, r.id == self._current), id=str(r.id)) for r in self._reports),
            id="periods",
        )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next(i for i, r in enumerate(self._reports) if r.id == self._current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))
