"""Refuse a PDF page too big to be a scorecard before the expensive reading starts.

pdfplumber builds a Python object per character, so a hostile page of 150,000 words
takes minutes. pdfium (already installed with pdfplumber) counts a page's words in C,
in a few milliseconds for a real page, before pdfplumber sees it.
"""

from __future__ import annotations

from pathlib import Path

from scorecard_tui.errors import ScorecardError

MAX_WORDS_PER_PAGE = 10_000
"""The most words a page may hold; the densest sample page holds under 600."""
MAX_CHARS_PER_PAGE = 100_000
"""The most characters a page may hold (words run together are still characters to read)."""


def check_word_budget(path: Path) -> None:
    """Refuse the file if any page holds more than :data:`MAX_WORDS_PER_PAGE` words or too many characters.

    A file pdfium cannot open is left to pdfplumber, which explains its own failures.

    Raises:
        ScorecardError: naming the first page over the limit.
    """
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return
    try:
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
    finally:
        doc.close()


def _count(doc, index: int) -> tuple[int, int]:
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
