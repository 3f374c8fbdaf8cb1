"""Read a saved web page or committee appendix (``.html``) into a :class:`RawTable`.

Parsed with lxml's HTML parser (libxml2: C, fast, tolerant of the broken markup
committee systems publish), with no network access and no huge trees; the page is
bounded before it is parsed (its size, and how many tables, rows and cells its tags
open, counted on the bytes) and again as cells are read. Script, style and template
content never becomes text; comments and processing instructions are dropped.

Every ``<table>`` whose header row names a measure or indicator column and a value,
target or rating is read; a legend or key table ("Key", "Icon", "Symbol", "Meaning",
or under a "Key"/"Legend" heading) is not measures. Each table's rows take as their
group the nearest heading above the table (unless that heading is the page's title),
else a grouping column or section row. An icon stands for the word in its ``alt``
text, else its ``title``, else its file name (``images/amber_warning.png`` is
"amber warning"), so a status or trend column of icons reads as words. The page's
``<title>`` and the headings and short paragraphs above the first table are the title
lines (the name, the period, a caveat). A key table's rows and the key or legend lines
below the first table ("Tolerance: 10%") are the legend lines, read only for the report's
tolerance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.furniture import is_legend_line
from scorecard_tui.parse.grid import GridRow, HeaderPlace, locate_header
from scorecard_tui.parse.headers import Field, classify_header
from scorecard_tui.parse.sheet_limits import MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, MAX_TEXT_CHARS, SheetBudget
from scorecard_tui.parse.table_model import SHARED_CHARS, RawTable, TableCell
from scorecard_tui.parse.workbook import MAX_COLUMNS, join_grids, seen_texts
from scorecard_tui.text.safe import clean_text

MAX_HTML_BYTES = 20 * 1024 * 1024
"""The largest web page read (20 MB; a committee appendix is well under 2 MB)."""
MAX_TABLES = 1_000
"""``<table>`` elements in a page."""
MAX_SPAN = 1_000
"""A ``rowspan`` is cut to the rows its table has and this; a ``colspan`` to the columns read."""
MAX_LEGEND_LINES = 40
"""Key table rows and legend lines kept for the tolerance (a key is a few lines, not a page)."""

_HIDDEN = ("script", "style", "template", "noscript", "object", "embed", "iframe", "svg", "math")
_BLOCKS = ("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MEASURE_FIELDS = {
    Field.QUARTER_ACTUAL, Field.QUARTER_TARGET, Field.FORECAST_ACTUAL, Field.FORECAST_TARGET,
    Field.RAG_QUARTER, Field.RAG_FORECAST, Field.DIRECTION,
}  # fmt: skip
_LEGEND_HEADER = re.compile(r"^\W*(?:key|legend|icon|icons|symbol|symbols|meaning|what it means|explanation)\W*$", re.I)
_LEGEND_HEADING = re.compile(r"\b(?:key|legend)\b", re.I)
_TAGS = re.compile(rb"<\s*(table|tr|td|th)[\s/>]", re.I)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:]{1,40})""", re.I)


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes open an HTML document (or a bare table pasted from one)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):
        return b"<html" in text
    return text.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta"))


