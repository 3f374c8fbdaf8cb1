"""The PDF reader finds columns and rows from the page itself, whatever the layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, letter, portrait

from scorecard_tui.parse import parse_scorecard
from tests.helpers import field_mismatches

LAYOUTS = {
    "times-letter": dict(font="Times-Roman", font_size=9, pagesize=landscape(letter)),
    "courier-a3": dict(font="Courier", font_size=7, pagesize=landscape(A3)),
    "letter-spaced": dict(char_space=3.5, font_size=6.5, pagesize=landscape(A3)),
    "glyph-grid-no-rules": dict(glyph_by_glyph=True, grid=1.0, ruling_lines=False, rag_fill=False),
    "other-widths-portrait": dict(
        pagesize=portrait(A4), font_size=6, column_widths=(90, 40, 40, 70, 60, 180, 150, 110)
    ),
    "no-rules-no-fill": dict(ruling_lines=False, rag_fill=False, cell_padding=2),
    "titled": dict(title=True),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_parses_to_the_source(name: str, builder, sample_source, tmp_path: Path):
    style = builder.LayoutStyle(**LAYOUTS[name])
    path = tmp_path / f"{name}.pdf"
    spans = builder.build_scorecard_pdf(sample_source, path, style)
    report = parse_scorecard(path)
    assert field_mismatches(report, sample_source) == []
    assert {m.code: m.pages for m in report.measures} == spans
    assert report.source == "DORIS"
    assert report.period == "2018/19 Q1"
