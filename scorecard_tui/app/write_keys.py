"""WriteKeys: the main screen's writing keys (and the lens's ``m``, ``n`` and ``e``) on a measure by
key: say why nothing happens in a read-only session, find the measure and what it holds now, and
hand the rest to the :class:`Writer`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from scorecard_tui.app.writer import Writer

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from scorecard_tui.app.data import LoadedReport, PeriodKey, StoreThread
    from scorecard_tui.app.detail_view import DetailContext
    from scorecard_tui.app.drafts import Draft
    from scorecard_tui.app.import_step import HowRead, Imported
    from scorecard_tui.app.session import Session
    from scorecard_tui.model import Measure


class WriteHost(Protocol):
    """What the writing keys read of the screen they act on (the main screen)."""

    @property
    def report(self) -> LoadedReport | None:
        """The period on screen."""
        ...

    @property
    def app(self) -> App[object]:
        """The app (a :class:`Session`)."""
        ...

    @property
    def store_thread(self) -> StoreThread:
        """The thread that owns the store connection."""
        ...

    def detail_context(self, measure: Measure) -> DetailContext:
        """What the detail view shows around a measure (its lens questions among it)."""
        ...

    def load_report(self, wanted: PeriodKey | int | None = None) -> None:
        """Read a period (None: the latest)."""
        ...

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", markup: bool = True
    ) -> None:
        """Tell the officer."""
        ...


class WriteKeys:
    """The writing keys of ``host``, writing through ``writer``."""

    def __init__(self, host: WriteHost, writer: Writer) -> None:
        self._host = host
        self.writer = writer
        self.read_here: dict[str, HowRead] = {}
        """How each file imported in this session was read, by its digest (the store keeps none of it)."""

    def writable(self, what: str) -> bool:
        """Whether writing is possible; if not, say why."""
        reason = cast("Session", self._host.app).read_only_reason
        if reason is None:
            return True
        self._host.notify(f"{what} is off: {reason}.", title="Read-only", severity="warning", markup=False)
        return False

    def _measure(self, key: str) -> Measure | None:
        report = self._host.report
        return next((m for m in report.measures if m.key == key), None) if report is not None else None

    def flag(self, key: str) -> None:
        """Cycle a measure's flag: none, watch, raise."""
        if (report := self._host.report) is not None and self.writable("Flagging"):
            self.writer.flag(report.info, key)

    def edit_note(self, key: str) -> None:
        """Write or edit a measure's note (reopening text that could not be saved)."""
        report, measure = self._host.report, self._measure(key)
        if measure is None or report is None or not self.writable("Writing notes"):
            return
        note = report.annotations.notes.get(measure.key)
        self.writer.edit_note(report.info, measure.key, note.value if note else "")

    def edit_questions(self, key: str) -> None:
        """Open the question editor on a measure's signals (none: on one of the officer's own)."""
        report = self._host.report
        if report is None or not self.writable("Editing questions"):
            return
        if (measure := self._measure(key)) is not None:
            questions = self._host.detail_context(measure).signals
            self.writer.edit_questions(report.info, key, measure.code, questions)

    def unsaved_note_drafts(self) -> list[Draft]:
        """The notes that could not be saved, as drafts to keep when the app ends."""
        report = self._host.report
        return self.writer.note_drafts.drafts(report.reports if report is not None else ())

    def import_file(self) -> None:
        """Ask for a file and import it; then show the latest period."""
        from scorecard_tui.app.screens.import_file import ImportScreen

        def imported(outcome: Imported | None) -> None:
            if outcome is not None:
                if outcome.how is not None:
                    self.read_here[outcome.how.sha256] = outcome.how
                self._host.notify(outcome.line, title="Imported", markup=False)
                self._host.load_report()

        if self.writable("Importing"):
            self._host.app.push_screen(ImportScreen(self._host.store_thread), imported)
