"""Read a scorecard PDF with pdfplumber.

Columns are found from the page itself (gutters that no word crosses, named by what they
hold), rows from the RAG cells, so fonts, widths, paper size, ruling lines and colours do
not matter. Footers and directorate headings are recognised by their wording.
"""

from __future__ import annotations

import io
import itertools
import re
from array import array
from dataclasses import dataclass
from statistics import median

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import DIRECTORATE_HEADING, TITLE_LINES, Extraction, ProgressCallback
from scorecard_tui.parse.footer import FooterInfo, is_footer
from scorecard_tui.parse.furniture import is_furniture_line, is_legend_line, is_marking
from scorecard_tui.parse.layout import PageWords, Word, group_lines, line_text, merge_spans, segments, x_tolerance
from scorecard_tui.parse.page_numbers import (
    NOT_NUMBERED,
    NUMBERED,
    PageNumber,
    check_page_numbers,
    check_repeated_pages,
    page_digest,
)
from scorecard_tui.parse.rows import RowCells

_RAGS = re.compile(r"^(red|amber|green|n/a)+$")
_DIRECTIONS = re.compile(r"^(improving|stabilised|deteriorating)+$")
TEXT_FIELDS = ("commentary", "actions", "review")


@dataclass
class _Heading:
    page: int
    top: float
    name: str


@dataclass
class _Columns:
    measure: tuple[float, float]
    rag_quarter: tuple[float, float]
    rag_forecast: tuple[float, float]
    data: tuple[float, float]
    direction: tuple[float, float] | None
    texts: list[tuple[float, float]]

    def field_of(self, w: Word) -> str | None:
        centre = (w.x0 + w.x1) / 2
        named = [
            ("measure", self.measure),
            ("rag_quarter", self.rag_quarter),
            ("rag_forecast", self.rag_forecast),
            ("data", self.data),
            ("direction", self.direction),
            *zip(TEXT_FIELDS, self.texts, strict=False),
        ]
        for name, span in named:
            if span and span[0] - 0.5 <= centre <= span[1] + 0.5:
                return name
        return None


