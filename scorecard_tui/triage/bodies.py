"""Reviewing bodies named in a sentence ("Executive Scrutiny", "... Overview and Scrutiny Committee"),
and the mark on reviews read from the narrative: plain text logic that the review-note reader, the
promise reader and the lens share (kept outside ``parse`` so that reading the lens imports no parser).
"""

from __future__ import annotations

import calendar
import functools
import re

from scorecard_tui.model import ReviewDate

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
_BODY_WORDS = (
    ("children", True),
    ("executive", True),
    ("performance", True),
    ("corporate", True),
    ("Cabinet", False),
    ("CLT", False),
    ("Ofsted", False),
)
"""A word each of :data:`_BODIES` cannot match without, and whether its pattern ignores case."""
_GENERIC_WORDS = ("Overview", "Board", "Committee")
"""The word each of :data:`_GENERIC` cannot match without (in its case)."""
_LEAD = re.compile(r"(?:[A-Z][a-z]+\s+){1,8}\Z")
_LEAD_CHARS = 160


def named_bodies(sentence: str) -> list[tuple[int, str]]:
    """Reviewing bodies named in a sentence, by position, the most specific name winning."""
    taken: list[tuple[int, int]] = []
    bodies: list[tuple[int, str]] = []
    lower = sentence.lower() if sentence.isascii() else None  # on ASCII, as a pattern ignoring case sees it
    found: list[tuple[int, int, str]] = []
    for (pattern, name), (word, folded) in zip(_BODIES, _BODY_WORDS, strict=True):
        if lower is not None and word not in (lower if folded else sentence):
            continue  # a pattern is only searched for where its word is
        found += [(m.start(), m.end(), name) for m in pattern.finditer(sentence)]
    for (pattern, needs_lead), word in zip(_GENERIC, _GENERIC_WORDS, strict=True):
        if word not in sentence:
            continue
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


@functools.lru_cache(maxsize=16384)
def narrative_body(sentence: str) -> str | None:
    """The first reviewing body a sentence names (the most specific name), if any."""
    found = named_bodies(sentence)
    return found[0][1] if found else None


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS = _MONTHS
"""Month names and abbreviations, lower case -> 1 to 12."""
MONTH_YEAR = re.compile(
    # the look ahead at a month's first letter only lets the search pass over other places quickly
    f"(?=[{''.join(sorted({name[0] for name in _MONTHS}))}])"
    r"\b(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
"""A month and year: ``February 2024``, ``Feb. 2024``."""
LOOKS_AHEAD = re.compile(
    r"\b(will|shall|is\s+due|are\s+due|to\s+be|planned|scheduled|going\s+to|expected)\b", re.IGNORECASE
)
"""Words that put a sentence's date in the future: the narrative tells of past meetings too."""


def reads_as_review(sentence: str) -> bool:
    """Whether a sentence of the commentary or actions is a review promised to a body: it looks ahead,
    gives a month and year and names a body ("A report will go to Cabinet in March 2024")."""
    return bool(LOOKS_AHEAD.search(sentence) and MONTH_YEAR.search(sentence) and named_bodies(sentence))


FROM_NARRATIVE = " (from the {field})"
"""Appended to the body of a review read from the commentary or actions (not the review note)."""


def is_narrative(review: ReviewDate) -> bool:
    """Whether a review was read from the commentary or actions rather than the review note."""
    return (review.body or "").endswith(("(from the commentary)", "(from the actions)"))
