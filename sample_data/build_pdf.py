"""Canvas-level reportlab layout engine rendering a scorecard report dict as a council PDF.

Mimics the reference "Improvement Report - Council Scorecard" (see docs/domain.md): one table per
landscape page, directorate heading rows, one row per measure split over page breaks, a footer.
``python sample_data/build_pdf.py`` rebuilds every ``sample_data/*.json`` into ``<stem>.pdf``.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

_BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
_RAG_FILL = {"red": (0.84, 0.19, 0.16), "amber": (1.0, 0.75, 0.0), "green": (0.22, 0.62, 0.29)}
_RAG_INK = {"red": (1, 1, 1), "amber": (0, 0, 0), "green": (1, 1, 1)}
NARRATIVE = ("commentary", "actions", "review")
Spans = dict[str, tuple[int, int]]  # measure code -> (first page, last page), 1-based
Dest = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True)
class LayoutStyle:
    """Page, font and table settings; ``None`` fields are derived in ``__post_init__``."""

    pagesize: tuple[float, float] = landscape(A4)
    font: str = "Helvetica"
    bold_font: str | None = None  # default: the bold face of ``font``
    font_size: float = 9.0
    leading: float | None = 14.0  # None: 1.5 * font_size
    char_space: float = 0.0  # extra points after every glyph (PDF Tc)
    glyph_by_glyph: bool = False  # one drawString per glyph, no space glyphs drawn
    grid: float | None = None  # glyph_by_glyph only: round each glyph's x to this grid
    # Weights: measure, quarterly RAG, forecast RAG, data, direction, commentary, actions, review
    column_widths: tuple[float, ...] = (101, 33, 33, 62, 56, 204, 204, 129)
    ruling_lines: bool = True  # cell rules and the directorate row shading
    rag_fill: bool = True
    margins: tuple[float, float, float, float] = (28, 24, 20, 24)  # top, right, bottom, left
    cell_padding: float = 3.5
    paragraph_gap: float | None = None  # default: half the leading
    title: bool = False  # draw report["title"] (or its name) on page 1 above the table
    footer_font_size: float = 6.5
    min_split_lines: int = 12  # a row is moved to the next page if fewer lines would fit

    def __post_init__(self) -> None:
        if len(self.column_widths) != 8:
            raise ValueError("column_widths needs 8 weights")
        if self.bold_font is None:
            object.__setattr__(self, "bold_font", _BOLD.get(self.font, self.font))
        if self.leading is None:
            object.__setattr__(self, "leading", round(self.font_size * 1.5, 3))
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


def load_report(json_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a report dict from a UTF-8 JSON file."""
    return json.loads(Path(json_path).read_text(encoding="utf-8"))


def clean_text(value: Any) -> str:
    """Text as drawn: tabs become spaces, other controls and non-WinAnsi characters "?"."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch if ch == "\n" or _drawable(ch) else "?" for ch in text)


def _drawable(ch: str) -> bool:
    """True if the standard fonts' WinAnsi (cp1252) encoding has a visible glyph for ``ch``."""
    try:
        return unicodedata.category(ch)[0] != "C" and bool(ch.encode("cp1252"))
    except UnicodeEncodeError:
        return False


def _space_extra(font: str, size: float, st: LayoutStyle) -> float:
    """Extra advance per space so that, on a glyph grid, word gaps stay above 2 * grid + 0.5."""
    if not (st.glyph_by_glyph and st.grid):
        return 0.0
    return max(0.0, 2 * st.grid + 0.5 - stringWidth(" ", font, size) - st.char_space)


def text_width(text: str, font: str, size: float, st: LayoutStyle) -> float:
    """Advance width of ``text`` as drawn with ``st`` (char_space after every glyph)."""
    extra = text.count(" ") * _space_extra(font, size, st)
    return stringWidth(text, font, size) + st.char_space * len(text) + extra


def _pdf_font(name: str) -> str:
    """Twin of a WinAnsi standard font encoding via cp1252, so "•" is 0x95 (pdfminer-readable).

    reportlab's own winansi codec writes "•" as 0x7F; the PDF still names the font "Helvetica".
    """
    alias = f"{name}~cp1252"
    if alias not in pdfmetrics.getRegisteredFontNames():
        base = pdfmetrics.getFont(name)
        if getattr(base, "encName", "") != "WinAnsiEncoding":
            return name
        twin = pdfmetrics.Font(alias, base.face.name, "WinAnsiEncoding")
        twin.encName = "cp1252"
        pdfmetrics.registerFont(twin)
    return alias


