"""The briefing as a Word document (.docx) for the meeting pack: the same content as the Markdown,
with the RAG cells shaded in their colours."""

from __future__ import annotations

import io
import re
from copy import deepcopy

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.table import _Cell

from scorecard_tui.briefing import Briefing, figures, first_sentence, month_name, unread_heading
from scorecard_tui.model import Flag, Measure, Rag, shown_time
from scorecard_tui.safe import clean_text

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


def _run(text: str, *, bold: bool = False, italic: bool = False) -> BaseOxmlElement:
    """A ``w:r`` holding one line of text, built directly (python-docx's ``run.text`` adds a
    character at a time: slow over a long report's tables)."""
    run = OxmlElement("w:r")
    if bold or italic:
        props = OxmlElement("w:rPr")
        props.extend([OxmlElement(tag) for tag, on in (("w:b", bold), ("w:i", italic)) if on])
        run.append(props)
    t = OxmlElement("w:t")
    t.text = " ".join(_text(text).split())
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _set(cell: _Cell, text: str, *, bold: bool = False, rag: Rag | None = None) -> None:
    """Write one line of text into a new (empty) cell, bold or shaded as asked."""
    cell.paragraphs[0]._p.append(_run(text, bold=bold))
    if rag is not None:
        shade(cell, RAG_FILL[rag])


def _add_line(cell: _Cell, text: str, *, italic: bool = False) -> None:
    """Another paragraph of one line in a cell."""
    paragraph = OxmlElement("w:p")
    paragraph.append(_run(text, italic=italic))
    cell._tc.append(paragraph)


class _Grid:
    """A bordered table with a bold header row, whose rows are added in constant time each
    (python-docx's ``add_row`` and ``row.cells`` walk the whole table: quadratic over a long report)."""

    def __init__(self, doc: WordDocument, header: list[str]) -> None:
        self.table = doc.add_table(rows=1, cols=len(header))
        self.table.style = "Table Grid"
        for cell, text in zip(self.table.rows[0].cells, header, strict=True):
            _set(cell, text, bold=True)
        self._empty = deepcopy(self.table.add_row()._tr)  # an empty row as python-docx makes it
        self.table._tbl.remove(self.table._tbl.tr_lst[-1])

    @property
    def header(self) -> list[_Cell]:
        return [_Cell(tc, self.table) for tc in self.table._tbl.tr_lst[0].tc_lst]

    def add_row(self) -> list[_Cell]:
        """A new last row's (empty) cells."""
        tr = deepcopy(self._empty)
        self.table._tbl.append(tr)
        return [_Cell(tc, self.table) for tc in tr.tc_lst]


def to_docx(b: Briefing) -> bytes:
    """The briefing as the bytes of a .docx file (landscape A4, Word's built-in styles)."""
    r = b.report
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = _text(f"Briefing: {r.name}, {r.period}")[:255]
    doc.add_heading(_text(f"Briefing: {r.name}, {r.period}"), level=0)
    for line in (r.subtitle or "").splitlines():
        doc.add_paragraph().add_run(_text(line)).bold = True
    if r.unread_rows:
        doc.add_paragraph().add_run(_text(unread_heading(r))).bold = True
        for line in r.unread_rows:
            doc.add_paragraph(_text(line), style="List Bullet")
    fetched = f"Fetched {r.fetched_at:%d %B %Y %H:%M}. " if r.fetched_at else ""
    organisation = f", {r.organisation}" if r.organisation else ""
    doc.add_paragraph(
        _text(
            f"Source: {r.source}{organisation}. {fetched}Reviews as of {b.as_of:%d %B %Y}. "
            f"{len(b.measures)} of {len(r.measures)} measures."
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


def _rag_counts(doc: WordDocument, b: Briefing) -> None:
    doc.add_heading("RAG by directorate", level=1)
    rags, rows = b.rag_counts()
    columns = [(rag, "quarter") for rag in rags] + [(rag, "forecast") for rag in rags]
    header = ["Directorate", "Measures"] + [
        rag.value if when == "quarter" else f"Forecast {rag.value}" for rag, when in columns
    ]
    table = _Grid(doc, header)
    for cell, (rag, _) in zip(table.header[2:], columns, strict=True):
        shade(cell, RAG_FILL[rag])
    for name, measures, counts in rows:
        cells = table.add_row()
        _set(cells[0], name or "All", bold=name is None)
        _set(cells[1], str(measures), bold=name is None)
        for cell, (rag, _), count in zip(cells[2:], columns, counts, strict=True):
            _set(cell, str(count), bold=name is None, rag=rag if count else None)


def _exceptions(doc: WordDocument, b: Briefing) -> None:
    doc.add_heading("Exceptions", level=1)
    exceptions = b.exceptions()
    if not exceptions:
        doc.add_paragraph("None.")
        return
    table = _Grid(doc, ["Code", "Measure", "This quarter", "Year end (forecast)", "Why"])
    for m, reasons in exceptions:
        cells = table.add_row()
        _set(cells[0], m.code, bold=True)
        _set(cells[1], m.title)
        _add_line(cells[1], m.directorate, italic=True)
        if sentence := first_sentence(m.commentary):
            _add_line(cells[1], sentence)
        _set(
            cells[2],
            figures(m.rag_quarter, m.quarter_actual, m.comparison_target[0], m.unit, m.comparison_target[1]),
            rag=m.rag_quarter,
        )
        _set(cells[3], figures(m.rag_forecast, m.forecast_actual, m.forecast_target, m.unit), rag=m.rag_forecast)
        why = [*reasons, f"Direction: {m.direction.value}" if m.direction else "Direction: not stated"]
        _set(cells[4], "; ".join(why))


def _flagged(doc: WordDocument, b: Briefing) -> None:
    doc.add_heading("Flagged for the meeting", level=1)
    flagged = b.flagged()
    if not flagged:
        doc.add_paragraph("None.")
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
    """Questions for the meeting: each measure with signals (flagged first), its badges and kept questions."""
    doc.add_heading("Questions for the meeting", level=1)
    asked = b.questions()
    if not asked:
        doc.add_paragraph("None.")
    for m, entry in asked:
        _measure_item(doc, b.flags.get(m.key), m)
        for question in entry.questions:
            line = doc.add_paragraph(style="List Continue")
            line.add_run(_text(question.signal.badge)).italic = True
            if not question.dropped:
                line.add_run(_text(f". Q: {question.text}"))


def _coming(doc: WordDocument, b: Briefing) -> None:
    doc.add_heading("Coming reviews", level=1)
    coming = b.coming()
    if not coming:
        doc.add_paragraph("None.")
        return
    table = _Grid(doc, ["Month", "Body", "Code", "Measure"])
    for item in coming:
        cells = table.add_row()
        for cell, text in zip(
            cells,
            [month_name(item.month), item.body or "not stated", item.code, item.title],
            strict=True,
        ):
            _set(cell, text)
