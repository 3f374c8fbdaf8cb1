"""Pick review dates and reviewing bodies out of a measure's review note."""

from __future__ import annotations

import calendar
import re
from datetime import date

from scorecard_tui.model import ReviewDate

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_YEAR = re.compile(
    r"\b(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_FY_END = re.compile(r"\bend\s+of\s+(?P<start>(?:19|20)\d\d)\s*/\s*(?P<end>\d\d)\b", re.IGNORECASE)
_BODIES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Children\s+and\s+Young\s+People'?s?\s+Overview\s+and\s+Scrutiny(\s+Board)?", re.I),
        "Children and Young People's Overview and Scrutiny Board",
    ),
    (re.compile(r"Executive\s+Scrutiny(\s+Board)?(?!\s+Performance\s+Programme)", re.I), "Executive Scrutiny"),
    (re.compile(r"Performance\s+Surger(y|ies)", re.I), "Performance Surgery"),
    (re.compile(r"Corporate\s+Parenting", re.I), "Corporate Parenting"),
    (re.compile(r"\bCabinet\b"), "Cabinet"),
    (re.compile(r"\bCLT\b"), "CLT"),
    (re.compile(r"\bOfsted\b"), "Ofsted"),
]
_GENERIC: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(r"\bOverview\s+and\s+Scrutiny\s+(?:Committee|Board|Commission|Panel)\b"), False),
    (re.compile(r"\bBoard\b"), True),
    (re.compile(r"\bCommittee\b"), True),
]
"""Bodies named by their last word ("... Board"): the name runs back over the capitalised words before
it (at least one where the flag says so), found from the last word back so that a long run of
capitalised words costs no more than a short one."""
_LEAD = re.compile(r"(?:[A-Z][a-z]+\s+){1,8}\Z")
_LEAD_CHARS = 160
_REVIEWISH = re.compile(
    r"review|consider|scrutin|surgery|report(ed)? to|present|evaluat|update|monitor|meeting",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[-•A-Z])|\n")


def review_dates(review: str, fetched: date) -> tuple[ReviewDate, ...]:
    """Every dated review in the note, in order, with who reviews it and whether it is past.

    Months are month precision; a month is past when it ended before ``fetched``. "The
    end of 2018/19" is March 2019. Sentences with a date but neither a reviewing body
    nor a word about reviewing (a reply to a letter, say) are not reviews.
    """
    found: list[ReviewDate] = []
    for sentence in _SENTENCE.split(review):
        dates = [(m.start(), int(m["year"]), _MONTHS[m["month"].lower()]) for m in _MONTH_YEAR.finditer(sentence)]
        dates += [(m.start(), 2000 + int(m["end"]), 3) for m in _FY_END.finditer(sentence)]
        if not dates:
            continue
        bodies = _bodies(sentence)
        if not bodies and not _REVIEWISH.search(sentence):
            continue
        for pos, year, month in sorted(dates):
            before = [b for b in bodies if b[0] < pos]
            after = [b for b in bodies if b[0] > pos]
            body = before[-1][1] if before else (after[0][1] if after else None)
            last_day = date(year, month, calendar.monthrange(year, month)[1])
            found.append(ReviewDate(f"{year:04d}-{month:02d}", body, last_day < fetched))
    return tuple(found)


def _bodies(sentence: str) -> list[tuple[int, str]]:
    """Reviewing bodies named in a sentence, by position, the most specific name winning."""
    taken: list[tuple[int, int]] = []
    bodies: list[tuple[int, str]] = []
    found: list[tuple[int, int, str]] = [
        (m.start(), m.end(), name) for pattern, name in _BODIES for m in pattern.finditer(sentence)
    ]
    for pattern, needs_lead in _GENERIC:
        for m in pattern.finditer(sentence):
            head = sentence[max(0, m.start() - _LEAD_CHARS) : m.start()]
            lead = _LEAD.search(head)
            if lead is None and needs_lead:
                continue
            start = m.start() - (len(head) - lead.start()) if lead else m.start()
            found.append((start, m.end(), " ".join(sentence[start : m.end()].split())))
    for start, end, name in found:
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        bodies.append((start, name))
    return sorted(bodies)


def narrative_body(sentence: str) -> str | None:
    """The first reviewing body a sentence names (the most specific name), if any."""
    bodies = _bodies(sentence)
    return bodies[0][1] if bodies else None


FROM_NARRATIVE = " (from the {field})"
"""Appended to the body of a review read from the commentary or actions (not the review note)."""
_ONWARD = re.compile(
    r"\b(will|shall|is\s+due|are\s+due|to\s+be|planned|scheduled|going\s+to|expected)\b", re.IGNORECASE
)


def narrative_reviews(commentary: str, actions: str, fetched: date) -> tuple[ReviewDate, ...]:
    """Dated reviews and reports to a body promised in the commentary or actions ("A report will go
    to the Overview and Scrutiny Committee in February 2024"), each body marked
    ``(from the commentary)`` or ``(from the actions)``.

    Only sentences that name a body, give a month and year, and look ahead (``will``, ``is due``,
    ``to be``...) count: the narrative tells of past meetings too.
    """
    found: list[ReviewDate] = []
    for field, text in (("commentary", commentary), ("actions", actions)):
        if not text or not _ONWARD.search(text):
            continue
        for sentence in _SENTENCE.split(text):
            if not _ONWARD.search(sentence) or not _MONTH_YEAR.search(sentence) or not _bodies(sentence):
                continue
            for d in review_dates(sentence, fetched):
                if d.body is not None:
                    found.append(ReviewDate(d.month, d.body + FROM_NARRATIVE.format(field=field), d.past))
    return tuple(found)


def is_narrative(review: ReviewDate) -> bool:
    """Whether a review was read from the commentary or actions rather than the review note."""
    return (review.body or "").endswith(("(from the commentary)", "(from the actions)"))
