"""Check a PDF cheaply with pdfium before pdfplumber reads it.

pdfplumber builds a Python object per character and per shape, so a hostile page of
150,000 words or 500,000 rectangles takes minutes and gigabytes, and pdfminer can spend
minutes hunting through 100 MB of junk for a PDF's structure. pdfium (installed with
pdfplumber) opens the file; each page's drawing instructions are measured before any page
is parsed (:mod:`pdf_content`); then pdfium counts each page's words and drawn objects in
C, a few milliseconds for a real page, so such files are refused before that work.
"""

from __future__ import annotations

from typing import Any

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.pdf_content import MAX_PAGES, check_content, check_streams, unreadable_pdf

MAX_WORDS_PER_PAGE = 10_000
"""The most words a page may hold; the densest sample page holds under 600."""
MAX_CHARS_PER_PAGE = 100_000
"""The most characters (other than spaces) a page may hold: words run together still count."""
MAX_WORDS_PER_REPORT = 100_000
"""The most words a report may hold; the 11-page sample holds about 4,000."""
MAX_DRAWINGS_PER_PAGE = 10_000
"""The most shapes, images and forms a page may draw (each form's own too); the samples' pages
draw at most 130, a dense spreadsheet export a few thousand. pdfplumber reads 10,000 in ~5 s."""
MAX_DRAWINGS_PER_REPORT = 100_000
"""The most shapes, images and forms a report may draw; the samples draw at most 373."""
_MAX_FORM_DEPTH = 12


def precheck_pdf(data: bytes) -> None:
    """Refuse a PDF (its bytes) that pdfium cannot open, or that holds too much text.

    Raises:
        ScorecardError: why the file is refused, naming the first page over a limit.
    """
    import pypdfium2 as pdfium

    check_streams(data)  # before pdfium opens it: an object stream of 1 MB may inflate to 1 GB
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScorecardError(_unopened(str(exc), data)) from None
    try:
        if len(doc) > MAX_PAGES:
            raise ScorecardError(
                f"the PDF has {len(doc):,} pages; a scorecard has at most {MAX_PAGES:,}: not a scorecard"
            )
        check_content(data)  # before pdfium parses a page: 1 MB may inflate to 1 GB of instructions
        total = 0
        drawn = 0
        for index in range(len(doc)):
            chars, words, drawings = _count(doc, index)
            if drawings > MAX_DRAWINGS_PER_PAGE:
                raise ScorecardError(
                    f"page {index + 1} draws over {MAX_DRAWINGS_PER_PAGE:,} shapes; "
                    f"a scorecard page draws at most {MAX_DRAWINGS_PER_PAGE:,}: not a scorecard"
                )
            drawn += drawings
            if drawn > MAX_DRAWINGS_PER_REPORT:
                raise ScorecardError(
                    f"the PDF draws over {MAX_DRAWINGS_PER_REPORT:,} shapes by page {index + 1}; "
                    "a scorecard draws far fewer: not a scorecard"
                )
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


def _count(doc: Any, index: int) -> tuple[int, int, int]:
    """Characters (other than spaces), words and drawn objects (counted past the limit only just) on one page."""
    import pypdfium2 as pdfium

    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return 0, 0, 0
    try:
        drawings = _drawings(page.raw, MAX_DRAWINGS_PER_PAGE)
        if drawings > MAX_DRAWINGS_PER_PAGE:
            return 0, 0, drawings
        text_page = page.get_textpage()
        try:
            words = text_page.get_text_range().split()
            return sum(map(len, words)), len(words), drawings
        finally:
            text_page.close()
    finally:
        page.close()


def _drawings(page: Any, limit: int) -> int:
    """Paths, images, shadings and forms a page draws, objects inside forms included; stops past ``limit``."""
    import pypdfium2 as pdfium

    raw = pdfium.raw
    count = 0
    todo: list[tuple[Any, bool, int]] = [(page, False, 0)]
    while todo and count <= limit:
        holder, is_form, depth = todo.pop()
        n = int(raw.FPDFFormObj_CountObjects(holder) if is_form else raw.FPDFPage_CountObjects(holder))
        get = raw.FPDFFormObj_GetObject if is_form else raw.FPDFPage_GetObject
        if n > limit + MAX_CHARS_PER_PAGE:
            return n  # more objects than any page's text and drawings together
        for k in range(max(n, 0)):
            obj = get(holder, k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                continue
            count += 1
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                todo.append((obj, True, depth + 1))
            if count > limit:
                break
    return count
