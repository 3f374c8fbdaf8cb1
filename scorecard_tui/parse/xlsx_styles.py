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

from scorecard_tui.parse.table_model import RGB

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


def sheet_styles(
    archive: zipfile.ZipFile, name: str, part: str, styles: list[tuple[str | None, RGB | None]]
) -> SheetStyles:
    """The styled cells of one sheet part, read as its XML streams."""
    from lxml import etree

    found = SheetStyles(name)
    styled = {i for i, (fmt, fill) in enumerate(styles) if fmt or fill}
    with archive.open(part) as stream:
        row_number = 0
        for _, element in etree.iterparse(
            stream, events=("end",), tag=(f"{_MAIN}dimension", f"{_MAIN}row"), **_parser_kwargs()
        ):
            if element.tag == f"{_MAIN}dimension":
                found.stated_rows = _stated_rows(element.get("ref") or "")
                continue
            row_number = int(element.get("r") or row_number + 1)
            for index, cell in enumerate(element):
                style = cell.get("s")
                is_error = cell.get("t") == "e"
                if not is_error and (style is None or not style.isdigit() or int(style) not in styled):
                    continue
                ref = _CELL_REF.match(cell.get("r") or "")
                column = _column(ref.group(1)) if ref else index + 1
                if style is not None and style.isdigit() and int(style) in styled:
                    found.cells[(row_number - 1, column - 1)] = styles[int(style)]
                if is_error:
                    found.errors[(row_number - 1, column - 1)] = (cell.findtext(f"{_MAIN}v") or "")[:40]
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return found


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _stated_rows(ref: str) -> int | None:
    last = ref.split(":")[-1]
    m = _CELL_REF.match(last)
    return int(m.group(2)) if m else None