def is_doris_pdf(data: bytes, pages: int = 2) -> bool:
    """True if the first pages show "Directorate :" with quarterly and forecast data (the DORIS family)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:pages]:
            words = page.extract_words(x_tolerance=x_tolerance(page.chars))
            page.close()
            text = "".join(w["text"] for w in words).lower()
            if "directorate:" in text and "quarterly" in text and "forecast" in text:
                return True
    return False


def read_pdf_pages(
    data: bytes,
    footer: FooterInfo,
    on_page: ProgressCallback | None = None,
    title_lines: list[str] | None = None,
    legend: list[str] | None = None,
) -> tuple[list[PageWords], list[_Heading], list[tuple[float, float]], int, str]:
    """Body words page by page (compact), directorate headings, column spans, page count, and how
    the pages were checked.

    Each pdfplumber page is closed as soon as its words are out, so memory stays low on
    long reports. Footers go into ``footer``; the lines above the first heading (such as
    "ILLUSTRATIVE DATA - NOT PUBLISHED") into ``title_lines``; a key or legend among or under the
    rows into ``legend``.
    """
    import pdfplumber

    pages: list[PageWords] = []
    headings: list[_Heading] = []
    numbering: dict[int, PageNumber] = {}
    spans: list[tuple[float, float]] = []
    digests: list[bytes | None] = []
    seen = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(x_tolerance=x_tolerance(page.chars), extra_attrs=["size"])
            placed = [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], w["size"], number) for w in words]
            seen += len(placed)
            digests.append(page_digest(w.text for w in placed))
            page.close()
            body = _sort_page(placed, footer, headings, numbering, title_lines, legend)
            spans = merge_spans([*spans, *((w.x0, w.x1) for w in body)])
            pages.append(PageWords(number, body))
            if on_page:
                on_page(number, total)
    if not seen:
        raise ScorecardError("no text found (a scanned or empty PDF?)")
    if not headings:
        raise ScorecardError("not a scorecard: no 'Directorate :' headings found")
    check_page_numbers(list(numbering.values()), every_footer_read=True)
    check_repeated_pages(digests)
    checked = NUMBERED if numbering else NOT_NUMBERED
    return pages, headings, spans, total, checked


def _sort_page(
    words: list[Word],
    footer: FooterInfo,
    headings: list[_Heading],
    numbering: dict[int, PageNumber],
    title_lines: list[str] | None = None,
    legend: list[str] | None = None,
) -> list[Word]:
    """The page's table words; footer lines are read into ``footer`` (the page's number into
    ``numbering``), headings collected, lines above the first heading into ``title_lines``, key or
    legend lines among the rows into ``legend``."""
    body: list[Word] = []
    in_footer = False
    left = min((w.x0 for w in words), default=0.0)
    for line in group_lines(words):
        text = line_text(line)
        if in_footer or is_footer(text):
            in_footer = True
            stated = footer.read(segments(line))
            if stated is not None and footer.total_pages:
                numbering.setdefault(line[0].page, (stated, footer.total_pages))
        elif headings and (is_marking(text) or (line[0].x0 <= left + 2 * line[0].size and is_furniture_line(text))):
            # OFFICIAL; a RAG key among or under the rows, from the left edge (a commentary line is further in)
            if legend is not None and len(legend) < TITLE_LINES and is_legend_line(text):
                legend.append(text)
            continue
        elif m := DIRECTORATE_HEADING.match(text):
            headings.append(_Heading(line[0].page, line[0].top, " ".join(m["name"].split())))
        elif headings:
            body.extend(line)
        elif title_lines is not None and len(title_lines) < TITLE_LINES:
            title_lines.append(text)
    return body


def find_columns(pages: list[PageWords], spans: list[tuple[float, float]]) -> _Columns:
    """Name the columns by what they hold."""
    texts: list[list[str]] = [[] for _ in spans]
    for page in pages:
        for w in page.words():
            i = _span_of(spans, w)
            if i is not None:
                texts[i].append(w.text.lower())
    joined = {s: "".join(t) for s, t in zip(spans, texts, strict=True)}
    rags = [s for s in spans if _RAGS.match(joined[s])]
    data = [s for s in spans if "quarterlydata" in joined[s] and "target" in joined[s]]
    if len(rags) < 2 or not data:
        raise ScorecardError("not a scorecard: no RAG and 'Quarterly data' columns found")
    direction = next((s for s in spans if _DIRECTIONS.match(joined[s])), None)
    after = (direction or data[0])[1]
    narrative = [s for s in spans if s[0] > after]
    if len(narrative) != 3:
        raise ScorecardError(
            f"not a scorecard: expected commentary, actions and review columns, found {len(narrative)}"
        )
    return _Columns(spans[0], rags[0], rags[1], data[0], direction, narrative)


def _span_of(spans: list[tuple[float, float]], w: Word) -> int | None:
    for i, (x0, x1) in enumerate(spans):
        if x0 <= w.x0 and w.x1 <= x1:
            return i
    return None


def read_pdf_rows(data: bytes, on_page: ProgressCallback | None = None) -> Extraction:
    """The rows of a scorecard PDF (its bytes), what its footers say, its page count, and the
    lines above its first heading.

    Raises:
        ScorecardError: for a PDF that cannot be read or is not a scorecard.
    """
    footer = FooterInfo()
    title_lines: list[str] = []
    legend: list[str] = []
    pages, headings, spans, total, checked = read_pdf_pages(data, footer, on_page, title_lines, legend)
    cols = find_columns(pages, spans)
    stats = _Stats()
    rag_words: list[Word] = []
    for page in pages:
        by_field = _by_field(cols, page.words())
        stats.add(by_field)
        rag_words += by_field.get("rag_quarter", []) + by_field.get("rag_forecast", [])
    rows, row_marks = _rows(_row_starts(rag_words), headings)
    open_cells: dict[int, dict[str, list[Word]]] = {}
    done = 0
    for page in pages:
        for name, words in _by_field(cols, page.words()).items():
            for w in words:
                i = _row_index(row_marks, w)
                if i is not None:
                    open_cells.setdefault(i, {}).setdefault(name, []).append(w)
                    rows[i].last_page = max(rows[i].last_page, w.page)
        # A row is complete once the page holding the next row's start has been read.
        last_page = page is pages[-1]
        while done < len(rows) and (last_page or (done + 1 < len(rows) and row_marks[done + 1][0] <= page.number)):
            _fill_row(rows[done], open_cells.pop(done, {}), stats)
            done += 1
    return Extraction(rows, footer, total, tuple(title_lines), checked, tuple(legend))


def _by_field(cols: _Columns, words: list[Word]) -> dict[str, list[Word]]:
    out: dict[str, list[Word]] = {}
    for w in words:
        if name := cols.field_of(w):
            out.setdefault(name, []).append(w)
    return out


class _Stats:
    """Document-wide measures the paragraph reader needs: column right edges, leading, word gaps."""

    def __init__(self) -> None:
        self.limits: dict[str, float] = {}
        self.deltas = array("f")
        self.gaps = array("f")

    def add(self, by_field: dict[str, list[Word]]) -> None:
        for name, words in by_field.items():
            self.limits[name] = max(self.limits.get(name, 0.0), max(w.x1 for w in words))
            if name not in TEXT_FIELDS:
                continue
            lines = group_lines(words)
            for a, b in itertools.pairwise(lines):
                if 0 < b[0].top - a[0].top < 3 * a[0].size:
                    self.deltas.append(b[0].top - a[0].top)
            for line in lines:
                self.gaps.extend(b.x0 - a.x1 for a, b in itertools.pairwise(line))

    @property
    def leading(self) -> float:
        return median(self.deltas) if self.deltas else 10.0

    @property
    def space(self) -> float:
        return median(self.gaps) if self.gaps else 2.5


def _row_starts(rag_words: list[Word]) -> list[tuple[int, float]]:
    """Where rows begin: the first line of each RAG cell (continuations have none)."""
    starts: list[tuple[int, float]] = []
    for line in group_lines(rag_words):
        w = line[0]
        near = [s for s in starts if s[0] == w.page and abs(s[1] - w.top) < 1.6 * w.size * 1.5]
        if not near:
            starts.append((w.page, w.top))
    return sorted(starts)


def _rows(starts: list[tuple[int, float]], headings: list[_Heading]) -> tuple[list[RowCells], list[tuple[int, float]]]:
    """A RowCells per row start, each in the directorate of the heading above it."""
    marks = sorted([(p, t, "row", "") for p, t in starts] + [(h.page, h.top, "heading", h.name) for h in headings])
    rows: list[RowCells] = []
    directorate = ""
    for page, _top, kind, name in marks:
        if kind == "heading":
            directorate = name
        else:
            if not directorate:
                raise ScorecardError("a measure comes before any 'Directorate :' heading")
            rows.append(RowCells(directorate, first_page=page, last_page=page))
    return rows, [(p, t) for p, t, kind, _ in marks if kind == "row"]


def _row_index(marks: list[tuple[int, float]], w: Word) -> int | None:
    key = (w.page, w.top + 0.6 * w.size)
    lo, hi = 0, len(marks)
    while lo < hi:
        mid = (lo + hi) // 2
        if marks[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1 if lo else None


def _fill_row(row: RowCells, cells: dict[str, list[Word]], stats: _Stats) -> None:
    def plain(name: str) -> str:
        text = ""
        for line in group_lines(cells.get(name, [])):
            joined = line_text(line)
            text = text + joined if _broken_word(text, joined) else f"{text} {joined}".strip()
        return text

    row.measure = plain("measure")
    row.rag_quarter = plain("rag_quarter")
    row.rag_forecast = plain("rag_forecast")
    row.data = plain("data")
    row.direction = plain("direction")
    for name in TEXT_FIELDS:
        lines = group_lines(cells.get(name, []))
        setattr(row, name, _lines_to_paragraphs(lines, stats.limits.get(name, 0.0), stats.leading, stats.space))


def _lines_to_paragraphs(lines: list[list[Word]], limit: float, leading: float, space: float) -> list[str]:
    """Join lines into paragraphs: a wide gap, or a line the next word would have fitted on, ends one."""
    out: list[str] = []
    prev: list[Word] | None = None
    for line in lines:
        if prev is None:
            out.append(line_text(line))
        else:
            if line[0].page == prev[0].page:
                gap_break = line[0].top - prev[0].top > 1.3 * leading
            else:
                gap_break = line[0].text[:1] in "-•"
            fits = prev[-1].x1 + space + (line[0].x1 - line[0].x0) <= limit - 0.5
            if gap_break or fits:
                out.append(line_text(line))
            elif _broken_word(out[-1], line[0].text):
                out[-1] += line_text(line)
            else:
                out[-1] += " " + line_text(line)
        prev = line
    return out


def _broken_word(before: str, after: str) -> bool:
    """A line ending inside a word broken after "/" or "-" (``reablement/`` + ``rehabilitation``)."""
    last = before.rsplit(" ", 1)[-1]
    return len(last) > 1 and (last.endswith("/") or (last.endswith("-") and after[:1].islower()))
