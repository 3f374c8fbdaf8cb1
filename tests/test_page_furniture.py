"""Page furniture is never a measure, nor a group, in any family (issue 19, point 8): a protective
marking (OFFICIAL, OFFICIAL-SENSITIVE) above, between or below the rows, a page number, the header
row printed again, and a RAG key or legend printed as a line or as a small table of its own under
the measures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from scorecard_tui.model import Rag
from scorecard_tui.parse import parse_scorecard, read_scorecard
from scorecard_tui.parse.furniture import is_furniture_line, is_legend_entry
from tests.conftest import load_script
from tests.helpers import field_mismatches

ROOT = Path(__file__).resolve().parents[1]
OTHERS = ROOT / "sample_data" / "other-councils"
KEY = "Key: Green = on target; Amber = close to target; Red = below target"
LEGEND_LINES = [KEY, "Green: on target or better", "Red - more than 5% below target"]

HEADER = ["Service", "Ref", "Indicator", "Target", "Actual", "Status"]
MEASURES = [
    ["Housing", "H1", "Homes let to families in need", 10, 12, "Green"],
    HEADER,
    [None, "H2", "Repairs completed on time", 90, 80, "Red"],
    ["OFFICIAL"],
    [None, "H3", "Empty homes brought back into use", 5, 5, "Amber"],
    ["Page 1 of 1"],
    [KEY],
    ["Status", "Meaning"],
    ["Green", "On target"],
    ["Amber", "Close to target"],
    ["Red", "Below target"],
    ["OFFICIAL-SENSITIVE"],
]
SHEET = {
    "sheet": "KPIs",
    "title_rows": ["OFFICIAL", "Illustrative Council - Performance Report - Quarter 1 2024/25"],
    "header": HEADER,
    "rows": [{"cells": (row + [None] * len(HEADER))[: len(HEADER)]} for row in MEASURES],
}


def _check(path: Path) -> None:
    reading = read_scorecard(path, period="2024/25 Q1")
    measures = reading.report.measures
    assert [(m.code, m.directorate, m.rag_quarter) for m in measures] == [
        ("H1", "Housing", Rag.GREEN),
        ("H2", "Housing", Rag.RED),
        ("H3", "Housing", Rag.AMBER),
    ]
    assert "OFFICIAL" not in reading.report.name
    assert any("a key or legend, not measures: skipped" in n for n in reading.notes)


def test_furniture_lines_and_key_rows_are_told_from_sections_and_measures() -> None:
    for line in ("OFFICIAL", "OFFICIAL-SENSITIVE", "Page 2 of 12", "2 | P a g e", KEY, "Legend", "RAG key"):
        assert is_furniture_line(line), line
    for line in ("Adults and Health", "Key Stage 2", "Green spaces - parks", "Official statistics", "12"):
        assert not is_furniture_line(line), line
    assert is_legend_entry(["Green", "On target"]) and is_legend_entry(["Status", "Meaning"])
    assert not is_legend_entry(["H1", "Homes let"]) and not is_legend_entry(["Green", "Parks", "12"])


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ods"])
def test_a_sheet_s_marking_page_number_repeated_header_and_key_are_not_measures(kind: str, tmp_path: Path) -> None:
    builder = load_script(OTHERS / "build_spreadsheets.py")
    path = tmp_path / f"kpis.{kind}"
    getattr(builder, f"build_{kind}")(SHEET, path)
    _check(path)


def test_a_web_page_s_marking_repeated_header_and_key_are_not_measures(tmp_path: Path) -> None:
    def row(cells: list[object], tag: str = "td") -> str:
        width = len(HEADER)
        if len(cells) == 1:
            return f'<tr><{tag} colspan="{width}">{cells[0]}</{tag}></tr>'
        return "<tr>" + "".join(f"<{tag}>{'' if c is None else c}</{tag}>" for c in cells) + "</tr>"

    page = (
        "<!DOCTYPE html><html><head><title>Performance Report Quarter 1 2024/25</title></head><body>"
        "<p>OFFICIAL</p><h1>Illustrative Council - Performance Report - Quarter 1 2024/25</h1>"
        f"<table>{row(HEADER, 'th')}{''.join(row(r) for r in MEASURES)}</table>"
        "<table><tr><th>Key</th><th>Meaning</th></tr><tr><td>Green</td><td>On target</td></tr></table>"
        "<p>OFFICIAL</p></body></html>"
    )
    path = tmp_path / "appendix.html"
    path.write_text(page, encoding="utf-8")
    _check(path)


def _table_source(stem: str) -> dict:
    source = json.loads((OTHERS / f"{stem}.json").read_text(encoding="utf-8"))
    first = source["measures"][0]["group"]
    source["measures"] = [m for m in source["measures"] if m["group"] == first][:4] + [
        m for m in source["measures"] if m["group"] != first
    ][:2]
    return {**source, "marking": "OFFICIAL", "legend_lines": LEGEND_LINES}


@pytest.mark.parametrize("stem", ["header-table-illustrative", "colour-rag-illustrative"])
def test_a_table_pdf_s_marking_and_key_are_not_measures(stem: str, tmp_path: Path) -> None:
    source = _table_source(stem)
    path = tmp_path / f"{stem}.pdf"
    load_script(OTHERS / "build_table_pdfs.py").build_table_pdf(source, path)
    report = parse_scorecard(path)
    assert [(m.code, m.directorate) for m in report.measures] == [
        (m["cells"][0], m["group"]) for m in source["measures"]
    ]
    for m, expected in zip(report.measures, source["measures"], strict=True):
        assert KEY not in m.commentary + m.actions and "OFFICIAL" not in m.commentary + m.actions + m.title
        assert m.rag_quarter is Rag(expected["expect"]["rag_quarter"]), m.code
    assert report.name == source["name"]


def test_a_doris_scorecard_s_marking_and_key_are_not_measures(tmp_path: Path) -> None:
    source = json.loads((ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json").read_text(encoding="utf-8"))
    source = {**source, "measures": source["measures"][:5], "marking": "OFFICIAL", "legend_lines": LEGEND_LINES}
    pdf = io.BytesIO()
    load_script(ROOT / "sample_data" / "build_pdf.py").build_scorecard_pdf(source, pdf)
    path = tmp_path / "doris.pdf"
    path.write_bytes(pdf.getvalue())
    report = parse_scorecard(path)
    assert field_mismatches(report, source) == []
    assert report.name == source["name"]


def test_a_measure_coded_with_a_rating_letter_is_still_a_measure(tmp_path: Path) -> None:
    f = tmp_path / "kpis.csv"
    f.write_text("Ref,Indicator,Status\nG,Green spaces kept tidy,Green\nA,Allotments let,Amber\n", encoding="utf-8")
    report = read_scorecard(f, period="2024/25 Q1").report
    assert [(m.code, m.title, m.rag_quarter) for m in report.measures] == [
        ("G", "Green spaces kept tidy", Rag.GREEN),
        ("A", "Allotments let", Rag.AMBER),
    ]


def test_a_doris_commentary_line_that_reads_like_a_key_stays_the_commentary_s(tmp_path: Path) -> None:
    source = json.loads((ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json").read_text(encoding="utf-8"))
    first = {**source["measures"][0], "commentary": "The status this quarter is\nRed - staff shortages in the team."}
    source = {**source, "measures": [first, *source["measures"][1:3]]}
    pdf = io.BytesIO()
    load_script(ROOT / "sample_data" / "build_pdf.py").build_scorecard_pdf(source, pdf)
    path = tmp_path / "doris.pdf"
    path.write_bytes(pdf.getvalue())
    assert field_mismatches(parse_scorecard(path), source) == []
