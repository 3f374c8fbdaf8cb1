"""A briefing's protective marking (``OFFICIAL``) and caveat (``ILLUSTRATIVE DATA``): the report's
own, read from the lines it prints above its first heading, or one given on the command line."""

from __future__ import annotations

import re

from scorecard_tui.errors import ScorecardError
from scorecard_tui.text.safe import clean_line

_MARKING = re.compile(
    r"^\W*(?:NOT\s+PROTECTIVELY\s+MARKED|OFFICIAL|OFFICIAL\W+SENSITIVE|SECRET|TOP\s+SECRET|UNCLASSIFIED|PROTECT"
    r"|RESTRICTED|CONFIDENTIAL)(?:\W+(?:SENSITIVE|COMMERCIAL|PERSONAL|LOCSEN|POLICY))*\W*$",
    re.I,
)
"""A protective marking line of a report's subtitle: ``OFFICIAL``, ``OFFICIAL-SENSITIVE``, ``NOT
PROTECTIVELY MARKED``."""
_CAVEAT = re.compile(r"^\W*(?:ILLUSTRATIVE|NOT PUBLISHED|DRAFT|FOR INTERNAL USE)\b[^:]*")
MARKING_CHARS = 60


def report_marking(subtitle: str | None) -> str | None:
    """The protective marking a report prints above its first heading (a line of its subtitle), if any."""
    lines = [clean_line(line) for line in (subtitle or "").splitlines()]
    return next((line for line in lines if _MARKING.match(line)), None)


def report_caveat(subtitle: str | None) -> str | None:
    """A caveat the report prints (``ILLUSTRATIVE DATA - NOT PUBLISHED``), up to any colon, if any."""
    for line in (subtitle or "").splitlines():
        if found := _CAVEAT.match(clean_line(line)):
            return found[0].strip()
    return None


def marking_text(text: str) -> str:
    """A marking given on the command line, checked: one line, at most :data:`MARKING_CHARS` characters.

    Raises:
        ScorecardError: when it is longer.
    """
    line = clean_line(text)
    if len(line) > MARKING_CHARS:
        raise ScorecardError(
            f"--marking is {len(line)} characters; a protective marking is a short line such as OFFICIAL "
            f"(at most {MARKING_CHARS})"
        )
    return line
