"""Reader: the main screen's reads off the UI thread (a period, its history and lens, a search) and
its look every few seconds for what others committed. Each read is a plain step on the store
thread that returns the message to post back (tested without Pilot); the Reader runs it in a
worker of the screen's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from scorecard_tui.app import data
from scorecard_tui.app.data import PeriodKey, StoreThread
from scorecard_tui.app.messages import DetailsLoaded, LoadFailed, Notice, ReportLoaded, SearchDone, StoreChanged
from scorecard_tui.app.safe import clean
from scorecard_tui.app.screen_part import ScreenPart
from scorecard_tui.app.watch import StoreWatch
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import ReportInfo

if TYPE_CHECKING:
    from textual.screen import Screen


def read_period(store: StoreThread, wanted: PeriodKey | int | None = None) -> ReportLoaded | LoadFailed:
    """A period (default: the latest), why the store is read-only, and its data version."""
    try:
        loaded, reason, version = store.call(lambda s: data.load_view(s, wanted))
    except ScorecardError as exc:
        return LoadFailed(str(exc))
    return ReportLoaded(loaded, reason, version)


def read_details(store: StoreThread, info: ReportInfo) -> DetailsLoaded | Notice:
    """A period's history and lens."""
    try:
        details = store.call(lambda s: data.load_details(s, info))
    except ScorecardError as exc:
        return Notice(clean(f"History and lens not read: {exc}"), title="Load", severity="error")
    return DetailsLoaded(info.id, details)


def read_matches(store: StoreThread, info: ReportInfo, text: str) -> SearchDone:
    """The keys of the period's measures that match a search (none when the store cannot say)."""
    try:
        codes = store.call(lambda s: data.matching_codes(s, info, text))
    except ScorecardError:
        codes = set()
    return SearchDone(text, frozenset(codes))


class Reader(ScreenPart):
    """The reads of a screen, run on its workers and posting to it."""

    def __init__(self, screen: Screen[Any], store: StoreThread) -> None:
        super().__init__(screen, store)
        self.watch = StoreWatch()
        """What the view has caught up with of the store, and what landed since."""

    def period(self, wanted: PeriodKey | int | None = None) -> None:
        """Read a period (default: the latest); a newer read replaces one still going."""
        self._run("load", lambda: [read_period(self._store, wanted)], exclusive=True)

    def details(self, info: ReportInfo) -> None:
        """Read the period's history and lens."""
        self._run("details", lambda: [read_details(self._store, info)], exclusive=True)

    def search(self, text: str, info: ReportInfo, wanted: Callable[[], str]) -> None:
        """Ask the store which measures match; skipped when ``wanted`` (the search bar's text by
        the time the worker starts) is no longer ``text``, and dropped when a newer one replaced it."""

        def search() -> list[SearchDone]:
            if text != wanted():
                return []
            found = read_matches(self._store, info, text)
            return [] if get_current_worker().is_cancelled else [found]

        self._run("search", search, exclusive=True)

    def poll(self, info: ReportInfo | None) -> None:
        """Look for other people's changes, unless the last look is still going (a slow disk)."""
        if self.watch.start():

            def look() -> list[StoreChanged]:
                found = self.watch.look(self._store, info)
                return [StoreChanged(found)] if found is not None else []

            self._run("poll", look)
