"""Build the illustrative spreadsheet samples from their structured sources.

Every ``illustrative-*-spreadsheet.json``, ``illustrative-district-kpis-*.json`` and
``illustrative-unitary-council-*.json`` here becomes the file its ``"file"`` key names:

- ``.xlsx``: the title rows merged across the table, the header row (header cells may
  wrap onto two lines), a grouping column whose cells are merged down over each group,
  numbers stored as numbers with their number formats (``0.0%`` fractions, ``£#,##0``),
  and rating cells filled with their colour (one with colour and no text).
- ``.ods``: written here as OpenDocument XML in a zip (no library): the title rows spanned
  across the table, a grouping column spanned down over each group, percentage and
  currency cells stored as their values with their types, paragraphs as ``text:p``, and
  the empty rows LibreOffice writes to a sheet's end (one repeated row).
- ``.xls``: with xlwt (a test dependency), as the ``.xlsx`` is, without fills.
- ``.csv``: title rows (none in the two-quarter district pair, named by their dated file
  names), the header row, a one-cell section row above each group, in the
  source's ``"encoding"`` (Excel's Windows-1252 "CSV") with CRLF line ends (or its
  ``"line_end"``: the hand-written unitary pair has LF), a cell ``{"text": ..., "quoted": true}``
  quoted though nothing in it needs it, and the source's ``"key_rows"`` (a RAG key) after a
  blank row under the table.

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


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: Any, extra: str = "") -> str:
    from xml.sax.saxutils import escape, quoteattr

    if value is None or value == "":
        return f"<table:table-cell{extra}/>"
    if isinstance(value, dict):
        kind = value["type"]
        currency = ' office:currency="GBP"' if kind == "currency" else ""
        shown = f"{value['value']:.1%}" if kind == "percentage" else f"£{value['value']:,}"
        return (
            f'<table:table-cell{extra} office:value-type="{kind}"{currency} office:value="{value["value"]}">'
            f"<text:p>{escape(shown)}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{extra} office:value-type="float" office:value={quoteattr(str(value))}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
    return f'<table:table-cell{extra} office:value-type="string">{paragraphs}</table:table-cell>'


def build_ods(source: dict, out: Path) -> None:
    """The OpenDocument spreadsheet for one source (see the module's docstring)."""
    import zipfile
    from xml.sax.saxutils import quoteattr

    width = len(source["header"])
    rows = []
    for line in source["title_rows"]:
        spanned = f' table:number-columns-spanned="{width}"'
        covered = f'<table:covered-table-cell table:number-columns-repeated="{width - 1}"/>'
        rows.append(f"<table:table-row>{_ods_cell(line, spanned)}{covered}</table:table-row>")
    rows.append(f'<table:table-row><table:table-cell table:number-columns-repeated="{width}"/></table:table-row>')
    rows.append("<table:table-row>" + "".join(_ods_cell(h) for h in source["header"]) + "</table:table-row>")
    merge_col = source["header"].index(source["merge_down"]) if source.get("merge_down") else None
    spans: list[int] = []
    for data in source["rows"]:
        if merge_col is not None and data["cells"][merge_col] is not None:
            spans.append(1)
        elif spans:
            spans[-1] += 1
    span_iter = iter(spans)
    for data in source["rows"]:
        cells = []
        for col, value in enumerate(data["cells"]):
            if col == merge_col and value is None:
                cells.append("<table:covered-table-cell/>")
            elif col == merge_col:
                cells.append(_ods_cell(value, f' table:number-rows-spanned="{next(span_iter)}"'))
            else:
                cells.append(_ods_cell(value))
        rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    rows.append(
        '<table:table-row table:number-rows-repeated="1048500">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS} office:version="1.2">'
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(source['sheet'])}>"
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        # the mimetype first and stored, as OpenDocument requires
        archive.writestr(zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(zipfile.ZipInfo("content.xml", stamp), content, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("META-INF/manifest.xml", stamp), manifest, zipfile.ZIP_DEFLATED)


def build_xls(source: dict, out: Path) -> None:
    """The old Excel (97-2003) workbook for one source, with xlwt (a test dependency): the title rows
    merged across the table, the header row, a grouping column merged down over each group, numbers
    with their number formats (``0.0%`` fractions, ``£#,##0``). xlwt writes no times: the same bytes
    every build."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(source["sheet"])
    width = len(source["header"])
    bold = xlwt.easyxf("font: bold on")
    row = 0
    for line in source["title_rows"]:
        sheet.write_merge(row, row, 0, width - 1, line, bold)
        row += 1
    row += 1
    for col, text in enumerate(source["header"]):
        sheet.write(row, col, text, bold)
    row += 1
    merge_col = source["header"].index(source["merge_down"]) if source.get("merge_down") else None
    starts = [n for n, data in enumerate(source["rows"]) if merge_col is not None and data["cells"][merge_col]]
    for n, data in enumerate(source["rows"]):
        for col, value in enumerate(data["cells"]):
            if col == merge_col:
                if value is not None:
                    end = next((s for s in starts if s > n), len(source["rows"])) - 1
                    sheet.write_merge(row + n, row + end, col, col, value)
                continue
            if isinstance(value, dict):
                sheet.write(row + n, col, value["value"], xlwt.easyxf(num_format_str=value["format"]))
            elif value is not None and value != "":
                sheet.write(row + n, col, value)
    book.save(str(out))


def _csv_field(value: Any) -> str:
    """One cell as written: quoted where the CSV needs it, or where the source says it was
    (``{"text": ..., "quoted": true}``: a hand-written file quoting a cell nothing in it needs)."""
    text = "" if value is None else str(_cell_value(value))
    if (isinstance(value, dict) and value.get("quoted")) or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def build_csv(source: dict, out: Path) -> None:
    """The CSV for one source; its ``"line_end"`` (default CRLF) ends each line, and its
    ``"key_rows"``, if any, are written after a blank row under the table."""
    line_end = source.get("line_end", "\r\n")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=line_end)
    for line in source["title_rows"]:
        writer.writerow([line])
    if source["title_rows"]:
        writer.writerow([])
    writer.writerow(source["header"])
    for data in source["rows"]:
        if "section" in data:
            writer.writerow([data["section"]])
        elif any(isinstance(v, dict) and v.get("quoted") for v in data["cells"]):
            text.write(",".join(_csv_field(v) for v in data["cells"]) + line_end)
        else:
            writer.writerow(["" if v is None else _cell_value(v) for v in data["cells"]])
    if source.get("key_rows"):
        writer.writerow([])
        for key_row in source["key_rows"]:
            writer.writerow(key_row)
    out.write_bytes(text.getvalue().encode(source.get("encoding", "utf-8")))


def build(source_path: Path) -> Path:
    """Build one source's file; returns its path."""
    source = json.loads(source_path.read_text(encoding="utf-8"))
    out = source_path.with_name(source["file"])
    {".xlsx": build_xlsx, ".ods": build_ods, ".xls": build_xls}.get(out.suffix, build_csv)(source, out)
    return out


def sources() -> list[Path]:
    """Every source this script builds, in name order."""
    return sorted(
        [
            *HERE.glob("illustrative-*-spreadsheet.json"),
            *HERE.glob("illustrative-district-kpis-*.json"),
            *HERE.glob("illustrative-unitary-council-*.json"),
        ]
    )


def main() -> None:
    for source_path in sources():
        print(build(source_path).name)


if __name__ == "__main__":
    main()
