"""Read ``.xlsx`` and ``.csv`` scorecards into a :class:`RawTable`.

``.xlsx`` is read with openpyxl in read-only mode (memory stays flat however long the
sheet); one sheet, or one sheet per directorate (the sheet's name is then the group).
``.csv`` is UTF-8 with or without a byte-order mark, else Windows-1252 (Excel's "CSV");
comma, semicolon or tab separated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.grid import GridRow, HeaderPlace, body_rows, locate_header, title_lines
from scorecard_tui.parse.headers import classify_header, normalise_header
from scorecard_tui.parse.table_model import RGB, RawTable, TableCell, TableRow
from scorecard_tui.safe import clean_text

MAX_COLUMNS = 200
"""Columns read per row: a stray formatted cell far to the right does not make a row huge."""


# -- CSV ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (a byte-order mark dropped), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most evenly."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d])


def looks_like_csv(text: str) -> bool:
    """Whether text reads as delimited rows (most of its first lines split the same way)."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if len(lines) < 2:
        return False
    delimiter = sniff_delimiter(text)
    rows = list(csv.reader(lines, delimiter=delimiter))
    widths = [len(r) for r in rows]
    return max(widths) >= 3 and sum(w >= 3 for w in widths) >= len(widths) / 2


def read_csv(data: bytes) -> RawTable:
    """A CSV file's table.

    Raises:
        ScorecardError: when no header row names a measure or indicator column.
    """
    text = decode_text(data).replace("\x00", "")
    hint = re.match(r"sep=(.)\r?\n", text)  # Excel's own first line naming the separator
    if hint:
        text = text[hint.end() :]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=hint.group(1) if hint else sniff_delimiter(text))
    grid = [
        GridRow(tuple(TableCell(text=clean_text(v).strip()) for v in row[:MAX_COLUMNS]), line=n)
        for n, row in enumerate(reader, start=1)
    ]
    return _table_from_grid(grid, pages=1)


# -- XLSX --------------------------------------------------------------------------------


def read_xlsx(path: Path) -> RawTable:
    """An ``.xlsx`` workbook's table: every sheet with a header row, in order.

    With more than one such sheet, each sheet's name is the group of its rows (one
    sheet per directorate); columns are matched across sheets by the field their header
    names ("RAG" on one sheet, "Rating" on the next), else by their wording.

    Raises:
        ScorecardError: for a damaged workbook, or when no sheet has a header row.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
    try:
        sheets = []
        seen: list[str] = []
        count = len(workbook.worksheets)
        for number, sheet in enumerate(workbook.worksheets, start=1):
            grid = list(_sheet_rows(sheet))
            header = locate_header(grid)
            if header is None:
                seen.extend(_seen(grid))
                continue
            sheets.append((number, clean_text(sheet.title), grid, header))
    except ScorecardError:
        raise
    except Exception as exc:
        raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
    finally:
        workbook.close()
    if not sheets:
        shown = ", ".join(repr(s) for s in seen[:8]) or "nothing (the sheets are empty)"
        raise ScorecardError(f"no header row naming a measure or indicator column; seen: {shown}")
    return _join_sheets(sheets, pages=count)


def _sheet_rows(sheet: Any) -> Iterator[GridRow]:
    if (getattr(sheet, "max_column", None) or 0) > MAX_COLUMNS:
        sheet.reset_dimensions()  # a stated width this big is wrong: read what is there
    for n, row in enumerate(sheet.iter_rows(), start=1):
        cells = tuple(_cell(c) for c in row[:MAX_COLUMNS])
        if cells:
            yield GridRow(cells, line=n)


def _cell(cell: object) -> TableCell:
    value = getattr(cell, "value", None)
    fill = _fill(cell)
    if value is None:
        return TableCell(fill=fill) if fill else TableCell()
    if isinstance(value, bool):
        return TableCell(text="Yes" if value else "No", fill=fill)
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", None)
        return TableCell(text=_number_text(value), fill=fill, number=float(value), number_format=fmt)
    if isinstance(value, datetime | date):
        return TableCell(text=f"{value:%d %B %Y}", fill=fill)
    if isinstance(value, time):
        return TableCell(text=str(value), fill=fill)
    return TableCell(text=clean_text(str(value)).strip(), fill=fill)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _fill(cell: Any) -> RGB | None:
    """A solid fill given as RGB (theme and indexed colours are not resolved: no fill)."""
    try:
        fill = cell.fill
    except (AttributeError, IndexError, KeyError):
        return None
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    colour = getattr(fill, "fgColor", None)
    rgb = getattr(colour, "rgb", None)
    if getattr(colour, "type", None) != "rgb" or not isinstance(rgb, str) or not re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb):
        return None
    hex6 = rgb[-6:]
    return (int(hex6[0:2], 16) / 255, int(hex6[2:4], 16) / 255, int(hex6[4:6], 16) / 255)


def _seen(grid: list[GridRow]) -> list[str]:
    texts: list[str] = []
    for row in grid[:10]:
        texts.extend(c.text for c in row.cells if c.text.strip())
    return [t[:40] for t in texts[:8]]


def _join_sheets(sheets: list[tuple[int, str, list[GridRow], HeaderPlace]], pages: int) -> RawTable:
    if len(sheets) == 1:
        number, _, grid, header = sheets[0]
        return _table(grid, header, pages=pages, page=number)
    columns: list[str] = []
    keys: list[str] = []
    per_sheet = []
    for number, name, grid, header in sheets:
        index_map = []
        for text in header.texts:
            field = classify_header(text)
            key = f"field:{field.value}" if field else normalise_header(text) or text
            if key not in keys:
                keys.append(key)
                columns.append(text)
            index_map.append(keys.index(key))
        per_sheet.append((number, name, grid, header, index_map))
    rows: list[TableRow] = []
    for number, name, grid, header, index_map in per_sheet:
        for row in body_rows(grid[header.body_start :], len(index_map), group=name, page=number):
            cells = [TableCell()] * len(columns)
            for source, target in enumerate(index_map):
                cells[target] = row.cells[source]
            rows.append(TableRow(tuple(cells), group=row.group, pages=row.pages, line=row.line))
    _, _, first_grid, first_header, _ = per_sheet[0]
    return RawTable(
        header=tuple(columns),
        rows=tuple(rows),
        title_lines=title_lines(first_grid[: first_header.title_end]),
        pages=pages,
        notes=(f"{len(sheets)} sheets read, each sheet's name is the group of its rows",),
    )


def _table(grid: list[GridRow], header: HeaderPlace, *, pages: int, page: int = 1) -> RawTable:
    return RawTable(
        header=header.texts,
        rows=tuple(body_rows(grid[header.body_start :], len(header.texts), page=page)),
        title_lines=title_lines(grid[: header.title_end]),
        pages=pages,
    )


def _table_from_grid(grid: list[GridRow], *, pages: int) -> RawTable:
    header = locate_header(grid)
    if header is None:
        shown = ", ".join(repr(s) for s in _seen(grid)[:8]) or "nothing (the file is empty)"
        raise ScorecardError(f"no header row naming a measure or indicator column; seen: {shown}")
    return _table(grid, header, pages=pages)
