"""What the table shows: filtering, sorting, counts and the status line (no Textual here)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from scorecard_tui.compat import StrEnum
from scorecard_tui.model import Direction, Flag, Measure, Rag, Value
from scorecard_tui.triage import figures, reviews
from scorecard_tui.triage.changes import Change


class Basis(StrEnum):
    """Which RAG the RAG filters and the worst-first sort read."""

    QUARTERLY = "quarterly"
    FORECAST = "forecast"


class SortMode(StrEnum):
    """Orders the table cycles through with ``s``."""

    PUBLISHED = "as published"
    WORST = "worst first"
    CODE = "by code"
    REVIEW = "by next review"


DIRECTION_CYCLE: tuple[Direction | None, ...] = (
    None,
    Direction.DETERIORATING,
    Direction.STABILISED,
    Direction.IMPROVING,
)
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
DUE_CYCLE: tuple[int | None, ...] = (None, 2, 4, 8, 13)
"""Weeks the "review due within" filter cycles through (None: off)."""
MOVED = frozenset({Change.NEW, Change.BETTER, Change.WORSE})


@dataclass(frozen=True)
class Marks:
    """What the table marks beside each measure, and what the triage filters read."""

    flags: Mapping[str, Flag] = field(default_factory=dict)
    """Current flag per code (unflagged measures left out)."""
    changes: Mapping[str, Change] = field(default_factory=dict)
    """How each measure moved since the previous period."""
    as_of: date | None = None
    """The date reviews count as past or coming from (None: as the report says)."""
    previous: str | None = None
    """The previous period's label, when one is held."""


@dataclass(frozen=True)
class ViewState:
    """Every filter and the sort the user has chosen."""

    rags: frozenset[Rag] = frozenset()
    """RAGs to show; empty shows every measure."""
    basis: Basis = Basis.QUARTERLY
    direction: Direction | None = None
    directorate: str | None = None
    query: str = ""
    matches: frozenset[str] | None = None
    """Keys of the measures matching ``query`` (from the store's search), None when there is no query."""
    sort: SortMode = SortMode.PUBLISHED
    changed_only: bool = False
    """Only measures new or with a better or worse RAG since the previous period."""
    worse_only: bool = False
    """Only measures with a worse RAG than in the previous period."""
    flagged_only: bool = False
    due_weeks: int | None = None
    """Only measures with a review due within this many weeks."""
    column: str | None = None
    """The table column the rows are sorted by (a key of :data:`SORT_COLUMNS`); None: ``sort``."""
    descending: bool = False
    """Sort ``column`` the other way (missing values stay last)."""

    @property
    def filtered(self) -> bool:
        """True when anything narrows the table."""
        triaged = self.changed_only or self.worse_only or self.flagged_only or self.due_weeks
        return bool(self.rags or self.direction or self.directorate or self.query.strip() or triaged)

    def toggle_rag(self, rag: Rag) -> ViewState:
        """Show or stop showing one RAG."""
        return replace(self, rags=self.rags ^ {rag})

    def next_basis(self) -> ViewState:
        """Switch between quarterly and forecast."""
        other = Basis.FORECAST if self.basis is Basis.QUARTERLY else Basis.QUARTERLY
        return replace(self, basis=other)

    def next_direction(self) -> ViewState:
        """Cycle any, Deteriorating, Stabilised, Improving."""
        index = DIRECTION_CYCLE.index(self.direction)
        return replace(self, direction=DIRECTION_CYCLE[(index + 1) % len(DIRECTION_CYCLE)])

    def next_sort(self) -> ViewState:
        """Cycle the sort orders (from a column sort: back to the first)."""
        modes = list(SortMode)
        if self.column is not None:
            return replace(self, column=None, descending=False, sort=modes[0])
        return replace(self, sort=modes[(modes.index(self.sort) + 1) % len(modes)])

    def sort_by(self, column: str) -> ViewState:
        """Sort by a table column; by the same column again: the other way."""
        if column not in SORT_COLUMNS:
            return self
        if column == self.column:
            return replace(self, descending=not self.descending)
        return replace(self, column=column, descending=False)

    def next_due(self) -> ViewState:
        """Cycle the review-due filter: off, 2, 4, 8, 13 weeks."""
        index = DUE_CYCLE.index(self.due_weeks) if self.due_weeks in DUE_CYCLE else 0
        return replace(self, due_weeks=DUE_CYCLE[(index + 1) % len(DUE_CYCLE)])

    def next_changes(self) -> ViewState:
        """Cycle the change filter: changed (better, worse or new), worse only, off."""
        if self.changed_only:
            return replace(self, changed_only=False, worse_only=True)
        if self.worse_only:
            return replace(self, worse_only=False)
        return replace(self, changed_only=True)

    def cleared(self) -> ViewState:
        """No filters; basis and sort kept."""
        return ViewState(basis=self.basis, sort=self.sort, column=self.column, descending=self.descending)


