"""Issue 21: a report's tolerance stated in its key or legend BELOW or BETWEEN the rows (page furniture,
never a measure) is read in every family that knows the key as furniture: a spreadsheet's key rows and
legend lines under the table (CSV, .xlsx, .ods), a web page's key table and the lines under its
tables, a table PDF's and a scorecard PDF's key lines under the rows. Real files, built here."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from scorecard_tui.model import Rag
from scorecard_tui.parse import parse_scorecard, read_scorecard
from scorecard_tui.parse.furniture import is_furniture_line, is_legend_entry
from tests.conftest import OTHER_COUNCILS, SAMPLE_DIR, load_script

HEADER = ["Service", "Ref", "Indicator", "Target", "Actual", "Status"]
MEASURES = [
    ["Housing", "H1", "Homes let to families in need", 10, 12, "Green"],
    [None, "H2", "Repairs completed on time", 90, 84, "Red"],
    [None, "H3", "Empty homes brought back into use", 5, 5, "Amber"],
]
KEY_ROWS = [["Key"], ["Green", "On target"], ["Amber", "Within 8% of target"], ["Red", "More than 8% below target"]]
"""A key under the table, its Amber entry stating the tolerance: a row of two cells, a figure in its words."""
LINE = [["Tolerance: 10%"]]
"""A line of its own under the table."""
EXPECTED = [("H1", Rag.GREEN), ("H2", Rag.RED), ("H3", Rag.AMBER)]


def _sheet(below: list[list[object]]) -> dict:
    rows = [*MEASURES, [None], *below, ["OFFICIAL"]]
    return {
        "sheet": "KPIs",
        "title_rows": ["Illustrative Council - Performance Report - Quarter 1 2024/25"],
        "header": HEADER,
        "rows": [{"cells": (row + [None] * len(HEADER))[: len(HEADER)]} for row in rows],
    }


def _check(path: Path, share: float, line: str) -> None:
    reading = read_scorecard(path, period="2024/25 Q1")
    measures = reading.report.measures
    assert [(m.code, m.rag_quarter) for m in measures] == EXPECTED  # no key row is a measure
    assert [m.tolerance for m in measures] == [share] * 3
    assert any(n.startswith(f"tolerance {share * 100:g}% read from the report's words {line!r}") for n in reading.notes)


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize(
    ("below", "share", "line"),
    [(KEY_ROWS, 0.08, "Amber Within 8% of target"), (LINE, 0.1, "Tolerance: 10%")],
    ids=["key-rows", "line"],
)
def test_a_spreadsheet_s_key_under_the_table_states_its_tolerance(
    kind: str, below: list, share: float, line: str, tmp_path: Path
) -> None:
    path = tmp_path / f"kpis.{kind}"
    getattr(load_script(OTHER_COUNCILS / "build_spreadsheets.py"), f"build_{kind}")(_sheet(below), path)
    _check(path, share, line)


def _page(key_table: str, after: str) -> str:
    def row(cells: list[object], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{'' if c is None else c}</{tag}>" for c in cells) + "</tr>"

    return (
        "<!DOCTYPE html><html><head><title>Performance Report Quarter 1 2024/25</title></head><body>"
        "<h1>Illustrative Council - Performance Report - Quarter 1 2024/25</h1>"
        f"<table>{row(HEADER, 'th')}{''.join(row(r) for r in MEASURES)}</table>"
        f"{key_table}{after}<p>Published by the performance team.</p></body></html>"
    )


KEY_TABLE = (
    "<h2>Key</h2><table><tr><th>Status</th><th>Meaning</th></tr><tr><td>Green</td><td>On target</td></tr>"
    "<tr><td>Amber</td><td>Within 8% of target</td></tr><tr><td>Red</td><td>More than 8% below target</td></tr>"
    "</table>"
)


@pytest.mark.parametrize(
    ("key_table", "after", "share", "line"),
    [
        (KEY_TABLE, "", 0.08, "Amber Within 8% of target"),
        ("", "<p>Tolerance: 10%</p>", 0.1, "Tolerance: 10%"),
        ("", "<p><strong>Key:</strong> Green = on target; Amber = within 7.5% of target</p>", 0.075,
         "Key: Green = on target; Amber = within 7.5% of target"),
    ],
    ids=["key-table", "line-under", "key-line-under"],
)  # fmt: skip
def test_a_web_page_s_key_table_or_a_line_under_its_tables_states_its_tolerance(
    key_table: str, after: str, share: float, line: str, tmp_path: Path
) -> None:
    path = tmp_path / "appendix.html"
    path.write_text(_page(key_table, after), encoding="utf-8")
    _check(path, share, line)


def test_a_web_page_s_ordinary_paragraph_under_its_tables_states_no_tolerance(tmp_path: Path) -> None:
    """Only a key or legend line counts: a paragraph of commentary naming a tolerance is not the report's."""
    path = tmp_path / "appendix.html"
    path.write_text(_page("", "<p>H2 was given a 10% tolerance by the committee in May.</p>"), encoding="utf-8")
    assert [m.tolerance for m in read_scorecard(path, period="2024/25 Q1").report.measures] == [None] * 3


def test_a_table_pdf_s_key_under_the_rows_states_its_tolerance(tmp_path: Path) -> None:
    source = json.loads((OTHER_COUNCILS / "header-table-illustrative.json").read_text(encoding="utf-8"))
    source = {**source, "measures": source["measures"][:4], "legend_lines": ["Tolerance: 10%"]}
    path = tmp_path / "table.pdf"
    load_script(OTHER_COUNCILS / "build_table_pdfs.py").build_table_pdf(source, path)
    report = parse_scorecard(path)
    assert [m.code for m in report.measures] == [m["cells"][0] for m in source["measures"]]
    assert {m.tolerance for m in report.measures} == {0.1}


def test_a_scorecard_pdf_s_key_under_the_rows_states_its_tolerance(tmp_path: Path) -> None:
    source = json.loads((SAMPLE_DIR / "derby-scorecard-2018-19-q1.json").read_text(encoding="utf-8"))
    source = {**source, "measures": source["measures"][:4], "legend_lines": ["Amber: within 5% of target"]}
    pdf = io.BytesIO()
    load_script(SAMPLE_DIR / "build_pdf.py").build_scorecard_pdf(source, pdf)
    path = tmp_path / "doris.pdf"
    path.write_bytes(pdf.getvalue())
    report = parse_scorecard(path)
    assert [m.code for m in report.measures] == [m["code"] for m in source["measures"]]
    assert {m.tolerance for m in report.measures} == {0.05}


def test_tolerance_lines_and_key_entries_with_a_share_are_furniture_and_measures_are_not() -> None:
    for line in ("Tolerance: 10%", "RAG tolerance ±5%", "10% tolerance", "Tolerance (5%)"):
        assert is_furniture_line(line), line
    for line in ("Tolerances", "Tolerance 10% agreed for H1", "Tolerance of staff"):
        assert not is_furniture_line(line), line
    assert is_legend_entry(["Amber", "Within 5% of target"]) and is_legend_entry(["Red", "More than 5% below target"])
    for texts in (["Green", "Parks", "12"], ["Green", "12%"], ["A", "5% of homes let"], ["G", "Green spaces 2024"]):
        assert not is_legend_entry(texts), texts
