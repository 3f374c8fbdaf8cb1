"""Header-row table PDFs (other councils' layouts) read into a RawTable, and on into measures."""

from __future__ import annotations

import colorsys
import io
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.headers import map_table
from scorecard_tui.parse.pdf_table import read_table_pdf
from scorecard_tui.parse.table_measures import measures_from_table
from tests.conftest import load_script
from tests.helpers import pdf_bytes

OTHERS = Path(__file__).resolve().parent.parent / "sample_data" / "other-councils"
SAMPLES = ["header-table-illustrative", "colour-rag-illustrative"]


def _builder() -> ModuleType:
    return load_script(OTHERS / "build_table_pdfs.py")


def _source(stem: str) -> dict:
    return json.loads((OTHERS / f"{stem}.json").read_text(encoding="utf-8"))


def _family(rgb: tuple[float, float, float] | None) -> str | None:
    """The colour family a person would name, by hue (independent of the mapper's classifier)."""
    if rgb is None:
        return None
    hue, saturation, _ = colorsys.rgb_to_hsv(*rgb)
    if saturation < 0.15:
        return "grey"
    degrees = hue * 360
    for name, upto in (("red", 15), ("amber", 60), ("green", 170), ("blue", 250), ("purple", 330), ("red", 361)):
        if degrees < upto:
            return name
    return None


def _paragraphs(text: str) -> str:
    return "\n".join(" ".join(p.split()) for p in text.split("\n") if p.strip())


@pytest.mark.parametrize("stem", SAMPLES)
def test_committed_pdf_is_built_from_its_source(stem: str):
    out = io.BytesIO()
    _builder().build_table_pdf(_source(stem), out)
    assert out.getvalue() == (OTHERS / f"{stem}.pdf").read_bytes()


VARIANTS = {
    "as committed": {},
    "portrait, no rules, bold header, not repeated": dict(
        pagesize="A4-portrait",
        font_size=5,
        leading=6.5,
        ruling_lines=False,
        header_fill=None,
        header_ink=[0, 0, 0],
        repeat_header=False,
    ),
    "rules and zebra, header on every page": dict(ruling_lines=True, repeat_header=True, zebra=[0.85, 0.85, 0.85]),
    "zebra drawn cell by cell": dict(zebra=[0.8, 0.88, 0.8], zebra_cells=True),
    "ratings as coloured dots": dict(fill_dots=True),
    "plain header: not bold, no fill, no rules": dict(
        header_bold=False, header_fill=None, header_ink=[0, 0, 0], ruling_lines=False
    ),
    "smaller type, wider margins": dict(font_size=7, leading=8.5, margins=[50, 60, 50, 60], padding=2),
    "headings, not section rows": dict(grouping="heading", section_fill=None),
    "running title on every page": dict(running_title=True, margins=[44, 28, 36, 28]),
    "section rows repeated as '(continued)'": dict(continued_sections=True),
    "header cells centred, no fill, no rules": dict(
        header_middle=True, header_fill=None, header_ink=[0, 0, 0], ruling_lines=False
    ),
}


def _variant(stem: str, variant: str) -> dict:
    source = _source(stem)
    source["layout"] = {**source["layout"], **VARIANTS[variant]}
    return source


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("stem", SAMPLES)
def test_every_cell_of_every_row_matches_the_source(stem: str, variant: str, tmp_path: Path):
    source = _variant(stem, variant)
    path = tmp_path / "report.pdf" if VARIANTS[variant] else OTHERS / f"{stem}.pdf"
    spans, pages = _builder().build_table_pdf(source, path if VARIANTS[variant] else io.BytesIO())
    table = read_table_pdf(path)

    assert table.header == tuple(" ".join(h.split()) for h in source["header"])
    assert table.title_lines == tuple(source["title_lines"])
    assert table.pages == pages
    assert len(table.rows) == len(source["measures"])
    for row, m in zip(table.rows, source["measures"], strict=True):
        code = m["cells"][0]
        assert row.group == m["group"], code
        assert [c.text for c in row.cells] == [_paragraphs(t) for t in m["cells"]], code
        families = {h: _family(c.fill) for h, c in zip(table.header, row.cells, strict=True)}
        expected = {h: None for h in table.header} | m.get("fill_families", {})
        assert families == expected, code
        assert row.pages == spans[code], code


