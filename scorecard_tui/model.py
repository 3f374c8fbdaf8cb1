"""Domain records: a scorecard report and its measures, as plain frozen dataclasses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum


class Rag(StrEnum):
    """A red/amber/green status."""

    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"

    @property
    def rank(self) -> int:
        """0 for Red (worst) to 2 for Green (best)."""
        return {"Red": 0, "Amber": 1, "Green": 2}[self.value]


class Direction(StrEnum):
    """Direction of travel of a measure."""

    IMPROVING = "Improving"
    STABILISED = "Stabilised"
    DETERIORATING = "Deteriorating"


Value = float | str | None
"""A cell value: a number (unit stripped), qualitative text such as ``On Track``, or None for N/A."""


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
    occurrence: int = 1
    """1 for the first measure with this code in its report; a later one with the same code
    gets the next number whose key no other measure takes (set by :func:`number_repeats`)."""

    @property
    def key(self) -> str:
        """What identifies this measure in its report (and its flags and notes): the code, or
        ``CODE#N`` for the Nth measure with a code the report repeats, e.g. ``CP 08#2``."""
        return measure_key(self.code, self.occurrence)


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
    fetched_at: datetime
    pages: int
    measures: tuple[Measure, ...] = field(default=())
    organisation: str | None = None
    """Owning department named in the footer, e.g. ``Corporate Resources``."""
    team: str | None = None
    """Team named in the footer, e.g. ``Performance and Intelligence Team``."""
    file_name: str = ""
    sha256: str = ""
    """Digest of the imported file, used to make re-imports idempotent."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", number_repeats(self.measures))

    @property
    def directorates(self) -> list[str]:
        """Directorates in report order."""
        return list(dict.fromkeys(m.directorate for m in self.measures))


class Flag(StrEnum):
    """How an officer has flagged a measure for the meeting."""

    NONE = "none"
    WATCH = "watch"
    RAISE = "raise"

    def next(self) -> Flag:
        """The flag after this one in the cycle none -> watch -> raise -> none."""
        order = list(Flag)
        return order[(order.index(self) + 1) % len(order)]


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
    created_at: datetime
