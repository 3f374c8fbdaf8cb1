"""What the copy keys put on the clipboard: a measure as a paragraph (the main screen's ``y``) and a
measure's signals and questions (the lens's ``c``). Plain report text: no markup, controls stripped."""

from __future__ import annotations

from collections.abc import Sequence

from scorecard_tui.app.detail_view import DetailContext
from scorecard_tui.model import Measure, Rag, ReportInfo, Value, format_value
from scorecard_tui.store.lens import LensQuestion
from scorecard_tui.text.safe import clean_line, clean_text

TREND_PERIODS = 4
"""The periods the paragraph's trend names (the current one among them)."""


def measure_paragraph(measure: Measure, context: DetailContext) -> str:
    """A measure as a paragraph to paste into an email or a paper: title and code, ratings and
    figures, direction and trend, and its first question kept for the meeting.

    e.g. ``PS12: Children in care (2018/19 Q2)`` then ``Quarterly: Red, actual 80% against a target
    of 90%. Forecast: Amber, ...``.
    """
    m = measure
    period = f" ({clean_line(context.period)})" if context.period else ""
    lines = [f"{clean_line(m.code)}: {clean_line(m.title)}{period}"]
    figures = [
        _rating("Quarterly", m.rag_quarter, m.quarter_target, m.quarter_actual, m.unit),
        _rating("Forecast", m.rag_forecast, m.forecast_target, m.forecast_actual, m.unit),
    ]
    lines.append(" ".join(figures))
    trend = [f"Direction of travel: {m.direction.value if m.direction else 'not given'}."]
    if context.change is not None and context.previous:
        trend.append(f"Since {clean_line(context.previous)}: {context.change.value}.")
    history = [(info, past) for info, past in context.history][-TREND_PERIODS:]
    if len(history) > 1:
        said = ", ".join(f"{clean_line(info.period)} {_rag(past.rag_quarter)}" for info, past in history)
        trend.append(f"Quarterly RAG by period: {said}.")
    lines.append(" ".join(trend))
    kept = next((q for q in context.signals if not q.dropped), None)
    if kept is not None:
        lines.append(f"Question: {clean_line(kept.text)}")
    return "\n".join(lines)


def lens_copy(info: ReportInfo, measure: Measure | None, key: str, questions: Sequence[LensQuestion]) -> str:
    """A measure's signals and the questions kept for the meeting (the lens's ``c``)."""
    head = f"{clean_line(measure.code)}: {clean_line(measure.title)}" if measure else clean_line(key)
    asked = [f"- {clean_line(q.badge)}" + ("" if q.dropped else f"\n  Q: {clean_line(q.text)}") for q in questions]
    return "\n".join([f"{head} ({clean_line(info.period)})", *asked])


def _rating(basis: str, rag: Rag | None, target: Value, actual: Value, unit: str | None) -> str:
    figures = []
    if actual is not None:
        figures.append(f"actual {_value(actual, unit)}")
    if target is not None:
        figures.append(f"{'against a ' if actual is not None else ''}target of {_value(target, unit)}")
    return f"{basis}: {_rag(rag)}" + (f", {' '.join(figures)}." if figures else ".")


def _rag(rag: Rag | None) -> str:
    return rag.value if rag else "N/A"


def _value(value: Value, unit: str | None) -> str:
    return clean_line(format_value(value, clean_text(unit) if unit else unit))
