"""Domain records: a scorecard report and its measures, as plain frozen dataclasses."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from scorecard_tui.compat import StrEnum


class Rag(StrEnum):
    """A red/amber/green (or BRAG: blue) status."""

    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"
    BLUE = "Blue"
    """Exceeded a stretch target, or completed: ranks best, and counts as met wherever Green does."""

    @property
    def rank(self) -> int:
        """0 for Red (worst) to 3 for Blue (best)."""
        return {"Red": 0, "Amber": 1, "Green": 2, "Blue": 3}[self.value]

    @property
    def met(self) -> bool:
        """Whether the rating says the target was met (Green or Blue)."""
        return self in (Rag.GREEN, Rag.BLUE)


class Polarity(StrEnum):
    """Which way is good for a measure."""

    HIGHER = "higher"
    """Higher is better."""
    LOWER = "lower"
    """Lower is better."""


class Direction(StrEnum):
    """Direction of travel of a measure."""

    IMPROVING = "Improving"
    STABILISED = "Stabilised"
    DETERIORATING = "Deteriorating"


Value = float | str | None
"""A cell value: a number (unit stripped), qualitative text such as ``On Track``, or None for N/A."""


def format_value(value: Value, unit: str | None) -> str:
    """A value for display: ``90%``, ``90.5%``, ``17.2 days``, ``1,234``, ``£2,400,000``, ``N/A``: whole
    numbers as whole numbers, as a report writes them (``parse.fields.parse_value`` reads all but money
    back; ``parse.cells.parse_value_text`` reads money)."""
    if value is None:
        return "N/A"
    if isinstance(value, str):
        return value
    if unit == "£":  # money as a report shows it: £2,400,000, -£1,200, £12.50
        amount = abs(value)
        shown = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
        return f"{'-' if value < 0 else ''}£{shown}"
    number = f"{value + 0.0:,.2f}".rstrip("0").rstrip(".")  # + 0.0: no "-0"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@dataclass(frozen=True)
class ReviewDate:
    """A dated review picked out of a measure's review note."""

    month: str
    """``YYYY-MM``."""
    body: str | None
    """Who reviews it (``Executive Scrutiny``, ``CLT``, ...), or None when not said."""
    past: bool
    """True when the month ended before the report was fetched."""


@dataclass(frozen=True)
class Measure:
    """One row of the scorecard."""

    directorate: str
    code: str
    """Primary code, e.g. ``YA&H PM08``."""
    title: str
    rag_quarter: Rag | None
    rag_forecast: Rag | None
    quarter_target: Value
    quarter_actual: Value
    forecast_target: Value
    forecast_actual: Value
    unit: str | None
    direction: Direction | None
    commentary: str
    """Paragraphs separated by newlines."""
    actions: str
    review: str
    alt_codes: tuple[str, ...] = ()
    """Alternative (national or legacy) codes, e.g. ``("NI 155",)``."""
    review_dates: tuple[ReviewDate, ...] = ()
    pages: tuple[int, int] = (0, 0)
    """First and last page the row appears on (1-based)."""
    polarity: Polarity | None = None
    """Whether higher or lower is better, when the report says so (else inferred)."""
    occurrence: int = 1
    """1 for the first measure with this code in its report; a later one with the same code
    gets the next number whose key no other measure takes (set by :func:`number_repeats`)."""
    long_direction: Direction | None = None
    """The long-term trend, when a report has two trend columns ("Long Trend", "Short Trend");
    :attr:`direction` is then the short-term (quarter on quarter) one."""
    previous_actual: Value = None
    """The previous period's actual as this report states it ("Previous value", "Last quarter"):
    reported, not imported."""
    direction_derived: bool = False
    """True when :attr:`direction` was worked out from :attr:`previous_actual` and the polarity
    (the report has no direction column), not read from the report."""
    tolerance: float | None = None
    """How far off target (a share of it: ``0.1`` for 10%) the report itself allows before a measure
    counts as off target, from its Tolerance column or its legend ("Amber: within 5% of target");
    None when it states none."""

    @property
    def comparison_target(self) -> tuple[Value, str]:
        """The target the quarter's actual is compared with, and what to call it: the quarter's
        target, else (a report with only an annual target) the annual one."""
        if self.quarter_target is None and self.forecast_target is not None and self.forecast_actual is None:
            return self.forecast_target, "annual target"
        return self.quarter_target, "target"

    @property
    def key(self) -> str:
        """What identifies this measure in its report (and its flags and notes): the code, or
        ``CODE#N`` for the Nth measure with a code the report repeats, e.g. ``CP 08#2``."""
        return measure_key(self.code, self.occurrence)


def tolerance_share(value: object) -> float | None:
    """A tolerance as kept (JSON, the store): a number from 0 to 1, else None (another tool's text reads as none)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return None
    return float(value)


def measure_key(code: str, occurrence: int) -> str:
    """``CP 08`` for the first measure with a code, ``CP 08#2`` for the second."""
    return code if occurrence == 1 else f"{code}#{occurrence}"


