"""A council's own KPI export (issue 19): no title, dated file names, legend words as ratings, a Team
column; two quarters that form one series."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.model import Direction, Rag
from scorecard_tui.parse import parse_scorecard, read_scorecard
from scorecard_tui.parse.table_report import name_from_file, parse_choices
from scorecard_tui.store import Store
from scorecard_tui.store.lens import LensStore
from tests.conftest import load_script
from tests.helpers import field_mismatches, kpis_csv

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
Q2 = OTHER / "illustrative-district-kpis-2023-09.csv"
Q3 = OTHER / "illustrative-district-kpis-2023-12.csv"
PERIODS = {Q2: "2023/24 Q2", Q3: "2023/24 Q3"}


def source_of(sample: Path) -> dict:
    return json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("sample", [Q2, Q3], ids=lambda p: p.stem[-7:])
def test_every_field_of_every_measure(sample: Path) -> None:
    report = parse_scorecard(sample, period=PERIODS[sample])
    source = source_of(sample)
    assert field_mismatches(report, source) == []
    assert (report.name, report.source, report.period) == (source["name"], source["source"], source["period"])


@pytest.mark.parametrize("sample", [Q2, Q3], ids=lambda p: p.stem[-7:])
def test_committed_sample_is_what_the_script_builds_and_is_marked(sample: Path, tmp_path: Path) -> None:
    source = source_of(sample)
    out = tmp_path / sample.name
    load_script(OTHER / "build_spreadsheets.py").build_csv(source, out)
    assert out.read_bytes() == sample.read_bytes()
    assert source["illustrative"] is True and "ILLUSTRATIVE" in source["note"] and "illustrative" in sample.name


def test_legend_words_are_listed_with_what_they_store() -> None:
    reading = read_scorecard(Q2, period="2023/24 Q2")
    words = {w.word: (w.meaning, w.rows, w.how) for w in reading.rating_words}
    assert words == {
        "Close to target": ("Amber", 2, "built in"),
        "Above target": ("Green", 3, "built in"),
        "Below target": ("Red", 1, "built in"),
        "For info only": ("none", 1, "built in"),
    }


@pytest.mark.parametrize(
    ("file", "name"),
    [("hart-dc-kpis-2014-09.csv", "Hart DC KPIs"), ("hart-dc-kpis-2014-11.csv", "Hart DC KPIs"),
     ("Corporate_KPIs_Q3_2023-24_v2_FINAL.xlsx", "Corporate KPIs"), ("kpis 30-09-2023 (1).csv", "KPIs"),
     ("district-performance-20231231.csv", "District Performance")],
)  # fmt: skip
def test_a_file_with_no_title_is_named_without_dates_quarters_or_versions(file: str, name: str) -> None:
    assert name_from_file(Path(file)) == name


def test_two_quarters_form_one_series(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    for sample, period in PERIODS.items():
        assert run("import", str(sample), "--db", str(db), "--period", period).exit_code == 0
    with Store(db) as store:
        reports = store.reports()
        assert [(r.name, r.period) for r in reports] == [
            ("Illustrative District KPIs", "2023/24 Q2"),
            ("Illustrative District KPIs", "2023/24 Q3"),
        ]
        latest = reports[-1]
        assert [r.period for r in store.series(latest)] == ["2023/24 Q2", "2023/24 Q3"]
        assert store.previous_report(latest) == reports[0]
        history = store.history(latest, "DK01")
        assert [(info.period, m.rag_quarter, m.quarter_actual) for info, m in history] == [
            ("2023/24 Q2", Rag.AMBER, 43.0),
            ("2023/24 Q3", Rag.RED, 39.5),
        ]
        rows = {row.entry.key if hasattr(row, "entry") else row.key: row for row in LensStore(store).lens_rows(latest)}
        assert "DK01" in rows


def test_series_names_a_report_outright(tmp_path: Path) -> None:
    reading = read_scorecard(Q2, period="2023/24 Q2", overrides=parse_choices((), (), "District scorecard"))
    assert reading.report.name == "District scorecard"


def test_an_unknown_rating_word_is_named_once_with_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "kpis-2024-03.csv"
    rows = [f"K{i},Measure {i},{v},Just about" for i, v in enumerate(range(5), start=1)]
    bad.write_text("Ref,Indicator,Actual,Status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = run("import", str(bad), "--db", str(db), "--period", "2023/24 Q4")
    assert result.exit_code == 2
    assert "'Just about' is not a rating word (5 rows: row 2, row 3, row 4, ...): add --rating " in result.stderr
    assert "'Just about=Red|Amber|Green|Blue|none'" in result.stderr
    assert "rows cannot be read" not in result.stderr


def test_rating_is_used_remembered_for_the_series_and_shown_by_inspect(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    q1 = kpis_csv(tmp_path, "Ref,Indicator,Actual,Status\nK1,Measure,5,Just about\nK2,Other,6,On target\n")
    ok = run("import", str(q1), "--db", str(db), "--period", "2024/25 Q1", "--rating", "just about = Amber")
    assert ok.exit_code == 0, ok.output
    q2 = tmp_path / "kpis-2024-09.csv"
    q2.write_text("Ref,Indicator,Actual,Status\nK1,Measure,5,JUST ABOUT.\n", encoding="utf-8")
    shown = run("inspect", str(q2), "--db", str(db), "--period", "2024/25 Q2")
    assert shown.exit_code == 0, shown.output
    assert "JUST ABOUT." in shown.output and "remembered --rating" in shown.output and "Amber" in shown.output
    assert run("import", str(q2), "--db", str(db), "--period", "2024/25 Q2").exit_code == 0
    with Store(db) as store:
        latest = store.reports()[-1]
        assert (latest.name, store.ratings(latest.id)) == ("KPIs", {"K1": Rag.AMBER})


def test_a_rating_word_no_cell_uses_is_said_once_a_likely_typo_and_a_control_character_never_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    q1 = kpis_csv(tmp_path, "Ref,Indicator,Actual,Status\nK1,Measure,5,On target\n")
    typo = "\x1b[2JJust abuot=Amber"
    result = run("import", str(q1), "--db", str(db), "--period", "2024/25 Q1", "--rating", typo)
    assert result.exit_code == 0, result.output
    assert "--rating 'Just abuot=Amber': no rating cell says 'Just abuot' (remembered for the series all the same)" in (
        result.stderr
    )
    assert "\x1b" not in result.output + result.stderr
    with Store(db) as store:
        assert store.rating_words("KPIs", "not stated") == {"Just abuot": "Amber"}


def test_a_rating_that_names_no_rating_is_refused_before_the_database_is_made(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2", "--rating", "Above target=Purple")
    assert result.exit_code == 2
    assert "--rating 'Above target=Purple': 'Purple' is not Red, Amber, Green, Blue or none" in result.stderr


def test_exceeded_in_a_report_with_no_blue_is_blue_and_inspect_says_so(tmp_path: Path) -> None:
    f = kpis_csv(tmp_path, "Ref,Indicator,Actual,Status\nK1,Measure,5,Exceeded\nK2,Other,6,On target\n")
    shown = run("inspect", str(f), "--db", str(tmp_path / "s.db"), "--period", "2024/25 Q1")
    assert "rating 'Exceeded' is stored as Blue" in " ".join(shown.output.split())
    assert "--rating 'Exceeded=Green'" in " ".join(shown.output.split())


def test_two_trend_columns_keep_the_short_one_as_direction_and_the_long_one_apart(tmp_path: Path) -> None:
    f = kpis_csv(
        tmp_path,
        "Ref,Indicator,Actual,Long Trend,Short Trend\n"
        "K1,Measure,5,Getting Worse,Improving\nK2,Other,6,No Change,Getting Worse\n",
    )
    db = tmp_path / "s.db"
    assert run("import", str(f), "--db", str(db), "--period", "2024/25 Q1").exit_code == 0
    with Store(db) as store:
        measures = store.measures(store.reports()[-1].id)
    assert [(m.direction and m.direction.value, m.long_direction and m.long_direction.value) for m in measures] == [
        ("Improving", "Deteriorating"),
        ("Deteriorating", "Stabilised"),
    ]
    exported = json.loads(run("export", "--db", str(db)).output)
    assert exported["reports"][0]["measures"][0]["long_direction"] == "Deteriorating"


def _two_bad_rows(tmp_path: Path) -> Path:
    return kpis_csv(
        tmp_path,
        "Ref,Indicator,Actual,Status\nK1,Measure one,5,On target\nK2,Measure two,6,Purple\nK3,,7,Red\n"
        "K4,Measure four,8,Below target\n",
    )


def test_by_default_a_bad_row_stores_nothing_and_names_the_way_through(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = run("import", str(_two_bad_rows(tmp_path)), "--db", str(db), "--period", "2024/25 Q1")
    assert result.exit_code == 2
    assert (
        "'Purple' is not a rating word (1 row: row 3)" in result.stderr and "row 4: no measure title" in result.stderr
    )
    assert "--skip-unreadable" in result.stderr
    with Store(db) as store:
        assert store.reports() == []


def test_skip_unreadable_imports_the_rest_and_every_place_shows_the_rows_left_out(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    f = _two_bad_rows(tmp_path)
    shown = run("inspect", str(f), "--db", str(db), "--period", "2024/25 Q1", "--skip-unreadable")
    assert "2 rows not read (--skip-unreadable)" in shown.output
    result = run("import", str(f), "--db", str(db), "--period", "2024/25 Q1", "--skip-unreadable")
    assert result.exit_code == 0, result.output
    assert "imported 2 measures in 1 directorate, 2024/25 Q1, 1 page; 2 rows not read, recorded" in result.output
    expected = [
        "row 3: 'K2 | Measure two | 6 | Purple': not a rating: 'Purple' "
        "(add --rating 'Purple=Red|Amber|Green|Blue|none')",
        "row 4: 'K3 | (blank) | 7 | Red': no measure title (check the row, or its column's --map)",
    ]
    with Store(db) as store:
        info = store.reports()[-1]
        assert (info.measure_count, info.unread_count) == (2, 2)
        assert store.load_report(info.id).unread_rows == tuple(expected)
    exported = json.loads(run("export", "--db", str(db)).output)
    assert exported["reports"][0]["unread_rows"] == expected
    summary = " ".join(run("summary", "--db", str(db)).output.split())
    assert "2 rows not read (imported with --skip-unreadable):" in summary and "'K2 | Measure two" in summary
    brief = run("brief", "--db", str(db)).output
    assert "2 rows of the file were not read" in brief and "- row 3: 'K2 " in brief and "Purple" in brief


def test_rows_not_read_are_rows_of_both_csvs(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    f = kpis_csv(tmp_path, "Ref,Indicator,Actual,Status\nK1,Measure one,5,On target\n=1+2,Measure two,6,Purple\n")
    assert run("import", str(f), "--db", str(db), "--period", "2024/25 Q1", "--skip-unreadable").exit_code == 0
    line = (
        "row 3: '=1+2 | Measure two | 6 | Purple': not a rating: 'Purple' "
        "(add --rating 'Purple=Red|Amber|Green|Blue|none')"
    )
    exported = list(csv.DictReader(io.StringIO(run("export", "--db", str(db), "--format", "csv").output)))
    assert [(r["kind"], r["code"], r["title"]) for r in exported] == [
        ("measure", "K1", "Measure one"),
        ("row not read", "", line),
    ]
    assert exported[1]["period"] == "2024/25 Q1" and exported[1]["quarter_actual"] == ""
    brief = list(csv.DictReader(io.StringIO(run("brief", "--db", str(db), "--format", "csv").output)))
    assert (brief[0]["section"], brief[0]["code"], brief[0]["detail"]) == ("Row not read", "", line)


def test_the_app_header_says_how_many_rows_were_not_read() -> None:
    from scorecard_tui.app.render import direction_lines
    from scorecard_tui.app.view import Marks
    from scorecard_tui.app.widgets.report_header import HeaderFacts, report_line
    from scorecard_tui.model import Direction, Measure, ReportInfo

    info = ReportInfo(1, "KPIs", "not stated", "2024/25 Q1", None, 1, 1, "kpis.csv", unread_count=2)
    text = report_line(HeaderFacts(info, [], Marks()), 80).plain  # the header the app shows, at 80 columns
    assert "2 rows not read" in text
    m = Measure("D", "K1", "T", None, None, None, None, None, None, None, Direction.IMPROVING, "", "", "")
    lines = direction_lines(replace(m, long_direction=Direction.DETERIORATING)).plain
    assert "Improving (short term)" in lines and "Long term  ↓ Deteriorating" in lines


def test_a_file_named_another_way_joins_the_series_with_its_columns_and_codes(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2").exit_code == 0
    renamed = tmp_path / "Performance indicators for December.csv"
    renamed.write_bytes(Q3.read_bytes())
    shown = " ".join(run("inspect", str(renamed), "--db", str(db), "--period", "2023/24 Q3").output.split())
    assert "joins the held series 'Illustrative District KPIs': the same columns, and 7 of its 7 codes" in shown
    assert run("import", str(renamed), "--db", str(db), "--period", "2023/24 Q3").exit_code == 0
    with Store(db) as store:
        assert [(r.name, r.period) for r in store.reports()] == [
            ("Illustrative District KPIs", "2023/24 Q2"),
            ("Illustrative District KPIs", "2023/24 Q3"),
        ]


def test_a_new_name_with_the_same_headers_is_offered_the_held_choices(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = kpis_csv(tmp_path, "Ref,What we count,Actual,Status\nK1,Measure,5,Just about\n")
    args = ("--period", "2024/25 Q1", "--map", "What we count=title", "--rating", "Just about=Amber")
    assert run("import", str(first), "--db", str(db), *args).exit_code == 0
    other = tmp_path / "team-scorecard-2024-09.csv"
    other.write_text("Ref,What we count,Actual,Status\nX9,Other measure,5,Just about\n", encoding="utf-8")
    shown = " ".join(run("inspect", str(other), "--db", str(db), "--period", "2024/25 Q2").output.split())
    assert "--map and --rating choices remembered from 'KPIs' (same headers)" in shown
    assert "Team Scorecard" in shown and "Amber" in shown


def test_previous_value_is_kept_and_gives_a_derived_direction_by_polarity(tmp_path: Path) -> None:
    report = parse_scorecard(Q2, period="2023/24 Q2")
    dk02 = next(m for m in report.measures if m.code == "DK02")  # Green below its target: lower is better
    assert (dk02.previous_actual, dk02.quarter_actual, dk02.direction, dk02.direction_derived) == (
        62.0,
        48.0,
        Direction.IMPROVING,
        True,
    )
    dk06 = next(m for m in report.measures if m.code == "DK06")  # no target, no rating: polarity unknown
    assert (dk06.previous_actual, dk06.direction, dk06.direction_derived) == (38.0, None, False)
    db = tmp_path / "s.db"
    assert run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2").exit_code == 0
    with Store(db) as store:
        stored = {m.code: m for m in store.measures(store.reports()[-1].id)}
    assert stored["DK02"] == dk02
    from scorecard_tui.app.render import direction_lines

    lines = direction_lines(dk02).plain
    assert "(derived from the previous value)" in lines and "Previous   62 " in lines.replace("62.0", "62 ")
    assert "(as reported, not imported)" in lines


def test_a_report_with_only_an_annual_target_compares_the_actual_with_it(tmp_path: Path) -> None:
    f = kpis_csv(tmp_path, "Ref,Indicator,Actual,Annual target,Status\nK1,Measure,212,250,Red\n")
    m = parse_scorecard(f, period="2024/25 Q1").measures[0]
    assert (m.quarter_target, m.forecast_target, m.comparison_target) == (None, 250.0, (250.0, "annual target"))
    db = tmp_path / "s.db"
    assert run("import", str(f), "--db", str(db), "--period", "2024/25 Q1").exit_code == 0
    summary = " ".join(run("summary", "--db", str(db)).output.split())
    assert "212 (annual" in summary and "target 250)" in summary and "(N/A)" not in summary
    brief = run("brief", "--db", str(db)).output
    assert "212 (annual target 250)" in brief


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2_400_000.0, "£2,400,000"), (-1200.0, "-£1,200"), (12.5, "£12.50"), (350_000.0, "£350,000")],
)
def test_money_is_shown_as_the_report_shows_it(value: float, shown: str) -> None:
    from scorecard_tui.model import format_value
    from scorecard_tui.parse.cells import parse_value_text

    assert format_value(value, "£") == shown
    assert parse_value_text(shown) == (value, "£")


def test_series_names_a_doris_report_too(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_PDF

    db = tmp_path / "s.db"
    assert run("import", str(SAMPLE_PDF), "--db", str(db), "--series", "Derby scorecard").exit_code == 0
    with Store(db) as store:
        assert [r.name for r in store.reports()] == ["Derby scorecard"]


def test_many_unknown_words_cost_one_short_line(tmp_path: Path) -> None:
    f = tmp_path / "kpis-2024-06.csv"
    rows = "".join(f"K{i},Measure {i},{i},Word{i}\n" for i in range(2000))
    f.write_text("Ref,Indicator,Actual,Status\n" + rows, encoding="utf-8")
    result = run("import", str(f), "--db", str(tmp_path / "s.db"), "--period", "2024/25 Q1")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and len(result.stderr) < 800
    assert (
        "also not rating words: 'Word3' (1 row), 'Word4' (1 row), 'Word5' (1 row), 'Word6' (1 row), and 1993 more"
        in (result.stderr)
    )


def test_a_fourth_unknown_word_is_named_not_counted(tmp_path: Path) -> None:
    f = tmp_path / "kpis-2024-06.csv"
    rows = "".join(f"K{i},Measure {i},{i},{w}\n" for i, w in enumerate(["lg", "la", "lr", "ld", "ld", "lg"]))
    f.write_text("Ref,Indicator,Actual,Status\n" + rows, encoding="utf-8")
    result = run("import", str(f), "--db", str(tmp_path / "s.db"), "--period", "2024/25 Q1")
    assert result.exit_code == 2
    assert "; also not rating words: 'ld' (2 rows); nothing imported" in result.stderr


def test_history_shows_a_previous_period_not_held_as_reported(tmp_path: Path) -> None:
    from rich.console import Console

    from scorecard_tui.app.history import history_section

    db = tmp_path / "s.db"
    assert run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2").exit_code == 0
    with Store(db) as store:
        info = store.reports()[-1]
        rows = store.history(info, "DK01")
    console = Console(width=120, record=True, color_system=None)
    console.print(history_section(rows, info.period))
    shown = console.export_text()
    assert "History (2 periods)" in shown
    assert "2023/24 Q1 (reported)" in shown and "41.2%" in shown


def test_the_apps_import_finds_remembered_ratings_and_held_series_through_its_store_thread(tmp_path: Path) -> None:
    from scorecard_tui.importing import RememberedThrough

    db = tmp_path / "s.db"
    assert (
        run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2", "--rating", "Close to target=Red").exit_code
        == 0
    )
    renamed = tmp_path / "december.csv"
    renamed.write_bytes(Q3.read_bytes())
    with Store(db) as store:
        remembered = RememberedThrough(lambda fn: fn(store))
        reading = read_scorecard(renamed, period="2023/24 Q3", remembered=remembered)
    assert reading.report.name == "Illustrative District KPIs"
    assert [m.rag_quarter for m in reading.report.measures if m.code == "DK03"] == [Rag.RED]


def test_a_titled_report_keeps_its_title_though_its_columns_and_codes_are_held(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("import", str(Q2), "--db", str(db), "--period", "2023/24 Q2").exit_code == 0
    titled = tmp_path / "exceptions.csv"
    titled.write_text("District KPI exceptions\n\n" + Q3.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("import", str(titled), "--db", str(db), "--period", "2023/24 Q2").exit_code == 0
    with Store(db) as store:
        assert sorted(r.name for r in store.reports()) == ["District KPI exceptions", "Illustrative District KPIs"]
