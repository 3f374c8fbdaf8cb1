"""Dated commitments in a measure's commentary and actions: "back on target by December 2023".

A promise is a sentence that commits to something (``will``, ``expect``, ``should``, ``aim``...)
by a date: a month and year, a month alone, the end of a quarter (``the end of Q3``,
``quarter 4``), the year end, a season (``in the autumn``) or ``next quarter``. Dates without
a year are read against the period the words were written in, on the UK financial year
(Q1 = April to June): ``by March`` written in 2018/19 Q2 is March 2019. A sentence that
names a reviewing body with a month and year, looking ahead, is a review
(:func:`scorecard_tui.triage.bodies.reads_as_review`), not a promise; one that names a body otherwise
("will report to Cabinet by March") is a promise to that body (:attr:`Promise.body`).
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scorecard_tui.triage.bodies import narrative_body, reads_as_review

PROMISE_MADE = "promise-made"
"""The kind of the rows of ``signals`` that keep a period's dated promises (field, quote, month due):
read by later periods to find promises not kept, never listed as signals."""

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name != "May"}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_COMMITS = re.compile(
    r"\b(will|shall|expect\w*|anticipat\w*|should|aim\w*|plan(?:s|ned)? to|intend\w*|due to|"
    r"on (?:track|course) to|commit\w*|target(?:ed|ing)? to|forecast to|projected to|hope\w* to)\b",
    re.IGNORECASE,
)
_BY = r"\b(?P<prep>by|before|in|during)\s+(?:the\s+)?(?P<end>end\s+of\s+(?:the\s+)?)?"
_DATE = re.compile(
    _BY
    + r"(?:(?P<month>"
    + _MONTH
    + r")\.?(?:\s+(?P<year>(?:19|20)\d\d))?\b"
    + r"|(?:q|quarter\s*)(?P<quarter>[1-4])\b"
    + r"|(?P<season>spring|summer|autumn|fall|winter)\b"
    + r"|(?P<yearend>(?:financial\s+)?year(?:[\s-]end)?\b)"
    + r")"
    + r"|\b(?P<next>next\s+quarter)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")
_CLAUSE = re.compile(r"(?<=[:;])\s|(?<=\s)[-\u2013\u2014](?=\s)")
"""Where a sentence's clauses part: after a colon or semicolon, at a dash between spaces (one
character each side at most, so a long run of spaces costs no more than a short one)."""
_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.IGNORECASE)
"""A past-tense verb between a commitment and its date: the date is when something happened."""
_PAST_COMMIT = re.compile(r"\b(?:was|were|had)(?:\s+\w+ly)?\s*\Z", re.IGNORECASE)
"""Before a commitment word: a commitment that was (``was expected to``, ``had originally planned to``)."""
_PRONOUN = re.compile(r"\b(?:we|i|they|he|she|it|you)\s*\Z", re.IGNORECASE)
"""Before a commitment word ending in -ed: its past tense (``we expected to``, ``they planned to``)."""
_HAVE = re.compile(r"\s+have\b", re.IGNORECASE)
_LOOK_BACK = 40
"""Characters before a commitment word searched for what makes it past (``had originally planned to``)."""
"""After a commitment word: what should have been (``should have been on target by June``)."""
_MAX_QUOTE = 200


@dataclass(frozen=True)
class Promise:
    """A dated commitment, as written."""

    quote: str
    """The sentence that makes it."""
    due: str
    """``YYYY-MM``: the month it falls due."""

    @property
    def body(self) -> str | None:
        """The body the sentence names ("will report to Cabinet by March"), if any: read from the quote,
        so that a promise kept in the store needs no more than its words."""
        return narrative_body(self.quote)


@functools.lru_cache(maxsize=4096)
def period_months(period: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``2018/19 Q2`` -> ((2018, 7), (2018, 9)): the first and last month of a financial-year quarter."""
    m = re.fullmatch(r"\s*(\d{4})/\d{2} Q([1-4])\s*", period)
    if not m:
        return None
    start, quarter = int(m.group(1)), int(m.group(2))
    first = (start + (1 if quarter == 4 else 0), (quarter * 3 + 1 - 1) % 12 + 1)
    return first, (first[0], first[1] + 2)


def _on_or_after(month: int, first: tuple[int, int]) -> tuple[int, int]:
    """The first ``month`` on or after the month ``first``."""
    return (first[0], month) if month >= first[1] else (first[0] + 1, month)


