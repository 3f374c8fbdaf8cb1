"""Issue 19, point 7: OpenDocument (.ods) and old Excel (.xls) spreadsheets, read with python-calamine
within the limits; bombs are refused before the reader runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse import read_scorecard
from tests.helpers import refused_quickly

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
ODS = OTHER / "illustrative-district-council-spreadsheet.ods"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    "</manifest:manifest>"
)
HEADER = (
    "<table:table-row>"
    + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in ("Ref", "Indicator", "Target", "Actual", "RAG")
    )
    + "</table:table-row>"
)


def ods(path: Path, rows: str, *, sheets: tuple[str, ...] = ("Q2 2023/24",), prolog: str = "") -> Path:
    body = "".join(f'<table:table table:name="{name}">{HEADER}{rows}</table:table>' for name in sheets)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NS}>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return path


def row(*cells: str, repeat: int = 1) -> str:
    inner = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in cells
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{inner}</table:table-row>'


def test_ods_sample_imports_with_its_readers_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(ODS), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "imported 7 measures in 3 directorates, 2023/24 Q3" in result.output
    reading = read_scorecard(ODS)
    assert reading.family == "spreadsheet (.ods)" and reading.looked[-1] == ".ods: read it"


def test_ods_one_sheet_per_directorate(tmp_path: Path) -> None:
    path = ods(tmp_path / "k.ods", row("K1", "Missed bins", "80", "72", "G"), sheets=("Environment", "Housing"))
    reading = read_scorecard(path, period="2023/24 Q2")
    assert [m.directorate for m in reading.report.measures] == ["Environment", "Housing"]


WIDE = (
    '<table:table-row table:number-rows-repeated="400"><table:table-cell office:value-type="string" '
    'table:number-columns-repeated="16000"><text:p>x</text:p></table:table-cell></table:table-row>'
)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (row("K1", "Missed bins", "80", "72", "G", repeat=10_000_000), "over 50,000 rows (repeated rows counted)"),
        (row("K1", "Missed bins", "80", "72", "G") + WIDE, "over 500,000 cells"),
    ],
    ids=["rows", "cells"],
)
def test_ods_rows_or_cells_repeated_past_the_limit_are_refused_before_reading(
    tmp_path: Path, rows: str, reason: str
) -> None:
    assert f"the .ods has {reason}" in refused_quickly(ods(tmp_path / "bomb.ods", rows))


def test_empty_repeated_rows_and_columns_cost_nothing(tmp_path: Path) -> None:
    tail = (
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = ods(tmp_path / "tail.ods", row("K1", "Missed bins", "80", "72", "G") + tail)
    assert [m.code for m in read_scorecard(path, period="2023/24 Q2").report.measures] == ["K1"]


def test_ods_content_zip_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "zipbomb.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        with archive.open("content.xml", "w", force_zip64=True) as part:
            part.write(b"<a>" + b" " * (60 * 1024 * 1024))
    message = refused_quickly(path)
    assert "'content.xml' inside the workbook unzips to 60 MB" in message


def test_ods_entities_are_not_expanded(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = ods(tmp_path / "entities.ods", row("K1", "&b;", "80", "72", "G"), prolog=prolog)
    try:
        reading = read_scorecard(path, period="2023/24 Q2")
    except ScorecardError as exc:
        assert "\n" not in str(exc)
    else:
        assert "aaaaaaaaaa" not in reading.report.measures[0].title


def test_damaged_ods_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "damaged.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content><unclosed>")
    assert "the OpenDocument spreadsheet (.ods) cannot be read" in refused_quickly(path)


def xls(
    path: Path, sheets: dict[str, list[list[object]]], formats: dict[tuple[str, int, int], str] | None = None
) -> Path:
    """An Excel 97 workbook written by xlwt (a test-only dependency)."""
    import xlwt

    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is None:
                    continue
                fmt = (formats or {}).get((name, r, c))
                if fmt:
                    sheet.write(r, c, value, xlwt.easyxf(num_format_str=fmt))
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


XLS_ROWS: list[list[object]] = [
    ["Illustrative Town Council - KPI report - Quarter 2 2023/24"],
    [],
    ["Ref", "Indicator", "Target", "Actual", "RAG"],
    ["T1", "Council tax collected", 0.5, 0.487, "Amber"],
    ["T2", "Grants paid to community groups", 12000, 12500, "Green"],
    ["T3", "Days to answer a complaint", 10, 12, "Red"],
]


def test_xls_one_sheet_per_directorate_with_percentages_and_money(tmp_path: Path) -> None:
    formats = {
        (s, r, c): f
        for s in ("Finance", "Communities")
        for (r, c, f) in ((3, 2, "0.0%"), (3, 3, "0.0%"), (4, 2, "£#,##0"), (4, 3, "£#,##0"))
    }
    path = xls(tmp_path / "kpis.xls", {"Finance": XLS_ROWS, "Communities": XLS_ROWS[:4]}, formats)
    reading = read_scorecard(path)
    assert reading.family == "spreadsheet (.xls)" and reading.looked[-1] == ".xls: read it"
    report = reading.report
    assert (report.name, report.period) == ("Illustrative Town Council - KPI report", "2023/24 Q2")
    got = [(m.directorate, m.code, m.quarter_target, m.quarter_actual, m.unit, m.rag_quarter) for m in report.measures]
    assert got == [
        ("Finance", "T1", 50.0, 48.7, "%", "Amber"),
        ("Finance", "T2", 12000.0, 12500.0, "£", "Green"),
        ("Finance", "T3", 10.0, 12.0, None, "Red"),
        ("Communities", "T1", 50.0, 48.7, "%", "Amber"),
    ]
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0 and "imported 4 measures in 2 directorates, 2023/24 Q2" in result.output


def test_xls_cells_a_sheet_apart_are_refused_before_reading(tmp_path: Path) -> None:
    import xlwt

    path = tmp_path / "sparse.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("Q2")
    for r, values in enumerate(XLS_ROWS):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    sheet.write(40_000, 255, "far away")
    book.save(str(path))
    assert "the .xls has over 500,000 cells (from its first filled cell to its last)" in refused_quickly(path)


def test_xls_past_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xls"
    with open(path, "wb") as f:
        f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        f.truncate(21 * 1024 * 1024)
    assert "the .xls is 21 MB; the limit is 20 MB" in refused_quickly(path)


def test_damaged_xls_is_one_line(tmp_path: Path) -> None:
    path = xls(tmp_path / "ok.xls", {"Q2": XLS_ROWS})
    data = path.read_bytes()
    (tmp_path / "cut.xls").write_bytes(data[: len(data) // 2])
    assert "the old Excel file (.xls) cannot be read" in refused_quickly(tmp_path / "cut.xls")


def test_ods_percentages_found_below_blank_rows_and_right_of_blank_columns(tmp_path: Path) -> None:
    blank = '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
    lead = '<table:table-cell table:number-columns-repeated="2"/>'

    def cells(*values: str) -> str:
        out = lead
        for v in values:
            if v.endswith("%"):
                number = float(v[:-1]) / 100
                kind = f'office:value-type="percentage" office:value="{number}"'
                out += f"<table:table-cell {kind}><text:p>{v}</text:p></table:table-cell>"
            else:
                out += f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        return f"<table:table-row>{out}</table:table-row>"

    body = (
        blank
        + cells("Ref", "Indicator", "Target", "Actual", "RAG")
        + cells("K1", "Rent collected", "98%", "97.5%", "A")
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="Q2 2023/24">{body}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    path = tmp_path / "offset.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    (m,) = read_scorecard(path, period="2023/24 Q2").report.measures
    assert (m.quarter_target, m.quarter_actual, m.unit) == (98.0, 97.5, "%")


def test_xlsx_values_from_calamine_match_openpyxl_cell_for_cell(tmp_path: Path) -> None:
    """The .xlsx reader takes values from calamine and formats and fills from the sheet's XML;
    openpyxl reading every cell gives the same table (blank rows and columns above and left,
    error values, dates, times, booleans, fill-only cells, unit formats, a second sheet)."""
    import datetime
    import io

    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from scorecard_tui.parse.spreadsheet import read_xlsx, read_xlsx_openpyxl

    book = Workbook()
    sheet = book.active
    sheet["C3"] = "Title Q2 2023/24"
    sheet.append(["Ref", "Indicator", "Target", "Actual", "RAG", "Days"])
    sheet.append(["K1", "x", 1, "#N/A", "G", 3])
    sheet.append(["K2", "y", datetime.datetime(2024, 1, 5), datetime.time(10, 30), True, 4.5])
    sheet.append(["K3", "z", 0.5, None, None, None])
    sheet["D5"].data_type = "e"
    sheet["E7"].fill = PatternFill("solid", fgColor="FF0000")
    sheet["F5"].number_format = '0" days"'
    sheet["C7"].number_format = "0.0%"
    sheet["H7"].fill = PatternFill("solid", fgColor="00FF00")
    book.create_sheet("Notes")["B2"] = "nothing"
    data = io.BytesIO()
    book.save(data)
    assert read_xlsx(data.getvalue()) == read_xlsx_openpyxl(data.getvalue())
    sample = (OTHER / "illustrative-county-council-spreadsheet.xlsx").read_bytes()
    assert read_xlsx(sample) == read_xlsx_openpyxl(sample)


def test_xls_one_long_string_in_many_cells_is_refused_before_reading(tmp_path: Path) -> None:
    """A shared string is copied into every cell that uses it: 30,000 characters in 2,000 cells
    is 60 million, counted from the shared-string table before the workbook is read."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Q2")
    for c, h in enumerate(("Ref", "Indicator", "Target", "Actual", "RAG")):
        sheet.write(0, c, h)
    text = "é" * 30_000
    for r in range(1, 2_001):
        sheet.write(r, 1, text)
    path = tmp_path / "strings.xls"
    book.save(str(path))
    assert path.stat().st_size < 1024 * 1024
    assert "the .xls has over 50,000,000 characters of text (by row" in refused_quickly(path)


@pytest.mark.parametrize(
    "cell",
    [
        '<table:table-cell office:value-type="string" table:number-columns-repeated="500"><text:p>'
        + "x" * 30_000
        + "</text:p></table:table-cell>",
        '<table:table-cell office:value-type="string" table:number-columns-repeated="50">'
        '<text:p>x<text:s text:c="2000000"/></text:p></table:table-cell>',
    ],
    ids=["long text repeated", "a run of spaces"],
)
def test_ods_text_copied_into_repeated_cells_is_refused_before_reading(tmp_path: Path, cell: str) -> None:
    rows = f'<table:table-row table:number-rows-repeated="5">{cell}</table:table-row>'
    path = ods(tmp_path / "text.ods", row("K1", "Missed bins", "80", "72", "G") + rows)
    assert "the .ods has over 50,000,000 characters of text (repeated cells counted)" in refused_quickly(path)
