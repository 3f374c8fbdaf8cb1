"""The pure view logic: filters, sorts, counts and the status line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from scorecard_tui.app.view import (
    Basis,
    Marks,
    SortMode,
    ViewState,
    next_review,
    rag_counts,
    shortfall,
    sort_line,
    status_line,
    visible,
)
from scorecard_tui.model import Direction, Flag, Rag, Report
from scorecard_tui.triage.changes import Change
from scorecard_tui.triage.figures import polarity
from scorecard_tui.triage.reviews import review_due_within


def codes(report: Report, state: ViewState) -> list[str]:
    return [report.measures[i].code for i in visible(report.measures, state)]


def by_code(report: Report, code: str):
    return next(m for m in report.measures if m.code == code)


def cycle(step: Callable[[ViewState], ViewState], times: int) -> list[ViewState]:
    """The states after each of ``times`` presses of a cycling key, from the default view."""
    states = [ViewState()]
    for _ in range(times):
        states.append(step(states[-1]))
    return states[1:]


def test_no_filter_shows_all_as_published(sample_report: Report) -> None:
    assert codes(sample_report, ViewState()) == [m.code for m in sample_report.measures]


def test_rag_filters_read_the_basis(sample_report: Report) -> None:
    red = ViewState().toggle_rag(Rag.RED)
    assert len(codes(sample_report, red)) == 15
    assert len(codes(sample_report, red.next_basis())) == 6
    assert len(codes(sample_report, red.toggle_rag(Rag.AMBER))) == 19
    assert red.toggle_rag(Rag.RED) == ViewState()


def test_direction_cycle(sample_report: Report) -> None:
    seen = cycle(ViewState.next_direction, 4)
    assert [s.direction for s in seen] == [Direction.DETERIORATING, Direction.STABILISED, Direction.IMPROVING, None]
    deteriorating = ViewState(direction=Direction.DETERIORATING)
    assert codes(sample_report, deteriorating) == [
        "AHH Local 2A (i)",
        "L&I PM23e",
        "SS PM07",
        "SS PM23b",
    ]


def test_directorate_and_matches_combine(sample_report: Report) -> None:
    state = ViewState(directorate="People Services", matches=frozenset({"SS PM07", "CP 08f"}))
    assert codes(sample_report, state) == ["SS PM07"]


def test_polarity_is_inferred_from_target_actual_and_rag(sample_report: Report) -> None:
    assert polarity(by_code(sample_report, "LCT PM03")) == 1  # 82 of 100, Red
    assert polarity(by_code(sample_report, "CM PM24")) == -1  # days to process, Red above
    assert polarity(by_code(sample_report, "SS PM07")) == -1  # children in care
    assert polarity(by_code(sample_report, "L&I PM23c")) == 1  # 85 over 84, Green
    assert polarity(by_code(sample_report, "FPA PM22b")) == 0  # qualitative


def test_shortfall_respects_polarity(sample_report: Report) -> None:
    assert shortfall(by_code(sample_report, "LCT PM03"), Basis.QUARTERLY) == 0.18
    cm = shortfall(by_code(sample_report, "CM PM24"), Basis.QUARTERLY)
    assert cm is not None and cm > 0  # 30.9 days against 28.5: short of target
    assert shortfall(by_code(sample_report, "FPA PM22b"), Basis.QUARTERLY) is None


def test_worst_first_is_rag_then_distance(sample_report: Report) -> None:
    order = codes(sample_report, ViewState(sort=SortMode.WORST))
    assert order[:2] == ["SS PM28", "YA&H PM08"]  # 0 of 50, then 1 of 8
    assert order[-1] == "L&I PM23c"  # the only quarterly Green
    forecast = codes(sample_report, ViewState(sort=SortMode.WORST, basis=Basis.FORECAST))
    assert forecast[0] == "L&I PM23e"  # forecast 40 against 83


def test_sort_by_code_and_review(sample_report: Report) -> None:
    by_code_order = codes(sample_report, ViewState(sort=SortMode.CODE))
    assert by_code_order[:3] == ["AHH 02B", "AHH 02D", "AHH Local 2A (i)"]
    by_review = codes(sample_report, ViewState(sort=SortMode.REVIEW))
    assert by_review[0] == "SS PM07"  # CLT in August 2018
    assert next_review(by_code(sample_report, "SS PM07")) == "2018-08"
    assert next_review(by_code(sample_report, "LCT PM03")) is None


def test_sort_cycle_returns_to_published() -> None:
    assert cycle(ViewState.next_sort, len(SortMode))[-1].sort is SortMode.PUBLISHED


def test_status_line_says_what_is_shown() -> None:
    state = ViewState(rags=frozenset({Rag.RED}), directorate="People Services", query=" fostering ")
    assert status_line(state, 7, 20) == "7 of 20 measures: Red (quarterly) - People Services - 'fostering'"
    assert status_line(ViewState(), 20, 20) == "20 of 20 measures: all"
    both = replace(state, rags=frozenset({Rag.AMBER, Rag.RED}), basis=Basis.FORECAST)
    assert status_line(both, 3, 20).startswith("3 of 20 measures: Red+Amber (forecast)")
    assert sort_line(ViewState(sort=SortMode.WORST)) == "sorted worst first (quarterly)"


def test_cleared_keeps_basis_and_sort() -> None:
    state = ViewState(rags=frozenset({Rag.RED}), basis=Basis.FORECAST, sort=SortMode.CODE, query="x")
    assert state.cleared() == ViewState(basis=Basis.FORECAST, sort=SortMode.CODE)
    assert not state.cleared().filtered


def test_rag_counts(sample_report: Report) -> None:
    counts = rag_counts(sample_report.measures, Basis.FORECAST)
    assert (counts[Rag.RED], counts[Rag.AMBER], counts[Rag.GREEN], counts[None]) == (6, 4, 9, 1)


def test_triage_filters_read_the_marks(sample_report: Report) -> None:
    marks = Marks(
        flags={"SS PM07": Flag.RAISE, "LCT PM03": Flag.WATCH},
        changes={"SS PM07": Change.WORSE, "CM PM24": Change.SAME, "SS PM28": Change.NEW, "LCT PM03": Change.BETTER},
        as_of=date(2018, 8, 24),
        previous="2018/19 Q0",
    )
    assert codes_with(sample_report, ViewState(changed_only=True), marks) == ["LCT PM03", "SS PM07", "SS PM28"]
    assert codes_with(sample_report, ViewState(flagged_only=True), marks) == ["LCT PM03", "SS PM07"]
    due = codes_with(sample_report, ViewState(due_weeks=2), marks)
    assert "SS PM07" in due  # CLT in August 2018
    assert due == [m.code for m in sample_report.measures if review_due_within(m, date(2018, 8, 24), 2)]
    both = ViewState(changed_only=True, flagged_only=True, due_weeks=13)
    assert status_line(both, 1, 20, marks) == (
        "1 of 20 measures: changed since 2018/19 Q0 - flagged - review due within 13 weeks of 24 Aug 2018"
    )
    assert both.filtered and not both.cleared().filtered


def test_due_cycle_and_review_as_of(sample_report: Report) -> None:
    assert [s.due_weeks for s in cycle(ViewState.next_due, 5)] == [2, 4, 8, 13, None]
    ss07 = by_code(sample_report, "SS PM07")
    assert next_review(ss07, date(2018, 8, 24)) == "2018-08"
    assert next_review(ss07, date(2018, 9, 1)) == "2018-11"
    later = visible(sample_report.measures, ViewState(sort=SortMode.REVIEW), Marks(as_of=date(2018, 9, 1)))
    assert sample_report.measures[later[0]].code != "SS PM07"


def codes_with(report: Report, state: ViewState, marks: Marks) -> list[str]:
    return [report.measures[i].code for i in visible(report.measures, state, marks)]