def _due(m: re.Match[str], period: str) -> tuple[int, int] | None:
    if m["prep"] and m["prep"].lower() in ("in", "during") and not m["end"] and not (m["year"] or m["season"]):
        return None  # "in quarter 3", "in October": when something happened, not a date promised
    months = period_months(period)
    if months is None:
        if m["month"] and m["year"]:
            return int(m["year"]), _MONTHS[m["month"].lower()]
        return None
    first, last = months
    fy_start = first[0] - (1 if first[1] < 4 else 0)
    if m["month"]:
        month = _MONTHS[m["month"].lower()]
        return (int(m["year"]), month) if m["year"] else _on_or_after(month, first)
    if m["quarter"]:
        q = int(m["quarter"])
        end = (fy_start + (1 if q == 4 else 0), (q * 3 + 3 - 1) % 12 + 1)
        return end if end >= last else (end[0] + 1, end[1])
    if m["season"]:
        return _on_or_after(_SEASON_END[m["season"].lower()], first)
    if m["yearend"]:
        return fy_start + 1, 3
    if m["next"]:
        year, month = last
        return (year, month + 3) if month + 3 <= 12 else (year + 1, month + 3 - 12)
    return None


def _committed_dates(clause: str) -> Iterator[re.Match[str]]:
    """The dates a clause commits to: each with a commitment word before it and no past-tense verb
    between, or leading the clause (``By March, the backlog will be cleared``) with one after it; a
    commitment that was (``was expected to``) or that should have been (``should have been ... by
    June``) is none. Positions are looked up by bisection, so a long clause costs little more."""
    commits = []
    for c in _COMMITS.finditer(clause):
        before = max(0, c.start() - _LOOK_BACK)
        if _PAST_COMMIT.search(clause, before, c.start()) or _HAVE.match(clause, c.end()):
            continue
        if c.group().split()[0].lower().endswith("ed") and _PRONOUN.search(clause, before, c.start()):
            continue
        commits.append((c.start(), c.end()))
    if not commits:
        return
    starts, ends = [s for s, _ in commits], [e for _, e in commits]
    pasts = [p.start() for p in _PAST.finditer(clause)]
    lead = len(clause) - len(clause.lstrip())

    def plain(start: int, end: int) -> bool:
        """No past-tense verb from ``start`` to ``end``."""
        n = bisect.bisect_left(pasts, start)
        return n == len(pasts) or pasts[n] >= end

    for m in _DATE.finditer(clause):
        last = bisect.bisect_right(ends, m.start()) - 1
        if last >= 0 and plain(ends[last], m.start()):
            yield m
            continue
        led = m.start() <= lead and (m["next"] or (m["prep"] or "").lower() in ("by", "before"))
        after = bisect.bisect_left(starts, m.end())
        if led and after < len(starts) and plain(m.end(), starts[after]):
            yield m


@functools.lru_cache(maxsize=65536)
def promises(text: str, period: str) -> tuple[Promise, ...]:
    """The dated commitments in a text written in ``period`` (a ``2018/19 Q2`` label), in order.

    A commitment is a future-tense or committing word (``will``, ``expect``, ``should``, ``aim
    to``...) tied to its date in the same clause (:func:`_committed_dates`), with a date no earlier than
    the period it was written in: "the contract started in March 2019", "since April", "staff were
    recruited in the autumn and should be trained" and "was expected by December 2022" are not.
    Remembered: a text carried over from quarter to quarter is read once a period.
    """
    if not text or not _DATE.search(text):
        return ()
    months = period_months(period)
    found: list[Promise] = []
    for sentence in _SENTENCE.split(text):
        if not _DATE.search(sentence) or not _COMMITS.search(sentence) or reads_as_review(sentence):
            continue
        due = next(
            (
                due
                for clause in _CLAUSE.split(sentence)
                for m in _committed_dates(clause)
                if (due := _due(m, period)) is not None and (months is None or due >= months[0])
            ),
            None,
        )
        if due is None:
            continue
        quote = " ".join(sentence.split())
        if len(quote) > _MAX_QUOTE:
            quote = quote[: _MAX_QUOTE - 1].rstrip() + "…"
        found.append(Promise(quote, f"{due[0]:04d}-{due[1]:02d}"))
    return tuple(found)
