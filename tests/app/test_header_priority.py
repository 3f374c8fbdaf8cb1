"""The header by priority (issue 22): at every width the period, the report's name (short form)
and the worse count stay; the fetch time and the rest give way first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import OpenApp
from pilot_helpers import resize

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.view import Marks
from scorecard_tui.app.widgets.report_header import HeaderFacts, counts_line, report_line, short_name
from scorecard_tui.model import ReportInfo
from tests.helpers import filled


def header_lines(app: ScorecardApp) -> list[str]:
    """The header's two lines as drawn on screen."""
    header = app.query_one("#header")
    strips = app.screen._compositor.render_strips()  # no public plain-text view of the screen
    return [strips[header.region.y + i].text for i in range(2)]


@pytest.mark.parametrize("width", [80, 100, 120, 160, 200])
async def test_period_name_and_worse_count_stay_at_every_width(tmp_path: Path, open_app: OpenApp, width: int) -> None:
    path = filled(tmp_path / "demo.db")  # what scorecard demo loads: Q1, and the illustrative Q2 and Q3
    async with open_app(path, (200, 50)) as (app, pilot):
        await resize(pilot, width, 40)
        first, second = header_lines(app)
        assert first.startswith(" 2018/19 Q3  ILLUSTRATIVE DATA - NOT PUBLISHED  "), first
        assert "Council Scorecard" in first, first
        assert first.count("Council Scorecard") == 1, first  # the subtitle repeats the name: said once
        assert "since 2018/19 Q2: 1 worse" in second, second
        assert "…" not in first + second  # whole parts left out, none cut
        if width >= 120:
            assert "Improvement Report - Council Scorecard" in first
            assert "fetched 22 Feb 2019" in first
            assert "Quarterly ✖7 ▲10 ✔3   Forecast ✖5 ▲11 ✔4" in second
        if width >= 200:
            assert "fetched 22 Feb 2019 09:47 from DORIS" in first
            assert "1 worse, 6 better, 0 new" in second


def test_a_long_report_name_gives_its_short_form_and_a_long_warning_is_cut_last() -> None:
    info = ReportInfo(
        id=1,
        pages=1,
        measure_count=0,
        file_name="q3.pdf",
        name="Quarterly Improvement Report - Council Scorecard",
        period="2018/19 Q3",
        source="DORIS",
        fetched_at=datetime(2019, 2, 22, 9, 47),
        subtitle="DRAFT - NOT FOR CIRCULATION - " + "X" * 200,
    )
    facts = HeaderFacts(info, (), Marks(), read_only=True)
    line = report_line(facts, 78).plain
    assert len(line) <= 78
    assert line.startswith(" READ-ONLY  2018/19 Q3  DRAFT - NOT FOR CIRCULATION")
    assert line.endswith("…  Council Scorecard"), line
    assert "Council Scorecard" in report_line(facts, 40).plain or len(report_line(facts, 40).plain) <= 40
    assert len(counts_line(facts, 30).plain) <= 30


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Improvement Report - Council Scorecard", "Council Scorecard"),
        ("Council Scorecard", "Council Scorecard"),
        ("Performance: " + "Y" * 60, "Y" * 29 + "…"),
    ],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize("fetched", [None, datetime(2014, 11, 7, 9, 0)])
def test_a_report_naming_no_source_says_source_not_stated(fetched: datetime | None) -> None:
    info = ReportInfo(
        id=1, pages=1, measure_count=0, file_name="kpis.csv", name="KPIs", period="2014/15 Q2",
        source="not stated", fetched_at=fetched,
    )  # fmt: skip
    line = report_line(HeaderFacts(info, (), Marks(), read_only=False), 200).plain
    assert "source not stated" in line, line
    assert "from not stated" not in line, line  # read as a place called "not stated"
