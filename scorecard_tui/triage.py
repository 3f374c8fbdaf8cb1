"""Triage logic with no I/O: what changed since last period, review agenda, reviews due, polarity."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from scorecard_tui.compat import StrEnum
from scorecard_tui.model import Measure, Polarity, Rag, Value


class Change(StrEnum):
    """How a measure moved since the previous period (by its quarterly RAG; Green and Blue are both met)."""

    NEW = "new"
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


def _rank(rag: Rag | None) -> int | None:
    return None if rag is None else rag.rank


def changes(current: Iterable[Measure], previous: Iterable[Measure] | None) -> dict[str, Change]:
    """Each current measure's change against the previous period, by measure key (the Nth
    measure with a repeated code is matched with the Nth before); empty when there is none."""
    if previous is None:
        return {}
    return changes_since(current, {m.key: m.rag_quarter for m in previous})


def changes_since(current: Iterable[Measure], before: Mapping[str, Rag | None]) -> dict[str, Change]:
    """:func:`changes`, given the previous period's quarterly ratings by measure key."""
    out: dict[str, Change] = {}
    for m in current:
        if m.key not in before:
            out[m.key] = Change.NEW
            continue
        old = before[m.key]
        a, b = _rank(old), _rank(m.rag_quarter)
        both_met = old is not None and m.rag_quarter is not None and old.met and m.rag_quarter.met
        if a is None or b is None or a == b or both_met:
            out[m.key] = Change.SAME
        else:
            out[m.key] = Change.BETTER if b > a else Change.WORSE
    return out


def dropped(current: Iterable[Measure], previous: Iterable[Measure] | None) -> list[Measure]:
    """Measures of the previous period that this one no longer reports."""
    keys = {m.key for m in current}
    return [m for m in previous or () if m.key not in keys]


def month_end(month: str) -> date:
    """The last day of a ``YYYY-MM`` month."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, calendar.monthrange(year, mon)[1])


def is_past(month: str, as_of: date) -> bool:
    """Whether a review month ended before ``as_of``."""
    return month_end(month) < as_of


@dataclass(frozen=True)
class AgendaItem:
    """One review of one measure."""

    month: str
    body: str | None
    code: str
    title: str
    directorate: str
    past: bool
    key: str
    """The measure's key (its code, unless the report repeats the code)."""


def agenda(measures: Sequence[Measure], as_of: date) -> list[AgendaItem]:
    """Every review date of the measures: coming ones first (soonest first), then past ones (latest first)."""
    items = [
        AgendaItem(d.month, d.body, m.code, m.title, m.directorate, is_past(d.month, as_of), m.key)
        for m in measures
        for d in m.review_dates
    ]
    coming = sorted((i for i in items if not i.past), key=lambda i: (i.month, i.body or "~", i.code))
    past = sorted((i for i in items if i.past), key=lambda i: (i.month, i.body or "~", i.code), reverse=True)
    return coming + past


def next_review(measure: Measure, as_of: date) -> str | None:
    """The soonest review month not yet past, if any."""
    months = sorted(d.month for d in measure.review_dates if not is_past(d.month, as_of))
    return months[0] if months else None


def review_due_within(measure: Measure, as_of: date, weeks: int) -> bool:
    """Whether a review falls within ``weeks`` weeks of ``as_of`` (a month counts from its first day)."""
    horizon = as_of + timedelta(weeks=weeks)
    return any(
        not is_past(d.month, as_of) and date(int(d.month[:4]), int(d.month[5:7]), 1) <= horizon
        for d in measure.review_dates
    )


def numbers(target: Value, actual: Value) -> tuple[float, float] | None:
    """Target and actual when both are numbers (not text, not missing)."""
    if isinstance(target, bool) or isinstance(actual, bool):
        return None
    if isinstance(target, int | float) and isinstance(actual, int | float):
        return target, actual
    return None


def polarity(measure: Measure) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when it cannot be told.

    As the report states it (a polarity column), else inferred from target, actual and
    RAG: a target met (Green or Blue) or missed (Amber, Red) says which side of the
    target is the good one, the quarter's first, then the forecast's.
    """
    if measure.polarity is not None:
        return 1 if measure.polarity is Polarity.HIGHER else -1
    for rag, target, actual in (
        (measure.rag_quarter, measure.quarter_target, measure.quarter_actual),
        (measure.rag_forecast, measure.forecast_target, measure.forecast_actual),
    ):
        pair = numbers(target, actual)
        if rag is None or pair is None or pair[0] == pair[1]:
            continue
        above = 1 if pair[1] > pair[0] else -1
        return above if rag.met else -above
    return 0
