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
        """Cycle the sort orders."""
        modes = list(SortMode)
        return replace(self, sort=modes[(modes.index(self.sort) + 1) % len(modes)])

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
        return ViewState(basis=self.basis, sort=self.sort)


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
    """The sort in words, e.g. ``sorted worst first (forecast)``."""
    if state.sort is SortMode.WORST:
        return f"sorted worst first ({state.basis.value})"
    return f"sorted {state.sort.value}"


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
