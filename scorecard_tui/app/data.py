"""Store access for the app: one background thread owns the SQLite connection."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from scorecard_tui.model import Measure
from scorecard_tui.store import ReportInfo, Store

T = TypeVar("T")


@dataclass(frozen=True)
class LoadedReport:
    """A report and its measures as the app shows them."""

    info: ReportInfo
    measures: tuple[Measure, ...]


class StoreThread:
    """Runs store calls one at a time on a thread that owns the connection.

    SQLite connections belong to the thread that opened them, so every call goes
    through here; callers block on the result from a worker thread, never the UI.

    Args:
        path: The database file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: Store | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scorecard-store")

    def call(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` on the store thread and wait for its result."""
        return self._executor.submit(self._run, fn).result()

    def _run(self, fn: Callable[[Store], T]) -> T:
        if self._store is None:
            self._store = Store(self.path)
        return fn(self._store)

    def close(self) -> None:
        """Close the connection and stop the thread."""
        self._executor.submit(self._close)
        self._executor.shutdown(wait=True)

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def load_latest(store: Store) -> LoadedReport | None:
    """The latest report with its measures, or None for an empty store."""
    info = store.latest_report()
    if info is None:
        return None
    loaded = LoadedReport(info, tuple(store.measures(info.id)))
    store.search_codes(info.id, "warm")  # page the full-text index in before the first key
    return loaded
