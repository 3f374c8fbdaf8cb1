"""StoreWatch: the main screen's look, every few seconds, for what other people committed to a
shared database (new or re-imported reports to offer a reload for; flags and notes to show)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreChanges, StoreThread
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import ReportInfo


class StoreWatch:
    """What the view has caught up with, and what landed since."""

    def __init__(self) -> None:
        self.seen_version: int | None = None
        """The store's data version the view last caught up with."""
        self.pending_reload: str | None = None
        """What landed in the store since the view was loaded (None: nothing)."""
        self._looking = False

    def caught_up(self, version: int) -> None:
        """The view was (re)loaded at this data version: nothing is pending."""
        self.seen_version, self.pending_reload = version, None

    def start(self) -> bool:
        """Whether to look now: not while the last look is still going (a slow disk)."""
        if self._looking:
            return False
        self._looking = True
        return True

    def look(self, store: StoreThread, info: ReportInfo | None) -> StoreChanges | None:
        """Has anyone committed since the last look? If so, what the store holds now (``info``'s
        flags and notes among it). Off the UI thread; after ``start``."""
        known = self.seen_version
        try:
            return store.call(lambda s: data.look_for_changes(s, known, info))
        except (ScorecardError, sqlite3.Error):
            return None  # busy or briefly unreadable: the next look tries again
        finally:
            self._looking = False

    def landed(self, changes: StoreChanges, held: Sequence[ReportInfo]) -> str | None:
        """Take what a look found, with the reports the view holds: what to tell the officer when
        reports landed that were not told of yet, else None."""
        self.seen_version = changes.version
        if data.report_keys(changes.reports) == data.report_keys(held):
            return None
        landed = data.what_landed(held, changes.reports)
        if landed == self.pending_reload:
            return None
        self.pending_reload = landed
        return f"New in the database: {landed}. Press R to reload."
