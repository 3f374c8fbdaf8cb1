"""What python-calamine does not keep of an ``.xlsx``: each cell's number format and solid fill.

The workbook's styles (``xl/styles.xml``, already bounded by the zip limits) give, per
style index, a number format (``0.0%``, ``£#,##0``, ``0" days"``) and a fill; one streaming
pass over each sheet's XML (lxml, no entities, no network, no huge trees; rows let go as
they pass) notes which cells use a style that has either. Values come from calamine;
these are laid over them (:mod:`~scorecard_tui.parse.calamine_sheets`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from typing import Any

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.sheet_limits import MAX_CELLS, MAX_ROWS, MAX_TEXT_CHARS, SheetBudget
from scorecard_tui.parse.table_model import RGB
from scorecard_tui.text.safe import clean_text

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_HEX = re.compile(r"^[0-9A-Fa-f]{6,8}$")


@dataclass
class SheetStyles:
    """One sheet's styled cells and its stated size."""

    name: str
    cells: dict[tuple[int, int], tuple[str | None, RGB | None]] = field(default_factory=dict)
    """(row, column) from 0 -> (number format other than General, solid RGB fill)."""
    stated_rows: int | None = None
    """The rows its ``<dimension>`` states, if it states them."""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) from 0 -> an error value shown in the cell (``#N/A``), which calamine leaves blank."""


def _parser_kwargs() -> dict[str, Any]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    with archive.open(name) as part:
        return etree.parse(part, etree.XMLParser(**_parser_kwargs())).getroot()


def worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of each worksheet in the workbook's order (chart sheets left out)."""
    names = set(archive.namelist())
    workbook = _xml(archive, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, tuple[str, str]] = {}
    if rels_name in names:
        for rel in _xml(archive, rels_name).iter(f"{_PACKAGE_REL}Relationship"):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname("xl/workbook.xml"), target))
            targets[rel.get("Id") or ""] = (rel.get("Type") or "", path)
    out = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        kind, path = targets.get(sheet.get(f"{_REL}id") or "", ("", ""))
        if kind.endswith("/worksheet") and path in names:
            out.append((sheet.get("name") or "", path))
    return out


