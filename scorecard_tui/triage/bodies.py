"""Reviewing bodies named in a sentence ("Executive Scrutiny", "... Overview and Scrutiny Committee"),
and the mark on reviews read from the narrative: plain text logic that the review-note reader, the
promise reader and the lens share (kept outside ``parse`` so that reading the lens imports no parser).
"""

from __future__ import annotations

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
_LEAD = re.compile(r"(?:[A-Z][a-z]+\s+){1,8}\Z")
_LEAD_CHARS = 160


def named_bodies(sentence: str) -> list[tuple[int, str]]:
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
    found = named_bodies(sentence)
    return found[0][1] if found else None


FROM_NARRATIVE = " (from the {field})"
"""Appended to the body of a review read from the commentary or actions (not the review note)."""


def is_narrative(review: ReviewDate) -> bool:
    """Whether a review was read from the commentary or actions rather than the review note."""
    return (review.body or "").endswith(("(from the commentary)", "(from the actions)"))
