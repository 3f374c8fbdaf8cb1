"""A stored measure read back: the columns :func:`measure_from_row` reads and the lenient decoding of
a row (another tool's value that is not one of ours reads as none, and its text is cleaned)."""

from __future__ import annotations

from typing import Any, TypeVar

from scorecard_tui.model import Direction, Measure, Polarity, Rag, ReviewDate, tolerance_share
from scorecard_tui.store.values import stored_codes
from scorecard_tui.text.safe import clean_measure


def _value(column: str) -> str:
    """A figure's column, read as NULL when it holds bytes (only another tool writes them there)."""
    return f"CASE WHEN typeof({column}) = 'blob' THEN NULL ELSE {column} END"


MEASURE_COLUMNS = (
    "id, directorate, code, alt_codes, title, rag_quarter, rag_forecast, "
    + ", ".join(_value(c) for c in ("quarter_target", "quarter_actual", "forecast_target", "forecast_actual"))
    + ", unit, direction, commentary, actions, review, first_page, last_page, polarity, long_direction, "
    + _value("previous_actual")
    + ", direction_derived, "
    + _value("tolerance")
)
"""The columns :func:`measure_from_row` reads, in its order."""

_E = TypeVar("_E", Rag, Direction, Polarity)


def member(kind: type[_E], members: dict[str, _E], value: str | None) -> _E | None:
    """The enum member stored as ``value``; None for none, and for a value no member has (another
    tool's "Purple" reads as no rating)."""
    if not value:
        return None
    if (found := members.get(value)) is not None:
        return found
    try:
        return kind(value)
    except ValueError:
        return None


RAGS = {rag.value: rag for rag in Rag}
_DIRECTIONS = {direction.value: direction for direction in Direction}
_POLARITIES = {polarity.value: polarity for polarity in Polarity}


def measure_from_row(row: tuple[Any, ...], dates: tuple[ReviewDate, ...]) -> Measure:
    """A stored measure (a row of :data:`MEASURE_COLUMNS`), its text cleaned: the file may hold what
    another tool wrote. Read straight from the row: 2,000 measures decode in ~35 ms, not ~80."""
    (_, directorate, code, alt_codes, title, rag_quarter, rag_forecast, quarter_target, quarter_actual) = row[:9]
    (forecast_target, forecast_actual, unit, direction, commentary, actions, review, first, last, polarity) = row[9:19]
    long_direction, previous_actual, direction_derived, tolerance = row[19:23]
    return clean_measure(
        Measure(
            directorate=directorate,
            code=code,
            alt_codes=() if alt_codes == "[]" else stored_codes(alt_codes),
            title=title,
            rag_quarter=member(Rag, RAGS, rag_quarter),
            rag_forecast=member(Rag, RAGS, rag_forecast),
            quarter_target=quarter_target,
            quarter_actual=quarter_actual,
            forecast_target=forecast_target,
            forecast_actual=forecast_actual,
            unit=unit,
            direction=member(Direction, _DIRECTIONS, direction),
            commentary=commentary,
            actions=actions,
            review=review,
            review_dates=dates,
            pages=(first, last),
            polarity=member(Polarity, _POLARITIES, polarity),
            long_direction=member(Direction, _DIRECTIONS, long_direction),
            previous_actual=previous_actual,
            direction_derived=bool(direction_derived),
            tolerance=tolerance_share(tolerance),
        )
    )
