"""Canvas-level reportlab layout engine that renders a scorecard report dict as a council PDF.

The output mimics the reference "Improvement Report - Council Scorecard": landscape pages,
one table per page without a header row, a bold "Directorate : X" row before each directorate,
one row per measure (measure, quarterly RAG, forecast RAG, data, direction, commentary,
actions, review), rows split over page breaks, and a two-line footer ("Report Name" on the last
page). Run ``python sample_data/build_pdf.py`` to rebuild every ``sample_data/*.json`` into the
PDF of the same stem.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

_BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
_RAG_FILL = {"red": (0.84, 0.19, 0.16), "amber": (1.0, 0.75, 0.0), "green": (0.22, 0.62, 0.29)}
_RAG_INK = {"red": (1, 1, 1), "amber": (0, 0, 0), "green": (1, 1, 1)}
_HEADING_FILL = (0.87, 0.87, 0.87)


@dataclass(frozen=True)
class LayoutStyle:
    """Page, font and table settings; ``None`` fields are derived in ``__post_init__``."""

    pagesize: tuple[float, float] = landscape(A4)
    font: str = "Helvetica"
    bold_font: str | None = None  # default: the bold face of ``font``
    font_size: float = 8.0
    leading: float | None = None  # default: 1.375 * font_size (11 pt at 8 pt)
    char_space: float = 0.0  # extra points after every glyph (PDF Tc)
    glyph_by_glyph: bool = False  # one drawString per glyph, no space glyphs drawn
    grid: float | None = None  # glyph_by_glyph only: round each glyph's x to this grid
    # Relative weights: measure, quarterly RAG, forecast RAG, data, direction,
    # commentary, actions, review.
    column_widths: tuple[float, ...] = (100, 32, 32, 60, 52, 200, 200, 125)
    ruling_lines: bool = True  # cell rules and the directorate row shading
    rag_fill: bool = True
    margins: tuple[float, float, float, float] = (30, 36, 22, 36)  # top, right, bottom, left
    cell_padding: float = 4.0
    paragraph_gap: float | None = None  # default: half the leading
    title: bool = False  # draw report["title"] (or its name) on page 1 above the table
    footer_font_size: float = 6.5
    min_split_lines: int = 3  # a row is moved to the next page if fewer lines would fit

    def __post_init__(self) -> None:
        if len(self.column_widths) != 8:
            raise ValueError("column_widths needs 8 weights")
        if self.bold_font is None:
            object.__setattr__(self, "bold_font", _BOLD.get(self.font, self.font))
        if self.leading is None:
            object.__setattr__(self, "leading", round(self.font_size * 1.375, 3))
        if self.paragraph_gap is None:
            object.__setattr__(self, "paragraph_gap", self.leading / 2)


@dataclass(frozen=True)
class Line:
    """One line of a cell; ``text == ""`` is a blank line or paragraph gap."""

    text: str
    height: float


@dataclass
class Piece:
    """The part of a table row drawn on one page."""

    cells: list[list[Line]]  # 8 cells, or 1 for a directorate heading
    top: float
    height: float
    rag: tuple[str, str] = ("", "")  # fill colours, only on a row's first piece
    open_top: bool = False  # continued from the previous page: no top rule
    open_bottom: bool = False  # continues on the next page: no bottom rule


@dataclass
class _Row:
    cells: list[list[Line]]
    code: str = ""
    rag: tuple[str, str] = ("", "")
    heading: bool = False


@dataclass
class _Layout:
    pages: list[list[Piece]] = field(default_factory=lambda: [[]])
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def load_report(json_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a report dict from a UTF-8 JSON file."""
    return json.loads(Path(json_path).read_text(encoding="utf-8"))