def wrap(text: str, width: float, font: str, size: float, st: LayoutStyle) -> list[str]:
    """Greedy word wrap; a word wider than ``width`` is broken after a "/" or "-" if it has
    one that fits, else at a character boundary."""

    def fits(s: str) -> bool:
        return text_width(s, font, size, st) <= width

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
            joint = max(word.rfind("/", 0, n), word.rfind("-", 0, n))
            n = joint + 1 if joint > 0 else n
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
        lines = wrap(para, width, st.font, st.font_size, st)
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
    for label, pre in (("Quarterly", "quarter"), ("Forecast", "forecast")):
        data += [Line("", st.leading)] if data else []  # the empty line between the two
        texts = [f"{k.title()} {clean_text(c.get(f'{pre}_{k}'))}" for k in ("target", "actual")]
        for text in [f"{label} data", *texts]:
            data += _block(text, w[3], st, gap=False)
    measure = c.get("measure") or f"{m.get('code', '')} {m.get('title', '')}"
    rq, rf = clean_text(c.get("rag_quarter")), clean_text(c.get("rag_forecast"))
    cells = [_block(t, w[k], st, gap=False) for k, t in enumerate((measure, rq, rf))]
    cells += [data, _block(c.get("direction"), w[4], st, gap=False)]
    cells += [_block(m.get(k), w[5 + i], st) for i, k in enumerate(NARRATIVE)]
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
            lines = wrap(text, full, st.bold_font, st.font_size, st)
            rows.append(_Row([[Line(t, st.leading) for t in lines]], heading=True))
        rows.append(_measure_row(m, widths, st))
    return rows


def _height(cells: list[list[Line]]) -> float:
    return max((sum(x.height for x in c) for c in cells), default=0.0)


def _split(cells: list[list[Line]], room: float) -> tuple[list[list[Line]], list[list[Line]]]:
    """Cut every cell after the lines that fit in ``room`` (at least one line each)."""
    heads, tails = [], []
    for cell in cells:
        n, acc = 0, 0.0
        while n < len(cell) and acc + cell[n].height <= room + 1e-6:
            acc += cell[n].height
            n += 1
        n = max(n, 1 if cell else 0)  # always progress, even on a tiny page
        heads.append(cell[:n])  # no gap at the top of a continuation:
        tails.append(list(itertools.dropwhile(lambda x: not x.text, cell[n:])))
    return heads, tails


def _paginate(
    rows: list[_Row], st: LayoutStyle, top0: float, top: float, bottom: float
) -> tuple[list[list[Piece]], Spans]:
    """Place rows onto pages (page 1's table starts at ``top0``), splitting rows that overflow."""
    pages: list[list[Piece]] = [[]]
    spans: Spans = {}
    pad, y, min_h = st.cell_padding, top0, st.min_split_lines * st.leading
    for i, row in enumerate(rows):
        if row.heading:  # keep the heading with the first lines of the next row
            h = _height(row.cells) + 2 * pad
            if y - h - (min_h + 2 * pad) * (i + 1 < len(rows)) < bottom and pages[-1]:
                pages.append([])
                y = top
            pages[-1].append(Piece(row.cells, y, h))
            y -= h
            continue
        cells, first, start = row.cells, True, 0
        while True:
            room = y - bottom - 2 * pad
            fits = _height(cells) <= room + 1e-6
            if not fits and room < min_h and pages[-1]:
                pages.append([])
                y = top
                continue
            heads, tails = (cells, []) if fits else _split(cells, room)
            more = any(tails)
            h = y - bottom if more else _height(heads) + 2 * pad
            rag = row.rag if first else ("", "")
            pages[-1].append(Piece(heads, y, h, rag, open_top=not first, open_bottom=more))
            start, y = start or len(pages), y - h
            if not more:
                break
            pages.append([])
            y, first = top, False
            cells = [[] if k in (1, 2) else c for k, c in enumerate(tails)]  # RAG not repeated
        start = min(start, spans.get(row.code, (start, 0))[0])
        spans[row.code] = (start, len(pages))
    return pages, spans


def _draw_text(c: Canvas, x: float, y: float, text: str, font: str, size: float, st: LayoutStyle) -> None:
    """Draw one line in the style's glyph mode (whole string, or glyph by glyph)."""
    if not text:
        return
    c.setFont(_pdf_font(font), size)
    if not st.glyph_by_glyph:
        c.drawString(x, y, text, charSpace=st.char_space)
        return
    t = c.beginText()
    t.setFont(_pdf_font(font), size)
    pos, extra = x, _space_extra(font, size, st)
    for ch in text:
        if ch != " ":
            t.setTextOrigin(round(pos / st.grid) * st.grid if st.grid else pos, y)
            t.textOut(ch)
        pos += stringWidth(ch, font, size) + st.char_space + (extra if ch == " " else 0.0)
    c.drawText(t)


