"""PDFs: a DORIS-style scorecard, else a header-row table (ruled or not, colour-only ratings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import Extraction, ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found
from scorecard_tui.parse.table_model import RawTable

T = TypeVar("T")


class PdfReader:
    """``%PDF`` files. The page-size precheck runs before either layout is tried."""

    name = "PDF"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        return Claim() if data.startswith(b"%PDF") else Decline("does not start with %PDF")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.pdf import is_doris_pdf, read_pdf_rows
        from scorecard_tui.parse.pdf_precheck import precheck_pdf

        precheck_pdf(data)  # a page of 150,000 words is refused before any reader spends minutes on it
        doris_error: ScorecardError | None = None
        found: Extraction | None = None
        if _guard(lambda: is_doris_pdf(data), data):
            try:
                found = _guard(lambda: read_pdf_rows(data, on_page), data)
            except ScorecardError as exc:
                if not str(exc).startswith("not a scorecard"):
                    raise
                doris_error = exc  # "Directorate :" words in a table of another family
        if doris_error is not None or found is None or not found.rows:
            return Found("header-row table (PDF)", table=_table_pdf(data, on_page, doris_error))
        return Found("DORIS-style scorecard (PDF)", extraction=found)


READER = PdfReader()


def _table_pdf(data: bytes, on_page: ProgressCallback | None, doris_error: ScorecardError | None) -> RawTable:
    """Read a PDF as a header-row table; if it looked like DORIS and is no table either, say why DORIS failed."""
    from scorecard_tui.parse.pdf_table import read_table_pdf

    try:
        return _guard(lambda: read_table_pdf(data, on_page), data)
    except ScorecardError:
        if doris_error is not None:
            raise doris_error from None
        raise


def _guard(read: Callable[[], T], data: bytes) -> T:
    """Turn pdfminer's failures on broken files into one-line reasons."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    from scorecard_tui.parse.pdf_content import unreadable_pdf

    try:
        return read()
    except ScorecardError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        detail = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        encrypted = isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError)
        raise ScorecardError(unreadable_pdf(detail, data, encrypted=encrypted)) from exc
