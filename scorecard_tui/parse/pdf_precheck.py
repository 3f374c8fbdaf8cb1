"""Check a PDF cheaply with pdfium before pdfplumber reads it.

pdfplumber builds a Python object per character, so a hostile page of 150,000 words takes
minutes, and pdfminer can spend minutes hunting through 100 MB of junk for a PDF's
structure. pdfium (installed with pdfplumber) opens the file and counts each page's words
in C, a few milliseconds for a real page, so such files are refused before that work.
"""

from __future__ import annotations

from typing import Any

from scorecard_tui.errors import ScorecardError

MAX_WORDS_PER_PAGE = 10_000
"""The most words a page may hold; the densest sample page holds under 600."""
MAX_CHARS_PER_PAGE = 100_000
"""The most characters (other than spaces) a page may hold: words run together still count."""
MAX_WORDS_PER_REPORT = 100_000
"""The most words a report may hold; the 11-page sample holds about 4,000."""


def precheck_pdf(data: bytes) -> None:
    """Refuse a PDF (its bytes) that pdfium cannot open, or that holds too much text.

    Raises:
        ScorecardError: why the file is refused, naming the first page over a limit.
    """
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScorecardError(_unopened(str(exc), data)) from None
    try:
        total = 0
        for index in range(len(doc)):
            chars, words = _count(doc, index)
            if words > MAX_WORDS_PER_PAGE:
                raise ScorecardError(
                    f"page {index + 1} has {words:,} words; "
                    f"a scorecard page has at most {MAX_WORDS_PER_PAGE:,}: not a scorecard"
                )
            if chars > MAX_CHARS_PER_PAGE:
                raise ScorecardError(
                    f"page {index + 1} has {chars:,} characters; "
                    f"a scorecard page has at most {MAX_CHARS_PER_PAGE:,}: not a scorecard"
                )
            total += words
            if total > MAX_WORDS_PER_REPORT:
                raise ScorecardError(
                    f"the PDF has over {MAX_WORDS_PER_REPORT:,} words by page {index + 1}; "
                    "a scorecard has far fewer: not a scorecard"
                )
    finally:
        doc.close()


def _unopened(reason: str, data: bytes) -> str:
    detail = reason.removeprefix("Failed to load document").strip(" .()")
    return unreadable_pdf(detail, data, encrypted="password" in reason.lower())


def unreadable_pdf(detail: str, data: bytes, *, encrypted: bool) -> str:
    """Why a PDF (its bytes) cannot be read, in one line, whichever library failed on it."""
    if encrypted:
        return "the PDF is encrypted (password protected)"
    if b"%%EOF" not in data[-2048:]:
        return "the PDF is truncated or damaged"
    return f"the PDF cannot be read ({detail or 'damaged'})"


def _count(doc: Any, index: int) -> tuple[int, int]:
    """Characters (other than spaces) and words on one page."""
    import pypdfium2 as pdfium

    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return 0, 0
    try:
        text_page = page.get_textpage()
        try:
            words = text_page.get_text_range().split()
            return sum(map(len, words)), len(words)
        finally:
            text_page.close()
    finally:
        page.close()