def rag_of(measure: Measure, basis: Basis) -> Rag | None:
    """The measure's RAG on a basis."""
    return measure.rag_quarter if basis is Basis.QUARTERLY else measure.rag_forecast


def target_actual(measure: Measure, basis: Basis) -> tuple[Value, Value]:
    """The measure's target and actual on a basis."""
    if basis is Basis.QUARTERLY:
        return measure.quarter_target, measure.quarter_actual
    return measure.forecast_target, measure.forecast_actual


def shortfall(measure: Measure, basis: Basis) -> float | None:
    """How far the actual falls short of target, relative to target (negative: beats it)."""
    pair = figures.numbers(*target_actual(measure, basis))
    sign = figures.polarity(measure)
    if pair is None or sign == 0:
        return None
    target, actual = pair
    gap = (target - actual) * sign
    return gap / abs(target) if target else gap


def next_review(measure: Measure, as_of: date | None = None) -> str | None:
    """The first coming review month (``YYYY-MM``), or None.

    Args:
        measure: The measure.
        as_of: Count reviews ending before this date as past; None reads the report's own marks.
    """
    if as_of is not None:
        return reviews.next_review(measure, as_of)
    coming = sorted(d.month for d in measure.review_dates if not d.past)
    return coming[0] if coming else None


def visible(measures: Sequence[Measure], state: ViewState, marks: Marks | None = None) -> list[int]:
    """Positions (in report order) of the measures the state shows, in its sort order."""
    marks = marks or Marks()
    rows = [i for i, m in enumerate(measures) if _passes(m, state, marks)]
    if state.column in SORT_COLUMNS:
        return sort_column(measures, rows, state.column, descending=state.descending, marks=marks)
    if state.sort is SortMode.WORST:
        rows.sort(key=lambda i: _worst_key(measures[i], state.basis))
    elif state.sort is SortMode.CODE:
        rows.sort(key=lambda i: _natural(measures[i].code))
    elif state.sort is SortMode.REVIEW:
        rows.sort(key=lambda i: next_review(measures[i], marks.as_of) or "9999")
    return rows


def rag_counts(measures: Iterable[Measure], basis: Basis) -> Counter[Rag | None]:
    """How many measures have each RAG on a basis (None for N/A)."""
    return Counter(rag_of(m, basis) for m in measures)


def describe(state: ViewState, marks: Marks | None = None) -> list[str]:
    """The filters in words, e.g. ``["Red (quarterly)", "People Services", "'fostering'"]``."""
    marks = marks or Marks()
    parts: list[str] = []
    if state.rags:
        names = "+".join(r.value for r in RAG_ORDER if r in state.rags)
        parts.append(f"{names} ({state.basis.value})")
    if state.direction:
        parts.append(state.direction.value)
    if state.directorate:
        parts.append(state.directorate)
    if state.query.strip():
        parts.append(f"'{state.query.strip()}'")
    if state.changed_only:
        parts.append(f"changed since {marks.previous}" if marks.previous else "changed (no earlier period)")
    if state.worse_only:
        parts.append(f"worse since {marks.previous}" if marks.previous else "worse (no earlier period)")
    if state.flagged_only:
        parts.append("flagged")
    if state.due_weeks:
        since = f" of {marks.as_of:%d %b %Y}" if marks.as_of else ""
        parts.append(f"review due within {state.due_weeks} weeks{since}")
    return parts


def status_line(state: ViewState, shown: int, total: int, marks: Marks | None = None) -> str:
    """What the table shows, e.g. ``7 of 20 measures: Red (quarterly) - People Services``."""
    noun = "measure" if total == 1 else "measures"
    parts = describe(state, marks)
    return f"{shown} of {total} {noun}: " + (" - ".join(parts) if parts else "all")


