"""The DORIS readers return what they found (rows, footer facts, pages) rather than filling a passed-in record."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scorecard_tui.parse.doris import Extraction
from scorecard_tui.parse.pdf import read_pdf_rows
from scorecard_tui.parse.text import read_text_rows

SAMPLE_PDF = Path(__file__).parents[1] / "sample_data" / "derby-scorecard-2018-19-q1.pdf"
SEED_TEXT = Path(__file__).parent / "fixtures" / "derby-2018-19-q1-pdftotext.txt"


def test_the_pdf_reader_returns_rows_footer_and_pages() -> None:
    seen: list[tuple[int, int]] = []
    found = read_pdf_rows(SAMPLE_PDF.read_bytes(), lambda done, total: seen.append((done, total)))
    assert isinstance(found, Extraction)
    assert len(found.rows) == 20 and found.pages == 11
    assert found.footer.fetched_at == datetime(2018, 8, 24, 11, 12, 2)
    assert found.footer.source == "DORIS"
    assert seen[-1] == (11, 11)


def test_the_text_reader_says_the_same_as_the_pdf_reader() -> None:
    from_text = read_text_rows(SEED_TEXT.read_text(encoding="utf-8"))
    from_pdf = read_pdf_rows(SAMPLE_PDF.read_bytes())
    assert [r.directorate for r in from_text.rows] == [r.directorate for r in from_pdf.rows]
    assert from_text.footer.fetched_at == from_pdf.footer.fetched_at
    assert (from_text.footer.name, from_text.pages) == (from_pdf.footer.name, from_pdf.pages)


def test_two_reads_share_no_footer_state() -> None:
    first = read_text_rows(SEED_TEXT.read_text(encoding="utf-8"))
    second = read_text_rows(SEED_TEXT.read_text(encoding="utf-8"))
    assert first.footer is not second.footer and first.footer == second.footer
