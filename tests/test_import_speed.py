"""Issue 19, point 7: the shortcuts that make a 10,000-row import faster give the same answers as
the long way round (each is checked here against the long way, kept in the test)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from scorecard_tui.parse.ods_limits import _repeat, _text_length
from scorecard_tui.text.safe import clean_text

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


def _clean_the_long_way(text: str) -> str:
    """clean_text as it was before its printable-ASCII shortcut."""
    if not re.search(r"[^\x20-\x7e\n]", text):
        return text
    text = _ESCAPES.sub("", text).translate(_BIDI).replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


_TRICKY = st.sampled_from(["\n", "\t", "\r", "\x00", "\x1b", "\x1b[31m", "\x7f", "\x85", "\u202e", "\u200b", "é", "£"])


@given(st.lists(st.one_of(st.text(st.characters(max_codepoint=0x7F)), _TRICKY, st.text()), max_size=8))
def test_clean_text_shortcut_keeps_and_drops_what_it_did(parts: list[str]) -> None:
    text = "".join(parts)
    assert clean_text(text) == _clean_the_long_way(text)


TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _length_the_long_way(cell: etree._Element) -> int:
    length = sum(len(t) for t in cell.itertext())
    for spaces in cell.iter(f"{{{TEXT}}}s"):
        length += _repeat(spaces, f"{{{TEXT}}}c")
    return length


_PIECES = st.sampled_from(
    [
        "plain words",
        "",
        " ",
        '<text:s text:c="1000"/>',
        "<text:s/>",
        "<!-- a comment -->",
        "<?pi data?>",
        "<text:span>span</text:span>",
        '<text:p>inner<text:s text:c="7"/></text:p>',
        "<text:line-break/>",
    ]
)


@given(
    before=_PIECES,
    inside=st.lists(_PIECES, max_size=3),
    after=_PIECES,
    paragraphs=st.integers(0, 2),
    tag=st.sampled_from(["text:p", "text:s", "text:h"]),
)
def test_ods_cell_text_is_counted_as_before(
    before: str, inside: list[str], after: str, paragraphs: int, tag: str
) -> None:
    """The character limit counts a cell's text the same, whatever the cell holds."""
    body = "".join(f"<{tag}>{''.join(inside)}</{tag}>{after}" for _ in range(paragraphs))
    cell = etree.fromstring(
        f'<table:table-cell xmlns:table="{TABLE}" xmlns:text="{TEXT}">{before}{body}</table:table-cell>'
    )
    assert _text_length(cell) == _length_the_long_way(cell)


def _paragraphs_the_long_way(text: str) -> str:
    lines = (" ".join(line.split()) for line in clean_text(text).splitlines())
    return "\n".join(line for line in lines if line)


_SPACING = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\xa0", "\u2028", "\x0b", "\x1c", "\x85", "\x1b[1m"])


@given(st.lists(st.one_of(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)), _SPACING), max_size=8))
def test_paragraphs_shortcut_gives_the_same_text(parts: list[str]) -> None:
    from scorecard_tui.parse.table_measures import _paragraphs

    text = "".join(parts)
    assert _paragraphs(text) == _paragraphs_the_long_way(text)


_KEY_CELLS = st.sampled_from(
    ["", " ", "Green", "On target", "Status", "Meaning", "●", "G", "12", "Homes let", "R", "key"]
)


@given(st.lists(st.one_of(_KEY_CELLS.map(lambda t: (t, None)), st.floats(0, 5).map(lambda n: ("", n))), max_size=6))
def test_key_rows_are_told_as_before(cells: list[tuple[str, float | None]]) -> None:
    """A row of a key table is skipped, and a measure's row kept, exactly as the long way tells them."""
    from datetime import date

    from scorecard_tui.parse.furniture import is_legend_entry
    from scorecard_tui.parse.headers import Field, map_table
    from scorecard_tui.parse.table_measures import _RowReader
    from scorecard_tui.parse.table_model import RawTable, TableCell, TableRow

    row = TableRow(tuple(TableCell(text=t, number=n) for t, n in cells))
    header = ("Ref", "Indicator", "Target", "Commentary", "Actions", "RAG", "Forecast RAG")
    mapped = map_table(RawTable(header=header, rows=(row,)))
    reader = _RowReader(mapped, "Report", date(2024, 3, 31), {})

    filled = [(i, c) for i, c in enumerate(row.cells) if c.text.strip() or c.number is not None]
    ratings = {mapped.column(Field.RAG_QUARTER), mapped.column(Field.RAG_FORECAST)}
    long_way = (
        bool(filled)
        and filled[0][1].number is None
        and not any(i in ratings for i, _ in filled)
        and is_legend_entry([" ".join(c.text.split()) for _, c in filled])
    )
    assert reader.is_key_row(row) == long_way


