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
