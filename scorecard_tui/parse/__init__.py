"""Read scorecard reports (PDFs, or their text extractions) into domain records.

Nothing here knows about Textual or the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Report
from scorecard_tui.parse.footer import FooterInfo, check_period, period_label
from scorecard_tui.parse.rows import build_measure
from scorecard_tui.parse.source_file import read_source
from scorecard_tui.safe import clean_report

__all__ = ["parse_scorecard"]

ProgressCallback = Callable[[int, int], None]


def parse_scorecard(path: Path, *, period: str | None = None, on_page: ProgressCallback | None = None) -> Report:
    """Read one scorecard file (PDF, or a pdftotext-style text extraction).

    Args:
        path: The file.
        period: A period label such as ``2018/19 Q1``; inferred when not given.
        on_page: Called with (pages done, pages in all) as PDF pages are read.

    Raises:
        ScorecardError: with a one-line reason for a file that cannot be imported.
    """
    path = Path(path)
    data = read_source(path)
    if not data.strip():
        raise ScorecardError("the file is empty")
    footer = FooterInfo()
    if data.startswith(b"%PDF"):
        from scorecard_tui.parse.pdf import read_pdf_rows

        rows, pages = _guard(lambda: read_pdf_rows(data, footer, on_page), data)
    else:
        from scorecard_tui.parse.text import read_text_rows

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ScorecardError("not a PDF or a text extraction of one") from None
        if "\x00" in text:
            raise ScorecardError("not a PDF or a text extraction of one")
        rows, pages = read_text_rows(text, footer)
        if on_page:
            on_page(pages, pages)
    if footer.fetched_at is None:
        raise ScorecardError("no 'Time Fetched' footer, so the report's date is unknown")
    fetched = footer.fetched_at.date()
    measures = tuple(build_measure(r, fetched) for r in rows)
    all_text = "\n".join(m.commentary for m in measures)
    report = Report(
        name=footer.name or "Council Scorecard",
        source=footer.source or "unknown",
        period=check_period(period) if period else period_label(fetched, all_text),
        fetched_at=footer.fetched_at,
        pages=pages,
        measures=measures,
        organisation=footer.organisation,
        team=footer.team,
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return clean_report(report)  # footers and headings are report text too: no escapes in the store


def _guard(read: Callable[[], tuple], data: bytes) -> tuple:
    """Turn pdfminer's failures on broken files into one-line reasons."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return read()
    except ScorecardError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ScorecardError("the PDF is encrypted (password protected)") from exc
        if b"%%EOF" not in data[-2048:]:
            raise ScorecardError("the PDF is truncated or damaged") from exc
        detail = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        raise ScorecardError(f"the PDF cannot be read ({detail})") from exc
