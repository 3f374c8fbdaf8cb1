"""``scorecard export`` (the JSON contract, CSV) and ``scorecard summary``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.records import MEASURE_FIELDS, report_from_dict
from scorecard_tui.store import Store
from tests.conftest import SAMPLE_PDF
from tests.helpers import FIELDS


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.pythons
def test_export_json_keeps_the_contract(db_path: Path, sample_source):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    doc = json.loads(run("export", "--db", str(db_path)).output)
    (report,) = doc["reports"]
    assert list(report) == ["name", "source", "period", "fetched_at", "pages", "subtitle", "measures"]
    assert report["subtitle"] is None  # the Q1 sample prints nothing above its first heading
    assert report["period"] == "2018/19 Q1"
    assert report["fetched_at"] == "2018-08-24T11:12:02"
    assert list(report["measures"][0]) == list(MEASURE_FIELDS)
    for got, expected in zip(report["measures"], sample_source["measures"], strict=True):
        assert {k: got[k] for k in FIELDS} == {k: expected[k] for k in FIELDS}
        assert len(got["pages"]) == 2


@pytest.mark.pythons
def test_export_csv_has_a_row_per_measure(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", str(db_path), "--format", "csv").output)))
    assert len(rows) == 20
    assert rows[1]["code"] == "YA&H PM08"
    assert rows[1]["alt_codes"] == "NI 155"
    assert rows[1]["review_dates"] == "2018-01 Executive Scrutiny; 2018-09"


def test_export_csv_gives_first_and_last_page_as_numbers(db_path: Path, tmp_path: Path):
    """Excel turns a ``1-1`` cell into a date: the pages are two number columns."""
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    text = run("export", "--db", str(db_path), "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "pages" not in rows[0]
    assert all(r["first_page"].isdigit() and r["last_page"].isdigit() for r in rows)
    assert all(1 <= int(r["first_page"]) <= int(r["last_page"]) <= 11 for r in rows)
    assert any(int(r["last_page"]) > int(r["first_page"]) for r in rows)  # a row cut by a page break


def test_export_period_filter_and_unknown_period(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    assert len(json.loads(run("export", "--db", str(db_path), "--period", "2018/19 Q1").output)["reports"]) == 1
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--period", "2017/18 Q4"])
    assert result.exit_code == 2
    assert "no report for period '2017/18 Q4'" in result.output


@pytest.mark.pythons
def test_summary_counts_and_reds(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    out = run("summary", "--db", str(db_path)).output
    assert "Improvement Report - Council Scorecard - 2018/19 Q1" in out
    assert "People Services" in out and "All directorates" in out
    assert "SS PM28" in out and "C PM02a" not in out


def test_summary_prints_report_text_literally(db_path: Path, sample_source):
    source = json.loads(json.dumps(sample_source))
    source["measures"][0]["title"] = "Falls [bold red]NOW[/] \x1b[31mred"
    with Store(db_path) as store:
        store.save_report(report_from_dict(source))
    out = run("summary", "--db", str(db_path)).output
    assert "[bold red]NOW[/]" in out
    assert "\x1b" not in out


def test_summary_of_an_empty_database(db_path: Path):
    Store(db_path).close()  # summary no longer creates a missing database (issue 8, point 6)
    result = CliRunner().invoke(cli, ["summary", "--db", str(db_path)])
    assert result.exit_code == 2
    assert "holds no reports yet" in result.output


# -- issue 18, hole 9: a formula behind whitespace ---------------------------------------------

BEHIND_WHITESPACE = {
    "title": '\n=HYPERLINK("http://evil.example","Falls")',
    "commentary": " \n +cmd|' /C calc'!A0",
    "actions": "\u00a0@SUM(1+1)",
    "review": "\n\n-2+3",
}


def test_a_formula_behind_a_newline_or_spaces_is_neutralised_in_every_csv(db_path: Path, sample_source):
    """A spreadsheet skips leading whitespace (a newline too) and reads ``=`` on as a formula:
    every CSV scorecard writes gives such a cell the leading ``'``; numbers stay numbers."""
    source = json.loads(json.dumps(sample_source))
    source["measures"][0].update(BEHIND_WHITESPACE)
    report = report_from_dict(source)
    with Store(db_path) as store:
        store.save_report(report)
        info = store.latest_report()
        code = report.measures[0].code
        store.annotations.set_flag(info, code, "raise")
        store.annotations.add_note(info, code, '\n=HYPERLINK("http://evil.example")')
    exported = list(csv.DictReader(io.StringIO(run("export", "--db", str(db_path), "--format", "csv").output)))
    briefing = list(csv.DictReader(io.StringIO(run("brief", "--db", str(db_path), "--format", "csv").output)))
    first = exported[0]
    for field, text in BEHIND_WHITESPACE.items():
        assert first[field].startswith("'") and first[field][1:].lstrip().startswith(text.lstrip()[0]), field
    assert any(r["detail"].startswith("'\n=HYPERLINK") for r in briefing)
    for row in [*exported, *briefing]:
        for value in row.values():
            assert not value.lstrip().startswith(("=", "+", "-", "@")), value
    assert float(first["quarter_actual"]) == sample_source["measures"][0]["quarter_actual"]
