"""A measure's figures: target and actual as numbers, and which way is better (polarity)."""

from __future__ import annotations

from scorecard_tui.model import Measure, Polarity, Value


def numbers(target: Value, actual: Value) -> tuple[float, float] | None:
    """Target and actual when both are numbers (not text, not missing)."""
    if isinstance(target, bool) or isinstance(actual, bool):
        return None
    if isinstance(target, int | float) and isinstance(actual, int | float):
        return target, actual
    return None


def polarity(measure: Measure) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when it cannot be told.

    As the report states it (a polarity column), else inferred from target, actual and
    RAG: a target met (Green or Blue) or missed (Amber, Red) says which side of the
    target is the good one, the quarter's first, then the forecast's.
    """
    return polarity_told(measure)[0]


def polarity_told(measure: Measure) -> tuple[int, str]:
    """:func:`polarity` and how it was told: ``stated``, ``inferred from its quarter rating`` or
    ``inferred from its forecast rating`` (``""`` when it cannot be told)."""
    if measure.polarity is not None:
        return (1 if measure.polarity is Polarity.HIGHER else -1), "stated"
    for which, rag, target, actual in (
        ("quarter", measure.rag_quarter, measure.quarter_target, measure.quarter_actual),
        ("forecast", measure.rag_forecast, measure.forecast_target, measure.forecast_actual),
    ):
        pair = numbers(target, actual)
        if rag is None or pair is None or pair[0] == pair[1]:
            continue
        above = 1 if pair[1] > pair[0] else -1
        return (above if rag.met else -above), f"inferred from its {which} rating"
    return 0, ""
