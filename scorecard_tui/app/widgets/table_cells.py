"""The RAG table's cells and lines, built one measure at a time for the rows on screen.

Nothing here looks at every measure except ``column_widths``, which the table runs once
per report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip

from scorecard_tui.app.palette import MIN_CONTRAST, contrast, readable_on
from scorecard_tui.app.render import (
    OVERDUE,
    change_badge,
    direction_text,
    flag_badge,
    marked,
    month_label,
    rag_badge,
    tone,
    value_text,
)
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.table_layout import CODE_MAX, NUMBER_COLUMNS, Column, TablePlan
from scorecard_tui.app.view import Marks, next_review
from scorecard_tui.model import Measure

MARKED_COLUMNS = ("Flag", "Change", "Review")
"""Columns that depend on the marks (flags, changes, the as-of date) rather than the measure."""

SPACE = Segment(" ")

TABLE_CSS = """
RagTable {
    background: $surface;
    color: $foreground;
    height: auto;
    max-height: 100%;
    &:focus {
        background-tint: $foreground 5%;
        & > .rag-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .rag-table--header {
            background-tint: $foreground 5%;
        }
        & > .rag-table--fixed-cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    &:dark > .rag-table--even-row {
        background: $surface-darken-1 40%;
    }
    & > .rag-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    &:ansi > .rag-table--header {
        background: ansi_default;
        color: ansi_default;
        text-style: bold underline;
    }
    &:ansi > .rag-table--fixed, &:ansi > .rag-table--even-row {
        background: ansi_default;
        color: ansi_default;
    }
    & > .rag-table--fixed {
        background: $secondary-muted;
        color: $foreground;
    }
    & > .rag-table--even-row {
        background: $surface-lighten-1 50%;
    }
    & > .rag-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    & > .rag-table--fixed-cursor {
        background: $block-cursor-blurred-background;
        color: $foreground;
    }
    /* NO_COLOR turns every colour a grey, the cursor's hardly apart from a row's: the text's own. */
    &:nocolor:focus > .rag-table--cursor, &:nocolor:focus > .rag-table--fixed-cursor {
        background: $foreground;
        color: $background;
    }
}
"""
"""The table's look: DataTable's, under the table's own component class names."""


def cut(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells with an ellipsis."""
    text.truncate(width, overflow="ellipsis")
    return text


def number(m: Measure, label: str) -> str:
    """A target or actual column's text."""
    value = {
        "Q target": m.quarter_target,
        "Q actual": m.quarter_actual,
        "F target": m.forecast_target,
        "F actual": m.forecast_actual,
    }[label]
    return value_text(value, m.unit)


@dataclass(frozen=True)
class ColumnWidths:
    """What a report's columns need: the widest code and title, and each number column's
    widest text (its heading included)."""

    code: int = 0
    title: int = 0
    numbers: dict[str, int] = field(default_factory=dict)


def column_widths(measures: Sequence[Measure]) -> ColumnWidths:
    """The widths a report's text needs (run once per report)."""
    code = max([0, *(cell_len(clean(m.code, newlines=False)) for m in measures)])
    title = max([0, *(cell_len(clean(m.title, newlines=False)) for m in measures)])
    numbers = {label: max([len(label), *(len(number(m, label)) for m in measures)]) for label in NUMBER_COLUMNS}
    return ColumnWidths(code, title, numbers)


def marked_cells(m: Measure, marks: Marks, plan: TablePlan | None) -> tuple[Text, Text, Text]:
    """The Flag, Change and Review cells."""
    short = plan or TablePlan((), True, True)
    return (
        flag_badge(marks.flags.get(m.key), short=short.short_flag),
        change_badge(marks.changes.get(m.key), short=short.short_change),
        review_cell(m, marks.as_of),
    )


def review_cell(m: Measure, as_of: date | None) -> Text:
    """The next review (``Mar 2019``); when every review month has passed, the last one marked
    overdue (``Oct 2018 !``, bold: it reads without colour); ``–`` when the note gives none."""
    coming = next_review(m, as_of)
    if coming or not m.review_dates:
        return Text(month_label(coming))
    last = max(d.month for d in m.review_dates)
    return marked(f"{month_label(last)} {OVERDUE}", "bad", tone("bad"))


def measure_cells(m: Measure, plan: TablePlan, marks: Marks) -> list[Text]:
    """One row's cells, in the plan's column order; report text is literal, never markup."""
    flag, change, review = marked_cells(m, marks, plan)
    cells = {
        "Code": cut(literal(m.code, newlines=False), CODE_MAX),
        "Flag": flag,
        "Measure": cut(literal(m.title, newlines=False), plan.title_width),
        "Qtr": rag_badge(m.rag_quarter, letter=True),
        "Fcst": rag_badge(m.rag_forecast, letter=True),
        "Change": change,
        "Direction": direction_text(m.direction, short=True),
        "Review": review,
    }
    return [cells[key] if key in cells else Text(number(m, key), justify="right") for key in plan.keys]


@dataclass(frozen=True)
class LineStyles:
    """How one table line is styled: under the cells (``pre``) and over them (``post``, the
    cursor's colour), for the frozen columns and for the rest."""

    fixed: Style
    rest: Style
    fixed_post: Style | None = None
    rest_post: Style | None = None


def line_styles(component: Callable[[str], Style], *, header: bool, odd: bool, cursor: bool) -> LineStyles:
    """A line's styles from the table's component classes (``component`` gives one's style)."""
    if header:
        style = component("rag-table--header")
        return LineStyles(style, style)
    fixed = component("rag-table--fixed")
    rest = component("rag-table--odd-row" if odd else "rag-table--even-row")
    if not cursor:
        return LineStyles(fixed, rest)
    on_rest = component("rag-table--cursor")
    on_fixed = on_rest + component("rag-table--fixed-cursor")
    # The cursor's colour goes over the cells' own (as DataTable's cursor_foreground_priority="css"),
    # in black or white where the theme's own would read at less than 4.5:1 on it.
    return LineStyles(fixed + on_fixed, rest + on_rest, _cursor_text(fixed + on_fixed), _cursor_text(rest + on_rest))


def _cursor_text(style: Style) -> Style:
    """The cursor's text colour, kept only where it reads on the cursor's background."""
    if style.color is None or style.bgcolor is None or not (style.color.triplet and style.bgcolor.triplet):
        return Style.from_color(style.color)  # an ANSI theme: the terminal's colours, not ours to judge
    colour, ground = (Color.from_rich_color(c).hex6 for c in (style.color, style.bgcolor))
    if contrast(colour, ground) < MIN_CONTRAST:
        colour = readable_on(ground)
    return Style.from_color(Color.parse(colour).rich_color)


def _cell(text: Text, width: int, console: Console) -> list[Segment]:
    """A cell's text in ``width`` cells, with one cell of padding each side."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width)
    segments = list(Segment.apply_style(text.render(console), console.get_style(text.style)))
    gap = Segment(" " * (width - text.cell_len))
    if text.justify == "right":
        return [SPACE, gap, *segments, SPACE]
    return [SPACE, *segments, gap, SPACE]


def render_line(
    cells: Sequence[Text], columns: Sequence[Column], frozen: int, styles: LineStyles, width: int, console: Console
) -> tuple[Strip, Strip]:
    """One table line: the frozen columns alone, and the whole line filled out to ``width``."""
    fixed: list[Segment] = []
    rest: list[Segment] = []
    for index, (cell, column) in enumerate(zip(cells, columns, strict=True)):
        segments = _cell(cell, column.width, console)
        # A badge (its own background) keeps its own text colour on the cursor's row.
        badge = any(s.style is not None and s.style.bgcolor is not None for s in segments)
        if index < frozen:
            fixed += Segment.apply_style(segments, styles.fixed, None if badge else styles.fixed_post)
        else:
            rest += Segment.apply_style(segments, styles.rest, None if badge else styles.rest_post)
    fixed_strip = Strip(fixed)
    whole = Strip.join([fixed_strip, Strip(rest)]).extend_cell_length(width, styles.rest)
    return fixed_strip, whole.simplify()
