"""ReportHeader: report name, period, fetch time and RAG counts of the measures in view."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from scorecard_tui.app.render import header
from scorecard_tui.app.view import Marks
from scorecard_tui.model import Measure, ReportInfo


class ReportHeader(Static):
    """Two lines at the top of the screen."""

    _shown: Text | None = None

    def show_report(
        self,
        info: ReportInfo,
        measures: Sequence[Measure],
        *,
        marks: Marks | None = None,
        dropped: int = 0,
        read_only: bool = False,
        reload: str | None = None,
    ) -> None:
        """Describe a report and the measures currently in view."""
        text = header(
            info.name,
            info.period,
            info.source,
            info.fetched_at,
            measures,
            marks=marks,
            dropped=dropped,
            read_only=read_only,
            reload=reload,
            subtitle=info.subtitle,
            unread=info.unread_count,
        )
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)

    def show_message(self, message: str) -> None:
        """Plain text in place of a report (loading, empty)."""
        self._shown = Text(message)
        self.update(self._shown)
