"""Read scorecard reports (PDFs or their text extractions, spreadsheets) into domain records.

Nothing here knows about Textual or the store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Report
from scorecard_tui.parse.doris import Extraction, ProgressCallback
from scorecard_tui.parse.footer import check_period, period_label
from scorecard_tui.parse.rows import build_measure
from scorecard_tui.parse.source_file import read_source
from scorecard_tui.parse.table_model import RawTable
from scorecard_tui.parse.table_report import Reading, RememberedMaps, reading_from_table
from scorecard_tui.safe import clean_report

T = TypeVar("T")

__all__ = ["Reading", "parse_scorecard", "read_scorecard"]


def parse_scorecard(
    path: Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
    remembered: RememberedMaps | None = None,
) -> Report:
    """Read one scorecard file: a DORIS-style PDF or its text extraction, an ``.xlsx`` or a ``.csv``.

    The file is opened once and read whole (a regular file of at most 100 MB); everything
    after that reads those bytes, never the file again, so what is parsed is what the
    stored digest names.

    Args:
        path: The file.
        period: A period label such as ``2018/19 Q1``; else read from the report.
        on_page: Progress: called with (pages done, pages in all) as PDF pages are read, with
            (sheets done, sheets in all) of a workbook and (0, 1) of a CSV at least every
            1,000 rows or 20,000 cells read (a pair may repeat), and with (done, done) at
            the end. Whatever it raises stops the read and comes out of this function
            unchanged (never turned into a :class:`ScorecardError`): raise from it to cancel.
        overrides: ``--map`` choices, header -> field (table families).
        remembered: Looks up ``--map`` choices stored for a report series.

    Raises:
        ScorecardError: with a one-line reason for a file that cannot be imported.
    """
    return read_scorecard(path, period=period, on_page=on_page, overrides=overrides, remembered=remembered).report


def read_scorecard(
    path: Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
    remembered: RememberedMaps | None = None,
) -> Reading:
    """As :func:`parse_scorecard`, with what ``inspect`` shows: the family, the mapping, the period's source."""
    reading = _read(Path(path), period=period, on_page=on_page, overrides=overrides, remembered=remembered)
    # titles, footers and headings are report text too: no escapes in the store, whatever the family
    return replace(reading, report=clean_report(reading.report))


def _read(
    path: Path,
    *,
    period: str | None,
    on_page: ProgressCallback | None,
    overrides: dict[str, str] | None,
    remembered: RememberedMaps | None,
) -> Reading:
    stopped: list[BaseException] = []

    def relay(done: int, total: int) -> None:
        """Calls ``on_page``, noting what it raises: a reader's own error handling must not
        turn a cancel into an "unreadable file"."""
        assert on_page is not None
        try:
            on_page(done, total)
        except BaseException as exc:
            stopped.append(exc)
            raise

    try:
        return _read_data(
            path,
            read_source(path),
            period=period,
            on_page=relay if on_page else None,
            overrides=overrides,
            remembered=remembered,
        )
    except Exception:
        if stopped:
            raise stopped[0] from None
        raise


def _read_data(
    path: Path,
    data: bytes,
    *,
    period: str | None,
    on_page: ProgressCallback | None,
    overrides: dict[str, str] | None,
    remembered: RememberedMaps | None,
) -> Reading:
    """Read a file's bytes (``path`` only names it: it is never opened again)."""
    if not data or data.isspace():
        raise ScorecardError("the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()

    def from_table(table: RawTable, family: str) -> Reading:
        return reading_from_table(
            table, family=family, path=path, sha256=sha256, period=period, overrides=overrides, remembered=remembered
        )

    if data.startswith(b"PK\x03\x04"):
        from scorecard_tui.parse.spreadsheet import read_xlsx

        table = read_xlsx(data, on_page)
        if on_page:
            on_page(table.pages, table.pages)
        return from_table(table, "spreadsheet (.xlsx)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ScorecardError("an old Excel .xls (or other Office 97) file: save it as .xlsx or .csv and import that")
    if data.startswith(b"%PDF"):
        from scorecard_tui.parse.pdf import is_doris_pdf, read_pdf_rows
        from scorecard_tui.parse.pdf_precheck import precheck_pdf

        precheck_pdf(data)  # a page of 150,000 words is refused before any reader spends minutes on it
        doris_error: ScorecardError | None = None
        pdf_found: Extraction | None = None
        if _guard(lambda: is_doris_pdf(data), data):
            try:
                pdf_found = _guard(lambda: read_pdf_rows(data, on_page), data)
            except ScorecardError as exc:
                if not str(exc).startswith("not a scorecard"):
                    raise
                doris_error = exc  # "Directorate :" words in a table of another family
        if doris_error is not None or pdf_found is None or not pdf_found.rows:
            return from_table(_table_pdf(data, on_page, doris_error), "header-row table (PDF)")
        found = pdf_found
        family = "DORIS-style scorecard (PDF)"
    else:
        from scorecard_tui.parse.text import read_text_rows

        if _is_csv(path, data):
            from scorecard_tui.parse.spreadsheet import read_csv

            table = read_csv(data, on_page)
            if on_page:
                on_page(1, 1)
            return from_table(table, "spreadsheet (.csv)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ScorecardError("not a PDF or a text extraction of one") from None
        if "\x00" in text:
            raise ScorecardError("not a PDF or a text extraction of one")
        found = read_text_rows(text)
        family = "DORIS-style scorecard (text extraction)"
        if on_page:
            on_page(found.pages, found.pages)
    rows, footer, pages = found.rows, found.footer, found.pages
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
        sha256=sha256,
        subtitle="\n".join(found.title_lines) or None,
    )
    period_from = "--period" if period else f"the 'Time Fetched' footer ({footer.fetched_at:%d %B %Y}) and commentary"
    return Reading(report, family, period_from=period_from)


_DORIS_TEXT = re.compile(r"D\s*i\s*r\s*e\s*c\s*t\s*o\s*r\s*a\s*t\s*e\s*:")


def _is_csv(path: Path, data: bytes) -> bool:
    """A text file is a CSV unless it reads as a DORIS text extraction."""
    from scorecard_tui.parse.spreadsheet import decode_text, looks_like_csv

    text = decode_text(data[:65536])
    if _DORIS_TEXT.search(text) and "Quarterly" in text.replace(" ", ""):
        return False
    return path.suffix.lower() in (".csv", ".tsv") or looks_like_csv(text)


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

    from scorecard_tui.parse.pdf_precheck import unreadable_pdf

    try:
        return read()
    except ScorecardError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        detail = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        encrypted = isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError)
        raise ScorecardError(unreadable_pdf(detail, data, encrypted=encrypted)) from exc
