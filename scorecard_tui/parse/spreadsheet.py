"""Read ``.xlsx`` and ``.csv`` scorecards into a :class:`RawTable`.

Both are read from the bytes already read (never the file again), within the limits of
:mod:`~scorecard_tui.parse.sheet_limits`. ``.xlsx`` values are read with python-calamine, its
number formats and fills from the sheet XML (:mod:`~scorecard_tui.parse.calamine_sheets`);
openpyxl's streaming reader is kept to check it against. One sheet, or one sheet per
directorate (the sheet's name is then the group). ``.csv`` is UTF-8 with or without a
byte-order mark, else Windows-1252 (Excel's "CSV"), never a mix; comma, semicolon or tab
separated.

Progress: both readers take ``on_page(done, total)``, the callback the PDF readers take.
A workbook reports (sheets done, sheets in all), a CSV (0, 1), each again at least every
:data:`~scorecard_tui.parse.sheet_limits.PROGRESS_ROWS` rows or
:data:`~scorecard_tui.parse.sheet_limits.PROGRESS_CELLS` cells read (the same pair may
repeat). Whatever the callback raises stops the read and comes out of
:func:`~scorecard_tui.parse.read_scorecard` unchanged: raise from it to cancel.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.csv_lines import CsvLines
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.grid import GridRow
from scorecard_tui.parse.sheet_limits import (
    MAX_CELL_CHARS,
    SheetBudget,
    SheetCounts,
    check_parts,
    check_shared_strings,
    count_sheet,
    open_zip,
)
from scorecard_tui.parse.table_model import RGB, RawTable, TableCell
from scorecard_tui.parse.workbook import MAX_COLUMNS, FoundSheets, number_text, table_from_grid
from scorecard_tui.text.safe import clean_text

# -- CSV ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (a byte-order mark dropped), else Windows-1252, else Latin-1: for telling a CSV from
    other text by its first lines only (:func:`read_csv` refuses what is not cleanly one encoding)."""
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
    try:
        rows = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return False
    widths = [len(r) for r in rows]
    return max(widths) >= 3 and sum(w >= 3 for w in widths) >= len(widths) / 2


_END = "\uf8ff end of the file \uf8ff"
"""A last line after the file's own: read into a cell only when a quote never closed."""


