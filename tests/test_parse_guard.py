"""pdfminer's failures on a PDF that pdfium opened become the same one-line reasons as pdfium's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pdfminer.pdfdocument import PDFPasswordIncorrect

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.pdf_precheck import precheck_pdf
from scorecard_tui.parse.readers.read_pdf import _guard

WHOLE = b"%PDF-1.7\n...\n%%EOF\n"
CUT = b"%PDF-1.7\n..."


def _fail(exc: Exception) -> Callable[[], None]:
    def read() -> None:
        raise exc

    return read


@pytest.mark.parametrize(
    ("exc", "data", "reason"),
    [
        (PDFPasswordIncorrect(), WHOLE, "the PDF is encrypted (password protected)"),
        (ValueError(PDFPasswordIncorrect()), WHOLE, "the PDF is encrypted (password protected)"),
        (KeyError("xref"), CUT, "the PDF is truncated or damaged"),
        (ValueError("bad object\nat byte 12"), WHOLE, "the PDF cannot be read (bad object)"),
        (RuntimeError(), WHOLE, "the PDF cannot be read (RuntimeError)"),
    ],
)
def test_a_pdfminer_failure_is_one_line(exc: Exception, data: bytes, reason: str) -> None:
    with pytest.raises(ScorecardError) as caught:
        _guard(_fail(exc), data)
    assert str(caught.value) == reason


def test_a_scorecard_error_passes_through_and_a_result_is_returned() -> None:
    with pytest.raises(ScorecardError, match=r"^not a scorecard$"):
        _guard(_fail(ScorecardError("not a scorecard")), WHOLE)
    assert _guard(lambda: 7, WHOLE) == 7


def test_pdfium_and_pdfminer_word_a_damaged_file_alike() -> None:
    with pytest.raises(ScorecardError, match=r"^the PDF is truncated or damaged$"):
        precheck_pdf(CUT)