def test_colour_only_sample_mixes_fill_spaces_and_symbol_font_arrows():
    """The sample holds what the reader must cope with: CMYK, RGB and grey fills, Symbol-font arrows."""
    source = _source("colour-rag-illustrative")
    spaces = {next(iter(m["fills"]["Status"])) for m in source["measures"]}
    assert spaces == {"rgb", "cmyk", "grey"}
    table = read_table_pdf(OTHERS / "colour-rag-illustrative.pdf")
    trend = table.header.index("Trend")
    arrows = [r.cells[trend] for r in table.rows if r.cells[trend].text in ("↑", "↓", "→", "↔")]
    assert len(arrows) >= 10 and all(c.font and "Symbol" in c.font for c in arrows)
    status = table.header.index("Status")
    assert all(r.cells[status].text == "" for r in table.rows)


def _measure_fields(m) -> dict:
    return {
        "directorate": m.directorate,
        "code": m.code,
        "title": m.title,
        "commentary": m.commentary,
        "pages": list(m.pages),
    }


@pytest.mark.pythons
@pytest.mark.parametrize("stem", SAMPLES)
def test_rows_map_to_the_measures_of_the_source(stem: str):
    source = _source(stem)
    spans, _ = _builder().build_table_pdf(source, io.BytesIO())
    table = read_table_pdf(OTHERS / f"{stem}.pdf")
    result = measures_from_table(map_table(table), report_name=source["name"], as_of=date(2023, 9, 30))
    assert len(result.measures) == len(source["measures"])
    header = [" ".join(h.split()) for h in source["header"]]
    for measure, m in zip(result.measures, source["measures"], strict=True):
        cells = dict(zip(header, m["cells"], strict=True))
        title_col = "Indicator" if "Indicator" in cells else "KPI description"
        comment_col = "Commentary" if "Commentary" in cells else "Comments"
        assert _measure_fields(measure) == {
            "directorate": m["group"],
            "code": m["cells"][0],
            "title": cells[title_col],
            "commentary": _paragraphs(cells[comment_col]),
            "pages": list(spans[m["cells"][0]]),
        }
        got = {k: getattr(measure, k) for k in m["expect"]}
        got = {k: (v.value if hasattr(v, "value") else v) for k, v in got.items()}
        assert got == m["expect"], m["cells"][0]


def test_unclassifiable_fill_leaves_no_rating_and_a_note():
    table = read_table_pdf(OTHERS / "colour-rag-illustrative.pdf")
    result = measures_from_table(map_table(table), report_name="x", as_of=date(2023, 9, 30))
    purple = next(m for m in result.measures if m.code == "ASC 6")
    assert purple.rag_quarter is None
    assert any("#803399" in note and "no rating colour" in note for note in result.notes)


def _table_pdf(path: Path, header: list[str], rows: list[list[str]]) -> None:
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    for k, h in enumerate(header):
        c.drawString(60 + 120 * k, 760, h)
    c.setFont("Helvetica", 10)
    for n, row in enumerate(rows):
        for k, text in enumerate(row):
            c.drawString(60 + 120 * k, 740 - 16 * n, text)
    c.save()