def clean_text(value: Any) -> str:
    """Text as drawn: tabs become spaces, other controls and non-WinAnsi characters "?"."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        try:
            ok = unicodedata.category(ch) not in ("Cc", "Cf", "Cs") and bool(ch.encode("cp1252"))
        except UnicodeEncodeError:
            ok = False
        out.append(ch if ok else "?")
    return "".join(out)


def text_width(text: str, font: str, size: float, char_space: float = 0.0) -> float:
    """Advance width of ``text`` including ``char_space`` after every glyph."""
    return stringWidth(text, font, size) + char_space * len(text)


def wrap(text: str, width: float, font: str, size: float, char_space: float = 0.0) -> list[str]:
    """Greedy word wrap; a word wider than ``width`` is broken at a character boundary."""

    def fits(s: str) -> bool:
        return text_width(s, font, size, char_space) <= width

    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if fits(cand):
            cur = cand
            continue
        if cur:
            lines.append(cur)
        while not fits(word) and len(word) > 1:
            n = 1
            while n < len(word) and fits(word[: n + 1]):
                n += 1
            lines.append(word[:n])
            word = word[n:]
        cur = word
    if cur:
        lines.append(cur)
    return lines


def _block(text: Any, width: float, st: LayoutStyle, gap: bool = True) -> list[Line]:
    """Wrap each "\\n"-separated paragraph; ``paragraph_gap`` between paragraphs if ``gap``."""
    out: list[Line] = []
    for para in clean_text(text).split("\n"):
        lines = wrap(para, width, st.font, st.font_size, st.char_space)
        if not lines:
            continue
        if out and gap:
            out.append(Line("", st.paragraph_gap))
        out.extend(Line(t, st.leading) for t in lines)
    return out


def _measure_row(m: dict[str, Any], widths: list[float], st: LayoutStyle) -> _Row:
    c = m.get("cells") or {}
    w = [x - 2 * st.cell_padding for x in widths]
    data: list[Line] = []
    for i, text in enumerate(
        [
            "Quarterly data",
            f"Target {clean_text(c.get('quarter_target'))}",
            f"Actual {clean_text(c.get('quarter_actual'))}",
            "",
            "Forecast data",
            f"Target {clean_text(c.get('forecast_target'))}",
            f"Actual {clean_text(c.get('forecast_actual'))}",
        ]
    ):
        data += [Line("", st.leading)] if i == 3 else _block(text, w[3], st, gap=False)
    measure = c.get("measure") or f"{m.get('code', '')} {m.get('title', '')}"
    rq, rf = clean_text(c.get("rag_quarter")), clean_text(c.get("rag_forecast"))
    cells = [
        _block(measure, w[0], st, gap=False),
        _block(rq, w[1], st, gap=False),
        _block(rf, w[2], st, gap=False),
        data,
        _block(c.get("direction"), w[4], st, gap=False),
        _block(m.get("commentary"), w[5], st),
        _block(m.get("actions"), w[6], st),
        _block(m.get("review"), w[7], st),
    ]
    rag = (rq.strip().lower(), rf.strip().lower())
    return _Row(cells, code=str(m.get("code", "")), rag=rag)


def _rows(report: dict[str, Any], widths: list[float], st: LayoutStyle) -> list[_Row]:
    rows: list[_Row] = []
    current: object = object()
    full = sum(widths) - 2 * st.cell_padding
    for m in report.get("measures") or []:
        if m.get("directorate") != current:
            current = m.get("directorate")
            text = clean_text(f"Directorate : {current or ''}")
            lines = wrap(text, full, st.bold_font, st.font_size, st.char_space)
            rows.append(_Row([[Line(t, st.leading) for t in lines]], heading=True))
        rows.append(_measure_row(m, widths, st))
    return rows


def _height(cells: list[list[Line]]) -> float:
    return max((sum(x.height for x in c) for c in cells), default=0.0)


def _lstrip(cell: list[Line]) -> list[Line]:
    i = 0
    while i < len(cell) and not cell[i].text:
        i += 1
    return cell[i:]


def _paginate(rows: list[_Row], st: LayoutStyle, top0: float, top: float, bottom: float) -> _Layout:
    """Place rows onto pages, splitting rows that do not fit."""
    lay, pad, y = _Layout(), st.cell_padding, top0
    min_h = st.min_split_lines * st.leading

    def new_page() -> None:
        nonlocal y
        lay.pages.append([])
        y = top

    for i, row in enumerate(rows):
        if row.heading:  # keep the heading with the first lines of the next row
            need = _height(row.cells) + 2 * pad + (min_h + 2 * pad) * (i + 1 < len(rows))
            if y - need < bottom and lay.pages[-1]:
                new_page()
            h = _height(row.cells) + 2 * pad
            lay.pages[-1].append(Piece(row.cells, y, h))
            y -= h
            continue
        cells, first, start = row.cells, True, 0
        while True:
            h = _height(cells) + 2 * pad
            if y - h >= bottom - 1e-6:
                piece = Piece(cells, y, h, open_top=not first)
                if first:
                    piece.rag, start = row.rag, len(lay.pages)
                lay.pages[-1].append(piece)
                y -= h
                break
            room = y - bottom - 2 * pad
            if room < min_h and lay.pages[-1]:
                new_page()
                continue
            heads, tails = [], []
            for cell in cells:
                n, acc = 0, 0.0
                while n < len(cell) and acc + cell[n].height <= room + 1e-6:
                    acc += cell[n].height
                    n += 1
                n = max(n, 1 if cell else 0)  # always progress, even on a tiny page
                heads.append(cell[:n])
                tails.append(_lstrip(cell[n:]))
            done = not any(tails)
            piece = Piece(heads, y, y - bottom, open_top=not first, open_bottom=not done)
            if first:
                piece.rag, start = row.rag, len(lay.pages)
            lay.pages[-1].append(piece)
            y = bottom
            if done:
                break
            new_page()
            cells, first = tails, False
            cells[1] = cells[2] = []  # continuation rows have empty RAG cells
        start = min(start, lay.spans.get(row.code, (start, 0))[0])
        lay.spans[row.code] = (start, len(lay.pages))
    return lay


def _draw_text(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, st: LayoutStyle
) -> None:
    """Draw one line in the style's glyph mode (whole string, or glyph by glyph)."""
    if not text:
        return
    c.setFont(font, size)
    if not st.glyph_by_glyph:
        c.drawString(x, y, text, charSpace=st.char_space)
        return
    t = c.beginText()
    t.setFont(font, size)
    pos = x
    for ch in text:
        if not ch.isspace():
            gx = round(pos / st.grid) * st.grid if st.grid else pos
            t.setTextOrigin(gx, y)
            t.textOut(ch)
        pos += stringWidth(ch, font, size) + st.char_space
    c.drawText(t)