def style_table(archive: zipfile.ZipFile) -> list[tuple[str | None, RGB | None]]:
    """Per style index: its number format (None for General) and its solid RGB fill (None for any other)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    if "xl/styles.xml" not in archive.namelist():
        return []
    root = _xml(archive, "xl/styles.xml")
    formats = {int(f.get("numFmtId") or 0): f.get("formatCode") or "" for f in root.iter(f"{_MAIN}numFmt")}
    fills: list[RGB | None] = []
    fills_element = root.find(f"{_MAIN}fills")
    for fill in fills_element if fills_element is not None else ():
        pattern = fill.find(f"{_MAIN}patternFill")
        colour = pattern.find(f"{_MAIN}fgColor") if pattern is not None else None
        rgb = colour.get("rgb") if colour is not None else None
        solid = pattern is not None and pattern.get("patternType") == "solid"
        fills.append(_rgb(rgb) if solid and rgb and _HEX.match(rgb) else None)
    table: list[tuple[str | None, RGB | None]] = []
    xfs = root.find(f"{_MAIN}cellXfs")
    for xf in xfs if xfs is not None else ():
        number = int(xf.get("numFmtId") or 0)
        fmt = formats.get(number) or BUILTIN_FORMATS.get(number)
        fill_id = int(xf.get("fillId") or 0)
        fill = fills[fill_id] if 0 <= fill_id < len(fills) else None
        table.append((None if fmt in (None, "General") else fmt, fill))
    return table


def _rgb(rgb: str) -> RGB:
    hex6 = rgb[-6:]
    return (int(hex6[0:2], 16) / 255, int(hex6[2:4], 16) / 255, int(hex6[4:6], 16) / 255)


@dataclass
class Totals:
    """What the sheets scanned so far hold: the grid calamine will build, and the text it will copy."""

    rows: int = 0
    cells: int = 0
    chars: int = 0


def shared_string_lengths(archive: zipfile.ZipFile) -> list[int]:
    """The length of each shared string (the table is already bounded in entries and bytes)."""
    from lxml import etree

    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    lengths: list[int] = []
    with archive.open(name) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag=f"{_MAIN}si", **_parser_kwargs()):
            lengths.append(sum(len(t.text or "") for t in element.iter(f"{_MAIN}t")))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return lengths


def sheet_styles(
    archive: zipfile.ZipFile,
    name: str,
    part: str,
    styles: list[tuple[str | None, RGB | None]],
    strings: list[int],
    totals: Totals,
) -> SheetStyles:
    """The styled cells of one sheet part, read as its XML streams, within the limits.

    calamine holds a sheet as a dense grid from its first row to its last filled one, and
    copies a shared string into every cell that uses it; both are counted here first.

    Raises:
        ScorecardError: the sheet's stated size, its grid or its text past a limit.
    """
    from lxml import etree

    where = f"sheet {clean_text(name)!r}"
    found = SheetStyles(name)
    styled = {str(i): style for i, style in enumerate(styles) if style[0] or style[1]}
    """Style index as written in the XML -> its format and fill, for the styles with either."""
    value_tag, string_count = f"{_MAIN}v", len(strings)
    columns: dict[str, int] = {}
    last_row, first_col, last_col = 0, None, 0
    with archive.open(part) as stream:
        row_number = 0
        for _, element in etree.iterparse(
            stream, events=("end",), tag=(f"{_MAIN}dimension", f"{_MAIN}row"), **_parser_kwargs()
        ):
            if element.tag == f"{_MAIN}dimension":
                found.stated_rows = _stated_rows(element.get("ref") or "")
                SheetBudget().check_dimension(where, found.stated_rows)  # before any row
                continue
            row_number = (
                int(element.get("r") or row_number + 1) if (element.get("r") or "").isdigit() else row_number + 1
            )
            for index, cell in enumerate(element):
                get = cell.get  # bound once: ~130,000 cells in a 10,000-row sheet
                kind = get("t")
                if kind == "s":
                    value = ""
                    for child in cell:  # as cell.findtext(value_tag) or "", without an ElementPath lookup
                        if child.tag == value_tag:
                            value = child.text or ""
                            break
                    totals.chars += strings[int(value)] if value.isdigit() and int(value) < string_count else 0
                    if totals.chars > MAX_TEXT_CHARS:
                        raise ScorecardError(
                            f"{where} has over {MAX_TEXT_CHARS:,} characters of text (by row {row_number:,}); "
                            f"the limit is {MAX_TEXT_CHARS:,}: not a scorecard"
                        )
                written = get("s")
                style = styled.get(written) if written else None
                if style is None and written and written[:1] == "0" and written.isdigit():  # "07": style 7
                    style = styled.get(str(int(written)))
                has_value = len(cell) > 0
                if not (has_value or style is not None or kind == "e"):
                    continue
                ref = get("r") or ""
                letters = ref.rstrip("0123456789")  # a column already met, looked up here; else _ref_column
                column = (columns.get(letters) if 1 <= len(ref) - len(letters) <= 7 else None) or (
                    _ref_column(ref, columns) or index + 1
                )
                if has_value:
                    last_row = row_number
                    if first_col is None or column < first_col:
                        first_col = column
                    if column > last_col:
                        last_col = column
                if style is not None:
                    found.cells[(row_number - 1, column - 1)] = style
                if kind == "e":
                    found.errors[(row_number - 1, column - 1)] = (cell.findtext(value_tag) or "")[:40]
            if last_row and totals.rows + last_row > MAX_ROWS:
                raise ScorecardError(f"{where} has over {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}: not a scorecard")
            if first_col is not None and totals.cells + last_row * (last_col - first_col + 1) > MAX_CELLS:
                raise ScorecardError(
                    f"the workbook has over {MAX_CELLS:,} cells (from a sheet's first row to its last filled cell); "
                    f"the limit is {MAX_CELLS:,}: not a scorecard"
                )
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    totals.rows += last_row
    totals.cells += last_row * (last_col - first_col + 1) if first_col is not None else 0
    return found


def _ref_column(ref: str, columns: dict[str, int]) -> int | None:
    """The column (from 1) of a cell reference such as ``AB12``, or None for no such reference; the
    columns already met are kept in ``columns`` (one sheet uses a few dozen, row after row)."""
    letters = ref.rstrip("0123456789")
    digits = len(ref) - len(letters)
    if not 1 <= digits <= 7:
        return None
    if (column := columns.get(letters)) is None:
        if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper()):
            return None
        column = columns[letters] = _column(letters)
    return column


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _stated_rows(ref: str) -> int | None:
    last = ref.split(":")[-1]
    m = _CELL_REF.match(last)
    return int(m.group(2)) if m else None
