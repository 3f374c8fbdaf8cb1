"""The one error type the project raises for bad input and bad state."""

from __future__ import annotations

from dataclasses import dataclass


class ScorecardError(Exception):
    """A problem a user can act on; the CLI prints it as one line."""


class PeriodMissing(ScorecardError):
    """The report states no period: the user must give one (``--period``, or the import dialog asks)."""


@dataclass(frozen=True)
class UnknownWord:
    """A rating word no row could be read with."""

    word: str
    """As the file writes it (spacing collapsed): what ``--rating WORD=...`` names."""
    rows: int
    first: tuple[str, ...]
    """The first few rows that use it (``row 2``)."""


class RatingWordsUnknown(ScorecardError):
    """Rows whose rating words the import does not know, and nothing else wrong with the table:
    the user must say what each means (``--rating``, or the import dialog asks)."""

    def __init__(self, message: str, words: tuple[UnknownWord, ...] = ()) -> None:
        super().__init__(message)
        self.words = words


@dataclass(frozen=True)
class UnreadRow:
    """A row of a table that cannot be read (``--skip-unreadable`` leaves it out)."""

    where: str
    """``row 4``."""
    text: str
    """Its cells joined, quoted as Python would (``'K3 | (blank) | 7 | Red'``): escapes shown, never obeyed."""
    reason: str
    """Why, in plain words (``no measure title``, ``not a rating: 'Purple'``)."""
    fix: str
    """What the command line would change (``add --rating ...``, ``check the row, or its column's --map``)."""

    def line(self) -> str:
        """``row N: 'its text': why (the fix)``: how the report records it."""
        return f"{self.where}: {self.text}: {self.reason} ({self.fix})"


class RowsUnreadable(ScorecardError):
    """Rows of a table that cannot be read (not only for unknown rating words): nothing is
    imported unless the user lets them be left out (``--skip-unreadable``, or the import dialog
    asks). ``readable``: how many measures the other rows hold (none: nothing to import the rest of)."""

    def __init__(
        self, message: str, rows: tuple[UnreadRow, ...] = (), readable: int = 0, words: tuple[UnknownWord, ...] = ()
    ) -> None:
        super().__init__(message)
        self.rows = rows
        self.readable = readable
        self.words = words
        """Rating words the import does not know among the rows (each one's rows are among ``rows``)."""