def _baseline(line_top: float, st: LayoutStyle) -> float:
    """Baseline that centres the glyph box (ascent 0.75, descent 0.22 em) in the leading."""
    return line_top - (st.leading - 0.97 * st.font_size) / 2 - 0.75 * st.font_size


def _draw_piece(c: Canvas, p: Piece, xs: list[float], st: LayoutStyle) -> None:
    pad, bottom = st.cell_padding, p.top - p.height
    heading = len(p.cells) == 1
    bounds = [(xs[0], xs[-1])] if heading else list(itertools.pairwise(xs))
    if heading and st.ruling_lines:
        c.setFillColorRGB(*_HEADING_FILL)
        c.rect(xs[0], bottom, xs[-1] - xs[0], p.height, stroke=0, fill=1)
    for k, (x0, x1) in enumerate(bounds):
        ink = (0, 0, 0)
        if not heading and k in (1, 2) and st.rag_fill:
            colour = p.rag[k - 1]
            if colour in _RAG_FILL:
                c.setFillColorRGB(*_RAG_FILL[colour])
                c.rect(x0, bottom, x1 - x0, p.height, stroke=0, fill=1)
                ink = _RAG_INK[colour]
        c.setFillColorRGB(*ink)
        font = st.bold_font if heading else st.font
        y = p.top - pad
        for line in p.cells[k]:
            _draw_text(c, x0 + pad, _baseline(y, st), line.text, font, st.font_size, st)
            y -= line.height
    c.setFillColorRGB(0, 0, 0)
    if not st.ruling_lines:
        return
    c.setLineWidth(0.5)
    if not p.open_top:
        c.line(xs[0], p.top, xs[-1], p.top)
    if not p.open_bottom:
        c.line(xs[0], bottom, xs[-1], bottom)
    for x in [xs[0], xs[-1]] if heading else xs:
        c.line(x, p.top, x, bottom)