def read_html(data: bytes, on_page: ProgressCallback | None = None) -> RawTable:
    """A page's measure tables as one table (see the module's docstring).

    Raises:
        ScorecardError: a page past a limit, or with no table naming a measure or indicator column.
    """
    _check_size(data)
    budget = SheetBudget(progress=(lambda: on_page(0, 1)) if on_page else None)
    page_title = ""
    title_lines: list[str] = []
    heading: str | None = None
    top: str | None = None  # the page's first heading: its title, never a group
    parts: list[tuple[int, str | None, list[GridRow], HeaderPlace]] = []
    seen: list[str] = []
    skipped: list[str] = []
    legend: list[str] = []
    number = 0
    for element in _elements(data):
        if any(a.tag == "table" for a in element.iterancestors()):
            continue  # inside a table's cell: that cell's text
        if element.tag != "table":
            text = " ".join(clean_text(_text(element)).split())
            if element.tag == "title":
                page_title = page_title or text
            elif element.tag in _HEADINGS and text:
                heading = text
                top = top or text
            is_key = element.tag in _HEADINGS and _LEGEND_HEADING.search(text) and len(text.split()) <= 3
            if text and number == 0 and not is_key and len(text) <= 200 and text not in title_lines:
                title_lines.append(text)  # the page's title, period and caveats above its first table
            elif text and number and len(text) <= 200 and len(legend) < MAX_LEGEND_LINES and is_legend_line(text):
                legend.append(text)  # a key or a tolerance under the tables
            element.clear(keep_tail=True)
            continue
        number += 1
        grid = _grid(element, number, budget)
        caption = " ".join(clean_text(element.findtext("caption") or "").split())
        header = locate_header(grid)
        top_row = header.texts if header else tuple(c.text for c in grid[0].cells) if grid else ()
        element.clear(keep_tail=True)
        if _is_legend(top_row, caption or heading):
            skipped.append(f"table {number} is a key or legend, not measures: skipped")
            legend.extend(_row_lines(grid)[: MAX_LEGEND_LINES - len(legend)])
            continue
        if header is None or not _names_measures(header.texts):
            seen.extend(seen_texts(grid))
            continue
        group = caption or (heading if heading not in (top, page_title) else None)
        parts.append((number, group, grid, header))
    if not parts:
        what = f"seen: {', '.join(repr(s) for s in seen[:8])}" if seen else "the page has no table"
        raise ScorecardError(
            f"no scorecard measures found: no table in the web page has a header row naming a measure or indicator "
            f"column ({what}); save the table as CSV or .xlsx and import that, or see what was read with "
            "'scorecard inspect FILE'"
        )
    if on_page:
        on_page(1, 1)
    note = f"{len(parts)} tables read, each under its heading" if len(parts) > 1 else None
    table = join_grids(parts, pages=1, note=note, page_of_part=False)
    return RawTable(
        header=table.header,
        rows=table.rows,
        title_lines=tuple(title_lines) + table.title_lines,
        pages=1,
        notes=(*table.notes, *skipped),
        legend_lines=(*table.legend_lines, *legend),
    )


def _check_size(data: bytes) -> None:
    if len(data) > MAX_HTML_BYTES:
        raise ScorecardError(
            f"the web page is {len(data) / 1024 / 1024:,.0f} MB; the limit is {MAX_HTML_BYTES // 1024 // 1024} MB: "
            "not a scorecard"
        )
    counts: dict[bytes, int] = {}
    for m in _TAGS.finditer(data):
        name = m.group(1).lower()
        counts[name] = counts.get(name, 0) + 1
    if counts.get(b"table", 0) > MAX_TABLES:
        raise ScorecardError(
            f"the web page has over {MAX_TABLES:,} tables; the limit is {MAX_TABLES:,}: not a scorecard"
        )
    if counts.get(b"tr", 0) > MAX_ROWS:
        raise ScorecardError(
            f"the web page has over {MAX_ROWS:,} table rows; the limit is {MAX_ROWS:,}: not a scorecard"
        )
    if counts.get(b"td", 0) + counts.get(b"th", 0) > MAX_CELLS:
        raise ScorecardError(
            f"the web page has over {MAX_CELLS:,} table cells; the limit is {MAX_CELLS:,}: not a scorecard"
        )


def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        if name in ("utf-8", "utf8"):
            return "utf-8"
        if name in ("windows-1252", "cp1252", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            return "cp1252"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _elements(data: bytes) -> Iterator[Any]:
    """The page's title, headings, paragraphs and tables as each ends, parsed as the bytes stream
    (a table's rows are let go once it is read)."""
    import io

    from lxml import etree

    encoding = _encoding(data)
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    source = io.BytesIO(text.encode("utf-8"))
    del text  # not held while the page is read (a generator keeps its locals)
    events = etree.iterparse(
        source,
        events=("end",),
        tag=("title", "table", "p", *_HEADINGS),
        html=True,
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        load_dtd=False,
        resolve_entities=False,
    )
    try:
        for _, element in events:
            yield element
    except etree.XMLSyntaxError as exc:
        raise ScorecardError(f"the web page cannot be read ({exc.msg})") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in events.error_log):
        # the parser stops quietly at a limit (tags nested 256 deep): what lies beyond is not read
        raise ScorecardError(
            "the web page nests its tags too deep to read (over 256 levels): not a scorecard page; "
            "save the table as CSV or .xlsx and import that"
        )


