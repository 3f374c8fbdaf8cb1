"""A workbook's sheets (or a web page's tables) as one :class:`RawTable`.

What every grid reader shares: the sheets with a header row are kept as they are read
(:class:`FoundSheets`), the others only for what they begin with, to say what was seen; one
sheet is a table, several are joined with each sheet's name as the group of its rows.
"""

from __future__ import annotations

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.grid import GridRow, HeaderPlace, body_rows, locate_header, title_lines
from scorecard_tui.parse.headers import classify_header, normalise_header
from scorecard_tui.parse.table_model import RawTable, TableCell, TableRow
from scorecard_tui.text.safe import clean_text

MAX_COLUMNS = 200
"""Columns read per row: a stray formatted cell far to the right does not make a row huge."""


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def seen_texts(grid: list[GridRow]) -> list[str]:
    texts: list[str] = []
    for row in grid[:10]:
        texts.extend(c.text for c in row.cells if c.text.strip())
    return [t[:40] for t in texts[:8]]


class FoundSheets:
    """A workbook's sheets as they are read: those with a header row, and the first texts of the others."""

    def __init__(self) -> None:
        self.sheets: list[tuple[int, str, list[GridRow], HeaderPlace]] = []
        self.seen: list[str] = []

    def add(self, number: int, name: str, grid: list[GridRow]) -> None:
        """Keep sheet ``number`` (named ``name``, cleaned here) if it has a header row, else what it begins with."""
        header = locate_header(grid)
        if header is None:
            self.seen.extend(seen_texts(grid))
        else:
            self.sheets.append((number, clean_text(name), grid, header))

    def table(self, *, pages: int) -> RawTable:
        """The workbook's table from the sheets kept.

        Raises:
            ScorecardError: when no sheet has a header row, naming what was seen.
        """
        if not self.sheets:
            shown = ", ".join(repr(s) for s in self.seen[:8]) or "nothing (the sheets are empty)"
            raise ScorecardError(f"no header row naming a measure or indicator column; seen: {shown}")
        return _join_sheets(self.sheets, pages=pages)


def _join_sheets(sheets: list[tuple[int, str, list[GridRow], HeaderPlace]], pages: int) -> RawTable:
    if len(sheets) == 1:
        number, _, grid, header = sheets[0]
        return _table(grid, header, pages=pages, page=number)
    note = f"{len(sheets)} sheets read, each sheet's name is the group of its rows"
    return join_grids([(n, name, g, h) for n, name, g, h in sheets], pages=pages, note=note)


def join_grids(
    parts: list[tuple[int, str | None, list[GridRow], HeaderPlace]],
    *,
    pages: int,
    note: str | None,
    page_of_part: bool = True,
) -> RawTable:
    """Tables (sheets, a page's tables) as one: each part's rows take its group; columns are
    matched across parts by the field their header names ("RAG" in one, "Rating" in the next),
    else by their wording; a part's second column naming one field ("Long Trend", "Short Trend")
    stays a column of its own.

    Args:
        parts: (number, group, rows, header) of each part, in order.
        pages: Pages (sheets) in all.
        note: What ``inspect`` says about the join, if anything.
        page_of_part: Whether a part's number is its rows' page (a sheet), else every row is on page 1.
    """
    columns: list[str] = []
    keys: list[str] = []
    per_part = []
    for number, name, grid, header in parts:
        index_map = []
        used: dict[str, int] = {}
        for text in header.texts:
            field = classify_header(text)
            key = f"field:{field.value}" if field else normalise_header(text) or text
            used[key] = used.get(key, 0) + 1
            if used[key] > 1:
                key = f"{key}#{used[key]}"
            if key not in keys:
                keys.append(key)
                columns.append(text)
            index_map.append(keys.index(key))
        per_part.append((number, name, grid, header, index_map))
    rows: list[TableRow] = []
    legend: list[str] = []
    for number, name, grid, header, index_map in per_part:
        page = number if page_of_part else 1
        head = grid[header.title_end : header.body_start]
        for row in body_rows(
            grid[header.body_start :], len(index_map), group=name, page=page, header=head, legend=legend
        ):
            cells = [TableCell()] * len(columns)
            for source, target in enumerate(index_map):
                cells[target] = row.cells[source]
            rows.append(TableRow(tuple(cells), group=row.group, pages=row.pages, line=row.line))
    _, _, first_grid, first_header, _ = per_part[0]
    return RawTable(
        header=tuple(columns),
        rows=tuple(rows),
        title_lines=title_lines(first_grid[: first_header.title_end]),
        pages=pages,
        notes=(note,) if note else (),
        legend_lines=tuple(legend),
    )


def _table(grid: list[GridRow], header: HeaderPlace, *, pages: int, page: int = 1) -> RawTable:
    head = grid[header.title_end : header.body_start]
    legend: list[str] = []
    rows = tuple(body_rows(grid[header.body_start :], len(header.texts), page=page, header=head, legend=legend))
    return RawTable(
        header=header.texts,
        rows=rows,
        title_lines=title_lines(grid[: header.title_end]),
        pages=pages,
        legend_lines=tuple(legend),
    )


def table_from_grid(grid: list[GridRow], *, pages: int) -> RawTable:
    """One grid's table (a CSV).

    Raises:
        ScorecardError: when no row is a header row, naming what was seen.
    """
    header = locate_header(grid)
    if header is None:
        shown = ", ".join(repr(s) for s in seen_texts(grid)[:8]) or "nothing (the file is empty)"
        raise ScorecardError(f"no header row naming a measure or indicator column; seen: {shown}")
    return _table(grid, header, pages=pages)
