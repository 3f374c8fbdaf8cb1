"""The reporting period from a report's own words, and its name with those words taken out.

"Quarter 2 2023/24", "Q1 2024/25", "2022/23 (Quarter 4)", "Year-end 2022/23" (Q4),
"April to June 2024", "to the end of September 2023": each is a financial-year
quarter (April to March), labelled like ``2023/24 Q2``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass

from scorecard_tui.parse.footer import fiscal_quarter, quarter_label

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FY = r"(?:FY\s*)?(?P<y1>(?:19|20)\d\d)\s*[/\-–]\s*(?P<y2>(?:19|20)?\d\d)"
_Q = r"(?:(?:Quarter|Qtr\.?|Q)\s*(?P<q>[1-4])|(?P<qo>First|Second|Third|Fourth|1st|2nd|3rd|4th)\s+Quarter)"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter(m: re.Match[str]) -> int:
    """The quarter a match names: ``Q3``, ``Quarter 3`` or ``Third Quarter``."""
    return int(m["q"]) if m["q"] else _ORDINALS[m["qo"].lower()]


_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(rf"\b{_Q}\s*[,:\-–]?\s*(?:of\s+)?{_FY}\b", re.I)),
    ("quarter", re.compile(rf"\b{_FY}\s*[,:\-–]?\s*\(?\s*{_Q}\s*\)?(?!\w)", re.I)),
    ("year end", re.compile(rf"\b(?:Year[\s\-–]*end|End\s+of\s+year|Outturn)\s*[,:\-–]?\s*(?:for\s+)?{_FY}\b", re.I)),
    ("year end", re.compile(rf"\b{_FY}\s*[,:\-–]?\s*\(?\s*(?:Year[\s\-–]*end|Outturn)\s*\)?(?!\w)", re.I)),
    (
        "months",
        re.compile(
            rf"\b(?:{_DAY}(?P<m1>{_MONTH})(?:\s+(?P<y0>(?:19|20)\d\d))?\s*(?:to|[\-–]|until)\s*"
            rf"{_DAY}(?P<m2>{_MONTH})\s+(?P<y>(?:19|20)\d\d))\b",
            re.I,
        ),
    ),
    (
        "end of",
        re.compile(
            rf"\b(?:(?:up\s+)?to\s+(?:the\s+)?end\s+of|as\s+at(?:\s+(?:the\s+)?end\s+of)?|ending|ended)\s+"
            rf"{_DAY}(?P<m2>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
]
_LONE_QUARTER = re.compile(rf"\b{_Q}\b", re.I)
_LONE_FY = re.compile(rf"\b{_FY}\b", re.I)
_CONNECTORS = re.compile(r"(?:^|\s)(?:for|as at|at|to|in|of|the|ending|ended|up)\s*$", re.I)


@dataclass(frozen=True)
class PeriodFound:
    """A period read from a report's words."""

    label: str
    """``2023/24 Q2``."""
    words: str
    """The words it was read from, as printed."""


def _fy_start(y1: str, y2: str) -> int | None:
    start = int(y1)
    end = int(y2) if len(y2) == 4 else (start // 100) * 100 + int(y2)
    if end < start:
        end += 100
    return start if end == start + 1 else None


def _read(kind: str, m: re.Match[str]) -> str | None:
    if kind in ("quarter", "year end"):
        start = _fy_start(m["y1"], m["y2"])
        if start is None:
            return None
        return quarter_label(start, _quarter(m) if kind == "quarter" else 4)
    month = _MONTHS[m["m2"].lower().rstrip(".")]
    return fiscal_quarter(int(m["y"]), month)


def find_period(texts: Iterable[str]) -> PeriodFound | None:
    """The first period stated in the texts (title lines first, then headers), or None."""
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    for kind, pattern in _PATTERNS:
        for text in texts:
            for m in pattern.finditer(text):
                if label := _read(kind, m):
                    return PeriodFound(label, m.group(0))
    for pool in [[t] for t in texts] + [texts]:  # a quarter and a year in one text, else anywhere
        quarter = next((q for t in pool if (q := _LONE_QUARTER.search(t))), None)
        fy = next((y for t in pool if (y := _LONE_FY.search(t))), None)
        if quarter and fy and (start := _fy_start(fy["y1"], fy["y2"])) is not None:
            return PeriodFound(quarter_label(start, _quarter(quarter)), f"{fy.group(0)} … {quarter.group(0)}")
    return None


def strip_period_words(title: str) -> str:
    """A title with its period words taken out.

    ``Corporate Performance Report - Quarter 2 2023/24`` -> ``Corporate Performance Report``;
    ``Council Plan 2023/24 Performance: Q2`` -> ``Council Plan Performance``.
    """
    text = " ".join(title.split())
    for _, pattern in _PATTERNS:
        text = pattern.sub(" ", text)
    text = _LONE_QUARTER.sub(" ", text)
    text = _LONE_FY.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" -–—:,;|/(").strip()
        text = _CONNECTORS.sub("", text).strip()
    text = re.sub(r"\s+([-–—:,;|])\s+(?=[-–—:,;|])", " ", text)
    return re.sub(r"\s+[-–—:,;|]\s*(?=[-–—:,;|]|$)", "", text).strip()