def _wingdings_pdf(rows: list[tuple[str, str, str, int]]) -> bytes:
    """A one-page PDF: a header row and rows in Helvetica, the last column in Wingdings (non-embedded)."""
    lines = ["BT /F1 10 Tf 60 760 Td (Ref) Tj 60 0 Td (Measure) Tj 200 0 Td (Target) Tj 60 0 Td (DoT) Tj ET"]
    y = 740
    for code, title, target, glyph in rows:
        lines.append(f"BT /F1 10 Tf 60 {y} Td ({code}) Tj 60 0 Td ({title}) Tj 200 0 Td ({target}) Tj ET")
        lines.append(f"BT /F2 10 Tf 380 {y} Td <{glyph:02x}> Tj ET")
        y -= 16
    content = "\n".join(lines).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings-Regular /FirstChar 32 /LastChar 255 /Widths ["
        + b" ".join([b"800"] * 224)
        + b"] /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Wingdings-Regular /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return pdf_bytes(objs)


def test_wingdings_arrows_and_single_line_rows(tmp_path: Path):
    """A Word-style export: a non-embedded Wingdings font draws the arrows as é/ê/è; rows are one line each."""
    path = tmp_path / "word-export.pdf"
    path.write_bytes(
        _wingdings_pdf([("A1", "Things done", "10", 0xE9), ("A2", "Other", "20", 0xEA), ("A3", "More", "30", 0xE8)])
    )
    table = read_table_pdf(path)
    assert table.header == ("Ref", "Measure", "Target", "DoT")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["A1", "Things done", "10", "↑"],
        ["A2", "Other", "20", "↓"],
        ["A3", "More", "30", "→"],
    ]
    assert all(r.cells[3].font == "Wingdings-Regular" for r in table.rows)
    assert all(r.group is None for r in table.rows)
    result = measures_from_table(map_table(table), report_name="Word export", as_of=date(2023, 9, 30))
    assert [m.direction.value for m in result.measures] == ["Improving", "Deteriorating", "Stabilised"]
    assert {m.directorate for m in result.measures} == {"Word export"}


def test_table_without_a_measure_column_is_one_line_error(tmp_path: Path):
    path = tmp_path / "invoices.pdf"
    _table_pdf(path, ["Date", "Supplier", "Amount"], [["1 May 2024", "Acme Ltd", "£1,200"], ["2 May", "B Co", "£90"]])
    with pytest.raises(ScorecardError) as err:
        read_table_pdf(path)
    message = str(err.value)
    assert "no header row naming a measure or indicator column; seen: 'Date Supplier Amount'" in message
    assert "\n" not in message


def test_pdf_with_no_text_says_so(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 300, 300, fill=1)
    c.save()
    with pytest.raises(ScorecardError, match="no text found"):
        read_table_pdf(path)


def test_rows_that_recur_at_the_same_place_on_every_page_are_not_page_furniture(tmp_path: Path):
    """A long report of alike one-line rows: every page looks the same, yet no row is taken for a running header."""
    source = _source("header-table-illustrative")
    first = source["measures"][0]
    source["measures"] = [
        {**first, "cells": [f"P{n:03d}", "Same measure", "High", "85%", "87%", "Green", "Same", "As before.", ""]}
        for n in range(120)
    ]
    path = tmp_path / "long.pdf"
    spans, pages = _builder().build_table_pdf(source, path)
    table = read_table_pdf(path)
    assert pages >= 4
    assert [r.cells[0].text for r in table.rows] == [m["cells"][0] for m in source["measures"]]
    assert {r.cells[0].text: r.pages for r in table.rows} == spans


def test_a_label_spanning_two_header_cells_prefixes_both(tmp_path: Path):
    """ "Quarter 2" over "Target | Actual" (a two-row header) names both columns, and they map as such."""
    source = _source("header-table-illustrative")
    source["header"][3:5] = ["Target", "Actual"]
    source["header_bands"] = [{"text": "Quarter 2", "first": 3, "last": 4}]
    path = tmp_path / "two-row-header.pdf"
    _builder().build_table_pdf(source, path)
    table = read_table_pdf(path)
    assert table.header[3:5] == ("Quarter 2 Target", "Quarter 2 Actual")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        [_paragraphs(t) for t in m["cells"]] for m in source["measures"]
    ]
    result = measures_from_table(map_table(table), report_name="x", as_of=date(2023, 9, 30))
    got = [(m.quarter_target, m.quarter_actual) for m in result.measures]
    assert got == [(m["expect"]["quarter_target"], m["expect"]["quarter_actual"]) for m in source["measures"]]