def format_fetched(value: Any) -> str:
    """'2018-08-24T11:12:02' -> 'Friday 24 August 2018 11:12:02' (unparsable: as given)."""
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return clean_text(value)
    return f"{dt:%A} {dt.day} {dt:%B %Y %H:%M:%S}"


def _draw_footer(c: Canvas, report: dict[str, Any], n: int, total: int, st: LayoutStyle) -> None:
    """Footer: 2 lines (3 on the last page) from the bottom margin upwards."""
    fs, (_, right, bottom, left) = st.footer_font_size, st.margins
    fl, x_right, x_mid = fs * 1.3, st.pagesize[0] - right, st.pagesize[0] / 2
    y1, y2 = bottom + 2 * fl, bottom + fl
    cells = [
        (y1, -1, f"Data Source: {clean_text(report.get('source'))}"),
        (y1, 0, clean_text(report.get("organisation"))),
        (y1, 1, f"Page {n} of {total}"),
        (y2, -1, f"Time Fetched: {format_fetched(report.get('fetched_at'))}"),
        (y2, 1, clean_text(report.get("team"))),
    ]
    if n == total:
        cells.append((bottom, -1, f"Report Name: {clean_text(report.get('name'))}"))
    for y, align, text in cells:
        text = " ".join(text.split())
        w = text_width(text, st.font, fs, st.char_space)
        x = {-1: left, 0: x_mid - w / 2, 1: x_right - w}[align]
        _draw_text(c, x, y, text, st.font, fs, st)


def _footer_top(st: LayoutStyle) -> float:
    """Lowest y the table may reach: above footer line 1 plus a small gap."""
    return st.margins[2] + 2 * st.footer_font_size * 1.3 + st.footer_font_size + 6


def render(
    report: dict[str, Any],
    path: str | os.PathLike[str] | IO[bytes],
    style: LayoutStyle | None = None,
) -> tuple[dict[str, tuple[int, int]], int]:
    """Write the PDF; return ({code: (first page, last page)}, page count)."""
    st = style or LayoutStyle()
    pw, ph = st.pagesize
    top_m, right, _, left = st.margins
    total_w = sum(st.column_widths)
    widths = [(pw - left - right) * w / total_w for w in st.column_widths]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    top = ph - top_m
    title_lines: list[str] = []
    top0 = top
    if st.title:
        tsize = st.font_size * 1.8
        title = clean_text(report.get("title") or report.get("name"))
        title_lines = wrap(title, pw - left - right, st.bold_font, tsize, st.char_space)
        top0 = top - len(title_lines) * tsize * 1.25 - st.leading
    lay = _paginate(_rows(report, widths, st), st, top0, top, _footer_top(st))
    target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
    c = Canvas(target, pagesize=st.pagesize, invariant=1)
    c.setTitle(clean_text(report.get("name")))
    c.setAuthor(clean_text(report.get("organisation")))
    total = len(lay.pages)
    for n, pieces in enumerate(lay.pages, start=1):
        if n == 1 and title_lines:
            tsize = st.font_size * 1.8
            for i, t in enumerate(title_lines):
                _draw_text(c, left, top - tsize - i * tsize * 1.25, t, st.bold_font, tsize, st)
        for p in pieces:
            _draw_piece(c, p, xs, st)
        _draw_footer(c, report, n, total, st)
        c.showPage()
    c.save()
    return lay.spans, total


def build_scorecard_pdf(
    report: dict[str, Any],
    path: str | os.PathLike[str] | IO[bytes],
    style: LayoutStyle | None = None,
) -> dict[str, tuple[int, int]]:
    """Render ``report`` to ``path``; return each measure code's (first, last) page, 1-based."""
    return render(report, path, style)[0]


def main() -> int:
    """Rebuild every sample_data/*.json into the PDF of the same stem."""
    here = Path(__file__).resolve().parent
    for src in sorted(here.glob("*.json")):
        out = src.with_suffix(".pdf")
        _, pages = render(load_report(src), out)
        print(f"{out.name}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
