"""Helpers for tests that compare parsed measures with the structured source."""

from __future__ import annotations

from scorecard_tui.export import MEASURE_FIELDS, measure_to_dict
from scorecard_tui.model import Report

NARRATIVE = ("commentary", "actions", "review")
OPTIONAL = {"polarity": None}
"""Fields a structured source may leave out (the DORIS sources state no polarity), and what that means."""
FIELDS = tuple(f for f in MEASURE_FIELDS if f != "pages" and f not in OPTIONAL)
"""Every field a parser must get right (pages depend on the layout, so they are checked apart)."""


def words(text: str) -> str:
    return " ".join(text.split())


def field_mismatches(report: Report, source: dict, *, exact_narrative: bool = True) -> list[str]:
    """Every field of every measure that differs from the source, as readable lines."""
    problems = []
    if len(report.measures) != len(source["measures"]):
        return [f"{len(report.measures)} measures, expected {len(source['measures'])}"]
    for measure, expected in zip(report.measures, source["measures"], strict=True):
        got = measure_to_dict(measure)
        for field in (*FIELDS, *OPTIONAL):
            a, b = got[field], expected[field] if field not in OPTIONAL else expected.get(field, OPTIONAL[field])
            if field in NARRATIVE and not exact_narrative:
                a, b = words(a), words(b)
            if a != b:
                problems.append(f"{expected['code']}.{field}: got {a!r}, expected {b!r}")
    return problems
