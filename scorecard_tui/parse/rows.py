"""Turn the cells of one table row into a Measure (shared by the PDF and text readers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure
from scorecard_tui.parse.fields import (
    parse_direction,
    parse_rag,
    parse_value,
    split_code_title,
)
from scorecard_tui.parse.reviews import narrative_reviews, review_dates
from scorecard_tui.parse.table_measures import RatingWord
from scorecard_tui.text.safe import clean_text

_DATA = re.compile(r"Quarterly\s*data\s*(?P<q>.*?)\s*Forecast\s*data\s*(?P<f>.*)$", re.IGNORECASE | re.DOTALL)
_TARGET_ACTUAL = re.compile(r"Target\s*(?P<t>.*?)\s*Actual\s*(?P<a>.*)$", re.IGNORECASE | re.DOTALL)


@dataclass
class RowCells:
    """The text of one measure's cells, gathered across page breaks."""

    directorate: str
    measure: str = ""
    rag_quarter: str = ""
    rag_forecast: str = ""
    data: str = ""
    direction: str = ""
    commentary: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    first_page: int = 0
    last_page: int = 0


def _paragraphs(parts: list[str]) -> str:
    return "\n".join(p for p in (" ".join(clean_text(p).split()) for p in parts) if p)


def _target_actual(text: str, which: str, code: str) -> tuple[str, str]:
    m = _TARGET_ACTUAL.match(" ".join(text.split()))
    if not m:
        raise ScorecardError(f"measure {code}: no {which} target and actual in {text!r}")
    return m["t"], m["a"]


def build_measure(row: RowCells, fetched: date) -> Measure:
    """Read a row's cells into a Measure.

    Raises:
        ScorecardError: when a cell cannot be read (a missing code, an unknown RAG word).
    """
    measure_text = " ".join(clean_text(row.measure).split())
    code, alt_codes, title = split_code_title(measure_text)
    data = _DATA.search(" ".join(clean_text(row.data).split()))
    if not data:
        raise ScorecardError(f"measure {code}: no quarterly and forecast data")
    qt, qa = _target_actual(data["q"], "quarterly", code)
    ft, fa = _target_actual(data["f"], "forecast", code)
    values = [parse_value(v) for v in (qt, qa, ft, fa)]
    unit = next((u for _, u in values if u), None)
    review = _paragraphs(row.review)
    return Measure(
        directorate=row.directorate,
        code=code,
        alt_codes=alt_codes,
        title=title,
        rag_quarter=parse_rag(row.rag_quarter),
        rag_forecast=parse_rag(row.rag_forecast),
        quarter_target=values[0][0],
        quarter_actual=values[1][0],
        forecast_target=values[2][0],
        forecast_actual=values[3][0],
        unit=unit,
        direction=parse_direction(row.direction),
        commentary=_paragraphs(row.commentary),
        actions=_paragraphs(row.actions),
        review=review,
        review_dates=review_dates(review, fetched)
        + narrative_reviews(_paragraphs(row.commentary), _paragraphs(row.actions), fetched),
        pages=(row.first_page, row.last_page),
    )


DORIS_RATINGS_NOTE = (
    "--rating and --skip-unreadable do not apply to a DORIS-style scorecard: its ratings are always "
    "Red, Amber, Green or N/A (blank is N/A), and a row that does not read stops the import, named with its text"
)


def doris_rating_words(rows: list[RowCells]) -> tuple[RatingWord, ...]:
    """Each distinct rating word of a DORIS-style scorecard's two RAG columns, with what it stores and
    how many rows use it (every row has already read, so every word is one of the fixed ones)."""
    found: dict[str, RatingWord] = {}
    for r in rows:
        for rag in {parse_rag(r.rag_quarter), parse_rag(r.rag_forecast)}:
            word = rag.value if rag else "N/A"
            seen = found.get(word) or RatingWord(word, rag.value if rag else "none", 0, "DORIS layout (fixed words)")
            found[word] = replace(seen, rows=seen.rows + 1)
    return tuple(sorted(found.values(), key=lambda w: ("Red", "Amber", "Green", "N/A").index(w.word)))
