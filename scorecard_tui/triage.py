"""Triage logic with no I/O: what changed since last period, review agenda, reviews due."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from scorecard_tui.model import Measure, Rag


class Change(StrEnum):
    """How a measure moved since the previous period (by its quarterly RAG; Green and Blue are both met)."""

    NEW = "new"
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


def _rank(rag: Rag | None) -> int | None:
    return None if rag is None else rag.rank


def changes(current: Iterable[Measure], previous: Iterable[Measure] | None) -> dict[str, Change]:
    """Each current measure's change against the previous period; empty when there is none."""
    if previous is None:
        return {}
    before = {m.code: m for m in previous}
    out: dict[str, Change] = {}
    for m in current:
        old = before.get(m.code)
        if old is None:
            out[m.code] = Change.NEW
            continue
        a, b = _rank(old.rag_quarter), _rank(m.rag_quarter)
        both_met = (
            old.rag_quarter is not None and m.rag_quarter is not None and old.rag_quarter.met and m.rag_quarter.met
        )
        if a is None or b is None or a == b or both_met:
            out[m.code] = Change.SAME
        else:
            out[m.code] = Change.BETTER if b > a else Change.WORSE
    return out


def dropped(current: Iterable[Measure], previous: Iterable[Measure] | None) -> list[Measure]:
    """Measures of the previous period that this one no longer reports."""
    codes = {m.code for m in current}
    return [m for m in previous or () if m.code not in codes]


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


def agenda(measures: Sequence[Measure], as_of: date) -> list[AgendaItem]:
    """Every review date of the measures: coming ones first (soonest first), then past ones (latest first)."""
    items = [
        AgendaItem(d.month, d.body, m.code, m.title, m.directorate, is_past(d.month, as_of))
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
