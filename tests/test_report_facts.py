"""What the store keeps of a report beyond its measures (the app's ``I`` box reads it): its digest,
import time, header row, rows left out, the tolerances its measures state, and the choices
remembered for its series; each cleaned, and what an older or another tool's file lacks left empty."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from scorecard_tui.model import Report
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.store.report_facts import ReportFacts
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"


def sample() -> Report:
    return report_from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def test_the_facts_of_a_report_and_its_series(tmp_path: Path) -> None:
    report = sample()
    first, second, *rest = report.measures
    report = replace(
        report,
        sha256="ab" * 32,
        header_row=("Ref", "Indicator\x1b[31m", "Status"),
        unread_rows=("row 4: 'K2 \x07| (blank)': no measure title",),
        measures=(replace(first, tolerance=0.05), replace(second, tolerance=0.05), *rest),
    )
    with Store(tmp_path / "s.db") as store:
        store.save_report(report, header_maps={"Indicator": "title"}, rating_words={"lg": "Green"})
        info = store.latest_report()
        assert info is not None
        facts = store.report_facts(info.id)
        assert store.report_facts(info.id + 1) == ReportFacts()  # no such report: nothing
    assert facts.sha256 == "ab" * 32
    assert facts.imported_at is not None
    assert facts.header_row == ("Ref", "Indicator", "Status")
    assert facts.unread_rows == ("row 4: 'K2 | (blank)': no measure title",)
    assert facts.tolerances == ((0.05, 2),)
    assert facts.header_maps == (("Indicator", "title"),)
    assert facts.rating_words == (("lg", "Green"),)


def test_what_another_tool_wrote_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save_report(sample())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reports SET header_row = '{\"not\": \"a list\"}', imported_at = 'yesterday'")
        conn.execute("UPDATE measures SET tolerance = 'wide'")
    with Store(path) as store:
        info = store.latest_report()
        assert info is not None
        facts = store.report_facts(info.id)
    assert (facts.header_row, facts.imported_at, facts.tolerances) == ((), None, ())
