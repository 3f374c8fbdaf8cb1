"""What a table-shaped report reads into, before its columns are mapped to measure fields.

Every family that is "one row per measure under a header row" (header-row table PDFs,
colour-only-RAG PDFs, ``.xlsx`` and ``.csv`` files) is read into a :class:`RawTable`;
one header mapper turns any :class:`RawTable` into measures. Readers know nothing of
field names; the mapper knows nothing of PDFs or spreadsheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RGB = tuple[float, float, float]
"""A colour as red, green, blue in 0..1."""
SHARED_CHARS = 32
"""Readers make a text cell up to this long (a rating, direction, unit, "High") once per sheet or
table and share it among the rows that hold the same text (cells are immutable): less to build and hold."""


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell as the reader found it."""

    text: str = ""
    """The cell's text, cleaned; paragraphs separated by newlines."""
    fill: RGB | None = None
    """The fill colour behind the cell (PDF rectangles, spreadsheet fills), if any."""
    number: float | None = None
    """Spreadsheets: the cell's numeric value, when it holds a number."""
    number_format: str | None = None
    """Spreadsheets: the cell's number format (``0.0%`` makes 0.563 read as 56.3 %)."""
    font: str | None = None
    """PDFs: the font of the cell's text when it is a symbol font (Wingdings, Symbol), so a
    letter such as ``é`` reads as the arrow it draws."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One measure's row, its cells aligned with :attr:`RawTable.header`."""

    cells: tuple[TableCell, ...]
    group: str | None = None
    """The section row or heading in force above this row (a directorate, service, theme), if any."""
    pages: tuple[int, int] = (1, 1)
    """First and last page (or sheet number, or 1 for a CSV) the row appears on."""
    line: int = 0
    """Where the row starts in its source (spreadsheet row number; 0 when unknown), for error messages."""


@dataclass(frozen=True)
class RawTable:
    """A whole report read as one table."""

    header: tuple[str, ...]
    """Column names as printed; a header cell wrapped onto two lines is joined with a space."""
    rows: tuple[TableRow, ...]
    title_lines: tuple[str, ...] = ()
    """Text above the header row: the report's title, subtitle and period words."""
    pages: int = 1
    """Pages (or sheets) read."""
    notes: tuple[str, ...] = field(default=())
    """What the reader wants ``inspect`` to say (e.g. a fill colour it could not classify)."""
    page_check: str = ""
    """PDFs: how the pages were checked (their numbers, or that they have none), for ``inspect``."""
    legend_lines: tuple[str, ...] = ()
    """Key or legend lines printed between or below the rows (page furniture, never a row), read only
    for the report's tolerance (``Tolerance: 10%``; a key table's ``Amber | Within 5% of target``)."""
