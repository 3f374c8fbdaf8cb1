"""Find the header row in a grid of cells (a sheet, a CSV) and read the rows under it.

Title rows above the header are kept as the report's title lines; a row with one filled
cell across a wide table is a section row naming the group of the rows below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.furniture import is_furniture_line, is_legend_line
from scorecard_tui.parse.headers import Field, classify_header, normalise_header
from scorecard_tui.parse.table_model import TableCell, TableRow

HEADER_SEARCH_ROWS = 40
"""How far down a sheet the header row may be (title rows, logos, keys above it)."""


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True)
class HeaderPlace:
    """Where a grid's header is, and its column names."""

    texts: tuple[str, ...]
    title_end: int
    """Rows before this index are title rows."""
    body_start: int
    """The first row under the header."""


def locate_header(rows: Sequence[GridRow]) -> HeaderPlace | None:
    """The header row, joined with a band row above it or a sub-header row below it.

    Many sheets head their figures in two rows: a band ("Quarter 2", "Year end") spanning
    "Target" and "Actual" below it. The band is found either way round: below a header
    row that names the measure column ("Ref | Indicator | Quarter 2 | | RAG" over
    "| | Target | Actual |"), or above a header row that repeats a name
    ("Target | Actual | Target | Actual" under "Quarter 2 | | Year end |").
    """
    h = find_header(rows)
    if h is None:
        return None
    row = rows[h]
    if h + 1 < len(rows) and _is_sub_header(row, rows[h + 1]):
        return HeaderPlace(_combine(row, rows[h + 1]), h, h + 2)
    texts = header_texts(row)
    if h > 0 and _is_band(rows[h - 1], texts):
        return HeaderPlace(_combine(rows[h - 1], row), h - 1, h + 1)
    return HeaderPlace(texts, h, h + 1)


def _texts(row: GridRow, width: int) -> list[str]:
    return [" ".join(row.cells[i].text.split()) if i < len(row.cells) else "" for i in range(width)]


def _is_sub_header(row: GridRow, below: GridRow) -> bool:
    width = max(len(row.cells), len(below.cells))
    top, sub = _texts(row, width), _texts(below, width)
    title_cols = [i for i, t in enumerate(top) if t and classify_header(t) is Field.TITLE]
    filled = [i for i, t in enumerate(sub) if t]
    if len(filled) < 2 or any(i < len(below.cells) and below.cells[i].number is not None for i in filled):
        return False
    if any(sub[i] for i in title_cols):
        return False  # a measure row: it has a title
    return any(not top[i] for i in filled) and any(classify_header(sub[i]) is not None for i in filled)


def _is_band(above: GridRow, texts: tuple[str, ...]) -> bool:
    keys = [normalise_header(t) for t in texts]
    repeated = {i for i, k in enumerate(keys) if k and keys.count(k) > 1 and classify_header(texts[i]) is not None}
    band = _texts(above, len(texts))
    return bool(repeated) and any(band[i] for i in repeated)


def _combine(band_row: GridRow, sub_row: GridRow) -> tuple[str, ...]:
    """Band text over each sub-header it spans (a merged band cell fills right over its sub-headers)."""
    width = max(len(band_row.cells), len(sub_row.cells))
    band, sub = _texts(band_row, width), _texts(sub_row, width)
    out: list[str] = []
    current = ""
    for i in range(width):
        if band[i]:
            current = band[i] if sub[i] else ""  # a band spans only when it heads sub-headers
            out.append(f"{band[i]} {sub[i]}".strip())
        elif sub[i]:
            out.append(f"{current} {sub[i]}".strip())
        else:
            current = ""
            out.append("")
    while out and not out[-1]:
        out.pop()
    return tuple(out)


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


def body_rows(
    rows: Iterable[GridRow],
    width: int,
    *,
    group: str | None = None,
    page: int = 1,
    header: Sequence[GridRow] = (),
    legend: list[str] | None = None,
) -> list[TableRow]:
    """Rows under the header as :class:`TableRow`; section rows set the group of those below.
    A line standing alone that is page furniture (``OFFICIAL``, ``Page 3 of 12``, a RAG key) is
    neither a row nor a group; nor is the header row printed again (each page of a printed sheet).

    Args:
        rows: The grid rows after the header row.
        width: How many columns the header names.
        group: The group in force before any section row (a sheet's name), if any.
        page: The sheet number (1 for a CSV).
        header: The header row (or rows), whose repeats are skipped.
        legend: Where a key or legend line skipped is kept (its text), for the report's tolerance.
    """
    out: list[TableRow] = []
    repeats = {header_texts(h) for h in header}
    firsts = {texts[0] for texts in repeats if texts}
    for row in rows:
        if firsts and row.cells and " ".join(row.cells[0].text.split()) in firsts and header_texts(row) in repeats:
            continue
        if beyond := [c.text.strip() for c in row.cells[width:] if c.text.strip()]:
            # never dropped unseen: on a CSV it is most often a comma inside a value without quotes
            raise ScorecardError(
                f"row {row.line or '?'} has {len(beyond)} value(s) beyond the header's {width} columns"
                f" ({beyond[0][:40]!r}): is a comma inside a value without quotes? Quote that value, or give"
                " the column a heading"
            )
        cells = tuple(row.cells[:width]) + (TableCell(),) * max(0, width - len(row.cells))
        filled = _filled(cells)
        if not filled:
            continue
        if (
            len(filled) == 1
            and filled[0].number is None
            and filled[0] in cells[:2]
            and is_furniture_line(filled[0].text)
        ):
            # furniture stands where a section row would: a line in a comment column is the comment's
            if legend is not None and is_legend_line(filled[0].text):
                legend.append(" ".join(filled[0].text.split()))
            continue
        if len(filled) == 1 and width >= 3 and filled[0].number is None and filled[0] is not cells[-1]:
            first = next(i for i, c in enumerate(cells) if c is filled[0])
            if first <= 1:
                group = " ".join(filled[0].text.split())
                continue
        out.append(TableRow(cells=cells, group=group, pages=(page, page), line=row.line))
    return out
