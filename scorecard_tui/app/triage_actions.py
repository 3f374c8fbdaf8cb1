"""Period, change, review and flag filters, and the review agenda: the app's triage actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from scorecard_tui.app.screens.agenda import AgendaScreen
from scorecard_tui.app.screens.periods import PeriodScreen

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp

    _Base = ScorecardApp
else:
    _Base = object


class TriageActions(_Base):
    """Mixed into the app: periods (``p``, ``[``, ``]``), ``c``, ``w``, ``F`` and the agenda (``v``)."""

    as_of_override: date | None = None
    """The as-of date the user gave (``--as-of`` or ``a`` in the agenda); None follows the report."""

    @property
    def as_of(self) -> date:
        """The date reviews count as past or coming from: the user's, else the report's fetch date
        (or its period's end when the report states no fetch time)."""
        if self.as_of_override is not None:
            return self.as_of_override
        return self.report.info.as_of if self.report else date.today()

    # -- periods -----------------------------------------------------------------------

    def action_pick_period(self) -> None:
        """Pick a period from every report in the store."""
        if self.report is not None:
            self.push_screen(PeriodScreen(self.report.reports, self.report.info.id), self._period_chosen)

    def _period_chosen(self, report_id: int | None) -> None:
        if report_id is not None and self.report is not None and report_id != self.report.info.id:
            self.load_report(report_id)

    def action_step_period(self, step: int) -> None:
        """Show the previous (-1) or next (1) period of the same report."""
        if self.report is None:
            return
        info = self.report.neighbour(step)
        if info is None:
            where = "earliest" if step < 0 else "latest"
            self.notify(f"{self.report.info.period} is the {where} period held.", markup=False)
            return
        self.load_report(info.id)

    # -- filters -----------------------------------------------------------------------

    def action_toggle_changed(self) -> None:
        """Show only measures new or with a better or worse RAG since the previous period."""
        if self.report is None:
            return
        if self.report.previous is None and not self.state.changed_only:
            self.notify(f"No period before {self.report.info.period} is held: nothing to compare.", markup=False)
        self._set_state(replace(self.state, changed_only=not self.state.changed_only))

    def action_toggle_flagged(self) -> None:
        """Show only flagged measures."""
        self._set_state(replace(self.state, flagged_only=not self.state.flagged_only))

    def action_cycle_due(self) -> None:
        """Cycle the review-due filter: off, 2, 4, 8, 13 weeks."""
        self._set_state(self.state.next_due())

    # -- the agenda --------------------------------------------------------------------

    def action_agenda(self) -> None:
        """Open the review agenda for the period shown."""
        if self.report is not None:
            screen = AgendaScreen(self.report.measures, self.report.info.period, self.as_of)
            self.push_screen(screen, self._agenda_chosen)

    def _agenda_chosen(self, code: str | None) -> None:
        if code is not None:
            self.show_code(code)

    def on_agenda_screen_as_of_changed(self, message: AgendaScreen.AsOfChanged) -> None:
        """The agenda's as-of date applies to the table too."""
        self.as_of_override = message.as_of
        self.notify(f"Reviews now counted as of {message.as_of:%d %b %Y}.", markup=False)
        self.apply_view()
        self.refresh_detail()
