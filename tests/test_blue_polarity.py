"""Blue (BRAG) ratings and a stated polarity, end to end; the migration that makes room for them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from scorecard_tui.app.view import Basis, SortMode, ViewState, shortfall, visible
from scorecard_tui.cli.main import cli
from scorecard_tui.model import Polarity, Rag, Report
from scorecard_tui.outputs.briefing import Briefing, to_markdown
from scorecard_tui.outputs.export import to_csv, to_json
from scorecard_tui.outputs.summary import summary_renderables
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.store.schema import SCHEMA_VERSION
from scorecard_tui.triage.changes import Change, changes
from scorecard_tui.triage.figures import polarity
from tests.helpers import version_3_database

SAMPLE = Path(__file__).parents[1] / "sample_data" / "derby-scorecard-2018-19-q1.json"


@pytest.fixture(scope="module")
def report() -> Report:
    return report_from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def with_blue(report: Report) -> Report:
    """The sample with its first Green measure Blue (quarter and forecast) and a stated polarity."""
    measures = list(report.measures)
    i = next(i for i, m in enumerate(measures) if m.rag_quarter is Rag.GREEN)
    measures[i] = replace(measures[i], rag_quarter=Rag.BLUE, rag_forecast=Rag.BLUE, polarity=Polarity.LOWER)
    return replace(report, measures=tuple(measures), sha256="blue")


def test_blue_ranks_best_and_counts_as_met() -> None:
    assert [r.rank for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)] == [0, 1, 2, 3]
    assert Rag.BLUE.met and Rag.GREEN.met and not Rag.AMBER.met and not Rag.RED.met


def test_blue_and_polarity_survive_the_store_and_export(tmp_path: Path, report: Report) -> None:
    blue = with_blue(report)
    with Store(tmp_path / "s.db") as store:
        store.save_report(blue)
        back = store.load_report(store.latest_report().id)
    got = next(m for m in back.measures if m.rag_quarter is Rag.BLUE)
    assert got.rag_forecast is Rag.BLUE and got.polarity is Polarity.LOWER
    doc = json.loads(to_json([back]))
    exported = next(m for m in doc["reports"][0]["measures"] if m["rag_quarter"] == "Blue")
    assert exported["polarity"] == "lower"
    assert ",Blue,Blue," in to_csv([back])
    assert sum(m["polarity"] is None for m in doc["reports"][0]["measures"]) == len(report.measures) - 1


def test_summary_and_briefing_count_blue(report: Report) -> None:
    blue = with_blue(report)
    console = Console(width=200, no_color=True, record=True)
    for part in summary_renderables(blue):
        console.print(part)
    text = console.export_text()
    assert "Blue" in text.splitlines()[2] or any("Blue" in line for line in text.splitlines()[:5])
    markdown = to_markdown(Briefing(blue, blue.measures, date(2018, 8, 24)))
    head = next(line for line in markdown.splitlines() if line.startswith("| Directorate"))
    assert "| Blue |" in head and "| Forecast Blue |" in head
    total = next(line for line in markdown.splitlines() if line.startswith("| **All**"))
    greens = sum(m.rag_quarter is Rag.GREEN for m in blue.measures)
    assert f"| {greens} | 1 |" in total
    plain = to_markdown(Briefing(report, report.measures, date(2018, 8, 24)))
    assert "Blue" not in plain  # a report without Blue reads as before


def test_blue_filter_and_worst_first_sort(report: Report) -> None:
    blue = with_blue(report)
    ms = blue.measures
    only_blue = visible(ms, ViewState().toggle_rag(Rag.BLUE))
    assert [ms[i].rag_quarter for i in only_blue] == [Rag.BLUE]
    order = [ms[i].rag_quarter for i in visible(ms, ViewState(sort=SortMode.WORST))]
    rated = [r for r in order if r is not None]
    assert rated == sorted(rated, key=lambda r: r.rank)
    assert rated[-1] is Rag.BLUE and Rag.RED in rated and Rag.AMBER in rated
    assert all(r is None for r in order[order.index(Rag.BLUE) + 1 :])  # unrated after Blue


def test_blue_counts_as_met_for_changes_and_inferred_polarity(report: Report) -> None:
    green = next(m for m in report.measures if m.rag_quarter is Rag.GREEN and polarity(m) != 0)
    as_blue = replace(green, rag_quarter=Rag.BLUE, rag_forecast=Rag.BLUE)
    assert polarity(as_blue) == polarity(green)
    amber = replace(green, rag_quarter=Rag.AMBER)
    assert changes([as_blue], [amber]) == {green.code: Change.BETTER}
    assert changes([as_blue], [green]) == {green.code: Change.SAME}
    assert changes([amber], [as_blue]) == {green.code: Change.WORSE}


def test_stated_polarity_wins_over_inference(report: Report) -> None:
    red_below = next(m for m in report.measures if m.code == "LCT PM03")  # 82 of 100, Red: inferred higher
    assert polarity(red_below) == 1
    stated = replace(red_below, polarity=Polarity.LOWER)
    assert polarity(stated) == -1
    assert shortfall(stated, Basis.QUARTERLY) < 0  # under a lower-is-better target: beats it


def test_migration_keeps_a_version_3_database(tmp_path: Path, report: Report) -> None:
    path = tmp_path / "old.db"
    version_3_database(path, report, tmp_path / "scratch.db")
    conn = sqlite3.connect(path)
    ids_before = conn.execute("SELECT id FROM measures ORDER BY id").fetchall()
    conn.close()

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        info = store.latest_report()
        assert info.fetched_at is not None and info.measure_count == len(report.measures)
        assert store.db.execute("SELECT id FROM measures ORDER BY id").fetchall() == ids_before
        assert store.search_codes(info.id, "falls") == {"LCT PM03"}  # the full-text index still answers
        store.save_report(replace(report, period="2018/19 Q2", fetched_at=None, sha256="x"))
        q2 = store.find_report("2018/19 Q2")
        assert q2.fetched_at is None and q2.as_of == date(2018, 9, 30)
        store.db.execute("DELETE FROM reports WHERE id = ?", [info.id])  # cascades still work
        assert store.db.execute("SELECT count(*) FROM measures WHERE report_id = ?", [info.id]).fetchone()[0] == 0
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_blue_filter_key_is_documented() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "| `b` | Add Blue (BRAG: exceeded or complete) to the RAG filter, or take it out |" in readme


def test_detail_says_when_polarity_is_inferred(report: Report) -> None:
    from scorecard_tui.app.render import direction_lines, rag_badge

    m = next(m for m in report.measures if m.code == "LCT PM03")
    assert "higher is better (inferred)" in direction_lines(m).plain
    stated = direction_lines(replace(m, polarity=Polarity.LOWER)).plain
    assert "lower is better" in stated and "inferred" not in stated
    assert rag_badge(Rag.BLUE).plain == "◆ Blue" and rag_badge(Rag.BLUE, letter=True).plain == "◆ B"
