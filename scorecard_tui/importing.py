"""Import scorecard files into the store: parse, then save in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard_tui.model import Report
from scorecard_tui.store import ImportOutcome, Store

if TYPE_CHECKING:
    from scorecard_tui.parse import Reading
    from scorecard_tui.parse.doris import ProgressCallback


@dataclass(frozen=True)
class ImportSummary:
    """What importing one file did."""

    path: Path
    outcome: ImportOutcome
    report: Report
    notices: tuple[str, ...] = ()
    """What was set aside on the way that the user should hear of (a remembered ``--map`` naming no field)."""

    def line(self, listed: str = "summary lists them") -> str:
        """One line for people: ``imported 20 measures in 3 directorates, 2018/19 Q1, 11 pages``;
        ``listed`` says where the rows not read are listed (the app: by its key)."""
        r = self.report
        what = (
            f"{_count(len(r.measures), 'measure')} in {_count(len(r.directorates), 'directorate')}, "
            f"{r.period}, {_count(r.pages, 'page')}"
        )
        if r.unread_rows:
            what += f"; {_count(len(r.unread_rows), 'row')} not read, recorded with the report ({listed})"
        if self.outcome is ImportOutcome.UNCHANGED:
            return f"already held, unchanged: {what}"
        if self.outcome is ImportOutcome.REPLACED:
            return f"imported {what} (replaced the {r.period} report held before)"
        return f"imported {what}"


def import_file(
    store: Store,
    path: str | Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
) -> ImportSummary:
    """Parse one file and store it; nothing is written unless the whole report is read.

    Args:
        store: The database.
        path: The file.
        period: ``--period``; else read from the report.
        on_page: Progress callback.
        overrides: ``--map`` choices (header -> field): used, and remembered for the
            report's series so the next quarter's import reuses them.

    Raises:
        ScorecardError: with a one-line reason (the caller adds the file name).
    """
    path = Path(path)
    reading = read_file(path, period=period, on_page=on_page, overrides=overrides, remembered=remembered(store))
    return save_reading(store, path, reading, overrides)


def read_file(
    path: Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
    remembered: Callable[[str, str], dict[str, str]] | None = None,
) -> Reading:
    """Read one file as ``import`` does (the app reads on its worker with this, then saves with
    :func:`save_reading`): the reading under ``--series``, its table's rows let go.

    Raises:
        ScorecardError: with a one-line reason (the caller adds the file name).
    """
    from scorecard_tui.parse import read_scorecard
    from scorecard_tui.parse.table_report import with_series

    reading = read_scorecard(path, period=period, on_page=on_page, overrides=overrides, remembered=remembered)
    return _rows_let_go(with_series(reading, overrides))


def _rows_let_go(reading: Reading) -> Reading:
    """The reading without its table's rows, which saving does not use: a 10,000-row sheet's cells
    (~27 MiB of Python objects) are freed before the save allocates its own."""
    from dataclasses import replace

    if reading.mapped is None:
        return reading
    return replace(reading, mapped=replace(reading.mapped, table=replace(reading.mapped.table, rows=())))


def save_reading(store: Store, path: Path, reading: Reading, overrides: dict[str, str] | None = None) -> ImportSummary:
    """Store a file already read (the app reads on its worker, then saves on the store's writing thread)."""
    from scorecard_tui.parse.table_report import split_choices

    maps, ratings, _ = split_choices(overrides)
    words = (ratings or None) if reading.mapped else None  # a DORIS-style scorecard reads its own
    outcome = store.save_report(reading.report, header_maps=_used(reading, maps), rating_words=words)
    notices = (*reading.mapped.notes, *reading.option_notes) if reading.mapped else _no_effect_on_doris(overrides)
    return ImportSummary(path, outcome, reading.report, notices)


def _no_effect_on_doris(overrides: dict[str, str] | None) -> tuple[str, ...]:
    """A notice that ``--rating`` / ``--skip-unreadable`` do nothing to a DORIS-style scorecard."""
    from scorecard_tui.parse.table_report import RATING, SKIP

    given = [
        option
        for option, used in (
            ("--rating", any(k.startswith(RATING) for k in overrides or {})),
            ("--skip-unreadable", SKIP in (overrides or {})),
        )
        if used
    ]
    if not given:
        return ()
    return (
        f"{' and '.join(given)} {'has' if len(given) == 1 else 'have'} no effect on a DORIS-style scorecard "
        "(it reads the ratings and rows as the report prints them): ignored, not remembered",
    )


class Remembered:
    """Looks up a series' remembered ``--map`` and ``--rating`` choices (the ratings under their
    prefix), and the held series a file named another way may join (:meth:`held_series`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, name: str, source: str) -> dict[str, str]:
        from scorecard_tui.parse.table_report import RATING

        ratings = {RATING + word: rating for word, rating in self.store.rating_words(name, source).items()}
        return self.store.header_maps(name, source) | ratings

    def held_series(self, source: str) -> list[tuple[str, tuple[str, ...], set[str]]]:
        """Each held table series of the source: name, latest header row, latest codes."""
        return self.store.held_series(source)


class RememberedThrough:
    """As :class:`Remembered`, for a store reached through ``call`` (the app's store thread)."""

    def __init__(self, call: Callable[[Callable[[Store], object]], object]) -> None:
        self.call = call

    def __call__(self, name: str, source: str) -> dict[str, str]:
        found = self.call(lambda store: Remembered(store)(name, source))
        return found if isinstance(found, dict) else {}

    def held_series(self, source: str) -> list[tuple[str, tuple[str, ...], set[str]]]:
        """Each held table series of the source: name, latest header row, latest codes."""
        found = self.call(lambda store: store.held_series(source))
        return found if isinstance(found, list) else []


def remembered(store: Store) -> Callable[[str, str], dict[str, str]]:
    """A :class:`Remembered` for the store."""
    return Remembered(store)


def _used(reading: Reading, overrides: dict[str, str] | None) -> dict[str, str] | None:
    """The ``--map`` choices that named a column of this report (those worth remembering)."""
    if not overrides or reading.mapped is None:
        return None
    headers = {
        c.header for c in reading.mapped.columns if c.how.endswith("--map") or c.how.startswith("ignored (--map")
    }
    return {h: f for h, f in overrides.items() if any(_same(h, header) for header in headers)} or None


def _same(a: str, b: str) -> bool:
    from scorecard_tui.parse.headers import normalise_header

    return " ".join(a.split()).lower() == " ".join(b.split()).lower() or normalise_header(a) == normalise_header(b)


def _count(n: int, noun: str) -> str:
    """``1 directorate``, ``3 directorates``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
