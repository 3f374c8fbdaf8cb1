"""Build the header-row table PDFs of ``sample_data/other-councils`` from their JSON sources.

Each JSON names its header row, its layout (page size, ruling lines, fills, grouping by a
section row or by a heading above each table) and its rows; this script draws them with
reportlab the way other councils' exports look: one row per measure, rows split over page
breaks, the header repeated on each page or only under each heading, a page footer.

    python sample_data/other-councils/build_table_pdfs.py

rebuilds every ``*.json`` here that has a ``"layout"`` key into the PDF of the same stem.
The output is deterministic (reportlab's invariant mode).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

Dest = str | os.PathLike[str] | IO[bytes]
Spans = dict[str, tuple[int, int]]  # measure code -> (first page, last page), 1-based
PAGES = {"A4-landscape": landscape(A4), "A4-portrait": portrait(A4)}
SYMBOL_ARROWS = "↑↓→↔←"  # drawn in the Symbol font, as Word and Excel exports do


@dataclass(frozen=True)
class Style:
    """How a source's ``layout`` block draws."""

    pagesize: tuple[float, float]
    widths: tuple[float, ...]
    font_size: float = 8.0
    leading: float = 10.0
    padding: float = 3.0
    margins: tuple[float, float, float, float] = (30, 28, 36, 28)  # top, right, bottom, left
    ruling_lines: bool = True
    header_fill: tuple[float, float, float] | None = None
    header_ink: tuple[float, float, float] = (0, 0, 0)
    section_fill: tuple[float, float, float] | None = None
    zebra: tuple[float, float, float] | None = None
    fill_dots: bool = False  # ratings as coloured dots (curves), not filled cells
    zebra_cells: bool = False  # the zebra band drawn as one rectangle per cell, as spreadsheet exports do
    grouping: str = "section-row"  # "heading": a paragraph above each group's table; "column": merged first column
    group_valign: str = "middle"  # "column" grouping: the group's text "middle" or "bottom" of its merged cell
    repeat_header: bool = True  # on every page, not only under a heading
    continued_sections: bool = False  # "<group> (continued)" at the top of a page that goes on with it
    header_bold: bool = True
    header_middle: bool = False  # header cells centred vertically in the header row
    font: str = "Helvetica"  # body text; headers, headings and titles are Helvetica-Bold
    running_title: bool = False  # the first title line, small, at the top of every page after the first

    @classmethod
    def of(cls, layout: dict[str, Any]) -> Style:
        fields = dict(layout)
        fields["pagesize"] = PAGES[fields["pagesize"]]
        for key in ("widths", "margins", "header_fill", "header_ink", "section_fill", "zebra"):
            if fields.get(key) is not None:
                fields[key] = tuple(fields[key])
        return cls(**fields)


@dataclass
class _Piece:
    kind: str  # "header", "section", "heading", "row"
    cells: list[list[str]]
    height: float
    measure: dict[str, Any] = field(default_factory=dict)
    first: bool = True
    open_bottom: bool = False
    zebra: bool = False


def _fill(canvas: Canvas, spec: dict[str, Any]) -> None:
    """Set the fill colour from ``{"rgb": [...]}``, ``{"cmyk": [...]}`` or ``{"grey": g}``."""
    if "rgb" in spec:
        canvas.setFillColorRGB(*spec["rgb"])
    elif "cmyk" in spec:
        canvas.setFillColorCMYK(*spec["cmyk"])
    else:
        canvas.setFillGray(spec["grey"])


