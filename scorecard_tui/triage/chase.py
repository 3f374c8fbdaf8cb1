"""The chase list: what the service said it would do, by whom, and whether it is overdue.

Pure logic over a report series (no SQL, no Textual). Three things are chased, grouped by
the body they were promised to:

- **promises** in the commentary and actions (:mod:`scorecard_tui.triage.promises`) not yet
  kept: overdue once their month has passed with the measure not on target, else coming;
  under the body the promise names ("will report to Cabinet by March"), else with those naming none;
- **reviews read from the narrative** ("will go to the Overview and Scrutiny Committee in
  February 2024"): overdue once their month has passed, until a later period reports the
  review held (a past review by the same body in that month or later) or the measure leaves
  the report;
- **reviews in the review note** that were due and the note not updated (the lens's
  missed review).

Each is carried from quarter to quarter while the measure stays in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scorecard_tui.triage.bodies import FROM_NARRATIVE, is_narrative
from scorecard_tui.triage.reviews import is_past
from scorecard_tui.triage.signals import Held, Made, is_due, missed_review, promise_states

NO_BODY = ""
"""The group of promises that name no body."""


@dataclass(frozen=True)
class ChaseItem:
    """One thing to chase."""

    body: str
    """Who it was promised to (:data:`NO_BODY` for a promise naming none)."""
    kind: str
    """``promise``, ``review`` (read from the narrative) or ``review note``."""
    key: str
    code: str
    title: str
    due: str
    """``YYYY-MM``."""
    made: str
    """The period it was written in."""
    overdue: bool
    what: str
    """The words that promised it."""


def base_body(body: str | None) -> str:
    """A body's name without ``(from the commentary)``."""
    name = body or ""
    for field in ("commentary", "actions"):
        name = name.removesuffix(FROM_NARRATIVE.format(field=field))
    return name


def _held_since(series: Sequence[Held], j: int, i: int, key: str, body: str, month: str) -> bool:
    """Whether period ``j`` or a later one (up to ``i``) reports a review by ``body`` in ``month`` or later
    as held in its review note, or a later one moves it to a later month."""
    for k in range(j, i + 1):
        later = series[k].measures.get(key)
        for d in later.review_dates if later is not None else ():
            if base_body(d.body) != body or d.month < month:
                continue
            if (d.past and not is_narrative(d)) or (k > j and d.month > month):
                return True
    return False


def chase_items(series: Sequence[Held], i: int, as_of: date, made: Made | None = None) -> list[ChaseItem]:
    """Everything to chase for period ``i`` of a series as of a date, grouped by body (named bodies
    A to Z, then promises naming none), overdue first, then by month."""
    out: list[ChaseItem] = []
    for key, m in series[i].measures.items():
        for p in promise_states(series, i, key, made):
            overdue = p.state == "not kept" and p.when == series[i].period
            if overdue or p.state == "open":
                body = p.body or NO_BODY
                out.append(ChaseItem(body, "promise", key, m.code, m.title, p.due, p.made, overdue, p.quote))
        seen: set[tuple[str, str]] = set()
        for j in range(i, -1, -1):
            older = series[j].measures.get(key)
            for d in older.review_dates if older is not None else ():
                body = base_body(d.body)
                if not is_narrative(d) or (body, d.month) in seen:
                    continue
                seen.add((body, d.month))
                overdue = is_past(d.month, as_of)
                if overdue and _held_since(series, j, i, key, body, d.month):
                    continue
                field = "actions" if (d.body or "").endswith("(from the actions)") else "commentary"
                what = f"a review or report promised in the {field}"
                out.append(ChaseItem(body, "review", key, m.code, m.title, d.month, series[j].period, overdue, what))
        if (missed := missed_review(series, i, key)) is not None and is_due(missed, as_of):
            bodies = [d.body for d in m.review_dates if d.month == missed.due and not is_narrative(d) and d.body]
            out.append(
                ChaseItem(
                    bodies[0] if bodies else "body not stated",
                    "review note",
                    key,
                    m.code,
                    m.title,
                    missed.due,
                    missed.since,
                    True,
                    m.review,
                )
            )
    return sorted(out, key=lambda c: (c.body == NO_BODY, c.body, not c.overdue, c.due, c.code))
