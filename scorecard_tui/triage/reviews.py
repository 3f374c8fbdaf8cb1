"""Review dates: the agenda of reviews, the next one, those due soon and those past."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from scorecard_tui.model import Measure


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
