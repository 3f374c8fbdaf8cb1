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
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.grid import GridRow, HeaderPlace, locate_header
from scorecard_tui.parse.sheet_limits import SheetBudget
from scorecard_tui.parse.spreadsheet import MAX_COLUMNS, number_text, seen_texts, table_from_sheets
from scorecard_tui.parse.table_model import RawTable, TableCell
from scorecard_tui.safe import clean_text

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
    sheets: list[tuple[int, str, list[GridRow], HeaderPlace]] = []
    seen: list[str] = []
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
            header = locate_header(grid)
            if header is None:
                seen.extend(seen_texts(grid))
                continue
            sheets.append((number, clean_text(name), grid, header))
    finally:
        workbook.close()
    table = table_from_sheets(sheets, seen, pages=len(names))
    if on_page:
        on_page(len(names), len(names))
    return table


def _detail(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _rows(sheet: object, where: str, budget: SheetBudget, formats: dict[tuple[int, int], str]) -> Iterator[GridRow]:
    start = getattr(sheet, "start", None) or (0, 0)
    first_row, first_col = start
    budget.check_dimension(where, getattr(sheet, "height", None))
    for i, values in enumerate(sheet.iter_rows()):  # type: ignore[attr-defined]
        line = first_row + i + 1
        budget.row(where, line, len(values))
        cells = tuple(
            _cell(v, formats.get((first_row + i, first_col + j)), budget, where, line)
            for j, v in enumerate(values[:MAX_COLUMNS])
        )
        if cells:
            yield GridRow(cells, line=line)


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
