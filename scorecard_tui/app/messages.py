"""Messages the app's workers post back to the UI thread."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import SeverityLevel

from scorecard_tui.app.data import Annotations, LoadedReport
from scorecard_tui.store import ReportInfo


class ReportLoaded(Message):
    """A report was read (None: the database is empty).

    Args:
        loaded: The report and everything around it.
        read_only_reason: Why the store is read-only, or None when it can be written.
        version: The store's data version when it was read.
    """

    def __init__(self, loaded: LoadedReport | None, read_only_reason: str | None = None, version: int = 0) -> None:
        self.loaded = loaded
        self.read_only_reason = read_only_reason
        self.version = version
        super().__init__()


class LoadFailed(Message):
    """The database could not be read."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__()


class SearchDone(Message):
    """Codes of the measures matching a search."""

    def __init__(self, query: str, codes: frozenset[str]) -> None:
        self.query = query
        self.codes = codes
        super().__init__()


class AnnotationsLoaded(Message):
    """A period's flags and notes were (re)read, after a write or a change by someone else."""

    def __init__(self, report_id: int, annotations: Annotations) -> None:
        self.report_id = report_id
        self.annotations = annotations
        super().__init__()


class Notice(Message):
    """Something a worker wants said to the user."""

    def __init__(self, text: str, *, title: str = "", severity: SeverityLevel = "information") -> None:
        self.text = text
        self.title = title
        self.severity: SeverityLevel = severity
        super().__init__()


class StoreChanged(Message):
    """Someone committed to the database: its version, the reports held, this period's annotations."""

    def __init__(self, version: int, reports: list[ReportInfo], annotations: Annotations | None) -> None:
        self.version = version
        self.reports = reports
        self.annotations = annotations
        super().__init__()
