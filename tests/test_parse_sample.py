"""The bundled sample PDF and the seed text extraction parse to the structured source, field by field."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from scorecard_tui.parse import parse_scorecard
from tests.conftest import SAMPLE_PDF, SEED_TEXT
from tests.helpers import field_mismatches

pytestmark = pytest.mark.pythons


@pytest.fixture(scope="module")
def sample_report():
    return parse_scorecard(SAMPLE_PDF)


@pytest.fixture(scope="module")
def seed_report():
    return parse_scorecard(SEED_TEXT)


def test_sample_pdf_every_field_of_every_measure(sample_report, sample_source):
    assert field_mismatches(sample_report, sample_source) == []


def test_sample_pdf_report_metadata(sample_report, sample_source):
    assert sample_report.name == "Improvement Report - Council Scorecard"
    assert sample_report.source == "DORIS"
    assert sample_report.organisation == "Corporate Resources"
    assert sample_report.team == "Performance and Intelligence Team"
    assert sample_report.fetched_at == datetime(2018, 8, 24, 11, 12, 2)
    assert sample_report.period == "2018/19 Q1"
    assert sample_report.file_name == SAMPLE_PDF.name
    assert len(sample_report.sha256) == 64


def test_sample_pdf_pages_match_the_layout(sample_report, sample_source, builder, tmp_path: Path):
    spans = builder.build_scorecard_pdf(sample_source, tmp_path / "rebuilt.pdf")
    assert {m.code: m.pages for m in sample_report.measures} == spans
    assert sample_report.pages == max(last for _, last in spans.values())
    assert any(first != last for first, last in spans.values()), "no measure runs over a page break"


def test_sample_pdf_directorates(sample_report):
    counts = {d: sum(m.directorate == d for m in sample_report.measures) for d in sample_report.directorates}
    assert counts == {"Communities & Place": 3, "Corporate Resources": 5, "People Services": 12}


def test_seed_text_every_field_of_every_measure(seed_report, sample_source):
    """The text extraction carries no line layout, so narrative is compared word for word."""
    assert field_mismatches(seed_report, sample_source, exact_narrative=False) == []


def test_seed_text_report_metadata(seed_report):
    assert (seed_report.name, seed_report.source, seed_report.period) == (
        "Improvement Report - Council Scorecard",
        "DORIS",
        "2018/19 Q1",
    )
    assert seed_report.organisation == "Corporate Resources"
    assert seed_report.team == "Performance and Intelligence Team"
    assert seed_report.fetched_at == datetime(2018, 8, 24, 11, 12, 2)
    assert seed_report.pages == 11


def test_seed_text_pages_follow_the_footers(seed_report):
    pages = {m.code: m.pages for m in seed_report.measures}
    assert pages["LCT PM03"] == (1, 1)
    assert pages["L&D PM07b"] == (5, 5), "after the 'Page 4 of 11' footer"
    assert pages["SS PM28"] == (9, 9), "after the 'Page 8 of 11' footer, before page 11's"


def test_seed_text_repairs_spacing_and_punctuation(seed_report):
    by_code = {m.code: m for m in seed_report.measures}
    assert (
        by_code["FPA PM22b"].title
        == "Positive Value for Money opinion from external auditors on last year's statement of accounts"
    )
    assert "'good' or 'outstanding'" in by_code["L&I PM23c"].title
    assert by_code["EIISS PM16a"].title.startswith("Percentage of 16–17 year-olds")
    assert "1 April 2018 – 30 June 2018" in by_code["EARS PM53"].commentary


def test_period_can_be_given(tmp_path: Path):
    assert parse_scorecard(SEED_TEXT, period="2018/19 Q2").period == "2018/19 Q2"
