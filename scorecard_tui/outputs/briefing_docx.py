"""The briefing as a Word document (.docx) for the meeting pack: the same content as the Markdown,
with the RAG cells shaded in their colours."""

from __future__ import annotations

import io
import re
from collections.abc import Sized
from copy import deepcopy

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from scorecard_tui.model import Flag, Measure, Rag, format_value, shown_time
from scorecard_tui.outputs.briefing import (
    Briefing,
    figures,
    first_sentence,
    forecasts,
    month_name,
    other_direction,
    rag_name,
    unread_heading,
)
from scorecard_tui.outputs.marking import report_caveat
from scorecard_tui.text.safe import clean_line, clean_text

A4 = (Cm(21.0), Cm(29.7))
MARGIN_CM = 2.0
TEXT_CM = 21.0 - 2 * MARGIN_CM
"""The width of the text on the page: every table's columns add up to it."""
QUARTERS_PT = 8
RAG_FILL = {Rag.RED: "F8696B", Rag.AMBER: "FFC000", Rag.GREEN: "63BE7B", Rag.BLUE: "5B9BD5"}
"""Cell shading per rating (hex RGB): mid tones that keep black text readable and print in grey apart."""

_NOT_XML = re.compile("[\ufffe\uffff]")


def _text(text: str | None) -> str:
    """Report or note text made safe for a Word run: no controls (XML cannot hold them); newlines kept."""
    return _NOT_XML.sub("", clean_text(text or ""))


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a colour (``w:shd``), replacing any fill it had."""
    props = cell._tc.get_or_add_tcPr()
    for old in props.findall(qn("w:shd")):
        props.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> BaseOxmlElement:
    """A ``w:r`` holding one line of text, built directly (python-docx's ``run.text`` adds a
    character at a time: slow over a long report's tables); ``size`` in points."""
    run = OxmlElement("w:r")
    if bold or italic or size:
        props = OxmlElement("w:rPr")
        props.extend([OxmlElement(tag) for tag, on in (("w:b", bold), ("w:i", italic)) if on])
        if size:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(round(size * 2)))
            props.append(sz)
        run.append(props)
    t = OxmlElement("w:t")
    t.text = " ".join(_text(text).split())
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _set(cell: _Cell, text: str, *, bold: bool = False, rag: Rag | None = None, size: float | None = None) -> None:
    """Write one line of text into a new (empty) cell, bold or shaded as asked."""
    cell.paragraphs[0]._p.append(_run(text, bold=bold, size=size))
    if rag is not None:
        shade(cell, RAG_FILL[rag])


def _add_line(cell: _Cell, text: str, *, italic: bool = False) -> None:
    """Another paragraph of one line in a cell."""
    paragraph = OxmlElement("w:p")
    paragraph.append(_run(text, italic=italic))
    cell._tc.append(paragraph)


class _Grid:
    """A bordered table with a bold header row repeated on every page, its columns the widths
    given, whose rows are added in constant time each (python-docx's ``add_row`` and
    ``row.cells`` walk the whole table: quadratic over a long report).

    Args:
        doc: The document it goes into (at the end), or the document it is made in for a
            table to go inside a cell (``inside``: it is taken out again, to be copied).
        header: The column titles.
        widths: The columns' widths, in centimetres.
        size: The text size in points (None: the document's).
    """

    def __init__(self, doc: WordDocument, header: list[str], widths: list[float], *, size: float | None = None) -> None:
        self.table = doc.add_table(rows=1, cols=len(header))
        self.table.style = "Table Grid"
        self.table.autofit = False
        self._size = size
        for column, width in zip(self.table.columns, widths, strict=True):
            column.width = Cm(width)
        for cell, text, width in zip(self.table.rows[0].cells, header, widths, strict=True):
            cell.width = Cm(width)
            _set(cell, text, bold=True, size=size)
        _row_props(self.table._tbl.tr_lst[0], "w:tblHeader", "w:cantSplit")
        row = self.table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
        _row_props(row._tr, "w:cantSplit")
        self._empty = deepcopy(row._tr)  # an empty row as python-docx makes it, the widths set
        self.table._tbl.remove(self.table._tbl.tr_lst[-1])

    @property
    def header(self) -> list[_Cell]:
        return [_Cell(tc, self.table) for tc in self.table._tbl.tr_lst[0].tc_lst]

    def add_row(self, tbl: CT_Tbl | None = None) -> list[_Cell]:
        """A new last row's (empty) cells: of this table, or of ``tbl``, a copy of it."""
        tr = deepcopy(self._empty)
        (self.table._tbl if tbl is None else tbl).append(tr)
        return [_Cell(tc, self.table) for tc in tr.tc_lst]

    def row(self, texts: list[str], rags: list[Rag | None] | None = None, tbl: CT_Tbl | None = None) -> None:
        """A new last row of one line of text in each cell, shaded by the ratings given."""
        for n, (cell, text) in enumerate(zip(self.add_row(tbl), texts, strict=True)):
            _set(cell, text, rag=rags[n] if rags else None, size=self._size)


