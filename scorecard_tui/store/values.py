"""Stored values read back as leniently as they can be: any member of the group may have written
the file with another tool, and one malformed row must not stop everyone's commands. Each costs
nothing on a well-formed value beyond what reading it costs anyway."""

from __future__ import annotations

import json
from datetime import datetime

from scorecard_tui.compat import datetime_from_iso


def stored_time(text: object) -> datetime | None:
    """An ISO 8601 time as stored, or None (shown as unknown) for anything else."""
    if not text or not isinstance(text, str):
        return None
    try:
        return datetime_from_iso(text)
    except ValueError:
        return None


def stored_codes(text: object) -> tuple[str, ...]:
    """A measure's other codes, stored as a JSON list of strings; none for anything else."""
    if text == "[]" or not isinstance(text, str):
        return ()
    try:
        codes = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(c) for c in codes) if isinstance(codes, list) else ()


def stored_month(month: object) -> bool:
    """Whether a review date's month is ``YYYY-MM`` with a month from 01 to 12."""
    return (
        isinstance(month, str)
        and len(month) == 7
        and month[4] == "-"
        and month[:4].isdigit()
        and month[5:].isdigit()
        and 1 <= int(month[5:]) <= 12
    )
