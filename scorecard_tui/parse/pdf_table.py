"""Read a header-row table PDF (one row per measure under a header row) into a RawTable.

Works from word positions, so rules, fills, fonts, page size and column widths are
evidence, not requirements: the header row's words name the columns; rows start where
the code (or title) column starts a new block of text, or at a rule across the table; a
row whose code cell is empty at the top of a page continues the row before it. A line of
text across the table (a section row, or a heading above a table) groups the rows below
it; a grouping column merged down over its rows names each row it spans. Page furniture
(page numbers, lines repeated on every page) is dropped, and a fill
behind one cell is that cell's colour (a fill across the whole row is its background).
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.furniture import is_furniture_line, is_legend_line
from scorecard_tui.parse.page_forms import read_numbering
from scorecard_tui.parse.page_numbers import check_numbering, check_repeated_pages, page_digest
from scorecard_tui.parse.pdf_capture import Fill, PageCapture, TWord, capture_page
from scorecard_tui.parse.pdf_header import Band, Columns, find_columns, header_band, is_header_line, line_words
from scorecard_tui.parse.pdf_lines import (
    PAGE_NUMBER,
    Line,
    body_lines,
    cell_text,
    furniture_texts,
    page_furniture,
    text_lines,
    words_text,
)
from scorecard_tui.parse.table_model import RGB, RawTable, TableCell, TableRow

ProgressCallback = Callable[[int, int], None]

_CONTINUED = re.compile(r"[\s:\-–]*[(\[]?\s*(continued|cont'?d|cont\.?)\s*[)\]]?\s*$", re.I)


def read_table_pdf(source: Path | bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """The table of a header-row PDF report.

    Args:
        source: The PDF, as a path or as the bytes already read (and checked) by the importer.
        on_page: Called with (pages done, pages in all) as pages are read.

    Raises:
        ScorecardError: when the PDF has no text or no header row naming a measure column, or its
            page numbers show a page missing, repeated or out of order.
    """
    pages = _capture(source if isinstance(source, bytes) else Path(source), on_page)
    lines = body_lines(pages)
    found = _first_header(lines)
    if found is None:
        raise ScorecardError(
            f"not a scorecard: no header row naming a measure or indicator column; seen: {_seen(lines)}"
        )
    checked = check_pages(pages)
    p, i = found
    band = header_band(pages[p], lines[p], i)
    key = line_words(lines[p][i])
    below = [w for line in lines[p] for w in line if w.top >= band.bottom]
    cols = find_columns(band, pages[p], below)
    above = [ln for ln in text_lines(pages[p].words) if max(w.bottom for w in ln) <= band.top + 0.5]
    title = [ln for q in range(p) for ln in lines[q]][:10] + [
        ln for ln in above if not PAGE_NUMBER.search(words_text(ln))
    ]
    reader = _Rows(cols)
    for q in range(p, len(pages)):
        reader.read_page(pages[q], lines[q], key, band if q == p else None)
    title_text = [words_text(ln) for ln in title]
    first_group = None
    if reader.heading_style and title and _style(title[-1]) == reader.heading_style:
        first_group = title_text.pop()
    return RawTable(
        header=cols.names,
        rows=reader.rows(first_group),
        title_lines=tuple(t for t in title_text if t),
        pages=len(pages),
        page_check=checked,
        legend_lines=tuple(reader.legend),
    )


def _capture(source: Path | bytes, on_page: ProgressCallback | None) -> list[PageCapture]:
    import pdfplumber

    pages: list[PageCapture] = []
    with pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(capture_page(page, number))
            page.close()
            if on_page:
                on_page(number, total)
    if not any(p.words for p in pages):
        raise ScorecardError("no text found (a scanned or empty PDF?)")
    return pages


def check_pages(pages: list[PageCapture]) -> str:
    """Refuse pages whose numbers (in any common form, read from their headers and footers) show
    one missing, repeated or out of order, or a page repeated word for word; say what was checked."""
    furniture = [[t for ln in page_furniture(p, text_lines(p.words)) for t in furniture_texts(ln)] for p in pages]
    checked = check_numbering(read_numbering(furniture))
    check_repeated_pages([page_digest(w.text for w in p.words) for p in pages])
    return checked


def _first_header(lines: list[list[Line]]) -> tuple[int, int] | None:
    """The first header line naming a measure column; else the first of column-header words only
    (a ``--map`` may name its title column)."""
    for titled in (True, False):
        for p, page_lines in enumerate(lines):
            for i, line in enumerate(page_lines):
                if is_header_line(line, titled):
                    return p, i
    return None


def _seen(lines: list[list[Line]]) -> str:
    texts = [words_text(ln)[:40] for page in lines for ln in page][:3]
    return " / ".join(repr(t) for t in texts) or "no text"


def _style(line: Line) -> tuple[bool, int]:
    return all(w.bold for w in line), round(max(w.size for w in line))


@dataclass
class _Piece:
    """The part of one table row (or a section row) on one page."""

    page: int
    top: float
    lines: list[Line] = field(default_factory=list)
    bottom: float = 0.0
    group_words: list[TWord] | None = None
    """A merged grouping cell's words, when the page's rules show which rows it spans."""


@dataclass
class _Row:
    group: str | None
    pieces: list[_Piece]
    fills: dict[int, RGB] = field(default_factory=dict)


class _Rows:
    """Rows gathered page by page."""

    def __init__(self, cols: Columns) -> None:
        self.cols = cols
        self._rows: list[_Row] = []
        self.group: str | None = None
        self.heading_style: tuple[bool, int] | None = None
        self._open = False  # the last row may continue on the next page
        self._page_start = False  # no table row taken yet on this page
        self.legend: list[str] = []
        """Key or legend lines among or under the rows, for the report's tolerance."""

    def read_page(self, page: PageCapture, lines: list[Line], key: list[str], band: Band | None) -> None:
        width = self.cols.right - self.cols.edges[0]
        rules = sorted(y for a, b, y in page.hrules if b - a >= 0.5 * width and a < self.cols.right)
        leading = self._leading([ln for ln in lines if ln[0].top >= (band.bottom if band else 0.0)])
        pieces: list[_Piece] = []
        cur: _Piece | None = None
        floor = band.bottom if band else 0.0
        skip_to = floor
        i = 0
        while i < len(lines):
            line = lines[i]
            if line[0].top < skip_to - 0.5 or self._is_furniture(line):
                i += 1
                continue
            if line_words(line) == key:
                hb = header_band(page, lines, i)
                skip_to = hb.bottom
                if cur is not None:  # header lines above its first header-worded line
                    cur.lines = [ln for ln in cur.lines if ln[0].bottom < hb.top + 0.5]
                    if not cur.lines:
                        pieces.remove(cur)
                        cur = pieces[-1] if pieces else None
                if cur and cur.lines:
                    cur.bottom = hb.top
                    if self._is_section(cur):
                        self.heading_style = _style(cur.lines[0])
                cur = None
                continue
            only_group = all(self.cols.index(w) == self.cols.group for w in line)
            if cur is None or (not only_group and self._starts_piece(cur, line, rules, leading)):
                top = self._boundary(cur, line, rules, skip_to)
                if cur is not None:
                    cur.bottom = top
                cur = _Piece(page.number, top)
                pieces.append(cur)
            cur.lines.append(line)
            i += 1
        if cur is not None:
            cur.bottom = max(w.bottom for w in cur.lines[-1]) + leading
        if self.cols.group is not None:
            self._merged_groups(pieces, page, floor)
        self._page_start = True
        for piece in pieces:
            self._take(piece, page.fills)

    def _merged_groups(self, pieces: list[_Piece], page: PageCapture, floor: float) -> None:
        """Give every row the grouping cell it sits beside: rules across the grouping column bound
        each (merged) cell, whose text may stand at the top, middle or bottom of its rows."""
        g = self.cols.group
        assert g is not None
        x0 = self.cols.edges[g]
        x1 = self.cols.edges[g + 1] if g + 1 < len(self.cols.edges) else self.cols.right
        ys = sorted(y for a, b, y in page.hrules if min(b, x1) - max(a, x0) >= 0.5 * (x1 - x0) and y > floor - 1)
        if not ys:
            return  # no rules: each row keeps the words beside it
        bounds = [floor, *ys, page.height]
        words = [w for p in pieces for ln in p.lines for w in ln if self.cols.index(w) == g]
        for p in pieces:
            centre = (p.top + p.bottom) / 2
            lo = max(b for b in bounds if b <= centre + 0.5)
            hi = min((b for b in bounds if b > centre + 0.5), default=page.height)
            p.group_words = [w for w in words if lo - 0.5 <= (w.top + w.bottom) / 2 <= hi + 0.5]

    def _leading(self, lines: list[Line]) -> float:
        """The line spacing inside a cell, from lines that wrapped (the next word did not fit)."""
        by_col: dict[int, list[TWord]] = {}
        for line in lines:
            for w in line:
                by_col.setdefault(self.cols.index(w), []).append(w)
        pitches = []
        edges = [*self.cols.edges[1:], self.cols.right]
        for k, words in by_col.items():
            if k == len(edges) - 1 and not self.cols.ruled:
                continue  # its right edge is unknown
            for a, b in itertools.pairwise(text_lines(words)):
                pitch = b[0].top - a[0].top
                wrapped = a[-1].x1 + 0.3 * a[-1].size + (b[0].x1 - b[0].x0) > edges[k] - a[-1].size
                same = abs(a[0].size - b[0].size) < 0.1 * a[0].size and a[0].bold == b[0].bold
                if wrapped and same and 0.5 < pitch < 2.0 * a[0].size:
                    pitches.append(pitch)
        sizes = [w.size for line in lines for w in line]
        size = median(sizes) if sizes else 9.0
        return min(median(pitches), 1.25 * size) if pitches else 1.15 * size

    def _anchor_words(self, line: Line) -> list[TWord]:
        return [w for w in line if self.cols.index(w) == self.cols.anchor]

    def _starts_piece(self, cur: _Piece, line: Line, rules: list[float], leading: float) -> bool:
        prev = cur.lines[-1]
        mid_prev = (prev[0].top + prev[0].bottom) / 2
        mid = (line[0].top + line[0].bottom) / 2
        if any(mid_prev < y < mid for y in rules):
            return True
        if self._spans(line) or self._is_section(cur):
            return True
        words = self._anchor_words(line)
        if not words:
            return False
        anchored = [ln for ln in cur.lines if self._anchor_words(ln)]
        if not anchored or line[0].top - anchored[-1][0].top > 1.25 * leading:
            return True
        if not self.cols.code_anchor:
            return False
        before, text = words_text(self._anchor_words(anchored[-1])), words_text(words)
        continued = text[:1] in "([" or text[:1].islower() or before.endswith(("-", "/", ",", "&", "("))
        return not continued  # a code does not wrap: a new one starts a row

    def _boundary(self, cur: _Piece | None, line: Line, rules: list[float], floor: float) -> float:
        top = line[0].top
        if cur is not None and cur.lines:
            floor = max(floor, (cur.lines[-1][0].top + cur.lines[-1][0].bottom) / 2)
        above = [y for y in rules if floor - 0.5 <= y <= (top + line[0].bottom) / 2]
        if above:
            return above[-1]
        if cur is None or not cur.lines:
            return floor
        return (cur.lines[-1][0].bottom + top) / 2

    def _spans(self, line: Line) -> bool:
        """A single run of text that crosses a column edge (a section row or heading)."""
        runs = sum(1 for a, b in itertools.pairwise(line) if b.x0 - a.x1 > 0.6 * b.size)
        return runs == 0 and self.cols.index(line[0]) != self.cols.index(line[-1]) and len(line) > 1

    def _is_furniture(self, line: Line) -> bool:
        """A line from the first column or across columns that is a marking, a page number or a RAG key
        (``Key: Green = on target ...``) printed among or under the rows: no row, no section."""
        starts = self.cols.index(line[0]) == 0 or self._spans(line)
        if not starts or not is_furniture_line(text := words_text(line)):
            return False
        if is_legend_line(text) and len(self.legend) < 40:
            self.legend.append(text)
        return True

    def _is_section(self, piece: _Piece) -> bool:
        """Text in the first column (or across columns) only, one run a line."""
        if not piece.lines or len(piece.lines) > 3:
            return False
        if any(self._spans(ln) for ln in piece.lines):
            return True
        cols = {self.cols.index(w) for ln in piece.lines for w in ln}
        bold = all(w.bold for ln in piece.lines for w in ln)
        merged_group = self.cols.group == 0  # text alone in a grouping column is its merged cell
        return cols == {0} and len(self.cols.names) > 1 and (self.cols.anchor != 0 or bold) and not merged_group

    def _take(self, piece: _Piece, fills: list[Fill]) -> None:
        if self._is_section(piece):
            text = " ".join(words_text(ln) for ln in piece.lines)
            name = _CONTINUED.sub("", text).strip()
            if name != text or name == self.group:  # "Adults (continued)": the row above may go on too
                self.group = name or self.group
                return
            self.group = name
            self._open = False
            return
        top_line = piece.lines[0]
        anchored_top = any(
            self._anchor_words(ln) and ln[0].top <= top_line[0].top + 0.6 * top_line[0].size for ln in piece.lines
        )
        if self._page_start and not anchored_top and self._open and self._rows:
            row = self._rows[-1]
            row.pieces.append(piece)
        else:
            row = _Row(self.group, [piece])
            self._rows.append(row)
        self._open = True
        self._page_start = False
        for k, rgb in self._fills(piece, fills).items():
            row.fills.setdefault(k, rgb)

    def _fills(self, piece: _Piece, fills: list[Fill]) -> dict[int, RGB]:
        """Each column's cell fill in this piece; a colour on most of the row is its background."""
        edges = [*self.cols.edges, self.cols.right]
        found: dict[int, Fill] = {}
        for f in fills:
            cy, cx = (f.top + f.bottom) / 2, (f.x0 + f.x1) / 2
            if not piece.top - 0.5 <= cy <= piece.bottom + 0.5:
                continue
            k = max(0, min(len(edges) - 2, sum(1 for e in edges[1:-1] if e <= cx)))
            if f.x1 - f.x0 > edges[k + 1] - edges[k] + 4:
                continue
            if k not in found or f.area < found[k].area:
                found[k] = f
        colours = Counter(f.rgb for f in found.values())
        background = {c for c, n in colours.items() if n >= 3 and n > (len(edges) - 1) / 2}
        return {k: f.rgb for k, f in found.items() if f.rgb not in background}

    def rows(self, first_group: str | None) -> tuple[TableRow, ...]:
        out = []
        for row in self._rows:
            words: dict[int, list[TWord]] = {}
            for piece in row.pieces:
                for line in piece.lines:
                    for w in line:
                        words.setdefault(self.cols.index(w), []).append(w)
            merged = [p.group_words for p in row.pieces if p.group_words is not None]
            if merged and self.cols.group is not None:  # one merged cell's words, once
                words[self.cols.group] = next((ws for ws in merged if ws), [])
            cells = tuple(
                TableCell(
                    text=cell_text(ws),
                    fill=row.fills.get(k),
                    font=next((w.symbol_font for w in ws if w.symbol_font), None),
                )
                for k, ws in ((k, words.get(k, [])) for k in range(len(self.cols.names)))
            )
            group = row.group if row.group is not None else first_group
            out.append(TableRow(cells, group=group, pages=(row.pieces[0].page, row.pieces[-1].page)))
        return tuple(out)
