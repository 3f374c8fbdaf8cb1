"""The readers of report families, and the registry the import walks once.

Each family is one module with one :class:`Reader`: it says from the file's first bytes
(and its name's suffix) whether the file is its own, and reads it. Adding a family is one
new module and one line in :data:`READERS`. The first reader to claim a file reads it; the
ones before it that declined, and why, are what ``inspect`` shows as "readers that looked".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from scorecard_tui.parse.doris import Extraction, ProgressCallback
from scorecard_tui.parse.table_model import RawTable


@dataclass(frozen=True)
class Claim:
    """A reader takes the file."""


@dataclass(frozen=True)
class Decline:
    """A reader does not take the file, and why (shown by ``inspect``)."""

    reason: str


@dataclass(frozen=True)
class Found:
    """What a reader read: a table (mapped to measures by the header mapper) or a DORIS extraction."""

    family: str
    """What to call the family in messages and ``inspect``, e.g. ``spreadsheet (.ods)``."""
    table: RawTable | None = None
    extraction: Extraction | None = None


class Reader(Protocol):
    """One report family's reader."""

    name: str
    """The family in a word or two, as ``inspect`` lists it."""

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        """Whether the file is this family's, from cheap checks of its bytes (no parsing)."""
        ...

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        """Read the file, within the family's limits (checked before the work they bound).

        Raises:
            ScorecardError: with a one-line reason.
        """
        ...


def registry() -> tuple[Reader, ...]:
    """Every reader, in the order they are asked."""
    from scorecard_tui.parse.readers import (
        read_doris_text,
        read_html,
        read_ods,
        read_pdf,
        read_text_table,
        read_xls,
    )
    from scorecard_tui.parse.readers import read_xlsx as xlsx

    return (
        read_pdf.READER,
        read_ods.READER,
        xlsx.READER,
        read_xls.READER,
        read_html.READER,
        read_doris_text.READER,
        read_text_table.READER,
    )