class _Layout:
    def __init__(self, source: dict[str, Any]) -> None:
        self.src = source
        self.st = Style.of(source["layout"])
        pw, _ = self.st.pagesize
        _top, right, _, left = self.st.margins
        usable = pw - left - right
        total = sum(self.st.widths)
        self.widths = [usable * w / total for w in self.st.widths]
        self.xs = [left + sum(self.widths[:i]) for i in range(len(self.widths) + 1)]

    def lines(self, text: str, width: float, font: str = "Helvetica", gap: bool = True) -> list[str]:
        out: list[str] = []
        for n, para in enumerate(text.split("\n")):
            if n and out and gap:
                out.append("")  # half a line between paragraphs, drawn as a blank line
            out += simpleSplit(para, font, self.st.font_size, width - 2 * self.st.padding) or []
        return out

    def cell_height(self, cells: list[list[str]]) -> float:
        return max((len(c) for c in cells), default=0) * self.st.leading + 2 * self.st.padding

    def header_piece(self) -> _Piece:
        cells = [
            self.lines(h, w, "Helvetica-Bold" if self.st.header_bold else self.st.font, gap=False)
            for h, w in zip(self.src["header"], self.widths, strict=True)
        ]
        if self.src.get("header_bands"):  # a line above for labels spanning columns ("Quarter 2" over two)
            cells = [["", *c] for c in cells]
        return _Piece("header", cells, self.cell_height(cells))

    def draw_bands(self, c: Canvas, top: float) -> None:
        """Each band label centred over its columns, with a rule under it and none between them."""
        st, xs = self.st, self.xs
        c.setFont("Helvetica-Bold", st.font_size)
        for band in self.src.get("header_bands", []):
            x0, x1 = xs[band["first"]], xs[band["last"] + 1]
            c.drawCentredString((x0 + x1) / 2, top - st.padding - 0.8 * st.font_size, band["text"])
            if st.ruling_lines:
                c.line(x0, top - st.leading - st.padding / 2, x1, top - st.leading - st.padding / 2)

    def pieces(self) -> list[_Piece]:
        out: list[_Piece] = []
        group: object = object()
        for n, m in enumerate(self.src["measures"]):
            if m["group"] != group:
                group = m["group"]
                if self.st.grouping == "heading":
                    out.append(_Piece("heading", [[group]], 22))
                    out.append(self.header_piece())
                elif self.st.grouping == "column":
                    pass  # the first column, merged down over the group's rows: see draw_groups
                else:
                    out.append(_Piece("section", [[group]], self.cell_height([[group]])))
            cells = [self.lines(t, w, self.st.font) for t, w in zip(m["cells"], self.widths, strict=True)]
            cells = [[_symbol(line) for line in c] for c in cells]
            if self.st.grouping == "column":
                cells[0] = []
            out.append(_Piece("row", cells, self.cell_height(cells), m, zebra=n % 2 == 1))
        return out

    def paginate(self) -> list[list[tuple[float, _Piece]]]:
        st = self.st
        _, ph = st.pagesize
        bottom = st.margins[2] + 12
        title_h = 20 + 14 * (len(self.src["title_lines"]) - 1) + 12
        pages: list[list[tuple[float, _Piece]]] = [[]]
        y = ph - st.margins[0] - title_h
        if st.grouping != "heading":
            pages[0].append((y, self.header_piece()))
            y -= self.header_piece().height
        todo = self.pieces()
        i = 0
        while i < len(todo):
            p = todo[i]
            keep = p.height if p.kind == "row" else p.height + 4 * st.leading + 2 * st.padding
            if p.kind == "heading":
                keep += self.header_piece().height
            room = y - bottom
            if keep <= room:
                pages[-1].append((y, p))
                y -= p.height
                i += 1
                continue
            lines_fit = int((room - 2 * st.padding) // st.leading)
            if p.kind == "row" and lines_fit >= 3:
                head = [c[:lines_fit] for c in p.cells]
                tail = [c[lines_fit:] for c in p.cells]
                tail = [c[1:] if c and c[0] == "" else c for c in tail]
                cut = _Piece("row", head, y - bottom, p.measure, p.first, True, p.zebra)
                pages[-1].append((y, cut))
                todo[i] = _Piece("row", tail, self.cell_height(tail), p.measure, False, False, p.zebra)
            pages.append([])
            y = ph - st.margins[0]
            if st.repeat_header and todo[i].kind != "heading":
                pages[-1].append((y, self.header_piece()))
                y -= self.header_piece().height
            if st.continued_sections and todo[i].kind == "row":
                label = [[f"{todo[i].measure['group']} (continued)"]]
                pages[-1].append((y, _Piece("section", label, self.cell_height(label))))
                y -= self.cell_height(label)
        return pages

    def draw(self, dest: Dest) -> tuple[Spans, int]:
        st = self.st
        pages = self.paginate()
        target = os.fspath(dest) if isinstance(dest, str | os.PathLike) else dest
        c = Canvas(target, pagesize=st.pagesize, invariant=1)
        c.setTitle(self.src["title_lines"][0])
        spans: Spans = {}
        pw, ph = st.pagesize
        for n, placed in enumerate(pages, start=1):
            if n == 1:
                for k, line in enumerate(self.src["title_lines"]):
                    c.setFont("Helvetica-Bold" if k < 2 else st.font, 14 if k < 2 else 10)
                    c.drawString(st.margins[3], ph - st.margins[0] - 14 - 16 * k, line)
            if n > 1 and st.running_title:
                c.setFont("Helvetica", 7)
                c.setFillGray(0.3)
                c.drawString(st.margins[3], ph - st.margins[0] + 10, self.src["title_lines"][0])
            if st.grouping == "column":
                self.draw_groups(c, placed)
            for top, p in placed:
                self.draw_piece(c, top, p)
                if p.kind == "header" and self.src.get("header_bands"):
                    c.setFillColorRGB(*st.header_ink)
                    self.draw_bands(c, top)
                    c.setFillGray(0)
                if p.kind == "row":
                    code = p.measure.get("code") or p.measure["cells"][0]
                    spans[code] = (spans.get(code, (n, n))[0], n)
            if marking := self.src.get("marking"):  # a protective marking, top and foot of every page
                c.setFont("Helvetica-Bold", 8)
                c.setFillGray(0)
                c.drawCentredString(pw / 2, ph - st.margins[0] + 18, marking)
                c.drawCentredString(pw / 2, st.margins[2] - 14, marking)
            if n == len(pages) and self.src.get("legend_lines") and placed:  # a RAG key under the table
                top, last = placed[-1]
                c.setFont(st.font, st.font_size)
                c.setFillGray(0)
                for k, line in enumerate(self.src["legend_lines"]):
                    c.drawString(st.margins[3], top - last.height - 16 - k * (st.leading + 2), line)
            c.setFont("Helvetica", 7)
            c.setFillGray(0)
            c.drawString(st.margins[3], st.margins[2], self.src["footer"])
            c.drawRightString(pw - st.margins[1], st.margins[2], f"Page {n} of {len(pages)}")
            c.showPage()
        c.save()
        return spans, len(pages)

    def draw_groups(self, c: Canvas, placed: list[tuple[float, _Piece]]) -> None:
        """The grouping column as one merged cell per group on the page, its text centred (or at the bottom)."""
        st, xs = self.st, self.xs
        rows = [(top, p) for top, p in placed if p.kind == "row"]
        for group, run in itertools.groupby(rows, key=lambda tp: tp[1].measure["group"]):
            run = list(run)
            top, bottom = run[0][0], run[-1][0] - run[-1][1].height
            lines = self.lines(group, self.widths[0], st.font)
            height = len(lines) * st.leading
            y = (top + bottom + height) / 2 if st.group_valign == "middle" else bottom + st.padding + height
            c.setFont(st.font, st.font_size)
            for line in lines:
                c.drawString(xs[0] + st.padding, y - 0.8 * st.font_size, line)
                y -= st.leading
            if st.ruling_lines:
                c.setLineWidth(0.5)
                c.line(xs[0], top, xs[1], top)
                c.line(xs[0], bottom, xs[1], bottom)

    def draw_piece(self, c: Canvas, top: float, p: _Piece) -> None:
        st, xs = self.st, self.xs
        bottom = top - p.height
        if p.kind == "heading":
            c.setFillGray(0)
            c.setFont("Helvetica-Bold", 12)
            c.drawString(xs[0], top - 15, p.cells[0][0])
            return
        band = {"header": st.header_fill, "section": st.section_fill}.get(p.kind)
        if p.kind == "row" and p.zebra:
            band = st.zebra
        if band:
            c.setFillColorRGB(*band)
            cells = itertools.pairwise(xs) if p.kind == "row" and st.zebra_cells else [(xs[0], xs[-1])]
            for x0, x1 in cells:
                c.rect(x0, bottom, x1 - x0, p.height, stroke=0, fill=1)
        spans = [(xs[0], xs[-1])] if p.kind == "section" else list(itertools.pairwise(xs))
        header = [h.split("\n")[0] for h in self.src["header"]]
        for k, (x0, x1) in enumerate(spans):
            ink: tuple[float, ...] = st.header_ink if p.kind == "header" else (0, 0, 0)
            fill = p.measure.get("fills", {}).get(header[k]) if p.kind == "row" and p.first else None
            if fill and st.fill_dots:  # a coloured dot in the cell's first line, no text
                _fill(c, fill)
                c.circle(x0 + (x1 - x0) / 2, top - st.padding - st.leading / 2, st.font_size / 2, stroke=0, fill=1)
            elif fill:
                _fill(c, fill)
                c.rect(x0 + 1, bottom + 1, x1 - x0 - 2, p.height - 2, stroke=0, fill=1)
                ink = tuple(fill.get("ink", (0, 0, 0)))
            c.setFillColorRGB(*ink)
            bold = p.kind == "section" or (p.kind == "header" and st.header_bold)
            y = top - st.padding - 0.8 * st.font_size
            if p.kind == "header" and st.header_middle:
                y -= (max(len(c) for c in p.cells) - len(p.cells[k])) * st.leading / 2
            for line in p.cells[k]:
                if line and line in SYMBOL_ARROWS:
                    c.setFont("Symbol", st.font_size + 2)
                else:
                    c.setFont("Helvetica-Bold" if bold else st.font, st.font_size)
                c.drawString(x0 + st.padding, y, line)
                y -= st.leading
        c.setFillGray(0)
        if not st.ruling_lines:
            return
        c.setLineWidth(0.5)
        left = xs[1] if p.kind == "row" and st.grouping == "column" else xs[0]
        if p.first:
            c.line(left, top, xs[-1], top)
        if not p.open_bottom:
            c.line(left, bottom, xs[-1], bottom)
        inner = {k for b in self.src.get("header_bands", []) for k in range(b["first"] + 1, b["last"] + 1)}
        for k, x in enumerate([xs[0], xs[-1]] if p.kind == "section" else xs):
            below_band = p.kind == "header" and p.kind != "section" and k in inner
            c.line(x, top - st.leading - st.padding / 2 if below_band else top, x, bottom)


def _symbol(line: str) -> str:
    return line.strip() if line.strip() in SYMBOL_ARROWS else line


def load_source(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A sample's structured source."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def build_table_pdf(source: dict[str, Any], dest: Dest) -> tuple[Spans, int]:
    """Draw ``source`` into ``dest``; return each measure's (first, last) page and the page count."""
    return _Layout(source).draw(dest)


def main() -> int:
    here = Path(__file__).resolve().parent
    for src in sorted(here.glob("*.json")):
        source = load_source(src)
        if "layout" not in source:
            continue
        out = src.with_suffix(".pdf")
        _, pages = build_table_pdf(source, out)
        print(f"{out.name}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