def _row_props(tr: BaseOxmlElement, *tags: str) -> None:
    """Set on/off properties of a table row: ``w:tblHeader`` (repeat on each page), ``w:cantSplit``."""
    props = tr.get_or_add_trPr()
    for tag in tags:
        props.append(OxmlElement(tag))


def _field(paragraph: Paragraph, code: str) -> None:
    """A field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in on each page."""
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        run = OxmlElement("w:r")
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
        paragraph._p.append(run)


def _centred(paragraph: Paragraph, text: str = "", *, bold: bool = False, size: float | None = None) -> Paragraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        paragraph._p.append(_run(text, bold=bold, size=size))
    return paragraph


def _page(doc: WordDocument, b: Briefing) -> None:
    """A4 portrait with UK margins; the marking, report and period at the head of every page, and
    the page number of the pages (and the marking again) at its foot."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    r = b.report
    caveat = report_caveat(r.subtitle)
    header = section.header
    first = header.paragraphs[0]
    if b.marking:
        _centred(first, b.marking, bold=True)
        first = header.add_paragraph()
    _centred(first, f"Briefing: {r.name}, {r.period}" + (f" \u2013 {caveat}" if caveat else ""), size=8)
    footer = section.footer
    page = _centred(footer.paragraphs[0])
    page.add_run("Page ")
    _field(page, "PAGE")
    page.add_run(" of ")
    _field(page, "NUMPAGES")
    if b.marking:
        _centred(footer.add_paragraph(), b.marking, bold=True)


def to_docx(b: Briefing) -> bytes:
    """The briefing as the bytes of a .docx file (A4 portrait, Word's built-in styles)."""
    r = b.report
    doc = Document()
    _page(doc, b)
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Title"].font.size = Pt(20)
    doc.core_properties.title = _text(f"Briefing: {r.name}, {r.period}")[:255]
    doc.add_heading(_text(f"Briefing: {r.name}, {r.period}"), level=0)
    for line in (r.subtitle or "").splitlines():
        if clean_line(line) != b.marking:
            doc.add_paragraph().add_run(_text(line)).bold = True
    if r.unread_rows:
        doc.add_paragraph().add_run(_text(unread_heading(r))).bold = True
        for line in r.unread_rows:
            doc.add_paragraph(_text(line), style="List Bullet")
    fetched = f"Fetched {r.fetched_at:%d %B %Y %H:%M}. " if r.fetched_at else ""
    organisation = f", {r.organisation}" if r.organisation else ""
    scope = f" {b.in_words()}" if b.in_words() else ""
    doc.add_paragraph(
        _text(
            f"Source: {r.source}{organisation}. {fetched}Reviews as of {b.as_of:%d %B %Y}. "
            f"{len(b.measures)} of {len(r.measures)} measures.{scope}"
        )
    )
    _rag_counts(doc, b)
    _exceptions(doc, b)
    _flagged(doc, b)
    _questions(doc, b)
    _coming(doc, b)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


RAG_TABLE_PT = 9
DIRECTORATE_CM, MEASURES_CM = 4.4, 1.9


def _rag_counts(doc: WordDocument, b: Briefing) -> None:
    """The whole council's counts: a column per rating this quarter, then at year end, under a
    heading row that names the two (so no column needs "Forecast Amber" across its width)."""
    doc.add_heading("RAG by directorate", level=1)
    if b.in_words():
        doc.add_paragraph("The whole council, whichever measures the briefing covers.")
    counts_table = b.rag_counts()
    columns = counts_table.columns
    count = (TEXT_CM - DIRECTORATE_CM - MEASURES_CM) / len(columns)
    header = ["Directorate", "Measures", *(rag.value if rag else "Not rated" for rag in columns)]
    table = _Grid(doc, header, [DIRECTORATE_CM, MEASURES_CM] + [count] * len(columns), size=RAG_TABLE_PT)
    for cell, rag in zip(table.header[2:], columns, strict=True):
        if rag is not None:
            shade(cell, RAG_FILL[rag])
    groups = [("This quarter", len(counts_table.quarter_columns))]
    if counts_table.forecast:
        groups.append(("Year end (forecast)", len(counts_table.rags)))
    _group_row(table, groups)
    for name, measures, counts in counts_table.rows:
        cells = table.add_row()
        _set(cells[0], name or "All", bold=name is None, size=RAG_TABLE_PT)
        _set(cells[1], str(measures), bold=name is None, size=RAG_TABLE_PT)
        for cell, rag, n in zip(cells[2:], columns, counts, strict=True):
            _set(cell, str(n), bold=name is None, rag=rag if n else None, size=RAG_TABLE_PT)


def _group_row(table: _Grid, groups: list[tuple[str, int]]) -> None:
    """A heading row above the header whose first two cells run down into it (the header's
    first two titles move up) and whose others each span a group of columns, titled."""
    header = table.table._tbl.tr_lst[0]
    row = deepcopy(header)
    header.addprevious(row)
    top, below = row.tc_lst, header.tc_lst
    for upper, lower in zip(top[:2], below[:2], strict=True):
        upper.vMerge, lower.vMerge = "restart", "continue"
        for paragraph in lower.p_lst:
            for run in paragraph.r_lst:
                paragraph.remove(run)
    start = 2
    for title, span in groups:
        first, rest = top[start], top[start + 1 : start + span]
        first.width = sum((tc.width for tc in [first, *rest] if tc.width is not None), Emu(0))
        first.grid_span = span
        for tc in rest:
            row.remove(tc)
        for old in first.get_or_add_tcPr().findall(qn("w:shd")):
            first.tcPr.remove(old)
        first.p_lst[0].remove(first.p_lst[0].r_lst[0])
        first.p_lst[0].append(_run(title, bold=True, size=RAG_TABLE_PT))
        start += span


def _section(doc: WordDocument, heading: str, items: Sized) -> bool:
    """A section's heading, with "None." under it when it has no items; whether it has any."""
    doc.add_heading(heading, level=1)
    if not items:
        doc.add_paragraph("None.")
    return bool(items)


EXCEPTION_CM = [2.0, 7.0, 2.7, 2.7, 2.6]
"""The exceptions' columns: Code narrow, Measure (with commentary and quarters) wide."""
QUARTERS_CM = [2.0, 1.3, 1.65, 1.65]
"""The last quarters' columns, inside the Measure cell (its width less the cell's margins)."""


def _exceptions(doc: WordDocument, b: Briefing) -> None:
    exceptions = b.exceptions()
    if not _section(doc, "Exceptions", exceptions):
        return
    year_end = any(forecasts(m) for m, _ in exceptions)  # else no column of "N/A"s: its room goes to Measure
    header = ["Code", "Measure", "This quarter", *(["Year end (forecast)"] if year_end else []), "Why"]
    widths = (
        EXCEPTION_CM
        if year_end
        else [EXCEPTION_CM[0], EXCEPTION_CM[1] + EXCEPTION_CM[3], *EXCEPTION_CM[2:3], EXCEPTION_CM[4]]
    )
    table = _Grid(doc, header, widths)
    quarters = _Quarters(doc)
    for m, reasons in exceptions:
        cells = table.add_row()
        _set(cells[0], m.code, bold=True)
        _set(cells[1], m.title)
        _add_line(cells[1], m.directorate, italic=True)
        if sentence := first_sentence(m.commentary):
            _add_line(cells[1], sentence)
        quarters.add(cells[1], b.quarters(m))
        _set(
            cells[2],
            figures(m.rag_quarter, m.quarter_actual, m.comparison_target[0], m.unit, m.comparison_target[1]),
            rag=m.rag_quarter,
        )
        if year_end:
            forecast = figures(m.rag_forecast, m.forecast_actual, m.forecast_target, m.unit)
            _set(cells[3], forecast, rag=m.rag_forecast)
        direction = other_direction(m)
        _set(cells[-1], "; ".join([*reasons, *([f"Direction: {direction}"] if direction else [])]))


class _Quarters:
    """A measure's last quarters as a small table inside its Measure cell, copied from one made once."""

    def __init__(self, doc: WordDocument) -> None:
        self._grid = _Grid(doc, ["Period", "Rating", "Actual", "Target"], QUARTERS_CM, size=QUARTERS_PT)
        self._tbl = self._grid.table._tbl
        self._tbl.getparent().remove(self._tbl)

    def add(self, cell: _Cell, held: list[tuple[str, Measure]]) -> None:
        """Put the quarters (none when only this one is held) at the end of the cell."""
        if not held:
            return
        tbl = deepcopy(self._tbl)
        for period, m in held:
            values = [format_value(m.quarter_actual, m.unit), format_value(m.quarter_target, m.unit)]
            self._grid.row([period, rag_name(m.rag_quarter), *values], [None, m.rag_quarter, None, None], tbl)
        cell._tc.append(tbl)
        end = OxmlElement("w:p")  # a cell ends with a paragraph
        cell._tc.append(end)


def _flagged(doc: WordDocument, b: Briefing) -> None:
    flagged = b.flagged()
    _section(doc, "Flagged for the meeting", flagged)
    for flag, m in flagged:
        _measure_item(doc, flag, m)
        if note := b.notes.get(m.key):
            note_para = doc.add_paragraph(style="List Continue")
            note_para.add_run(_text(f"Note ({note.author}, {shown_time(note.created_at)}): ")).italic = True
            note_para.add_run(_text(note.value))  # each newline becomes a line break


def _measure_item(doc: WordDocument, flag: Flag | None, m: Measure) -> None:
    """A bullet naming a measure, after its flag in bold when it has one."""
    para = doc.add_paragraph(style="List Bullet")
    if flag:
        para.add_run(f"{flag.value.upper()} ").bold = True
    para.add_run(_text(f"{m.code}: {m.title}"))


def _questions(doc: WordDocument, b: Briefing) -> None:
    """Questions for the meeting: each measure with questions kept (flagged first), and those questions."""
    asked = b.questions()
    _section(doc, "Questions for the meeting", asked)
    for m, texts in asked:
        _measure_item(doc, b.flags.get(m.key), m)
        for text in texts:
            doc.add_paragraph(style="List Bullet 2")._p.append(_run(text))


def _coming(doc: WordDocument, b: Briefing) -> None:
    coming = b.coming()
    if not _section(doc, "Coming reviews", coming):
        return
    table = _Grid(doc, ["Month", "Body", "Code", "Measure"], [2.8, 4.2, 2.2, TEXT_CM - 9.2])
    for item in coming:
        table.row([month_name(item.month), item.body or "not stated", item.code, item.title])
