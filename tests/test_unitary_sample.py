"""The illustrative unitary pair (issue 21's lens round two) against its structured sources: every
field of every measure, the build that writes the committed files, and the two quarters as one series."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.model import Rag
from scorecard_tui.parse import parse_scorecard, read_scorecard
from scorecard_tui.store import Store
from tests.conftest import OTHER_COUNCILS, load_script
from tests.helpers import field_mismatches

Q2, Q3 = (OTHER_COUNCILS / f"illustrative-unitary-council-2023-24-q{n}.csv" for n in (2, 3))


def source_of(sample: Path) -> dict:
    return json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", [Q2, Q3], ids=["q2", "q3"])
def test_every_field_of_every_measure(sample: Path) -> None:
    report = parse_scorecard(sample)  # the period from the title's months, as a user imports it
    source = source_of(sample)
    assert field_mismatches(report, source) == []
    assert (report.name, report.source, report.period, report.fetched_at) == (
        source["name"],
        source["source"],
        source["period"],
        source["fetched_at"],
    )
    assert report.subtitle == source["title_rows"][1]
    assert [(m.key, m.pages) for m in report.measures] == [(m["code"], (1, 1)) for m in source["measures"]]
    assert {m["tolerance"] for m in source["measures"]} == {0.1}  # "Amber, Within 10% of target" in the key


@pytest.mark.parametrize("sample", [Q2, Q3], ids=["q2", "q3"])
def test_the_key_under_the_table_is_skipped_and_gives_the_tolerance(sample: Path) -> None:
    reading = read_scorecard(sample)
    assert reading.report.unread_rows == ()
    assert reading.notes == (
        "row 18, row 19, row 20: a key or legend, not measures: skipped",
        "tolerance 10% read from the report's words 'Amber Within 10% of target': used where a row states none",
    )
    rows = sum(w.rows for w in reading.rating_words)
    assert rows == 16  # each measure's two ratings; the key's words are no rows


@pytest.mark.parametrize("sample", [Q2, Q3], ids=["q2", "q3"])
def test_committed_sample_is_what_the_script_builds_and_is_marked(sample: Path, tmp_path: Path) -> None:
    builder = load_script(OTHER_COUNCILS / "build_spreadsheets.py")
    assert sample.with_suffix(".json") in builder.sources()
    source = source_of(sample)
    out = tmp_path / sample.name
    builder.build_csv(source, out)
    assert out.read_bytes() == sample.read_bytes()
    assert b"\r" not in out.read_bytes()  # the hand-written pair's LF line ends, kept
    assert source["illustrative"] is True and "ILLUSTRATIVE" in source["note"] and "illustrative" in sample.name


def test_two_quarters_form_one_series_in_a_real_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    for sample in (Q2, Q3):
        result = CliRunner().invoke(cli, ["import", str(sample), "--db", str(db)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with Store(db) as store:
        reports = store.reports()
        assert [(r.name, r.source, r.period, r.measure_count) for r in reports] == [
            ("Illustrative Unitary Council Performance Report", "not stated", "2023/24 Q2", 8),
            ("Illustrative Unitary Council Performance Report", "not stated", "2023/24 Q3", 8),
        ]
        latest = reports[-1]
        assert store.series(latest) == reports
        assert store.previous_report(latest) == reports[0]
        for info, sample in zip(reports, (Q2, Q3), strict=True):
            assert field_mismatches(store.load_report(info.id), source_of(sample)) == []  # tolerance kept too
        assert [
            (i.period, m.rag_quarter, m.quarter_actual, m.tolerance) for i, m in store.history(latest, "ENV 07")
        ] == [
            ("2023/24 Q2", Rag.AMBER, 58.0, 0.1),
            ("2023/24 Q3", Rag.RED, 53.0, 0.1),
        ]


@pytest.mark.parametrize("sample", [Q2, Q3], ids=["q2", "q3"])
@pytest.mark.parametrize(("encoding", "line_end"), [("cp1252", "\r\n"), ("utf-8-sig", "\r\n"), ("utf-16", "\n")])
def test_the_same_report_saved_again_by_a_spreadsheet_reads_the_same(
    sample: Path, encoding: str, line_end: str, tmp_path: Path
) -> None:
    """Excel's "CSV" (Windows-1252, CRLF, quoting only what needs it), CSV UTF-8 and Unicode text."""
    source = source_of(sample)
    rows = [r if "section" in r else {"cells": [_cell_text(c) for c in r["cells"]]} for r in source["rows"]]
    out = tmp_path / sample.name
    load_script(OTHER_COUNCILS / "build_spreadsheets.py").build_csv(
        {**source, "rows": rows, "encoding": encoding, "line_end": line_end}, out
    )
    assert field_mismatches(parse_scorecard(out), source) == []


def _cell_text(cell: str | dict) -> str:
    return cell["text"] if isinstance(cell, dict) else cell
