"""An OpenDocument spreadsheet (``.ods``) checked before it is read: the zip's sizes, then the
rows and cells its ``content.xml`` really holds, repeats expanded.

``table:number-rows-repeated`` and ``table:number-columns-repeated`` let a few bytes stand
for millions of cells; a reader holds a sheet as a dense grid from its first filled cell to
its last, so the grid's size is what is bounded: rows from the first filled row to the last,
and rows times columns, over all sheets. Empty repeated rows and columns (LibreOffice writes
them to the sheet's end) cost nothing and are not counted. The same pass notes which cells
are percentages and which money, which the value reader does not keep. The XML is parsed
with lxml's streaming parser: no network, no entities, no huge trees.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.sheet_limits import MAX_CELLS, MAX_ROWS, MAX_TEXT_CHARS, check_parts, open_zip

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROW, _CELL, _COVERED, _SHEET = (f"{{{_TABLE}}}{n}" for n in ("table-row", "table-cell", "covered-table-cell", "table"))
_ROWS_REPEATED, _COLS_REPEATED = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SPACES, _SPACE_COUNT = f"{{{_TEXT}}}s", f"{{{_TEXT}}}c"
_CURRENCY = f"{{{_OFFICE}}}currency"
MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class OdsLayout:
    """What the check found: per sheet, the formats of the number cells that are percentages or money."""

    formats: list[dict[tuple[int, int], str]] = field(default_factory=list)
    """For each sheet, (row, column) from 0 -> a number format (``0%``, ``£#,##0``)."""


def is_ods(data: bytes) -> bool:
    """An OpenDocument spreadsheet, by the ``mimetype`` entry it must store first in its zip."""
    return data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype" and MIME in data[38:120]


def check_ods(data: bytes) -> OdsLayout:
    """Refuse an ``.ods`` past the limits; else where its percentages and money are.

    Raises:
        ScorecardError: a damaged file, or naming the limit passed.
    """
    from lxml import etree

    archive = open_zip(data, ".ods")
    with archive:
        if "content.xml" not in archive.namelist():
            raise ScorecardError("an OpenDocument file with no content.xml: not a readable .ods spreadsheet")
        check_parts(archive)
        layout = OdsLayout()
        budget = _GridBudget()
        try:
            with archive.open("content.xml") as part:
                for event, element in etree.iterparse(
                    part,
                    events=("start", "end"),
                    tag=(_SHEET, _ROW),
                    resolve_entities=False,
                    no_network=True,
                    huge_tree=False,
                    load_dtd=False,
                ):
                    budget.see(event, element, layout)
        except etree.XMLSyntaxError as exc:
            raise ScorecardError(
                f"the OpenDocument spreadsheet (.ods) cannot be read (its content.xml is damaged: {exc.msg})"
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise ScorecardError(f"the OpenDocument spreadsheet (.ods) cannot be read ({type(exc).__name__})") from exc
    return layout


def _repeat(element: Any, name: str) -> int:
    value = element.get(name)
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


@dataclass
class _GridBudget:
    """Counts each sheet's grid (first filled row to last, by its widest filled column) as the XML streams."""

    rows_before: int = 0
    cells_before: int = 0
    sheet: int = -1
    row: int = 0
    col: int = 0
    first_row: int | None = None
    last_row: int = -1
    last_col: int = -1
    row_filled: bool = False
    row_repeat: int = 1
    chars: int = 0
    row_chars: int = 0

    def see(self, event: str, element: Any, layout: OdsLayout) -> None:
        tag = element.tag
        if tag == _SHEET:
            if event == "start":
                self.sheet += 1
                self.row, self.first_row, self.last_row, self.last_col = 0, None, -1, -1
                layout.formats.append({})
            else:
                self._close_sheet()
                element.clear()
            return
        if event == "start":
            return
        self.col, self.row_filled, self.row_repeat = 0, False, _repeat(element, _ROWS_REPEATED)
        self.row_chars = 0
        for cell in element:
            tag = cell.tag
            if tag == _CELL and not cell.get(_COLS_REPEATED):
                kind = cell.get(_VALUE_TYPE)
                if kind != "percentage" and kind != "currency":  # one column, no format to note: as _cell counts it
                    if kind or len(cell):
                        self.row_chars += _text_length(cell)
                        self.row_filled = True
                        self.last_col = max(self.last_col, self.col)
                    self.col += 1
                    continue
            if tag in (_CELL, _COVERED):
                self._cell(cell, tag, layout)
        if self.row_filled:
            self.first_row = self.row if self.first_row is None else self.first_row
            self.last_row = self.row + self.row_repeat - 1
            self._check()
            self.chars += self.row_chars * self.row_repeat
            if self.chars > MAX_TEXT_CHARS:
                raise ScorecardError(
                    f"the .ods has over {MAX_TEXT_CHARS:,} characters of text (repeated cells counted); "
                    f"the limit is {MAX_TEXT_CHARS:,}: not a scorecard"
                )
        self.row += self.row_repeat
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]

    def _cell(self, cell: Any, tag: str, layout: OdsLayout) -> None:
        repeat = _repeat(cell, _COLS_REPEATED)
        kind = cell.get(_VALUE_TYPE)
        if tag == _CELL and (kind or len(cell)):
            self.row_chars += repeat * _text_length(cell)
            self.row_filled = True
            self.last_col = max(self.last_col, self.col + repeat - 1)
            if kind in ("percentage", "currency") and self.row_repeat * repeat <= 1_000:
                fmt = "0%" if kind == "percentage" else _money(cell.get(_CURRENCY))
                for r in range(self.row, self.row + self.row_repeat):
                    for c in range(self.col, self.col + repeat):
                        layout.formats[self.sheet][(r, c)] = fmt
        self.col += repeat

    def _grid(self) -> tuple[int, int]:
        if self.first_row is None:
            return 0, 0
        rows = self.last_row - self.first_row + 1
        return rows, rows * (self.last_col + 1)

    def _check(self) -> None:
        rows, cells = self._grid()
        if self.rows_before + rows > MAX_ROWS:
            raise ScorecardError(
                f"the .ods has over {MAX_ROWS:,} rows (repeated rows counted); the limit is {MAX_ROWS:,}: "
                "not a scorecard"
            )
        if self.cells_before + cells > MAX_CELLS:
            raise ScorecardError(
                f"the .ods has over {MAX_CELLS:,} cells (repeated cells counted); the limit is {MAX_CELLS:,}: "
                "not a scorecard"
            )

    def _close_sheet(self) -> None:
        rows, cells = self._grid()
        self.rows_before += rows
        self.cells_before += cells


def _text_length(cell: Any) -> int:
    """The characters a cell's text comes to, a run of spaces (``<text:s text:c="1000"/>``) at its length."""
    if len(cell) == 1:  # the common cell, one paragraph of plain text: its text, without walking the tree
        paragraph = cell[0]
        if not len(paragraph) and isinstance(tag := paragraph.tag, str) and tag != _SPACES:
            return len(cell.text or "") + len(paragraph.text or "") + len(paragraph.tail or "")
    length = sum(len(t) for t in cell.itertext())
    for spaces in cell.iter(_SPACES):
        length += _repeat(spaces, _SPACE_COUNT)
    return length


def _money(currency: str | None) -> str:
    return "£#,##0" if currency in (None, "", "GBP") else f'#,##0" {currency}"'