_ODS_CELLS = st.sampled_from(
    [
        "<table:table-cell/>",
        '<table:table-cell office:value-type="string"><text:p>Amber</text:p></table:table-cell>',
        "<table:table-cell><text:p>no type</text:p></table:table-cell>",
        '<table:table-cell office:value-type="float" office:value="3"/>',
        '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell>',
        '<table:table-cell office:value-type="currency" office:currency="EUR" office:value="2"/>',
        '<table:table-cell table:number-columns-repeated="4"/>',
        '<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell>",
        '<table:table-cell table:number-columns-repeated="x"><text:p>bad repeat</text:p></table:table-cell>',
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="9"/>b</text:p></table:table-cell>',
        "<table:covered-table-cell/>",
        "<table:covered-table-cell><text:p>under a merge</text:p></table:covered-table-cell>",
    ]
)


@given(cells=st.lists(_ODS_CELLS, max_size=8), repeat=st.sampled_from(["", ' table:number-rows-repeated="3"']))
def test_ods_rows_are_counted_as_before(cells: list[str], repeat: str) -> None:
    """The limits and the percentage and money cells of an .ods row come out as the long way finds them."""
    from scorecard_tui.parse import ods_limits as ods

    ns = f'xmlns:table="{TABLE}" xmlns:text="{TEXT}" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    xml = f"<table:table {ns}><table:table-row{repeat}>{''.join(cells)}</table:table-row></table:table>"

    def budget_after(long_way: bool) -> tuple[object, ...]:
        sheet = etree.fromstring(xml)
        budget, layout = ods._GridBudget(), ods.OdsLayout()
        budget.see("start", sheet, layout)
        row = sheet[0]
        if long_way:  # each cell through _cell, as every cell was
            budget.col, budget.row_filled, budget.row_repeat = 0, False, ods._repeat(row, ods._ROWS_REPEATED)
            budget.row_chars = 0
            for cell in row:
                budget._cell(cell, cell.tag, layout)
        else:
            budget.see("end", row, layout)
        return budget.row_filled, budget.row_chars, budget.last_col, budget.col, layout.formats

    assert budget_after(long_way=False) == budget_after(long_way=True)


_DATE_PIECES = st.sampled_from(
    ["December", "Feb.", "sept", "MARCH", " ", "  ", "\n", "end of ", "/", "1", "2", "0", "9", "3", "24", "2023", "99"]
)


@given(st.lists(_DATE_PIECES, max_size=12))
def test_text_without_a_year_holds_no_review_date(pieces: list[str]) -> None:
    """Review notes and narrative with neither "19" nor "20" in them are passed over without the date
    patterns: those patterns could find nothing in such text (a year is 19xx or 20xx)."""
    from scorecard_tui.parse import reviews
    from scorecard_tui.triage.bodies import MONTH_YEAR

    text = "".join(pieces)
    if "19" not in text and "20" not in text:
        assert not MONTH_YEAR.search(text) and not reviews._FY_END.search(text)


