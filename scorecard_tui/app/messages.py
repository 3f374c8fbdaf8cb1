"""Messages the main screen's workers post back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from scorecard_tui.app.data import Annotations, Details, Lens, LoadedReport, StoreChanges


@dataclass
class ReportLoaded(Message):
    """A report was read (``loaded`` None: the database is empty)."""

    loaded: LoadedReport | None
    read_only_reason: str | None = None
    """Why the store is read-only, or None when it can be written."""
    version: int = 0
    """The store's data version when it was read."""


@dataclass
class LoadFailed(Message):
    """The database could not be read."""

    message: str


@dataclass
class SearchDone(Message):
    """Codes of the measures matching a search."""

    query: str
    codes: frozenset[str]


@dataclass
class AnnotationsLoaded(Message):
    """A period's flags and notes were (re)read, after a write or a change by someone else."""

    report_id: int
    annotations: Annotations


@dataclass
class DetailsLoaded(Message):
    """A period's history and lens were read (after the period itself)."""

    report_id: int
    details: Details


@dataclass
class LensChanged(Message):
    """A period's lens questions were re-read after an officer edited or dropped some."""

    report_id: int
    lens: Lens


@dataclass
class Notice(Message):
    """Something a worker wants said to the user."""

    text: str
    title: str = ""
    severity: SeverityLevel = "information"


@dataclass
class StoreChanged(Message):
    """Someone committed to the database."""

    changes: StoreChanges
