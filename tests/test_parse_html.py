"""Issue 19, point 6: saved web pages and committee appendices (.html), read with lxml within limits."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse import parse_scorecard, read_scorecard
from scorecard_tui.parse.html_tables import read_html
from tests.conftest import load_script
from tests.helpers import field_mismatches, refused_quickly

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
HTML = OTHER / "illustrative-committee-appendix.html"
SOURCE = json.loads(HTML.with_suffix(".json").read_text(encoding="utf-8"))


def as_read(value: Any) -> str:
    """What a cell of the source reads as: its text, or an icon's alt text, else title, else file name."""
    if isinstance(value, dict):
        if "alt" in value or "title" in value:
            return value.get("alt") or value["title"]
        return Path(value["img"]).stem.replace("_", " ")
    return value


def test_every_cell_of_every_table_as_read() -> None:
    table = read_html(HTML.read_bytes())
    assert table.header == tuple(SOURCE["header"])
    expected = [
        (committee["heading"], tuple(as_read(v) for v in row))
        for committee in SOURCE["committees"]
        for row in committee["rows"]
    ]
    assert [(r.group, tuple(c.text for c in r.cells)) for r in table.rows] == expected
    assert table.title_lines == (SOURCE["page_title"], SOURCE["heading"], *SOURCE["intro"])
    assert "table 1 is a key or legend, not measures: skipped" in table.notes


def test_icons_read_from_alt_then_title_then_file_name() -> None:
    rows = read_html(HTML.read_bytes()).rows
    status, long_trend, short_trend = (rows[3].cells[i].text for i in (3, 4, 5))
    assert (status, long_trend, short_trend) == ("Warning", "Improving", "Getting Worse")
    assert {r.cells[5].text for r in rows} == {"No Change", "Getting Worse", "Improving"}


def test_sample_every_field_of_every_measure_with_no_map() -> None:
    """The icons' words are ratings (OK Green, Warning Amber, Alert Red, Data Only none) and the Short Trend is
    the direction, the Long Trend the long-term one, with no ``--map``; the period is the page's own."""
    reading = read_scorecard(HTML)
    report = reading.report
    assert reading.family == "web page (HTML)" and reading.looked[-1] == "HTML: read it"
    assert (report.name, report.source, report.period, report.subtitle) == (
        SOURCE["name"],
        SOURCE["source"],
        SOURCE["period"],
        SOURCE["subtitle"],
    )
    assert field_mismatches(report, SOURCE) == []
    assert [m.long_direction.value if m.long_direction else None for m in report.measures] == [
        m["long_direction"] for m in SOURCE["measures"]
    ]
    trends = [(c.header, c.field) for c in reading.mapped.columns if c.header.endswith("Trend")]
    assert trends == [("Long Trend", "long_direction"), ("Short Trend", "direction")]


def test_sample_codes_are_made_from_titles_the_same_every_time() -> None:
    """No code column: each code is the title's initials and a short hash (README), stable across reads."""
    codes = [m.code for m in read_scorecard(HTML).report.measures]
    assert codes == [m["code"] for m in SOURCE["measures"]] == [m.code for m in read_scorecard(HTML).report.measures]
    assert all(c.split("-")[0].isupper() and len(c.split("-")[1]) == 4 for c in codes)


