"""Loading a period with its history and changes, and rendering the history table and sparkline."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import build_db
from pilot_helpers import load_whole
from rich.console import Console

from scorecard_tui.app.data import HISTORY_PERIODS, PeriodKey
from scorecard_tui.app.history import HistoryView, history_section, sparkline
from scorecard_tui.app.render import rag_badge, value_text
from scorecard_tui.model import Report
from scorecard_tui.store import Store
from scorecard_tui.triage.changes import Change


def rendered(renderable, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_load_period_gathers_previous_changes_history_and_notes(two_periods_db: Path) -> None:
    with Store(two_periods_db) as store:
        q2 = load_whole(store)
        assert q2 is not None and q2.info.period == "2018/19 Q2"
        assert q2.previous is not None and q2.previous.period == "2018/19 Q1"
        assert [r.period for r in q2.reports] == ["2018/19 Q1", "2018/19 Q2"]
        assert q2.changes["Regen PM21"] is Change.WORSE and q2.changes["SS PM30"] is Change.NEW
        assert [m.code for m in q2.dropped] == ["FPA PM22b"]
        assert [info.period for info, _ in q2.history["SS PM07"]] == ["2018/19 Q1", "2018/19 Q2"]
        assert [info.period for info, _ in q2.history["SS PM30"]] == ["2018/19 Q2"]
        assert q2.neighbour(-1) == q2.previous and q2.neighbour(1) is None
        store.annotations.add_note(q2.info, "SS PM07", "first", author="ann")
        store.annotations.add_note(q2.info, "SS PM07", "second", author="bob")
        q1 = load_whole(store, PeriodKey.of(q2.previous))
        assert q1 is not None and q1.info.period == "2018/19 Q1" and q1.previous is None
        assert q1.changes == {} and q1.dropped == ()
        assert [info.period for info, _ in q1.history["SS PM07"]] == ["2018/19 Q1", "2018/19 Q2"]
        assert q1.annotations.notes == {}
        again = load_whole(store, q2.info.id)
        assert again is not None
        assert again.annotations.notes["SS PM07"].value == "second"
        assert again.annotations.note_versions == {"SS PM07": 2}
        assert load_whole(store, 9999) == again  # an id no longer held: the latest


def test_history_is_capped_around_the_period_shown(tmp_path: Path, sample_report: Report) -> None:
    reports = [
        replace(
            sample_report,
            period=f"{2000 + n}/{(n + 1) % 100:02d} Q1",
            fetched_at=sample_report.fetched_at + timedelta(days=365 * n),
            sha256=f"{n}",
        )
        for n in range(HISTORY_PERIODS + 3)
    ]
    path = build_db(tmp_path / "many.db", *reports)
    with Store(path) as store:
        latest = load_whole(store)
        assert latest is not None
        periods = [info.period for info, _ in latest.history["SS PM07"]]
        assert len(periods) == HISTORY_PERIODS and periods[-1] == latest.info.period
        first = load_whole(store, latest.reports[0].id)
        assert first is not None
        periods = [info.period for info, _ in first.history["SS PM07"]]
        assert len(periods) == HISTORY_PERIODS and periods[0] == first.info.period


@pytest.mark.parametrize("code", ["LCT PM03", "SS PM07", "CM PM24", "L&D PM07b", "AHH Local 2A (i)"])
def test_history_table_field_by_field(two_periods_db: Path, code: str) -> None:
    with Store(two_periods_db) as store:
        loaded = load_whole(store)
    assert loaded is not None
    rows = loaded.history[code]
    lines = rendered(HistoryView(rows, "2018/19 Q2"), 120).splitlines()
    heading = "Period Qtr Q target Q actual Fcst F target F actual Direction"
    assert " ".join(lines[0].split()) == heading
    for line, (info, m) in zip(lines[1:], rows, strict=True):
        expected = [
            info.period,
            rag_badge(m.rag_quarter, letter=True).plain,
            value_text(m.quarter_target, m.unit),
            value_text(m.quarter_actual, m.unit),
            rag_badge(m.rag_forecast, letter=True).plain,
            value_text(m.forecast_target, m.unit),
            value_text(m.forecast_actual, m.unit),
            m.direction.value if m.direction else "none",
        ]
        position = 0
        for field in expected:
            found = line.find(field, position)
            assert found >= 0, (field, line)
            position = found + len(field)
    assert lines[2].startswith("»2018/19 Q2") and lines[1].startswith(" 2018/19 Q1")


def test_history_narrows_to_fit(two_periods_db: Path) -> None:
    with Store(two_periods_db) as store:
        loaded = load_whole(store)
    assert loaded is not None
    rows = loaded.history["SS PM07"]
    narrow = rendered(HistoryView(rows, "2018/19 Q2"), 40)
    assert narrow.splitlines()[0].split() == ["Period", "Qtr", "Target", "Actual", "Dir"]
    assert "»2018/19 Q2 ✖ R 81.2/10k 88.9/10k ↓" in narrow
    tiny = rendered(HistoryView(rows, "2018/19 Q2"), 30)
    assert "»2018/19 Q2  ✖ R ✖ R  ↓\n  Q 88.9/10k of 81.2/10k\n  F 88/10k of 79.1/10k" in tiny
    assert max(len(line) for line in tiny.splitlines()) <= 30


def test_sparkline_scales_actual_against_target(two_periods_db: Path, sample_report: Report) -> None:
    with Store(two_periods_db) as store:
        loaded = load_whole(store)
    assert loaded is not None
    text = sparkline(loaded.history["LCT PM03"]).plain  # 82 of 100, then 205 of 200
    assert text.splitlines() == [
        "actual ▁█  82 to 205",
        "target ▂█  100 to 200",
        "scale 82 to 205; higher is better",
    ]
    qualitative = next(m for m in sample_report.measures if m.code == "FPA PM22b")
    info = loaded.reports[0]
    rows = [(info, qualitative), (info, qualitative)]
    assert "not numbers (qualitative measure)" in sparkline(rows).plain
    one = rendered(history_section(loaded.history["SS PM30"], "2018/19 Q2"), 60)
    assert "History (1 period)" in one and "Only this period is held so far." in one