def sort_line(state: ViewState) -> str:
    """The sort in words, e.g. ``sorted worst first (forecast)``, ``sorted by Q actual, descending``."""
    if state.column in SORT_COLUMNS:
        name, graded = SORT_COLUMNS[state.column]
        way = ("best first" if state.descending else "worst first") if graded else None
        return f"sorted by {name}, {way or ('descending' if state.descending else 'ascending')}"
    if state.sort is SortMode.WORST:
        return f"sorted worst first ({state.basis.value})"
    return f"sorted {state.sort.value}"


SORT_COLUMNS: dict[str, tuple[str, bool]] = {
    "Code": ("code", False),
    "Flag": ("flag", True),
    "Measure": ("title", False),
    "Qtr": ("quarterly RAG", True),
    "Fcst": ("forecast RAG", True),
    "Change": ("change", True),
    "Direction": ("direction", True),
    "Review": ("next review", False),
    **{figure: (figure, False) for figure in ("Q target", "Q actual", "F target", "F actual")},
}
"""The table's columns a sort can follow (by key): their name in the status line, and whether they
are graded (ratings, flags, change, direction: worst first, else ascending)."""
_FLAG_RANK = {Flag.RAISE: 0, Flag.WATCH: 1}
_CHANGE_RANK = {Change.WORSE: 0, Change.NEW: 1, Change.SAME: 2, Change.BETTER: 3}
_DIRECTION_RANK = {Direction.DETERIORATING: 0, Direction.STABILISED: 1, Direction.IMPROVING: 2}
SortKey = tuple[object, ...]


def sort_column(
    measures: Sequence[Measure], rows: list[int], column: str, *, descending: bool = False, marks: Marks | None = None
) -> list[int]:
    """``rows`` sorted by a table column: numbers as numbers, ratings by severity (worst first),
    codes naturally (``PS2`` before ``PS10``); rows with nothing in the column last either way,
    ties in report order."""
    marks = marks or Marks()
    keyed = [(i, _column_key(measures[i], column, marks)) for i in rows]
    present: list[tuple[int, SortKey]] = [(i, key) for i, key in keyed if key is not None]
    present.sort(key=lambda pair: pair[1], reverse=descending)
    return [i for i, _ in present] + [i for i, key in keyed if key is None]


def _column_key(m: Measure, column: str, marks: Marks) -> SortKey | None:
    """What a measure sorts by in a column (None: nothing there)."""
    if column == "Code":
        return (_natural(m.code),) if m.code else None
    if column == "Measure":
        return (m.title.casefold(),) if m.title else None
    if column in ("Qtr", "Fcst"):
        rag = m.rag_quarter if column == "Qtr" else m.rag_forecast
        return (rag.rank,) if rag else None
    if column == "Flag":
        flag = _FLAG_RANK.get(marks.flags.get(m.key, Flag.NONE))
        return None if flag is None else (flag,)
    if column == "Change":
        change = marks.changes.get(m.key)
        return None if change is None else (_CHANGE_RANK[change],)
    if column == "Direction":
        return None if m.direction is None else (_DIRECTION_RANK[m.direction],)
    if column == "Review":
        month = next_review(m, marks.as_of)
        return None if month is None else (month,)
    value = {
        "Q target": m.quarter_target,
        "Q actual": m.quarter_actual,
        "F target": m.forecast_target,
        "F actual": m.forecast_actual,
    }.get(column)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value).casefold())  # text (``On Track``) after the numbers


def _passes(m: Measure, state: ViewState, marks: Marks) -> bool:
    if state.changed_only and marks.changes.get(m.key) not in MOVED:
        return False
    if state.worse_only and marks.changes.get(m.key) is not Change.WORSE:
        return False
    if state.flagged_only and marks.flags.get(m.key, Flag.NONE) is Flag.NONE:
        return False
    if state.due_weeks and not reviews.review_due_within(m, marks.as_of or date.today(), state.due_weeks):
        return False
    if state.rags and rag_of(m, state.basis) not in state.rags:
        return False
    if state.direction and m.direction is not state.direction:
        return False
    if state.directorate and m.directorate != state.directorate:
        return False
    return state.matches is None or m.key in state.matches


def _worst_key(m: Measure, basis: Basis) -> tuple[int, int, float]:
    rag = rag_of(m, basis)
    gap = shortfall(m, basis)
    return (rag.rank if rag else len(Rag), gap is None, -(gap or 0.0))


def _natural(code: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p.lower()) for p in re.split(r"(\d+)", code) if p]