def _draw_piece(c: Canvas, p: Piece, xs: list[float], st: LayoutStyle) -> None:
    pad, bottom = st.cell_padding, p.top - p.height
    heading = len(p.cells) == 1
    bounds = [(xs[0], xs[-1])] if heading else list(itertools.pairwise(xs))
    if heading and st.ruling_lines:
        c.setFillColorRGB(0.87, 0.87, 0.87)
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
        # baselines centre the glyph box (ascent 0.75 em, descent 0.22 em) in the leading
        y = p.top - pad - (st.leading - 0.97 * st.font_size) / 2 - 0.75 * st.font_size
        for line in p.cells[k]:
            _draw_text(c, x0 + pad, y, line.text, font, st.font_size, st)
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
    y1, y2, x_right, x_mid = (
        bottom + 2.6 * fs,
        bottom + 1.3 * fs,
        st.pagesize[0] - right,
        st.pagesize[0] / 2,
    )
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
        w = text_width(text, st.font, fs, st)
        x = {-1: left, 0: x_mid - w / 2, 1: x_right - w}[align]
        _draw_text(c, x, y, text, st.font, fs, st)


def render(report: dict[str, Any], path: Dest, style: LayoutStyle | None = None) -> tuple[Spans, int]:
    """Write the PDF; return ({code: (first page, last page)}, page count)."""
    st = style or LayoutStyle()
    pw, ph = st.pagesize
    top_m, right, _, left = st.margins
    widths = [(pw - left - right) * w / sum(st.column_widths) for w in st.column_widths]
    xs = [left + sum(widths[:i]) for i in range(9)]
    top = top0 = ph - top_m
    title_lines: list[str] = []
    tsize = st.font_size * 1.8
    if st.title:
        title = clean_text(report.get("title") or report.get("name"))
        title_lines = wrap(title, pw - left - right, st.bold_font, tsize, st)
        top0 = top - len(title_lines) * tsize * 1.25 - st.leading
    bottom = st.margins[2] + 3.6 * st.footer_font_size + 6  # 6 pt above footer line 1
    pages, spans = _paginate(_rows(report, widths, st), st, top0, top, bottom)
    target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
    c = Canvas(target, pagesize=st.pagesize, invariant=1)
    c.setTitle(clean_text(report.get("name")))
    c.setAuthor(clean_text(report.get("organisation")))
    total = len(pages)
    for n, pieces in enumerate(pages, start=1):
        for i, t in enumerate(title_lines if n == 1 else []):
            _draw_text(c, left, top - tsize - i * tsize * 1.25, t, st.bold_font, tsize, st)
        for p in pieces:
            _draw_piece(c, p, xs, st)
        if marking := report.get("marking"):  # a protective marking, at the top and foot of every page
            w = text_width(marking, st.bold_font, st.font_size, st)
            _draw_text(c, (pw - w) / 2, ph - top_m / 2, marking, st.bold_font, st.font_size, st)
            _draw_text(c, (pw - w) / 2, st.margins[2] / 3, marking, st.bold_font, st.font_size, st)
        if n == total and pieces and report.get("legend_lines"):  # a RAG key under the last row
            y = pieces[-1].top - pieces[-1].height - 2 * st.leading
            for k, line in enumerate(report["legend_lines"]):
                _draw_text(c, left, y - k * st.leading * 1.2, line, st.font, st.font_size, st)
        _draw_footer(c, report, n, total, st)
        c.showPage()
    c.save()
    return spans, total


def build_scorecard_pdf(report: dict[str, Any], path: Dest, style: LayoutStyle | None = None) -> Spans:
    """Render ``report`` to ``path``; return each measure code's (first, last) page, 1-based."""
    return render(report, path, style)[0]


def main() -> int:
    """Rebuild every sample_data/*.json into the PDF of the same stem (a "title" key: drawn on page 1)."""
    here = Path(__file__).resolve().parent
    for src in sorted(here.glob("*.json")):
        out = src.with_suffix(".pdf")
        report = load_report(src)
        _, pages = render(report, out, LayoutStyle(title=True) if "title" in report else None)
        print(f"{out.name}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
