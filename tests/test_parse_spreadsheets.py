"""The .xlsx and .csv families: the illustrative samples field by field, and the spreadsheet quirks."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.model import Rag
from scorecard_tui.parse import parse_scorecard, read_scorecard
from tests.conftest import load_script
from tests.helpers import field_mismatches

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
XLSX = OTHER / "illustrative-county-council-spreadsheet.xlsx"
CSV = OTHER / "illustrative-borough-council-spreadsheet.csv"
ODS = OTHER / "illustrative-district-council-spreadsheet.ods"
XLS = OTHER / "illustrative-town-council-spreadsheet.xls"
SAMPLES = [XLSX, CSV, ODS, XLS]


def source_of(sample: Path) -> dict:
    return json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))


def load_builder() -> ModuleType:
    return load_script(OTHER / "build_spreadsheets.py")


@pytest.mark.pythons
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.suffix)
def test_sample_every_field_of_every_measure(sample: Path) -> None:
    assert field_mismatches(parse_scorecard(sample), source_of(sample)) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.suffix)
def test_sample_report_metadata(sample: Path) -> None:
    report, source = parse_scorecard(sample), source_of(sample)
    assert (report.name, report.source, report.period) == (source["name"], source["source"], source["period"])
    assert report.fetched_at is None
    assert report.file_name == sample.name and len(report.sha256) == 64


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.suffix)
def test_committed_sample_is_what_the_script_builds(sample: Path, tmp_path: Path) -> None:
    builder = load_builder()
    source = source_of(sample)
    out = tmp_path / sample.name
    {".xlsx": builder.build_xlsx, ".ods": builder.build_ods, ".xls": builder.build_xls, ".csv": builder.build_csv}[
        sample.suffix
    ](source, out)
    assert parse_scorecard(out).measures == parse_scorecard(sample).measures
    assert out.read_bytes() == sample.read_bytes()  # deterministic: fixed zip and workbook times


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.suffix)
def test_samples_are_marked_illustrative(sample: Path) -> None:
    source = source_of(sample)
    assert source["illustrative"] is True and "ILLUSTRATIVE" in source["note"]
    assert any("ILLUSTRATIVE" in line for line in source["title_rows"])
    assert "illustrative" in sample.name


def test_demo_does_not_load_the_other_councils_samples() -> None:
    names = {r.name for r in load_sample_reports()}
    assert names == {"Improvement Report - Council Scorecard"}


def test_xlsx_quirks_as_read() -> None:
    """% formats as percentages, £ formats as money, merged group cells filled down, colour-only rating."""
    report = parse_scorecard(XLSX)
    by_code = {m.code: m for m in report.measures}
    assert by_code["ASC01"].quarter_actual == 82.7 and by_code["ASC01"].unit == "%"
    assert by_code["PE02"].quarter_target == 2_400_000.0 and by_code["PE02"].unit == "£"
    assert [m.directorate for m in report.measures].count("Children's Services") == 3
    assert by_code["CS02"].rag_quarter is Rag.RED  # filled red, no text
    assert by_code["CS01"].rag_quarter is Rag.BLUE
    assert by_code["ASC02"].alt_codes == ("NI 130",)


def _csv_rows(encoding: str, delimiter: str, bom: bool) -> bytes:
    import csv
    import io

    source = source_of(CSV)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for line in source["title_rows"]:
        writer.writerow([line])
    writer.writerow(source["header"])
    for row in source["rows"]:
        writer.writerow([row["section"]] if "section" in row else ["" if v is None else v for v in row["cells"]])
    return ("\ufeff" if bom else "").encode(encoding) + out.getvalue().encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ",", False), ("utf-8", ";", True), ("utf-8", "\t", False), ("cp1252", ";", False)],
)
def test_csv_encodings_and_separators_read_alike(tmp_path: Path, encoding: str, delimiter: str, bom: bool) -> None:
    path = tmp_path / "perf.csv"
    path.write_bytes(_csv_rows(encoding, delimiter, bom))
    assert field_mismatches(parse_scorecard(path), source_of(CSV)) == []


def test_csv_is_recognised_by_content_without_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(CSV.read_bytes())
    assert read_scorecard(path).family == "spreadsheet (.csv)"


def test_one_sheet_per_directorate(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Key"
    wb.active.append(["Red: off target", "Green: on target"])
    for sheet_name, rows in (
        ("Adults", [["A1", "Carers assessed", "70%", "72%", "Green"]]),
        (
            "Children",
            [["C1", "Care leavers in work or training", "60%", "51%", "Red"], ["C2", "Adoptions", 10, 12, "B"]],
        ),
    ):
        ws = wb.create_sheet(sheet_name)
        ws.append([f"{sheet_name} performance - Quarter 3 2023/24"])
        ws.append([])
        ws.append(["Ref", "Measure", "Target", "Actual", "RAG"] if sheet_name == "Adults" else
                  ["Ref", "Measure", "Q3 Target", "Q3 Actual", "Rating"])  # fmt: skip
        for row in rows:
            ws.append(row)
    path = tmp_path / "by-directorate.xlsx"
    wb.save(path)
    report = parse_scorecard(path)
    assert [(m.directorate, m.code, m.rag_quarter) for m in report.measures] == [
        ("Adults", "A1", Rag.GREEN),
        ("Children", "C1", Rag.RED),
        ("Children", "C2", Rag.BLUE),
    ]
    assert report.period == "2023/24 Q3" and report.name == "Adults performance"
    assert report.measures[1].quarter_actual == 51.0 and report.measures[2].quarter_actual == 12.0


def _sheet(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_band_row_below_the_header(tmp_path: Path) -> None:
    """ "Quarter 2" and "Year end" bands with Target / Actual under each (merged band cells)."""
    path = _sheet(
        tmp_path / "bands.xlsx",
        [
            ["Performance Report - Quarter 2 2024/25"],
            ["Ref", "Indicator", "Quarter 2", None, "Year end", None, "RAG"],
            [None, None, "Target", "Actual", "Target", "Forecast"],
            ["K1", "Missed bins", 80, 72, 320, 300, "G"],
        ],
    )
    (m,) = parse_scorecard(path).measures
    assert (m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual) == (80, 72, 320, 300)
    assert m.rag_quarter is Rag.GREEN


def test_band_row_above_a_header_that_repeats_names(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "above.xlsx",
        [
            ["Performance Report - Quarter 3 2024/25"],
            [None, None, "Quarter 3", None, "Year end", None],
            ["Ref", "Indicator", "Target", "Actual", "Target", "Actual", "Status"],
            ["K1", "Missed bins", 80, 72, 320, 300, "A"],
        ],
    )
    reading = read_scorecard(path)
    (m,) = reading.report.measures
    assert (m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual) == (80, 72, 320, 300)
    assert reading.report.name == "Performance Report" and reading.report.period == "2024/25 Q3"


def test_csv_with_excels_separator_line(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_bytes(b"sep=;\r\n" + _csv_rows("utf-8", ";", False))
    assert field_mismatches(parse_scorecard(path), source_of(CSV)) == []


def test_unit_from_the_header(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "units.xlsx",
        [["Scorecard Q1 2024/25"], ["Ref", "Indicator", "Target (%)", "Actual (%)"], ["K1", "Recycling", 50, 46.8]],
    )
    (m,) = parse_scorecard(path).measures
    assert (m.quarter_target, m.quarter_actual, m.unit) == (50, 46.8, "%")


HEADERS = ["Ref", "Indicator", "Target", "Actual", "RAG", "DoT", "Good is", "Commentary", "Service", "x", ""]


@pytest.mark.pythons
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    st.lists(st.lists(st.text(max_size=12), max_size=7), max_size=6),
    st.sampled_from([",", ";"]),
)
def test_any_csv_reads_or_gives_one_clear_reason(tmp_path: Path, header: list, rows: list, sep: str) -> None:
    """Whatever the cells hold, reading gives a report or a ScorecardError, never another exception."""
    from scorecard_tui.errors import ScorecardError

    def line(row: list[str]) -> str:  # as csv.writer writes it, which cannot write a NUL before Python 3.11
        quoted = ['"' + c.replace('"', '""') + '"' if any(s in c for s in f'{sep}"\r\n') else c for c in row]
        return ('""' if row == [""] else sep.join(quoted)) + "\r\n"

    path = tmp_path / "fuzz.csv"
    path.write_text("".join(line(row) for row in [header, *rows]), encoding="utf-8")
    try:
        report = parse_scorecard(path, period="2024/25 Q1")
    except ScorecardError as exc:
        assert "\n" not in str(exc)
        return
    assert all(m.title for m in report.measures)
    assert len({m.key for m in report.measures}) == len(report.measures)  # a repeated code is CODE#2