def icon_word(img: Any) -> str:
    """What an icon stands for: its alt text, else its title, else its file name's words."""
    for attribute in ("alt", "title"):
        text = " ".join((img.get(attribute) or "").split())
        if text:
            return text
    src = img.get("src") or ""
    if src.lower().startswith("data:"):
        return ""
    stem = PurePosixPath(unquote(urlsplit(src).path)).stem
    return " ".join(re.sub(r"[_\-.+]+", " ", stem).split())


def _text(element: Any) -> str:
    """An element's text: icons as their words, line breaks and paragraphs as newlines."""
    if not len(element):
        return " ".join((element.text or "").split())  # most cells: text and nothing else
    pieces: list[str] = []

    def walk(node: Any) -> None:
        stack: list[tuple[Any, bool]] = [(node, False)]
        while stack:
            current, closing = stack.pop()
            if closing:
                if current.tag in _BLOCKS:
                    pieces.append("\n")
                if current is not node and current.tail:
                    pieces.append(current.tail)
                continue
            if not isinstance(current.tag, str) or current.tag in _HIDDEN:
                if current is not node and current.tail:
                    pieces.append(current.tail)
                continue
            if current.tag == "img":
                word = icon_word(current)
                if word:
                    pieces.append(f" {word} ")
            elif current.text:
                pieces.append(current.text)
            stack.append((current, True))
            stack.extend((child, False) for child in reversed(current))

    walk(element)
    lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    return "\n".join(line for line in lines if line)


def _grid(table: Any, number: int, budget: SheetBudget) -> list[GridRow]:
    """A table's own rows (not those of tables inside its cells), spans laid out: a spanned cell's
    text stays in its first row and column, the rest of the span is blank, as a merged cell is."""
    where = f"table {number}"
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    shared: dict[str, TableCell] = {}  # short texts' cells, made once (as calamine_sheets shares them)
    grid: list[GridRow] = []
    for line, tr in enumerate(rows, start=1):
        cells: list[TableCell] = []
        column = 0
        for td in tr:
            tag = td.tag  # a comment's is no string, so neither
            if tag != "td" and tag != "th":
                continue
            if pending:
                column = _skip_covered(pending, cells, column)
            if column >= MAX_COLUMNS:
                break
            text = _text(td)
            text = (text if text.isprintable() else clean_text(text)).strip()
            size = len(text)
            if size > MAX_CELL_CHARS or budget.chars + size > MAX_TEXT_CHARS:
                budget.text(where, line, size)  # past a limit: refused, named
            else:
                budget.chars += size
            cell = shared.get(text)
            if cell is None:
                cell = TableCell(text=text)
                if size <= SHARED_CHARS:
                    shared[text] = cell
            cells.append(cell)
            colspan, rowspan = td.get("colspan"), td.get("rowspan")
            if colspan is None and rowspan is None:  # most cells: one column, one row
                column += 1
                continue
            span = min(_span(colspan), MAX_COLUMNS - column)
            down = min(_span(rowspan), len(rows) - line + 1, MAX_SPAN)
            for offset in range(span):
                if offset:
                    cells.append(TableCell())
                if down > 1:
                    pending[column + offset] = down - 1
            column += span
        _skip_covered(pending, cells, column)
        budget.row(where, line, len(cells))
        if cells:
            grid.append(GridRow(tuple(cells), line=line))
    return grid


def _skip_covered(pending: dict[int, int], cells: list[TableCell], column: int) -> int:
    """Blank cells where a rowspan above covers this row; the next free column."""
    while pending.get(column, 0) > 0:
        pending[column] -= 1
        cells.append(TableCell())
        column += 1
    return column


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, int((value or "1").strip()))
    except ValueError:
        return 1


def _names_measures(texts: tuple[str, ...]) -> bool:
    fields = {classify_header(t) for t in texts if t.strip()}
    return bool(fields & _MEASURE_FIELDS) or len(fields - {None}) >= 3


def _row_lines(grid: list[GridRow]) -> list[str]:
    """A key table's rows as lines, their cells joined: ``Amber Within 5% of target``."""
    lines = (" ".join(" ".join(c.text.split()) for c in row.cells if c.text.strip()) for row in grid)
    return [line[:200] for line in lines if line]


def _is_legend(texts: tuple[str, ...], heading: str | None) -> bool:
    if any(_LEGEND_HEADER.match(t) for t in texts):
        return True
    return bool(heading and _LEGEND_HEADING.search(heading)) and len([t for t in texts if t.strip()]) <= 3