def test_an_ods_cell_past_the_cell_limit_is_still_refused_naming_its_row(tmp_path: Path) -> None:
    """Text cells are counted without a call each (and short ones shared): the limit on one cell holds."""
    from scorecard_tui.errors import ScorecardError
    from scorecard_tui.parse import read_scorecard
    from tests.test_ods_xls import ods, row

    path = ods(
        tmp_path / "long.ods", row("K1", "Missed bins", "80", "72", "G") + row("K2", "x" * 40_000, "1", "2", "G")
    )
    with pytest.raises(ScorecardError, match=r"row 3: a cell of 40,000 characters; a cell holds at most 32,767"):
        read_scorecard(path, period="2023/24 Q2")
    shared = ods(tmp_path / "ok.ods", "".join(row(f"K{n}", f"Bins {n}", "80", "72", "G") for n in range(50)))
    measures = read_scorecard(shared, period="2023/24 Q2").report.measures
    assert [m.code for m in measures[:2]] == ["K0", "K1"] and {m.rag_quarter.value for m in measures} == {"Green"}


_BODY_PIECES = st.sampled_from(
    [
        "Cabinet",
        "cabinet",
        "CLT",
        "Ofsted",
        "children and young people's overview and scrutiny board",
        "EXECUTIVE SCRUTINY",
        "Performance Surgeries",
        "corporate  parenting",
        "the Health and Wellbeing Board",
        "Overview and Scrutiny Committee",
        "Audit Committee",
        "Board",
        " in December 2023",
        "Sept. 2019",
        "ſ",
        "İ",
        "K",
        "é",
        " ",
        ", ",
        "will go to",
    ]
)


@given(st.lists(_BODY_PIECES, max_size=8))
def test_bodies_and_months_are_found_as_before(pieces: list[str]) -> None:
    """Each body pattern is only searched for where its word is, and month-and-year by a look at
    the first letter: what they find is what the full search found."""
    from scorecard_tui.triage import bodies

    sentence = " ".join(pieces)
    months = "|".join(sorted(bodies._MONTHS, key=len, reverse=True))
    month_year = re.compile(rf"\b(?P<month>{months})\.?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
    assert [m.span() for m in bodies.MONTH_YEAR.finditer(sentence)] == [m.span() for m in month_year.finditer(sentence)]

    found = [(m.start(), m.end(), name) for pattern, name in bodies._BODIES for m in pattern.finditer(sentence)]
    for pattern, needs_lead in bodies._GENERIC:
        for m in pattern.finditer(sentence):
            head = sentence[max(0, m.start() - bodies._LEAD_CHARS) : m.start()]
            lead = bodies._LEAD.search(head)
            if lead is None and needs_lead:
                continue
            start = m.start() - (len(head) - lead.start()) if lead else m.start()
            found.append((start, m.end(), " ".join(sentence[start : m.end()].split())))
    taken: list[tuple[int, int]] = []
    long_way: list[tuple[int, str]] = []
    for start, end, name in found:
        if not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            long_way.append((start, name))
    assert bodies.named_bodies(sentence) == sorted(long_way)


def test_a_web_page_cell_past_the_cell_limit_is_still_refused_naming_its_row(tmp_path: Path) -> None:
    from scorecard_tui.errors import ScorecardError
    from scorecard_tui.parse import read_scorecard

    rows = "".join(f"<tr><td>K{n}</td><td>Bins {n}</td><td>80</td><td>72</td><td>Green</td></tr>" for n in range(3))
    head = "<tr><th>Ref</th><th>Indicator</th><th>Target</th><th>Actual</th><th>RAG</th></tr>"
    page = tmp_path / "long.html"
    long_row = f"<tr><td>K9</td><td>{'x' * 40_000}</td><td>1</td><td>2</td><td>Red</td></tr>"
    page.write_text(f"<html><body><h1>Bench Council Q2 2023/24</h1><table>{head}{rows}{long_row}</table></body></html>")
    with pytest.raises(
        ScorecardError, match=r"table 1, row 5: a cell of 40,000 characters; a cell holds at most 32,767"
    ):
        read_scorecard(page, period="2023/24 Q2")
    page.write_text(f"<html><body><h1>Bench Council Q2 2023/24</h1><table>{head}{rows}</table></body></html>")
    measures = read_scorecard(page, period="2023/24 Q2").report.measures
    assert [(m.code, m.rag_quarter and m.rag_quarter.value) for m in measures] == [
        ("K0", "Green"),
        ("K1", "Green"),
        ("K2", "Green"),
    ]
