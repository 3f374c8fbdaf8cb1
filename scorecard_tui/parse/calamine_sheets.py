"""Read ``.ods`` and ``.xls`` workbooks with python-calamine into a :class:`RawTable`.

calamine reads in Rust, each sheet whole; the file's limits are checked before it is
opened (:mod:`~scorecard_tui.parse.ods_limits`, :mod:`~scorecard_tui.parse.xls_limits`), and rows
and cells are counted again by a :class:`~scorecard_tui.parse.sheet_limits.SheetBudget` as
they are turned into cells. calamine keeps values, not number formats, so the limit check
says which cells are percentages or money (``formats``). One sheet, or one per directorate
(the sheet's name is then the group), exactly as an ``.xlsx`` is read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.grid import GridRow
from scorecard_tui.parse.sheet_limits import MAX_CELL_CHARS, MAX_TEXT_CHARS, SheetBudget
from scorecard_tui.parse.table_model import RGB, SHARED_CHARS, RawTable, TableCell
from scorecard_tui.parse.workbook import MAX_COLUMNS, FoundSheets, number_text
from scorecard_tui.text.safe import clean_text

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

Formats = list[dict[tuple[int, int], str]]
"""Per sheet in order, (row, column) from 0 -> the number format of a percentage or money cell."""


def read_calamine(data: bytes, kind: str, formats: Formats, on_page: ProgressCallback | None = None) -> RawTable:
    """A workbook's table, every sheet with a header row in order (see the module's docstring).

    Args:
        data: The file's bytes, already checked against the limits.
        kind: ``.ods`` or ``.xls``, for messages.
        formats: Which cells are percentages or money.
        on_page: Called with (sheets done, sheets in all) every so many rows.

    Raises:
        ScorecardError: a damaged or password-protected file, a limit passed, or no header row.
    """
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise ScorecardError(
            f"the {kind} is protected by a password: save a copy without one and import that"
        ) from None
    except Exception as exc:  # calamine raises its own types and ValueError on damaged files
        raise ScorecardError(f"the {kind} cannot be read ({_detail(exc)})") from None
    names = list(workbook.sheet_names)
    done = 0
    budget = SheetBudget(progress=(lambda: on_page(done, len(names))) if on_page else None)
    found = FoundSheets()
    try:
        for number, name in enumerate(names, start=1):
            where = f"sheet {clean_text(name)!r}"
            try:
                sheet = workbook.get_sheet_by_index(number - 1)
            except Exception as exc:
                raise ScorecardError(f"the {kind} cannot be read ({where}: {_detail(exc)})") from None
            sheet_formats = formats[number - 1] if number - 1 < len(formats) else {}
            grid = list(_rows(sheet, where, budget, sheet_formats))
            done = number
            found.add(number, name, grid)
    finally:
        workbook.close()
    table = found.table(pages=len(names))
    if on_page:
        on_page(len(names), len(names))
    return table


def _detail(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _rows(
    sheet: CalamineSheet, where: str, budget: SheetBudget, formats: dict[tuple[int, int], str]
) -> Iterator[GridRow]:
    first_col = (getattr(sheet, "start", None) or (0, 0))[1]
    budget.check_dimension(where, getattr(sheet, "height", None))
    shared: dict[str, TableCell] = {}
    # calamine's rows run from the sheet's first row, its columns from the first filled column
    for row, values in enumerate(sheet.iter_rows()):
        line = row + 1
        budget.row(where, line, len(values))
        cells = []
        for j, v in enumerate(values[:MAX_COLUMNS]):
            if type(v) is str and v:  # the common cell, without a call per cell (as _cell reads it)
                size = len(v)
                if size > MAX_CELL_CHARS or budget.chars + size > MAX_TEXT_CHARS:
                    budget.text(where, line, size)  # past a limit: refused, named
                else:
                    budget.chars += size
                cell = shared.get(v)
                if cell is None:
                    cell = TableCell(text=(v if v.isprintable() else clean_text(v)).strip())
                    if size <= SHARED_CHARS:
                        shared[v] = cell
                cells.append(cell)
            elif v is None or v == "":
                cells.append(_BLANK)
            elif type(v) is float:  # as _cell reads a number
                text = str(int(v)) if v.is_integer() else repr(v)
                cells.append(TableCell(text=text, number=v, number_format=formats.get((row, first_col + j))))
            else:
                cells.append(_cell(v, formats.get((row, first_col + j)), budget, where, line))
        if cells:
            yield GridRow(tuple(cells), line=line)


def _cell(value: object, fmt: str | None, budget: SheetBudget, where: str, line: int) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        return TableCell(text="Yes" if value else "No")
    if isinstance(value, int | float):
        return TableCell(text=number_text(value), number=float(value), number_format=fmt)
    if isinstance(value, datetime | date):
        return TableCell(text=f"{value:%d %B %Y}")
    if isinstance(value, time | timedelta):
        return TableCell(text=str(value))
    text = str(value)
    budget.text(where, line, len(text))
    return TableCell(text=clean_text(text).strip())


def read_xlsx_values(data: bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """An ``.xlsx`` workbook's table (already checked against the limits): values from calamine,
    number formats and fills from :mod:`~scorecard_tui.parse.xlsx_styles`, read as openpyxl
    read them (every worksheet in order, rows from the first, blank rows included).

    Raises:
        ScorecardError: a damaged workbook, a limit passed, or no sheet with a header row.
    """
    import zipfile

    from python_calamine import CalamineWorkbook

    from scorecard_tui.parse.xlsx_styles import (
        Totals,
        shared_string_lengths,
        sheet_styles,
        style_table,
        worksheet_parts,
    )

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles, strings, totals = style_table(archive), shared_string_lengths(archive), Totals()
            sheets_styles = [
                sheet_styles(archive, name, part, styles, strings, totals) for name, part in worksheet_parts(archive)
            ]
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except ScorecardError:
        raise
    except Exception as exc:  # calamine, lxml and zipfile raise many types on damaged files
        raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
    count = len(sheets_styles)
    done = 0
    budget = SheetBudget(progress=(lambda: on_page(done, count)) if on_page else None)
    found = FoundSheets()
    try:
        for number, styled in enumerate(sheets_styles, start=1):
            where = f"sheet {clean_text(styled.name)!r}"
            try:
                sheet = workbook.get_sheet_by_name(styled.name)
            except Exception as exc:
                raise ScorecardError(f"the spreadsheet cannot be read ({type(exc).__name__})") from exc
            grid = list(_xlsx_rows(sheet, where, budget, styled.cells, styled.errors))
            done = number
            found.add(number, styled.name, grid)
    finally:
        workbook.close()
    return found.table(pages=count)


def _xlsx_rows(
    sheet: CalamineSheet,
    where: str,
    budget: SheetBudget,
    styled: Mapping[tuple[int, int], tuple[str | None, RGB | None]],
    errors: dict[tuple[int, int], str],
) -> Iterator[GridRow]:
    first_col = (getattr(sheet, "start", None) or (0, 0))[1]
    # calamine's rows run from the sheet's first row (as openpyxl's do), its columns from the first filled column
    unstyled = (None, None)
    shared: dict[str, TableCell] = {}
    for row, values in enumerate(sheet.iter_rows()):
        line = row + 1
        width = min(first_col + len(values), MAX_COLUMNS)
        budget.row(where, line, first_col + len(values))
        cells = []
        for col in range(width):
            value = values[col - first_col] if col >= first_col else None
            if value == "" and errors and (row, col) in errors:
                value = errors[(row, col)]
            fmt, fill = styled.get((row, col), unstyled)
            if type(value) is str and value and fill is None:  # the common cell, without a call per cell
                size = len(value)
                if size > MAX_CELL_CHARS or budget.chars + size > MAX_TEXT_CHARS:
                    budget.text(where, line, size)  # past a limit: refused, named
                else:
                    budget.chars += size
                cell = shared.get(value)
                if cell is None:
                    cell = TableCell(text=(value if value.isprintable() else clean_text(value)).strip())
                    if size <= SHARED_CHARS:
                        shared[value] = cell
                cells.append(cell)
            elif (value is None or value == "") and fill is None:
                cells.append(_BLANK)
            elif type(value) is float:  # as _styled_cell reads a number
                text = str(int(value)) if value.is_integer() else repr(value)
                cells.append(TableCell(text=text, fill=fill, number=value, number_format=fmt or "General"))
            else:
                cells.append(_styled_cell(value, fmt, fill, budget, where, line))
        if cells:
            yield GridRow(tuple(cells), line=line)


_BLANK = TableCell()


def _styled_cell(
    value: object, fmt: str | None, fill: tuple[float, float, float] | None, budget: SheetBudget, where: str, line: int
) -> TableCell:
    if value is None or value == "":
        return TableCell(fill=fill) if fill else TableCell()
    if isinstance(value, bool):
        return TableCell(text="Yes" if value else "No", fill=fill)
    if isinstance(value, int | float):
        return TableCell(text=number_text(value), fill=fill, number=float(value), number_format=fmt or "General")
    if isinstance(value, datetime | date):
        return TableCell(text=f"{value:%d %B %Y}", fill=fill)
    if isinstance(value, time | timedelta):
        return TableCell(text=str(value), fill=fill)
    text = str(value)
    budget.text(where, line, len(text))
    return TableCell(text=clean_text(text).strip(), fill=fill)
