"""Build the illustrative spreadsheet samples from their structured sources.

Every ``illustrative-*-spreadsheet.json`` and ``illustrative-district-kpis-*.json`` here becomes the file its ``"file"`` key names:

- ``.xlsx``: the title rows merged across the table, the header row (header cells may
  wrap onto two lines), a grouping column whose cells are merged down over each group,
  numbers stored as numbers with their number formats (``0.0%`` fractions, ``£#,##0``),
  and rating cells filled with their colour (one with colour and no text).
- ``.csv``: title rows (none in the two-quarter district pair, named by their dated file names), the header row, a one-cell section row above each group, in the
  source's ``"encoding"`` (Excel's Windows-1252 "CSV") with CRLF line ends.

The content is ILLUSTRATIVE: an invented council and invented figures.

Run from the repository root::

    python sample_data/other-councils/build_spreadsheets.py
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2024, 1, 1)
"""Workbook properties carry this time, not the build's."""


def _cell_value(cell: Any) -> Any:
    if isinstance(cell, dict):
        return cell.get("value", cell.get("text"))
    return cell


def build_xlsx(source: dict, out: Path) -> None:
    """The workbook for one source."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = source["sheet"]
    width = len(source["header"])
    row = 1
    for line in source["title_rows"]:
        ws.cell(row=row, column=1, value=line).font = Font(bold=row == 1, size=14 if row == 1 else 11)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    row += 1
    for col, text in enumerate(source["header"], start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row += 1
    merge_col = source["header"].index(source["merge_down"]) + 1 if source.get("merge_down") else None
    group_start = None
    for data in source["rows"]:
        for col, value in enumerate(data["cells"], start=1):
            cell = ws.cell(row=row, column=col, value=_cell_value(value))
            if isinstance(value, dict):
                if "format" in value:
                    cell.number_format = value["format"]
                if "fill" in value:
                    cell.fill = PatternFill("solid", fgColor=value["fill"])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if merge_col and data["cells"][merge_col - 1] is not None:
            if group_start is not None and row - 1 > group_start:
                ws.merge_cells(start_row=group_start, start_column=merge_col, end_row=row - 1, end_column=merge_col)
            group_start = row
        row += 1
    if merge_col and group_start is not None and row - 1 > group_start:
        ws.merge_cells(start_row=group_start, start_column=merge_col, end_row=row - 1, end_column=merge_col)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "scorecard-tui sample builder (ILLUSTRATIVE)"
    wb.save(out)
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the workbook's zip with fixed times (openpyxl stamps "modified" with the clock at save),
    so an unchanged source rebuilds byte for byte."""
    import re
    import zipfile

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    entries = [
        (
            name,
            re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            if name == "docProps/core.xml"
            else data,
        )
        for name, data in entries
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def build_csv(source: dict, out: Path) -> None:
    """The CSV for one source."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for line in source["title_rows"]:
        writer.writerow([line])
    if source["title_rows"]:
        writer.writerow([])
    writer.writerow(source["header"])
    for data in source["rows"]:
        if "section" in data:
            writer.writerow([data["section"]])
        else:
            writer.writerow(["" if v is None else _cell_value(v) for v in data["cells"]])
    out.write_bytes(text.getvalue().encode(source.get("encoding", "utf-8")))


def build(source_path: Path) -> Path:
    """Build one source's file; returns its path."""
    source = json.loads(source_path.read_text(encoding="utf-8"))
    out = source_path.with_name(source["file"])
    (build_xlsx if out.suffix == ".xlsx" else build_csv)(source, out)
    return out


def main() -> None:
    sources = [*HERE.glob("illustrative-*-spreadsheet.json"), *HERE.glob("illustrative-district-kpis-*.json")]
    for source_path in sorted(sources):
        print(build(source_path).name)


if __name__ == "__main__":
    main()
