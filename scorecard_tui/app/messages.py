"""Messages the app's workers post back to the UI thread."""

from __future__ import annotations

from textual.message import Message

from scorecard_tui.app.data import LoadedReport


class ReportLoaded(Message):
    """The latest report was read (None: the database is empty)."""

    def __init__(self, loaded: LoadedReport | None) -> None:
        self.loaded = loaded
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