def read_csv(data: bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """A CSV file's table, read line by line within the limits.

    Args:
        data: The file's bytes.
        on_page: Called with (0, 1) every so many rows (see the module's docstring).

    Raises:
        ScorecardError: when no header row names a measure or indicator column, a quote
            never closes, the encoding is mixed, or a limit is passed (naming the line).
    """
    lines = CsvLines(data)
    source = iter(lines)
    head = list(itertools.islice(source, 51))
    hint = re.match(r"sep=(.)\r?\n", head[0]) if head else None  # Excel's own first line naming the separator
    if hint:
        head = head[1:]
    delimiter = hint.group(1) if hint else sniff_delimiter("".join(head[:50]))
    record: list[str] = []  # the lines of the row being read, to say where a quote opened
    ended = False

    def feed() -> Iterator[str]:
        nonlocal ended
        for line in itertools.chain(head, source):
            record.append(line)
            yield line
        ended = True
        yield _END + "\n"

    budget = SheetBudget(progress=(lambda: on_page(0, 1)) if on_page else None)
    grid = []
    reader = csv.reader(feed(), delimiter=delimiter)
    try:
        for n, row in enumerate(reader, start=1):
            if ended and row == [_END]:
                break
            if ended and row and _END in row[-1]:
                raise ScorecardError(_unclosed(lines.lines_read, row[-1]))
            budget.row("the CSV", lines.lines_read, len(row))
            for value in row[:MAX_COLUMNS]:
                budget.text("the CSV", lines.lines_read, len(value))
            grid.append(GridRow(tuple(TableCell(text=clean_text(v).strip()) for v in row[:MAX_COLUMNS]), line=n))
            record.clear()
    except csv.Error as exc:
        opened = _open_quote(record, delimiter, lines.lines_read - len(record) + 1)
        if opened is not None:
            raise ScorecardError(_unclosed(lines.lines_read, None, opened)) from None
        if "field limit" in str(exc):
            raise ScorecardError(
                f"line {lines.lines_read:,} of the CSV has a cell of over {csv.field_size_limit():,} characters; "
                f"a cell holds at most {MAX_CELL_CHARS:,}: not a scorecard"
            ) from None
        raise ScorecardError(f"the CSV cannot be read at line {lines.lines_read:,} ({exc})") from None
    return table_from_grid(grid, pages=1)


def _unclosed(last_line: int, cell: str | None, opened: int | None = None) -> str:
    """Where a quote that never closes opened: counted back from the end of the file, through
    the line breaks in the cell that swallowed the rest of it."""
    if opened is None and cell is not None:
        text = cell[: cell.index(_END)]
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        opened = last_line + 1 - breaks - (0 if text.endswith(("\n", "\r")) else 1)
    return (
        f"line {opened:,} of the CSV opens a quote that never closes (the rest of the file would be one cell): "
        "close or remove it and import again"
    )


def _open_quote(lines: list[str], delimiter: str, first: int) -> int | None:
    """The line a quote opened on and is still open at the end of ``lines`` (read as the csv
    module does: a quote opens only at the start of a cell; ``""`` inside is one quote)."""
    state, opened = "start", None
    for number, line in enumerate(lines, start=first):
        chars = iter(line)
        for c in chars:
            if state == "quoted":
                if c == '"':
                    state = "quote"
            elif state == "quote":
                state = "quoted" if c == '"' else ("start" if c == delimiter or c in "\r\n" else "field")
            elif c == delimiter or c in "\r\n":
                state = "start"
            elif state == "start" and c == '"':
                state, opened = "quoted", number
            else:
                state = "field"
    return opened if state == "quoted" else None


# -- XLSX --------------------------------------------------------------------------------


def read_xlsx(data: bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """An ``.xlsx`` workbook's table: every sheet with a header row, in order.

    With more than one such sheet, each sheet's name is the group of its rows (one
    sheet per directorate); columns are matched across sheets by the field their header
    names ("RAG" on one sheet, "Rating" on the next), else by their wording.

    Args:
        data: The file's bytes (the workbook is read from these, never from the file again).
        on_page: Called with (sheets done, sheets in all) every so many rows (see the
            module's docstring).

    Raises:
        ScorecardError: for a damaged workbook, a limit passed (the zip's sizes, the rows
            and cells its sheets hold), or when no sheet has a header row.
    """
    from scorecard_tui.parse.calamine_sheets import read_xlsx_values

    _check_workbook(data)
    return read_xlsx_values(data, on_page)


def read_xlsx_openpyxl(data: bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """As :func:`read_xlsx`, with openpyxl reading every cell (about five times slower): kept to
    check the calamine reader against."""
    from openpyxl import load_workbook

    _check_workbook(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
    count = len(workbook.worksheets)
    done = 0
    budget = SheetBudget(progress=(lambda: on_page(done, count)) if on_page else None)
    found = FoundSheets()
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            where = f"sheet {clean_text(sheet.title)!r}"
            budget.check_dimension(where, getattr(sheet, "max_row", None))  # read before any row
            grid = list(_sheet_rows(sheet, where, budget))
            done = number
            found.add(number, sheet.title, grid)
    except ScorecardError:
        raise
    except Exception as exc:
        raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
    finally:
        workbook.close()
    return found.table(pages=count)


_SHEET_NAME = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)


def _check_workbook(data: bytes) -> None:
    """A zip holding a workbook, within the limits: sizes from its directory, rows and cells
    counted in each sheet's bytes, before openpyxl parses any of it."""
    archive = open_zip(data, ".xlsx")
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise ScorecardError("a Word document, not an .xlsx spreadsheet")
            if "content.xml" in names:
                raise ScorecardError("an OpenDocument file that is not a spreadsheet (.ods), nor an .xlsx")
            raise ScorecardError("a zip file, not an .xlsx spreadsheet")
        check_parts(archive)
        try:
            check_shared_strings(archive)
            total = SheetCounts(0, 0)
            budget = SheetBudget()
            for name in sorted(n for n in names if _SHEET_NAME.match(n)):
                counts = count_sheet(archive, name)
                total = SheetCounts(total.rows + counts.rows, total.cells + counts.cells)
                budget.check_counts("the workbook", total)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc


def _sheet_rows(sheet: Any, where: str, budget: SheetBudget) -> Iterator[GridRow]:
    if (getattr(sheet, "max_column", None) or 0) > MAX_COLUMNS:
        sheet.reset_dimensions()  # a stated width this big is wrong: read what is there
    for n, row in enumerate(sheet.iter_rows(), start=1):
        budget.row(where, n, len(row))  # blank rows between filled ones count: they cost time too
        cells = tuple(_cell(c, budget, where, n) for c in row[:MAX_COLUMNS])
        if cells:
            yield GridRow(cells, line=n)


def _cell(cell: object, budget: SheetBudget, where: str, line: int) -> TableCell:
    value = getattr(cell, "value", None)
    fill = _fill(cell)
    if value is None:
        return TableCell(fill=fill) if fill else TableCell()
    if isinstance(value, bool):
        return TableCell(text="Yes" if value else "No", fill=fill)
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", None)
        return TableCell(text=number_text(value), fill=fill, number=float(value), number_format=fmt)
    if isinstance(value, datetime | date):
        return TableCell(text=f"{value:%d %B %Y}", fill=fill)
    if isinstance(value, time):
        return TableCell(text=str(value), fill=fill)
    text = str(value)
    budget.text(where, line, len(text))  # a shared string counts every time a cell uses it
    return TableCell(text=clean_text(text).strip(), fill=fill)


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
