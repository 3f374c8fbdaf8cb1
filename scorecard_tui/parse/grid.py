"""Find the header row in a grid of cells (a sheet, a CSV) and read the rows under it.

Title rows above the header are kept as the report's title lines; a row with one filled
cell across a wide table is a section row naming the group of the rows below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scorecard_tui.parse.headers import Field, classify_header
from scorecard_tui.parse.table_model import TableCell, TableRow

HEADER_SEARCH_ROWS = 40
"""How far down a sheet the header row may be (title rows, logos, keys above it)."""


@dataclass(frozen=True)
class GridRow:
    """One row of a grid, with where it came from."""

    cells: tuple[TableCell, ...]
    line: int


def header_score(texts: Sequence[str]) -> int:
    """How strongly a row reads as a header: distinct fields named; 0 without a title column."""
    fields = [classify_header(t) for t in texts if t.strip() and len(t) <= 80]
    named = {f for f in fields if f is not None}
    if Field.TITLE not in named and Field.CODE not in named:
        return 0
    return len(named)


def find_header(rows: Sequence[GridRow]) -> int | None:
    """The index of the header row among the first rows, or None.

    The first row naming at least two fields, one of them a measure title or code, wins
    over later ones unless a later one names clearly more (a key table above the data).
    """
    best, best_score = None, 1
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score([c.text for c in row.cells])
        if score > best_score + (1 if best is not None else 0):
            best, best_score = i, score
    return best


def _filled(cells: Iterable[TableCell]) -> list[TableCell]:
    return [c for c in cells if c.text.strip() or c.number is not None]


def header_texts(row: GridRow) -> tuple[str, ...]:
    """A header row's texts, one line each; trailing empty columns dropped."""
    texts = [" ".join(c.text.split()) for c in row.cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def title_lines(rows: Sequence[GridRow]) -> tuple[str, ...]:
    """The text of the rows above the header, one line per row."""
    lines = []
    for row in rows:
        text = " ".join(" ".join(c.text.split()) for c in _filled(row.cells))
        if text:
            lines.append(text)
    return tuple(lines)


def body_rows(rows: Iterable[GridRow], width: int, *, group: str | None = None, page: int = 1) -> list[TableRow]:
    """Rows under the header as :class:`TableRow`; section rows set the group of those below.

    Args:
        rows: The grid rows after the header row.
        width: How many columns the header names.
        group: The group in force before any section row (a sheet's name), if any.
        page: The sheet number (1 for a CSV).
    """
    out: list[TableRow] = []
    for row in rows:
        cells = tuple(row.cells[:width]) + (TableCell(),) * max(0, width - len(row.cells))
        filled = _filled(cells)
        if not filled:
            continue
        if len(filled) == 1 and width >= 3 and filled[0].number is None and filled[0] is not cells[-1]:
            first = next(i for i, c in enumerate(cells) if c is filled[0])
            if first <= 1:
                group = " ".join(filled[0].text.split())
                continue
        out.append(TableRow(cells=cells, group=group, pages=(page, page), line=row.line))
    return out
