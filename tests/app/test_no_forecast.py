"""A report that forecasts nothing (many councils' KPI exports): no Fcst column of "– NA", no year-end
figures, no "Forecast ✖0 ▲0 ✔0" in the header: the room goes to the titles."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import OpenApp

from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.cli.main import cli
from tests.helpers import kpis_csv

ROWS = "".join(
    f"K{i},A district measure whose title runs on for a while number {i},Team {i % 3},{90 + i},{80 + i},"
    f"{'Below target' if i % 2 else 'On target'}\n"
    for i in range(12)
)


async def test_no_forecast_column_figures_or_counts(tmp_path: Path, open_app: OpenApp) -> None:
    f = kpis_csv(tmp_path, "Ref,Indicator,Team,Target,Actual,Status\n" + ROWS)
    db = tmp_path / "kpis.db"
    assert CliRunner().invoke(cli, ["import", str(f), "--db", str(db), "--period", "2024/25 Q1"]).exit_code == 0
    async with open_app(db, (200, 50)) as (app, _pilot):
        table = app.query_one(RagTable)
        assert table.plan is not None
        keys = list(table.plan.keys)
        assert "Qtr" in keys and "Q target" in keys and "Q actual" in keys, keys
        assert not {"Fcst", "F target", "F actual"} & set(keys), keys
        header = app.query_one("#header").render()
        assert "Forecast" not in str(header) and "Fcst" not in str(header)


async def test_a_report_that_forecasts_keeps_its_forecast_column(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, (120, 40)) as (app, _pilot):
        table = app.query_one(RagTable)
        assert table.plan is not None and "Fcst" in table.plan.keys