@pytest.mark.parametrize("valign", ["middle", "bottom"])
def test_a_merged_grouping_column_names_every_row_it_spans(valign: str, tmp_path: Path):
    """A Directorate column merged down over its rows, its text in the middle or at the bottom (as Excel prints)."""
    source = _source("header-table-illustrative")
    source["header"] = ["Directorate", *source["header"]]
    source["layout"] |= {"grouping": "column", "group_valign": valign, "font_size": 7, "leading": 8.5}
    source["layout"]["widths"] = [60, *source["layout"]["widths"]]
    for m in source["measures"]:
        m["code"] = m["cells"][0]
        m["cells"] = [m["group"], *m["cells"]]
    path = tmp_path / "merged.pdf"
    spans, _ = _builder().build_table_pdf(source, path)
    table = read_table_pdf(path)
    assert table.header[0] == "Directorate"
    for row, m in zip(table.rows, source["measures"], strict=True):
        assert [c.text for c in row.cells] == [_paragraphs(t) for t in m["cells"]], m["cells"][1]
        assert row.group is None and row.pages == spans[m["cells"][1]]
    result = measures_from_table(map_table(table), report_name="x", as_of=date(2023, 9, 30))
    assert [m.directorate for m in result.measures] == [m["group"] for m in source["measures"]]


def test_header_of_years_under_a_title_of_header_words(tmp_path: Path):
    """A title made of header words is no header row; a header naming only the indicator, years and trend is."""
    path = tmp_path / "years.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 790, "Performance indicators and trend analysis - Quarter 1 2024/25")
    c.setFont("Helvetica-Bold", 10)
    for k, h in enumerate(["Indicator", "2022/23", "2023/24", "Trend"]):
        c.drawString(60 + 120 * k, 760, h)
    c.setFont("Helvetica", 10)
    for n, row in enumerate(
        [["Missed bins per 100,000", "52", "47", "Better"], ["Fly-tips cleared", "91%", "95%", "Up"]]
    ):
        for k, text in enumerate(row):
            c.drawString(60 + 120 * k, 740 - 16 * n, text)
    c.save()
    table = read_table_pdf(path)
    assert table.title_lines == ("Performance indicators and trend analysis - Quarter 1 2024/25",)
    assert table.header == ("Indicator", "2022/23", "2023/24", "Trend")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Missed bins per 100,000", "52", "47", "Better"],
        ["Fly-tips cleared", "91%", "95%", "Up"],
    ]


def test_tightly_packed_rows_start_at_each_new_code(tmp_path: Path):
    """No rules, rows 1.25 em apart: each new code starts a row; a code's bracketed alternative is its own."""
    path = tmp_path / "tight.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    for k, h in enumerate(["Ref", "Measure", "Target", "RAG"]):
        c.drawString(60 + 120 * k, 760, h)
    c.setFont("Helvetica", 10)
    lines = [["YA PM08", "Adults helped to live", "80%", "Green"], ["(NI 155)", "at home", "", ""]]
    lines += [["YA PM09", "Carers assessed", "1,200", "Red"], ["YA PM10", "Reviews done", "70%", "Amber"]]
    for n, row in enumerate(lines):
        for k, text in enumerate(row):
            c.drawString(60 + 120 * k, 745 - 12.5 * n, text)
    c.save()
    table = read_table_pdf(path)
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["YA PM08 (NI 155)", "Adults helped to live at home", "80%", "Green"],
        ["YA PM09", "Carers assessed", "1,200", "Red"],
        ["YA PM10", "Reviews done", "70%", "Amber"],
    ]