def occurrences(codes: Sequence[str]) -> list[int]:
    """Each code's occurrence number, in report order, such that every key is unique.

    A repeated code counts on from 2, skipping any number whose key is another measure's code.
    """
    taken = set(codes)
    seen: set[str] = set()
    out = []
    for code in codes:
        n = 1
        if code in seen:
            n = 2
            while measure_key(code, n) in taken:
                n += 1
            taken.add(measure_key(code, n))
        seen.add(code)
        out.append(n)
    return out


def number_repeats(measures: Iterable[Measure]) -> tuple[Measure, ...]:
    """The measures, each with its ``occurrence`` set so that every key in the report is unique."""
    measures = tuple(measures)
    numbers = occurrences([m.code for m in measures])
    return tuple(m if m.occurrence == n else replace(m, occurrence=n) for m, n in zip(measures, numbers, strict=True))


@dataclass(frozen=True)
class Report:
    """One imported scorecard."""

    name: str
    """Report name from the footer, e.g. ``Improvement Report - Council Scorecard``."""
    source: str
    """Data source from the footer, e.g. ``DORIS``."""
    period: str
    """Financial-year quarter label, e.g. ``2018/19 Q1``."""
    fetched_at: datetime | None
    """When the report was fetched (a DORIS footer says); None when the report does not say."""
    pages: int
    measures: tuple[Measure, ...] = field(default=())
    organisation: str | None = None
    """Owning department named in the footer, e.g. ``Corporate Resources``."""
    team: str | None = None
    """Team named in the footer, e.g. ``Performance and Intelligence Team``."""
    file_name: str = ""
    sha256: str = ""
    """Digest of the imported file, used to make re-imports idempotent."""
    subtitle: str | None = None
    """The lines the report prints above its first heading or table (e.g. ``ILLUSTRATIVE DATA -
    NOT PUBLISHED``), one per line; None when it prints none."""
    header_row: tuple[str, ...] = ()
    """A table report's column headers as the file has them (empty for DORIS)."""
    unread_rows: tuple[str, ...] = ()
    """Rows ``--skip-unreadable`` left out, each ``row N: 'its text': why (the fix)``: shown wherever
    the report is, so nothing is dropped silently."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", number_repeats(self.measures))

    @property
    def as_of(self) -> date:
        """The date review months count as past from: the fetch date, else the period's end."""
        return self.fetched_at.date() if self.fetched_at else period_end(self.period)

    @property
    def directorates(self) -> list[str]:
        """Directorates in report order."""
        return list(dict.fromkeys(m.directorate for m in self.measures))


def period_end(label: str) -> date:
    """The last day of a financial-year quarter: ``2023/24 Q2`` -> 30 September 2023."""
    m = re.fullmatch(r"(\d{4})/\d{2} Q([1-4])", label.strip())
    if not m:
        return date.today()
    start, quarter = int(m.group(1)), int(m.group(2))
    month = (quarter * 3 + 3 - 1) % 12 + 1
    year = start if quarter < 4 else start + 1
    return date(year, month, calendar.monthrange(year, month)[1])


class Flag(StrEnum):
    """How an officer has flagged a measure for the meeting."""

    NONE = "none"
    WATCH = "watch"
    RAISE = "raise"

    def next(self) -> Flag:
        """The flag after this one in the cycle none -> watch -> raise -> none."""
        order = list(Flag)
        return order[(order.index(self) + 1) % len(order)]


def previous_period(label: str) -> str | None:
    """The quarter before a period label: ``2023/24 Q1`` -> ``2022/23 Q4``; None for another form."""
    m = re.fullmatch(r"(\d{4})/\d{2} Q([1-4])", label.strip())
    if not m:
        return None
    year, quarter = int(m.group(1)), int(m.group(2))
    if quarter > 1:
        return f"{year}/{(year + 1) % 100:02d} Q{quarter - 1}"
    return f"{year - 1}/{year % 100:02d} Q4"


def shown_time(when: datetime | None, layout: str = "%d %b %Y %H:%M") -> str:
    """A stored time as people read it; ``date unknown`` where the store held no time."""
    return "date unknown" if when is None else when.strftime(layout)


@dataclass(frozen=True)
class Annotation:
    """One version of an officer's flag or note on a measure in a period."""

    code: str
    """The measure's key (:attr:`Measure.key`): its code, or ``CODE#N`` where the report repeats it."""
    period: str
    kind: str
    """``flag`` or ``note``."""
    value: str
    """The flag's value, or the note's text."""
    author: str
    """The Unix user who wrote it."""
    created_at: datetime | None
    """None: the stored time is not one (another tool wrote it); shown as unknown."""


NO_SOURCE = "not stated"
"""The data source of a report that names none (most tables do not)."""


@dataclass(frozen=True)
class ReportInfo:
    """A stored report without its measures."""

    id: int
    name: str
    source: str
    period: str
    fetched_at: datetime | None
    pages: int
    measure_count: int
    file_name: str
    organisation: str | None = None
    team: str | None = None
    subtitle: str | None = None
    """The lines the report prints above its first heading (:attr:`Report.subtitle`)."""
    unread_count: int = 0
    """How many rows ``--skip-unreadable`` left out (:attr:`Report.unread_rows`)."""

    @property
    def as_of(self) -> date:
        """The date review months count as past from: the fetch date, else the period's end."""
        return self.fetched_at.date() if self.fetched_at else period_end(self.period)
