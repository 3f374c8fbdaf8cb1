"""Which columns the RAG table shows at a width, and how wide each is.

Code, title, both RAGs, change, direction and next review always show; the title takes
what is left (at least ``TITLE_MIN``, at most what the longest title needs). Target and
actual columns, and the long forms of change and flag, come in only while the title
keeps ``TITLE_GOOD`` (or the longest title, if shorter): titles first. Wide titles (``W``)
leave out everything that is not a rating. Columns that would hold nothing (Flag with
nothing flagged, Change with no previous period, Fcst and the year-end figures where no measure
has them) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

PADDING = 2
"""The table's cell padding, both sides of a column."""
TITLE_MIN, TITLE_GOOD = 20, 42
"""At 80 columns with every column (Flag and Change too) the title keeps 20 cells; else 24 or more."""
CODE_MAX = 24
"""A code longer than this (hostile text) is cut; real codes are far shorter."""
REVIEW_WIDTH = 10
"""``Oct 2018 !``: a review month always with its four-digit year, and the overdue mark."""
NUMBER_COLUMNS = ("Q target", "Q actual", "F target", "F actual")


@dataclass(frozen=True)
class Column:
    """One column: its key (stable, for tests and updates), heading and width."""

    key: str
    label: str
    width: int


@dataclass(frozen=True)
class TablePlan:
    """The columns in order, and which cells take their short form."""

    columns: tuple[Column, ...]
    short_change: bool
    short_flag: bool

    @property
    def title_width(self) -> int:
        return next(c.width for c in self.columns if c.key == "Measure")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def frozen(self) -> int:
        """Columns kept on the left when the table scrolls sideways: code (and flag) and title."""
        return self.keys.index("Measure") + 1


def plan_table(
    width: int,
    *,
    code_width: int,
    flags: bool,
    changes: bool,
    number_widths: dict[str, int],
    title_need: int = TITLE_GOOD,
    wide: bool = False,
    forecast_ratings: bool = True,
    forecast_figures: bool = True,
) -> TablePlan:
    """The columns for a table ``width`` cells wide (scrollbar excluded), whose longest title
    is ``title_need`` cells; ``wide``: the title gets every cell the ratings leave. A report
    that forecasts nothing (no ``forecast_ratings``, no ``forecast_figures``) has no column for them."""
    code = min(CODE_MAX, max(4, code_width))
    keep = max(TITLE_MIN, min(TITLE_GOOD, title_need))
    short = {"change": True, "flag": True}
    numbers: list[str] = []

    def columns(title: int) -> list[Column]:
        cols = [Column("Code", "Code", code)]
        if flags:
            cols.append(Column("Flag", "Flg", 3) if short["flag"] else Column("Flag", "Flag", 7))
        cols += [Column("Measure", "Measure", title), Column("Qtr", "Qtr", 4)]
        if forecast_ratings:
            cols.append(Column("Fcst", "Fcst", 4))
        if changes:
            cols.append(Column("Change", "Chg", 3) if short["change"] else Column("Change", "Change", 8))
        cols += [Column("Direction", "Dir", 3), Column("Review", "Review", REVIEW_WIDTH)]
        cols += [Column(n, n, number_widths.get(n, len(n))) for n in numbers]
        return cols

    def room() -> int:
        others = columns(0)
        return width - sum(c.width + PADDING for c in others)

    upgrades: list[tuple[str, ...]] = (
        []
        if wide
        else [
            ("flag",),
            ("change",),
            ("Q target", "Q actual"),
            *([("F target", "F actual")] if forecast_figures else []),
        ]
    )
    for upgrade in upgrades:
        before = (dict(short), list(numbers))
        for part in upgrade:
            if part in short:
                short[part] = False
            else:
                numbers.append(part)
        if room() < keep:
            short, numbers = before
    title = max(TITLE_MIN, min(max(title_need, TITLE_MIN), room()))
    return TablePlan(tuple(columns(title)), short["change"], short["flag"])


def needed_width(*, code_width: int, flags: bool, changes: bool) -> int:
    """Cells a table needs for every rating column and a ``TITLE_GOOD`` title (short forms)."""
    plan = plan_table(0, code_width=code_width, flags=flags, changes=changes, number_widths={}, wide=True)
    return sum(c.width + PADDING for c in plan.columns) - plan.title_width + TITLE_GOOD
