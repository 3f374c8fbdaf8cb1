"""A report's own tolerance: how far off target (a share of the target) it allows before a measure is off.

A report states one in its legend or key ("Amber: within 5% of target", "Tolerance 10%",
"10% tolerance") or per measure in a Tolerance column ("10%", "±5", "5"). Only a share of the
target is read: a tolerance in the measure's own units ("2 days") is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from scorecard_tui.model import Measure

_PCT = r"(\d{1,2}(?:\.\d+)?) ?%"
_SIGN = r"(?:±|\+/-|\+-)"
_LEGEND = (
    re.compile(rf"\btolerance(?: (?:of|is|level|threshold|band))?(?: ?[:=(])? ?{_SIGN}? ?{_PCT}", re.I),
    re.compile(rf"{_PCT} tolerance\b", re.I),
    re.compile(rf"\bamber(?: ?[:=\-–]| is| means)? (?:performance )?(?:within|up to) {_PCT}", re.I),
)
"""Read over a line with its whitespace collapsed to single spaces: no two quantifiers meet, so a line
of any length is read in linear time."""
_CELL = re.compile(rf"{_SIGN}? ?(\d{{1,3}}(?:\.\d+)?) ?%?")
_MAX_LINE = 400
"""Characters of a title line read for a tolerance (a legend is a line, not a page)."""


def _share(percent: str) -> float | None:
    value = float(percent)
    return value / 100 if 0 <= value <= 100 else None


def legend_tolerance(lines: Iterable[str]) -> tuple[float, str] | None:
    """The tolerance a report's legend or title lines state, with the line that states it; None when none does.

    ``"Amber: within 5% of target"`` -> ``(0.05, "Amber: within 5% of target")``.
    """
    for line in lines:
        text = " ".join(line[:_MAX_LINE].split())
        for pattern in _LEGEND:
            if (m := pattern.search(text)) and (share := _share(m.group(1))) is not None:
                return share, text[:80]
    return None


def cell_tolerance(text: str, number: float | None = None, unit: str | None = None) -> float | None:
    """A Tolerance cell as a share of the target: ``10%``, ``±5``, ``5`` (a bare number is a percentage),
    a spreadsheet's ``0.1`` formatted as a percentage (given as ``number=10.0, unit="%"``); None for
    anything else (blank, ``2 days``, text)."""
    if number is not None:
        return number / 100 if unit in (None, "%") and 0 <= number <= 100 else None
    m = _CELL.fullmatch(" ".join(text[:40].split()))
    return _share(m.group(1)) if m else None


def with_tolerance(
    measures: tuple[Measure, ...], legend: tuple[float, str] | None
) -> tuple[tuple[Measure, ...], tuple[str, ...]]:
    """The measures with the legend's tolerance where their own row states none, and the note saying so."""
    if legend is None:
        return measures, ()
    share, line = legend
    note = f"tolerance {share * 100:g}% read from the report's words {line!r}: used where a row states none"
    return tuple(m if m.tolerance is not None else replace(m, tolerance=share) for m in measures), (note,)
