"""Watching a shared database: new reports offer a reload (R); others' flags and notes just show."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work

from scorecard_tui.app.data import Annotations, PeriodKey, load_annotations
from scorecard_tui.app.messages import AnnotationsLoaded, StoreChanged
from scorecard_tui.errors import ScorecardError
from scorecard_tui.store import ReportInfo, Store
from scorecard_tui.store.watch import data_version

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp

    _Base = ScorecardApp
else:
    _Base = object


def report_keys(reports: Sequence[ReportInfo]) -> tuple[tuple[int, str, str, str], ...]:
    """What identifies the reports held: a re-import gives a report a new id."""
    return tuple((r.id, r.name, r.source, r.period) for r in reports)


def what_landed(before: Sequence[ReportInfo], after: Sequence[ReportInfo]) -> str:
    """``2018/19 Q3`` (new periods), ``2018/19 Q2 again`` (re-imported), or ``a report removed``."""
    old = {PeriodKey.of(r): r.id for r in before}
    new = [r.period for r in after if PeriodKey.of(r) not in old]
    again = [r.period for r in after if PeriodKey.of(r) in old and old[PeriodKey.of(r)] != r.id]
    parts = new + [f"{period} again" for period in again]
    return ", ".join(parts) if parts else "a report removed"


class ReloadWatch(_Base):
    """Mixed into the app: polls the store's data version; never changes the view unasked."""

    poll_seconds: float = 3.0
    """How often to look for other people's changes."""
    pending_reload: str | None = None
    """What landed since the view was loaded (None: nothing)."""
    seen_version: int | None = None
    """The store's data version the app last caught up with."""

    _polling = False
    """A look is under way (looks never overlap, so none is ever cancelled)."""

    def start_watching(self) -> None:
        """Poll the store every ``poll_seconds``."""
        self.set_interval(self.poll_seconds, self.poll_store, name="poll-store")

    def poll_store(self) -> None:
        """Look for other people's changes, unless the last look is still going (a slow disk)."""
        if not self._polling:
            self._polling = True
            self._poll()

    @work(thread=True, group="poll")
    def _poll(self) -> None:
        """Has anyone committed since we looked? If so, what changed?"""
        try:
            self._look()
        finally:
            self._polling = False

    def _look(self) -> None:
        """On the worker: the data version, and if it moved, the reports and this period's notes."""
        known = self.seen_version
        info = self.report.info if self.report else None

        def look(store: Store) -> tuple[int, list[ReportInfo], Annotations | None] | None:
            version = data_version(store)
            if version == known:
                return None
            return version, store.reports(), load_annotations(store, info) if info else None

        try:
            found = self.data.call(look)
        except (ScorecardError, sqlite3.Error):
            return  # busy or briefly unreadable: the next poll tries again
        if found is not None:
            self.post_message(StoreChanged(*found))

    def on_store_changed(self, message: StoreChanged) -> None:
        """Offer a reload for new reports; show others' flags and notes straight away."""
        self.seen_version = message.version
        held = self.report.reports if self.report else ()
        if report_keys(message.reports) != report_keys(held):
            landed = what_landed(held, message.reports)
            if landed != self.pending_reload:
                self.pending_reload = landed
                self.notify(f"New in the database: {landed}. Press R to reload.", title="Reload", markup=False)
                self.apply_view()
        if self.report is not None and message.annotations is not None:
            self.post_message(AnnotationsLoaded(self.report.info.id, message.annotations))

    def action_reload(self) -> None:
        """Reload from the database: the latest period if that was on screen, else the same one."""
        if self.report is None or self.report.neighbour(1) is None:
            self.load_report()
        else:
            self.load_report(PeriodKey.of(self.report.info))