def test_sample_imports_with_no_map_or_period_and_scripts_never_become_text(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["import", str(HTML), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "imported 5 measures in 2 directorates, 2023/24 Q3" in result.output
    exported = json.loads(CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json"]).output)
    (stored,) = exported["reports"]
    ratings = {m["title"]: (m["rag_quarter"], m["direction"], m.get("long_direction")) for m in stored["measures"]}
    assert ratings == {m["title"]: (m["rag_quarter"], m["direction"], m["long_direction"]) for m in SOURCE["measures"]}
    text = CliRunner().invoke(cli, ["export", "--db", str(db)]).output
    assert "Directorate : not text" not in text and "display: none" not in text
    assert "Q1 2019/20" not in text


def test_committed_sample_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / HTML.name
    load_script(OTHER / "build_html.py").build_html(SOURCE, out)
    assert out.read_bytes() == HTML.read_bytes()


def test_sample_is_marked_illustrative() -> None:
    assert SOURCE["illustrative"] is True and "ILLUSTRATIVE" in SOURCE["note"]
    assert "ILLUSTRATIVE" in HTML.read_text(encoding="utf-8") and "illustrative" in HTML.name


def page(body: str, head: str = "<title>Quarter 2 2023/24 performance</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


TABLE = (
    "<table><tr><th>Ref</th><th>Indicator</th><th>Target</th><th>Actual</th><th>RAG</th></tr>"
    "<tr><td>K1</td><td>Missed bins</td><td>80</td><td>72</td><td>Green</td></tr></table>"
)


def test_a_grouping_column_and_a_section_row_name_the_directorate(tmp_path: Path) -> None:
    body = (
        "<table><tr><th>Ref</th><th>Indicator</th><th>Target</th><th>Actual</th><th>RAG</th></tr>"
        '<tr><td colspan="5"><b>Housing</b></td></tr>'
        "<tr><td>H1</td><td>Homes let</td><td>80</td><td>72</td><td>Green</td></tr>"
        '<tr><td colspan="5">Finance</td></tr>'
        "<tr><td>F1</td><td>Tax collected</td><td>80</td><td>82</td><td>Red</td></tr></table>"
    )
    path = tmp_path / "p.htm"
    path.write_bytes(page(body))
    assert [(m.directorate, m.code) for m in parse_scorecard(path).measures] == [("Housing", "H1"), ("Finance", "F1")]


def test_a_windows_1252_page_and_a_rowspan_read(tmp_path: Path) -> None:
    body = (
        "<table><tr><th>Service</th><th>Indicator</th><th>Target</th><th>Actual</th><th>RAG</th></tr>"
        '<tr><td rowspan="2">Caf\xe9s</td><td>Hygiene \x96 rated 5</td><td>80</td><td>72</td><td>Amber</td></tr>'
        "<tr><td>Inspections</td><td>90</td><td>95</td><td>Green</td></tr></table>"
    )
    html = f'<html><head><meta charset="windows-1252"><title>Q2 2023/24</title></head><body>{body}</body></html>'
    path = tmp_path / "p.html"
    path.write_bytes(html.encode("latin-1"))
    measures = parse_scorecard(path).measures
    assert [(m.directorate, m.title, m.quarter_actual) for m in measures] == [
        ("Cafés", "Hygiene – rated 5", 72.0),
        ("Cafés", "Inspections", 95.0),
    ]


def test_a_page_with_no_measure_table_says_what_it_saw(tmp_path: Path) -> None:
    path = tmp_path / "minutes.html"
    path.write_bytes(page("<p>Minutes</p><table><tr><td>Date</td><td>Venue</td></tr></table>"))
    with pytest.raises(ScorecardError) as caught:
        read_scorecard(path)
    assert str(caught.value) == (
        "no scorecard measures found: no table in the web page has a header row naming a measure or indicator "
        "column (seen: 'Date', 'Venue'); save the table as CSV or .xlsx and import that, or see what was read "
        "with 'scorecard inspect FILE'"
    )


def test_too_many_rows_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "rows.html"
    path.write_bytes(page("<table>" + "<tr><td>x" * 60_000 + "</table>"))
    assert "the web page has over 50,000 table rows" in refused_quickly(path)


def test_too_many_cells_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "cells.html"
    path.write_bytes(page(TABLE + "<table><tr>" + "<td>x" * 600_000 + "</table>"))
    assert "the web page has over 500,000 table cells" in refused_quickly(path)


def test_a_page_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(page("<p>" + "x" * (21 * 1024 * 1024) + "</p>"))
    assert "the web page is 21 MB; the limit is 20 MB" in refused_quickly(path)


def test_a_table_nested_beyond_the_parsers_depth_is_refused_not_missed(tmp_path: Path) -> None:
    """The parser stops quietly 256 tags deep: a measure table below that was once "the page has no
    table"; now the page is refused, saying why (nothing past the limit is silently left unread)."""
    path = tmp_path / "deep.html"
    path.write_bytes(page("<div>" * 2_000 + TABLE + "</div>" * 2_000))
    assert "the web page nests its tags too deep to read (over 256 levels)" in refused_quickly(path)


def test_huge_spans_cost_nothing(tmp_path: Path) -> None:
    body = TABLE.replace("<td>Green</td>", '<td rowspan="2000000000" colspan="2000000000">Green</td>')
    path = tmp_path / "spans.html"
    path.write_bytes(page(body))
    start = time.perf_counter()
    measures = parse_scorecard(path).measures
    assert time.perf_counter() - start < 5 and [m.code for m in measures] == ["K1"]


def test_entities_and_external_references_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doctype = f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
    body = TABLE.replace("Missed bins", "Missed bins &x;")
    path = tmp_path / "xxe.html"
    path.write_bytes(f"{doctype}<html><head><title>Q2 2023/24</title></head><body>{body}</body></html>".encode())
    try:
        measures = parse_scorecard(path).measures
    except ScorecardError as exc:
        assert "TOP SECRET" not in str(exc)
    else:
        assert "TOP SECRET" not in measures[0].title


def test_control_characters_and_escapes_are_cleaned(tmp_path: Path) -> None:
    body = TABLE.replace("Missed bins", "Missed &#27;[31mbins\u202e")
    path = tmp_path / "esc.html"
    path.write_bytes(page(body))
    assert parse_scorecard(path).measures[0].title == "Missed bins"


@pytest.mark.parametrize("name", ["appendix.txt", "appendix"])
def test_a_saved_page_without_its_html_name_is_read_as_a_page(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf\n" + page(TABLE))
    reading = read_scorecard(path)
    assert reading.family == "web page (HTML)"
    assert [(m.code, m.title, m.quarter_actual) for m in reading.report.measures] == [("K1", "Missed bins", 72.0)]
