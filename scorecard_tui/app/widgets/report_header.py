"""ReportHeader: report name, period, fetch time and RAG counts of the measures in view."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from scorecard_tui.app.render import header
from scorecard_tui.model import Measure
from scorecard_tui.store import ReportInfo


class ReportHeader(Static):
    """Two lines at the top of the screen."""

    def show_report(self, info: ReportInfo, measures: Sequence[Measure]) -> None:
        """Describe a report and the measures currently in view."""
        self.update(header(info.name, info.period, info.source, info.fetched_at, measures), layout=False)

    def show_message(self, message: str) -> None:
        """Plain text in place of a report (loading, empty)."""
        self.update(Text(message))
