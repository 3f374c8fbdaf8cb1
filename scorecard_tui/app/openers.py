"""Openers: what the main screen's ``p``, ``[``/``]``, ``v``, ``l`` and ``I`` open over it (the period
picker, the neighbouring period, the review agenda, the scrutiny lens and the report's own facts),
and where each sends the officer back (a period read, a measure under the cursor)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from scorecard_tui.app.write_keys import WriteHost, WriteKeys


class OpenerHost(WriteHost, Protocol):
    """What the openers read of the screen they open over (the main screen), beyond what the
    writing keys read."""

    @property
    def as_of(self) -> date:
        """The date reviews count as past or coming from."""
        ...

    @property
    def writing(self) -> WriteKeys:
        """The writing keys the lens's ``m``, ``n`` and ``e`` use."""
        ...

    def show_key(self, key: str) -> None:
        """Put the table's cursor on a measure."""
        ...

    def set_as_of(self, as_of: date) -> None:
        """Count reviews as past or coming from this date."""
        ...


class Openers:
    """The lists opened over ``host``."""

    def __init__(self, host: OpenerHost) -> None:
        self._host = host
        self.lens_cursor: dict[int, str] = {}
        """Where the lens was left in each period (report id -> measure key): it opens there again."""

    def pick_period(self) -> None:
        """Pick a period from every report in the store."""
        from scorecard_tui.app.screens.periods import PeriodScreen

        if (report := self._host.report) is not None:
            self._host.app.push_screen(PeriodScreen(report.reports, report.info.id), self._period_chosen)

    def _period_chosen(self, report_id: int | None) -> None:
        report = self._host.report
        if report_id is not None and report is not None and report_id != report.info.id:
            self._host.load_report(report_id)

    def step_period(self, step: int) -> None:
        """Show the previous (-1) or next (1) period of the same report."""
        if (report := self._host.report) is None:
            return
        info = report.neighbour(step)
        if info is None:
            where = "earliest" if step < 0 else "latest"
            self._host.notify(f"{report.info.period} is the {where} period held.", markup=False)
            return
        self._host.load_report(info.id)

    def agenda(self) -> None:
        """Open the review agenda for the period shown."""
        from scorecard_tui.app.screens.agenda import AgendaScreen

        host = self._host
        if (report := host.report) is not None:
            info = report.info
            screen = AgendaScreen(report.measures, info.period, host.as_of, host.set_as_of, host.store_thread, info)
            host.app.push_screen(screen, self._chosen)

    def _chosen(self, key: str | None) -> None:
        """The measure chosen in the agenda or the lens (None: closed with none)."""
        if key is not None:
            self._host.show_key(key)

    def lens(self) -> None:
        """Open the scrutiny lens for the period shown, on the measure it was left on."""
        from scorecard_tui.app.screens.lens import LensActions, LensMarks, LensScreen

        host = self._host
        if (report := host.report) is not None:
            info, writing = report.info, host.writing
            actions = LensActions(
                writing.edit_questions,
                writing.flag,
                writing.edit_note,
                lambda: LensMarks.of(host.report),
                lambda key: self.lens_cursor.__setitem__(info.id, key),
            )
            screen = LensScreen(host.store_thread, info, host.as_of, actions, self.lens_cursor.get(info.id))
            host.app.push_screen(screen, self._chosen)

    def report_info(self) -> None:
        """Open what the store keeps of the period's report: its file, its facts, the rows left out."""
        from scorecard_tui.app.screens.report_info import ReportInfoScreen

        if (report := self._host.report) is not None:
            host = self._host
            host.app.push_screen(ReportInfoScreen(host.store_thread, report.info, host.writing.read_here))

    def redraw_lens(self) -> None:
        """Redraw the lens, if open (flags, notes or questions changed)."""
        from scorecard_tui.app.screens.lens import LensScreen

        for screen in self._host.app.screen_stack:
            if isinstance(screen, LensScreen) and screen.is_mounted:
                screen.redraw()
