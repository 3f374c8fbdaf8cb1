"""Issue 22, point 8: the table sorts by any column (pure logic, no Textual), and ``y`` copies a
measure as a paragraph of plain text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scorecard_tui.app.copy_text import measure_paragraph
from scorecard_tui.app.detail_view import DetailContext
from scorecard_tui.app.view import (
    SORT_COLUMNS,
    Marks,
    SortMode,
    ViewState,
    next_review,
    sort_column,
    sort_line,
    visible,
)
from scorecard_tui.model import Direction, Flag, Measure, Rag, Report, ReportInfo
from scorecard_tui.triage.changes import Change

UNRATED = dict.fromkeys(("rag_quarter", "rag_forecast", "unit", "direction"), None)
NO_FIGURES = dict.fromkeys(("quarter_target", "quarter_actual", "forecast_target", "forecast_actual"), None)


def measure(code: str, **fields: object) -> Measure:
    """A measure with no rating, figures or text but ``fields``."""
    base = Measure("D", code, f"Title {code}", commentary="", actions="", review="", **UNRATED, **NO_FIGURES)
    return replace(base, **fields)  # type: ignore[arg-type]


def lettered(field: str, *values: object) -> list[Measure]:
    """Measures coded A, B, C ... whose ``field`` holds ``values`` in turn."""
    return [measure(chr(ord("A") + i), **{field: value}) for i, value in enumerate(values)]


def order(measures: list[Measure], state: ViewState, marks: Marks | None = None) -> list[str]:
    return [measures[i].code for i in visible(measures, state, marks)]


def test_numbers_sort_as_numbers_and_missing_stays_last_either_way() -> None:
    ms = lettered("quarter_actual", 9.0, None, 10.0, "On Track", -1.5)
    up = ViewState().sort_by("Q actual")
    assert order(ms, up) == ["E", "A", "C", "D", "B"]  # 9 before 10 (not as text); text after numbers
    down = up.sort_by("Q actual")
    assert down.descending and order(ms, down) == ["D", "C", "A", "E", "B"]  # N/A still last
    assert sort_line(up) == "sorted by Q actual, ascending"
    assert sort_line(down) == "sorted by Q actual, descending"


def test_ratings_sort_by_severity_worst_first_then_best_first() -> None:
    ms = lettered("rag_forecast", Rag.GREEN, Rag.RED, None, Rag.BLUE, Rag.AMBER)
    state = ViewState().sort_by("Fcst")
    assert order(ms, state) == ["B", "E", "A", "D", "C"]
    assert order(ms, state.sort_by("Fcst")) == ["D", "A", "E", "B", "C"]
    assert sort_line(state) == "sorted by forecast RAG, worst first"
    assert sort_line(state.sort_by("Fcst")) == "sorted by forecast RAG, best first"


def test_codes_sort_naturally_and_titles_without_case() -> None:
    ms = [measure("PS10", title="beta"), measure("PS2", title="Alpha"), measure("PS1", title="gamma")]
    assert order(ms, ViewState().sort_by("Code")) == ["PS1", "PS2", "PS10"]
    assert order(ms, ViewState().sort_by("Measure")) == ["PS2", "PS10", "PS1"]


def test_flags_changes_direction_and_review_sort_by_what_they_mean() -> None:
    ms = lettered("direction", Direction.IMPROVING, Direction.DETERIORATING, None, Direction.STABILISED)
    marks = Marks(
        flags={"A": Flag.WATCH, "D": Flag.RAISE},
        changes={"A": Change.BETTER, "B": Change.SAME, "C": Change.WORSE, "D": Change.NEW},
    )
    assert order(ms, ViewState().sort_by("Direction")) == ["B", "D", "A", "C"]
    assert order(ms, ViewState().sort_by("Flag"), marks) == ["D", "A", "B", "C"]
    assert order(ms, ViewState().sort_by("Change"), marks) == ["C", "D", "B", "A"]


def test_review_sorts_by_the_next_review_month(sample_report: Report) -> None:
    ms = list(sample_report.measures)
    rows = sort_column(ms, list(range(len(ms))), "Review", marks=Marks(as_of=date(2018, 9, 1)))
    shown = [next_review(ms[i], date(2018, 9, 1)) for i in rows]
    present = [s for s in shown if s is not None]
    assert present == sorted(present) and shown[: len(present)] == present  # none before a month


def test_a_column_sort_keeps_the_filters_and_s_goes_back_to_the_cycle() -> None:
    ms = [measure("A", rag_quarter=Rag.GREEN), measure("B", rag_quarter=Rag.RED), measure("C", rag_quarter=Rag.RED)]
    state = ViewState(rags=frozenset({Rag.RED})).sort_by("Code").sort_by("Code")
    assert order(ms, state) == ["C", "B"]
    assert state.cleared().column == "Code" and state.cleared().descending  # escape keeps the sort
    back = state.next_sort()
    assert back.column is None and back.sort is SortMode.PUBLISHED and sort_line(back) == "sorted as published"
    assert ViewState().sort_by("nonsense") == ViewState()  # not a column: nothing changes
    assert set(SORT_COLUMNS) >= {"Code", "Measure", "Qtr", "Fcst", "Change", "Direction", "Review", "Q actual"}


def test_the_copied_paragraph_is_plain_text_with_figures_trend_and_question() -> None:
    m = measure(
        "PS\x1b[31m12",
        title="Children\u202e in care\x07",
        rag_quarter=Rag.RED,
        rag_forecast=Rag.AMBER,
        quarter_target=90.0,
        quarter_actual=80.0,
        unit="%",
        direction=Direction.DETERIORATING,
    )
    earlier = replace(m, rag_quarter=Rag.GREEN)
    info = ReportInfo(1, "R", "s", "2018/19 Q1", None, 1, 2, "r.pdf")
    later = replace(info, id=2, period="2018/19 Q2")
    context = DetailContext(
        period="2018/19 Q2", change=Change.WORSE, previous="2018/19 Q1", history=((info, earlier), (later, m))
    )
    text = measure_paragraph(m, context)
    lines = text.splitlines()
    assert lines[0] == "PS12: Children in care (2018/19 Q2)"
    assert lines[1] == "Quarterly: Red, actual 80% against a target of 90%. Forecast: Amber."
    assert lines[2] == (
        "Direction of travel: Deteriorating. Since 2018/19 Q1: worse."
        " Quarterly RAG by period: 2018/19 Q1 Green, 2018/19 Q2 Red."
    )
    assert all(c == "\n" or c.isprintable() for c in text)
