"""The import dialog's work off the screen: read a file as ``import`` does, save it on the store's
writing thread, and say how it went: imported, a question the file leaves open, failed, cancelled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard_tui.app.keys import REPORT_INFO_KEY
from scorecard_tui.errors import (
    PeriodMissing,
    RatingWordsUnknown,
    RowsUnreadable,
    ScorecardError,
    UnknownWord,
    UnreadRow,
)

if TYPE_CHECKING:
    from scorecard_tui.app.data import StoreThread
    from scorecard_tui.parse import Reading
    from scorecard_tui.parse.doris import ProgressCallback
    from scorecard_tui.store import Store


UNREAD_LISTED = f"press {REPORT_INFO_KEY} to see them"
"""Where the import's line says the rows not read are listed: the app's report box (``I``)."""


class ImportCancelled(BaseException):
    """Raised from the import's progress callback, and before its save, once the officer cancelled.

    A ``BaseException`` (as ``asyncio.CancelledError`` is): the readers turn their libraries'
    ``Exception``s into one-line reasons, and a cancellation must pass through them untouched.
    """


@dataclass(frozen=True)
class ImportRequest:
    """A file to import and what the officer said of it: as ``scorecard import`` is told."""

    path: Path
    period: str | None = None
    """``--period``."""
    ratings: dict[str, str] = field(default_factory=dict)
    """``--rating WORD=MEANING`` for each word (meaning ``Red`` ... ``none``)."""
    skip_unreadable: bool = False
    """``--skip-unreadable``."""

    def choices(self) -> dict[str, str]:
        """The choices as the command line hands them to the import."""
        from scorecard_tui.parse.table_report import parse_choices

        ratings = tuple(f"{word}={meaning}" for word, meaning in self.ratings.items())
        return parse_choices((), ratings, skip_unreadable=self.skip_unreadable)


@dataclass(frozen=True)
class HowRead:
    """How an import read its file, as ``inspect`` says it: the store keeps none of it, so the app
    keeps it for the session's own imports (the report box, ``I``, shows it)."""

    sha256: str
    """The file's digest: which report it is."""
    family: str
    period_from: str
    page_check: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, reading: Reading) -> HowRead:
        """What ``reading`` says of how it read its file."""
        return cls(reading.report.sha256, reading.family, reading.period_from, reading.page_check, reading.notes)


@dataclass(frozen=True)
class Imported:
    """Saved: the import's one-line summary, and how the file was read."""

    line: str
    how: HowRead | None = None


@dataclass(frozen=True)
class PeriodAsked:
    """The file states no period."""


@dataclass(frozen=True)
class RatingsAsked:
    """Rating words the import does not know (perhaps among other rows that will not read)."""

    words: tuple[UnknownWord, ...]


@dataclass(frozen=True)
class RowsAsked:
    """Rows that cannot be read among rows that can: importing the rest is the officer's to choose."""

    rows: tuple[UnreadRow, ...]
    readable: int
    """How many measures the other rows hold (at least one)."""


@dataclass(frozen=True)
class Failed:
    """The import failed: one line saying why."""

    message: str


@dataclass(frozen=True)
class Cancelled:
    """The officer cancelled: nothing was written."""


Outcome = Imported | PeriodAsked | RatingsAsked | RowsAsked | Failed | Cancelled


def import_step(
    store: StoreThread, request: ImportRequest, stop_if_cancelled: Callable[[], None], on_page: ProgressCallback
) -> Outcome:
    """Read the file on this thread; save it on the store's writing thread, which checks the
    database file first (never write into a damaged one). ``stop_if_cancelled`` raises
    :class:`ImportCancelled` once the officer cancelled: it is called at each page and before the
    save starts (once the transaction starts, the import lands whole).
    """
    from scorecard_tui.importing import RememberedThrough, read_file, save_reading

    path = request.path

    def save(target: Store) -> str:
        stop_if_cancelled()
        target.verify()
        return save_reading(target, path, reading, choices).line(listed=UNREAD_LISTED)

    try:
        choices = request.choices()
        remembered = RememberedThrough(store.call)  # remembered choices, and the held series
        reading = read_file(path, period=request.period, on_page=on_page, overrides=choices, remembered=remembered)
        stop_if_cancelled()
        return Imported(store.write(save), HowRead.of(reading))
    except ImportCancelled:
        return Cancelled()
    except PeriodMissing:
        return PeriodAsked()
    except RatingWordsUnknown as exc:
        return RatingsAsked(exc.words)
    except RowsUnreadable as exc:
        return _rows_outcome(path, exc)
    except ScorecardError as exc:
        return Failed(f"{path.name}: {exc}")
    except OSError as exc:
        return Failed(f"{path}: {exc.strerror or exc}")
    except Exception as exc:  # a parser bug must not take the session down
        return Failed(f"{path}: import failed ({exc!r})")


def _rows_outcome(path: Path, exc: RowsUnreadable) -> Outcome:
    """Rows that will not read: their rating words asked first (a meaning may make them read);
    then the rest offered, unless there is no rest (as ``--skip-unreadable`` refuses then too)."""
    if exc.words:
        return RatingsAsked(exc.words)
    if exc.readable:
        return RowsAsked(exc.rows, exc.readable)
    shown = "; ".join(f"{row.where}: {row.reason}" for row in exc.rows[:3])
    more = f"; and {len(exc.rows) - 3} more" if len(exc.rows) > 3 else ""
    return Failed(f"{path.name}: no row of its table can be read, so there is no rest to import: {shown}{more}")
