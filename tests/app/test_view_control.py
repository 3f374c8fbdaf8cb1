"""Issue 20, point 3: the main screen's view controller, without Pilot: the search asked and
answered, the change filter's words, the sort menu's choice and the view handed to the briefing."""

from __future__ import annotations

from scorecard_tui.app.view import Marks, SortMode, ViewState
from scorecard_tui.app.view_control import ViewControl
from scorecard_tui.model import Flag, Rag, Report


def test_a_stale_search_answer_is_dropped_and_an_empty_search_is_off(sample_report: Report) -> None:
    view = ViewControl()
    assert view.typed("fost") and view.typed("foster")
    assert not view.searched("fost", frozenset({"a"}))  # older text: not taken
    assert view.state.matches is None
    assert view.searched("foster", frozenset({sample_report.measures[0].key}))
    shown = view.show(sample_report.measures, Marks())
    assert shown.rows == [0] and shown.status.startswith("1 of ") and "'foster'" in shown.status
    assert not view.typed("  ")  # nothing to ask the store: the search is off at once
    assert view.state.query == "" and view.state.matches is None


def test_clear_keeps_the_sort_and_drops_the_search() -> None:
    view = ViewControl()
    view.typed("x")
    view.state = ViewState(rags=frozenset({Rag.RED}), query="x", sort=SortMode.CODE).sort_by("Fcst")
    view.clear()
    assert view.wanted_query == "" and not view.state.filtered
    assert view.state.sort is SortMode.CODE and view.state.column == "Fcst"


def test_the_change_filter_says_what_it_shows_and_when_there_is_nothing_to_compare() -> None:
    view = ViewControl()
    assert view.next_changes("2018/19 Q2", "2018/19 Q1") == [
        "Showing measures changed (better, worse or new); c again for worse only."
    ]
    assert view.next_changes("2018/19 Q2", "2018/19 Q1") == ["Showing measures worse only; c again for all."]
    assert view.next_changes("2018/19 Q2", "2018/19 Q1") == [] and not view.state.filtered
    assert view.next_changes("2018/19 Q1", None)[0] == "No period before 2018/19 Q1 is held: nothing to compare."


def test_the_sort_menu_choice(sample_report: Report) -> None:
    view = ViewControl()
    assert not view.sort_chosen(None)  # closed: nothing changes
    assert view.sort_chosen("Code") and view.state.column == "Code"
    assert view.sort_chosen("Code") and view.state.descending
    assert view.show(sample_report.measures, Marks()).sort == "sorted by code, descending"
    assert view.sort_chosen("") and view.state.column is None and view.state.sort is SortMode.PUBLISHED


def test_the_view_handed_to_the_briefing(sample_report: Report) -> None:
    view = ViewControl()
    measures = sample_report.measures
    view.show(measures, Marks())
    assert not view.narrowed(len(measures))  # no filter
    view.state = view.state.toggle_rag(Rag.RED)
    marks = Marks(flags={measures[0].key: Flag.RAISE})
    shown = view.show(measures, marks)
    keys, words = view.in_view(measures, marks)
    assert view.narrowed(len(measures)) and keys == {measures[i].key for i in shown.rows}
    assert words == "Red (quarterly)"
