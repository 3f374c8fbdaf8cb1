"""Page footers (metadata, never content) and the reporting period."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from scorecard_tui.errors import ScorecardError

_SOURCE = re.compile(r"^Data\s*Source\s*:\s*(?P<rest>.*?)\s*(?:Page\s*(?P<page>\d+)\s*of\s*(?P<of>\d+))?\s*$", re.I)
_PAGE = re.compile(r"^Page\s*(?P<page>\d+)\s*of\s*(?P<of>\d+)$", re.I)
_FETCHED = re.compile(
    r"^Time\s*Fetched\s*:\s*(?:[A-Za-z]+day\s*)?(?P<day>\d{1,2})\s*(?P<month>[A-Za-z]+)\s*"
    r"(?P<year>\d{4})\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?)?\s*(?P<team>.*)$",
    re.I,
)
_NAME = re.compile(r"^Report\s*Name\s*:\s*(?P<name>.+)$", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PERIOD_OF = re.compile(
    r"period\s+of\s+\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*[–-]\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})",
    re.I,
)


@dataclass
class FooterInfo:
    """What the footers of a report say about it."""

    source: str | None = None
    organisation: str | None = None
    team: str | None = None
    name: str | None = None
    fetched_at: datetime | None = None
    total_pages: int | None = None
    pages_seen: set[int] = field(default_factory=set)

    def read(self, segments: list[str]) -> int | None:
        """Take in one footer line (as its separately placed segments).

        Returns:
            The page number the line states, if any.
        """
        line = " ".join(segments)
        if m := _SOURCE.match(line):
            self._read_source(segments, m)
            if m["page"]:
                return self._page(m)
            return None
        if m := _PAGE.match(line):
            return self._page(m)
        if m := _FETCHED.match(line):
            stamp = f"{m['day']} {m['month']} {m['year']} {m['time'] or '00:00:00'}"
            for fmt in ("%d %B %Y %H:%M:%S", "%d %b %Y %H:%M:%S", "%d %B %Y %H:%M"):
                try:
                    self.fetched_at = datetime.strptime(stamp, fmt)
                    break
                except ValueError:
                    continue
            if team := " ".join(m["team"].split()):
                self.team = team
            return None
        if m := _NAME.match(line):
            self.name = " ".join(m["name"].split())
        return None

    def _page(self, m: re.Match[str]) -> int:
        self.total_pages = int(m["of"])
        self.pages_seen.add(int(m["page"]))
        return int(m["page"])

    def _read_source(self, segments: list[str], m: re.Match[str]) -> None:
        if len(segments) > 1:
            head = _SOURCE.match(segments[0])
            self.source = " ".join(head["rest"].split()) if head else self.source
            middle = [s for s in segments[1:] if not _PAGE.match(s.strip())]
            self.organisation = " ".join(middle) or self.organisation
            return
        words = m["rest"].split()
        if words:
            self.source = words[0]
            rest = " ".join(words[1:])
            self.organisation = " ".join(_CAMEL.sub(" ", rest).split()) or self.organisation


def is_footer(line: str) -> bool:
    """Whether a line is a footer line rather than report content."""
    line = line.strip()
    return bool(_SOURCE.match(line) or _FETCHED.match(line) or _NAME.match(line) or _PAGE.match(line))


def period_label(fetched: date, text: str = "") -> str:
    """The financial-year quarter a report covers, e.g. ``2018/19 Q1``.

    Taken from a stated period ("the period of 1 April 2018 – 30 June 2018") when the
    text has one, else the last quarter to end before the report was fetched.
    """
    if m := _PERIOD_OF.search(text):
        try:
            end = datetime.strptime(f"{m['day']} {m['month']} {m['year']}", "%d %B %Y").date()
            return fiscal_quarter(end.year, end.month)
        except ValueError:
            pass
    year, month = fetched.year, fetched.month - (fetched.month - 1) % 3 - 1
    if month < 1:
        year, month = year - 1, month + 12
    return fiscal_quarter(year, month)


def quarter_label(start: int, quarter: int) -> str:
    """The label of a quarter of the financial year starting in April of ``start``: ``2023/24 Q2``."""
    return f"{start}/{(start + 1) % 100:02d} Q{quarter}"


def fiscal_quarter(year: int, month: int) -> str:
    """The label of the financial-year quarter (April to March) a month falls in."""
    start = year if month >= 4 else year - 1
    return quarter_label(start, ((month - 4) % 12) // 3 + 1)


def check_period(label: str) -> str:
    """Validate a user-given period label such as ``2018/19 Q1``."""
    label = " ".join(label.split())
    match = re.fullmatch(r"(\d{4})/(\d{2}) Q[1-4]", label)
    if not match:
        raise ScorecardError(f"period {label!r} is not like '2018/19 Q1'")
    start, end = int(match[1]), match[2]
    like = quarter_label(start, 1)
    if not label.startswith(like[:7]):
        raise ScorecardError(f"period {label!r}: {start} is followed by {like[5:7]}, not {end} (like '{like}')")
    return label
