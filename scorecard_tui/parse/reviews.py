"""Pick review dates and reviewing bodies out of a measure's review note."""

from __future__ import annotations

import calendar
import re
from datetime import date

from scorecard_tui.model import ReviewDate
from scorecard_tui.triage.bodies import FROM_NARRATIVE, LOOKS_AHEAD, MONTH_YEAR, MONTHS, named_bodies, reads_as_review

_MONTHS = MONTHS
_MONTH_YEAR = MONTH_YEAR
_FY_END = re.compile(r"\bend\s+of\s+(?P<start>(?:19|20)\d\d)\s*/\s*(?P<end>\d\d)\b", re.IGNORECASE)
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
        if "19" not in sentence and "20" not in sentence:
            continue  # no year (19xx, 20xx): no date either pattern finds, by a cheap look first
        dates = [(m.start(), int(m["year"]), _MONTHS[m["month"].lower()]) for m in _MONTH_YEAR.finditer(sentence)]
        dates += [(m.start(), 2000 + int(m["end"]), 3) for m in _FY_END.finditer(sentence)]
        if not dates:
            continue
        bodies = named_bodies(sentence)
        if not bodies and not _REVIEWISH.search(sentence):
            continue
        for pos, year, month in sorted(dates):
            before = [b for b in bodies if b[0] < pos]
            after = [b for b in bodies if b[0] > pos]
            body = before[-1][1] if before else (after[0][1] if after else None)
            last_day = date(year, month, calendar.monthrange(year, month)[1])
            found.append(ReviewDate(f"{year:04d}-{month:02d}", body, last_day < fetched))
    return tuple(found)


def narrative_reviews(commentary: str, actions: str, fetched: date) -> tuple[ReviewDate, ...]:
    """Dated reviews and reports to a body promised in the commentary or actions ("A report will go
    to the Overview and Scrutiny Committee in February 2024"), each body marked
    ``(from the commentary)`` or ``(from the actions)``.

    Only sentences that name a body, give a month and year, and look ahead (``will``, ``is due``,
    ``to be``...) count: the narrative tells of past meetings too.
    """
    found: list[ReviewDate] = []
    for field, text in (("commentary", commentary), ("actions", actions)):
        if not text or ("19" not in text and "20" not in text) or not LOOKS_AHEAD.search(text):
            continue  # no year (19xx, 20xx), so no sentence gives a month and year; or nothing looks ahead
        for sentence in _SENTENCE.split(text):
            if not reads_as_review(sentence):
                continue
            for d in review_dates(sentence, fetched):
                if d.body is not None:
                    found.append(ReviewDate(d.month, d.body + FROM_NARRATIVE.format(field=field), d.past))
    return tuple(found)
