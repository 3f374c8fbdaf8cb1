"""``scorecard import`` and ``scorecard inspect`` on spreadsheets: periods, --map, bad input, dry runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from scorecard_tui.cli.main import cli
from scorecard_tui.model import Measure
from scorecard_tui.store import Store

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
XLSX = OTHER / "illustrative-county-council-spreadsheet.xlsx"
CSV = OTHER / "illustrative-borough-council-spreadsheet.csv"
TITLE = "Corporate Performance Report - Quarter 1 2024/25"
HEADER = "Ref,Indicator,Target,Actual,RAG"
HOUSEHOLDS = "A1,Households in temporary accommodation,100,120,Red"
BINS = "A2,Missed bin collections,50,40,Green"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def imported(db: Path, *files: Path) -> Path:
    """Import ``files`` into ``db``, which must succeed; returns ``db``."""
    result = run("import", *map(str, files), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def latest_measures(db: Path) -> list[Measure]:
    """The measures of the latest report in ``db``."""
    with Store(db) as store:
        return store.measures(store.latest_report().id)


def refused(path: Path, db: Path):
    """Import ``path`` into ``db`` and check it is refused in one line, the database unchanged."""
    before = db.read_bytes()
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert db.read_bytes() == before
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = imported(tmp_path / "s.db", CSV)  # a database that holds something
    return path


def test_import_both_samples_and_reimport_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    result = run("import", str(XLSX), str(CSV), "--db", str(path))
    assert result.exit_code == 0, result.output
    assert "imported 8 measures in 3 directorates, 2023/24 Q2" in result.output
    assert "imported 7 measures in 3 directorates, 2023/24 Q3" in result.output
    again = run("import", str(XLSX), "--db", str(path))
    assert "already held, unchanged" in again.output
    summary = run("summary", "--db", str(path))
    assert summary.exit_code == 0 and "Blue" in summary.output


def test_the_next_quarter_joins_the_series(tmp_path: Path) -> None:
    q3 = write_csv(
        tmp_path / "q4.csv",
        "Illustrative Borough Council Performance Report - Quarter 4 2023/24",
        "KPI description,Aim,Target,Result,Status",
        "Business rates collected,High,98%,98.1%,G",
    )
    path = imported(tmp_path / "s.db", CSV, q3)
    with Store(path) as store:
        latest = store.latest_report()
        assert [r.period for r in store.series(latest)] == ["2023/24 Q3", "2023/24 Q4"]
        history = store.history(latest, store.measures(latest.id)[0].code)
        assert [info.period for info, _ in history] == ["2023/24 Q3", "2023/24 Q4"]  # derived code is stable


def test_the_dated_title_line_names_the_report_not_the_council_line_above_it(tmp_path: Path) -> None:
    csv = write_csv(
        tmp_path / "kpi.csv",
        "Anytown Borough Council",
        "Corporate Performance Report - Quarter 3 2023/24",
        "KPI Ref;Performance Indicator;Service Area;Good is;Q3 Target;Q3 Actual;Status",
        "ASC01;% of adults in receipt of direct payments;Adult Care;High;30%;27.5%;Amber",
    )
    path = imported(tmp_path / "s.db", csv)
    with Store(path) as store:
        info = store.latest_report()
        assert (info.name, info.period) == ("Corporate Performance Report", "2023/24 Q3")


def test_period_option_wins_and_a_missing_period_asks_for_it(tmp_path: Path) -> None:
    undated = write_csv(tmp_path / "kpis.csv", "Ref,Indicator,Target,Actual,RAG", "K1,Missed bins,80,72,G")
    path = tmp_path / "s.db"
    result = run("import", str(undated), "--db", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "--period" in result.stderr
    result = run("import", str(undated), "--db", str(path), "--period", "2024/25 Q1")
    assert result.exit_code == 0 and "2024/25 Q1" in result.output
    assert run("import", str(CSV), "--db", str(path), "--period", "2022/23 Q4").exit_code == 0
    with Store(path) as store:
        assert {r.period for r in store.reports()} == {"2024/25 Q1", "2022/23 Q4"}
        report = store.load_report(store.find_report("2024/25 Q1").id)
        assert report.fetched_at is None and report.measures[0].code == "K1"


def test_a_missing_period_and_unknown_rating_words_are_said_together(db: Path, tmp_path: Path) -> None:
    """Both fixes in one line, by import and inspect alike: before, the period was asked for, and
    only the next try said the rating words (Hart DC's ``lg``/``lr`` status codes)."""
    undated = write_csv(
        tmp_path / "kpis.csv", "Ref,Indicator,Target,Actual,RAG", "K1,Missed bins,80,72,lg", "K2,B,1,2,G"
    )
    for command in ("import", "inspect"):
        result = run(command, str(undated), "--db", str(db))
        assert result.exit_code == 2
        line = result.stderr.strip()
        assert "\n" not in line and "--period" in line, command
        assert "'lg' is not a rating word (1 row: row 2): add --rating 'lg=Red|Amber|Green|Blue|none'" in line, command
    assert run("import", str(undated), "--db", str(db), "--period", "2024/25 Q1", "--rating", "lg=Green").exit_code == 0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Quarter 1 2024/25", "Ref,Target,Actual,RAG", "K1,80,72,G"), "no header row naming a measure or indicator"),
        (("Corporate report Q1 2024/25", "", ""), "no header row naming a measure or indicator"),
        (
            ("Report Q1 2024/25", "Ref,Indicator,Target,Actual,RAG", "K1,A,1,2,G", "K2,B,1,2,Purple", "K3,C,1,2,Mauve"),
            "'Purple' is not a rating word (1 row: row 4): add --rating 'Purple=Red|Amber|Green|Blue|none'; "
            "'Mauve' is not a rating word (1 row: row 5)",
        ),
    ],
)
def test_bad_tables_cost_one_line_and_change_nothing(db: Path, tmp_path: Path, lines, expected: str) -> None:
    result = refused(write_csv(tmp_path / "bad.csv", *lines), db)
    assert result.stderr.startswith("scorecard: ")
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_empty_sheet_and_headerless_sheet(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    headerless = tmp_path / "numbers.xlsx"
    wb = Workbook()
    for row in ([1, 2, 3], [4, 5, 6]):
        wb.active.append(row)
    wb.save(headerless)
    for path, words in ((empty, "seen: nothing"), (headerless, "no header row naming a measure or indicator")):
        assert words in refused(path, db).stderr


def test_zip_that_is_not_a_workbook(db: Path, tmp_path: Path) -> None:
    import zipfile

    docx = tmp_path / "pack.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    result = run("import", str(docx), "--db", str(db))
    assert result.exit_code == 2 and "a Word document, not an .xlsx spreadsheet" in result.stderr


def test_map_is_used_remembered_and_shown_by_inspect(tmp_path: Path) -> None:
    lines = (
        "Neighbourhood Scorecard Q1 2024/25",
        "Ref,What we count,Goal,Latest,RAG",
        "N1,Street lights fixed,95,97,G",
    )
    q1 = write_csv(tmp_path / "q1.csv", *lines)
    q2 = write_csv(tmp_path / "q2.csv", "Neighbourhood Scorecard Q2 2024/25", *lines[1:])
    path = tmp_path / "s.db"
    failed = run("import", str(q1), "--db", str(path))
    assert failed.exit_code == 2 and "seen: 'Ref', 'What we count', 'Goal', 'Latest', 'RAG'" in failed.stderr
    maps = ["--map", "What we count=title", "--map", "Goal=quarter_target", "--map", "Latest=quarter_actual"]
    assert run("import", str(q1), "--db", str(path), *maps).exit_code == 0
    shown = run("inspect", str(q2), "--db", str(path))
    assert shown.exit_code == 0
    assert "remembered --map" in shown.output and "quarter_target" in shown.output
    assert run("import", str(q2), "--db", str(path)).exit_code == 0  # no --map: remembered
    with Store(path) as store:
        (m,) = store.measures(store.latest_report().id)
        assert (m.title, m.quarter_target, m.quarter_actual) == ("Street lights fixed", 95.0, 97.0)
        assert store.header_maps("Neighbourhood Scorecard", "not stated")["Goal"] == "quarter_target"


def test_map_with_an_unknown_field_is_one_line(tmp_path: Path) -> None:
    result = run("import", str(CSV), "--db", str(tmp_path / "s.db"), "--map", "Aim=goodness")
    assert result.exit_code == 2 and "'goodness' is not a field" in result.stderr
    assert not (tmp_path / "s.db").exists()


def test_inspect_is_a_dry_run(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    result = run("inspect", str(XLSX), "--db", str(path))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "spreadsheet (.xlsx)" in out and "2023/24 Q2" in out and "'Quarter 2 2023/24'" in out
    assert "Performance Indicator" in out and "title" in out and "First 5 of 8 measures" in out
    assert "ASC02" in out and "NI 130" in out and "Dry run: nothing was written." in out
    assert not path.exists()
    result = run("import", str(CSV), "--db", str(path))
    before = path.read_bytes()
    out = run("inspect", str(CSV), "--db", str(path), "--map", "Aim=ignore").output
    assert "no code column" in out and "ignored (--map)" in out
    assert path.read_bytes() == before


def test_inspect_shows_the_mapping_before_a_row_error(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "b.csv", "Report Q1 2024/25", "Ref,Indicator,RAG", "K1,A,Purple")
    result = run("inspect", str(bad), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2
    assert "rag_quarter" in result.output and "'Purple' is not a rating word" in result.stderr


def test_inspect_prints_hostile_text_literally(tmp_path: Path) -> None:
    hostile = write_csv(
        tmp_path / "h.csv",
        "[bold red]Evil[/] report Q1 2024/25",
        "Ref,Indicator,[link=http://x]RAG[/link]",
        "K1,\x1b[31mRed text\x1b[0m [blink]x[/blink],G",
    )
    result = CliRunner().invoke(cli, ["inspect", str(hostile), "--db", str(tmp_path / "s.db")], color=True)
    assert result.exit_code == 0, result.output
    assert "[bold red]Evil[/] report" in result.output
    assert "[blink]x[/blink]" in result.output and "[link=http://x]RAG[/link]" in result.output
    assert "\x1b[31m" not in result.output


def test_export_summary_and_brief_of_a_report_without_fetch_time(tmp_path: Path) -> None:
    import json

    path = imported(tmp_path / "s.db", XLSX)
    (report,) = json.loads(run("export", "--db", str(path)).output)["reports"]
    assert report["fetched_at"] is None
    by_code = {m["code"]: m for m in report["measures"]}
    assert by_code["ASC02"]["polarity"] == "lower" and by_code["PE03"]["rag_quarter"] == "Blue"
    brief = run("brief", "--db", str(path)).output
    assert "Reviews as of 30 September 2023" in brief and "Fetched" not in brief
    assert "| Blue |" in next(line for line in brief.splitlines() if line.startswith("| Directorate |"))
    assert "| Blue |" in run("summary", "--db", str(path)).output.replace("┃", "|")


def test_unreadable_direction_is_noted_not_fatal(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "d.csv", "Report Q1 2024/25", "Ref,Indicator,RAG,DoT", "K1,A,G,Annual measure", "K2,B,R,Worse"
    )
    result = run("inspect", str(path), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0
    assert "row 3: direction 'Annual measure' read as no direction" in result.output


def test_inspect_shows_the_mapping_of_an_undated_table(tmp_path: Path) -> None:
    undated = write_csv(tmp_path / "u.csv", "Ref,Indicator,Target,Actual,RAG", "K1,Missed bins,80,72,G")
    result = run("inspect", str(undated), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2 and "--period" in result.stderr
    assert "quarter_target" in result.output
    dated = run("inspect", str(undated), "--db", str(tmp_path / "s.db"), "--period", "2024/25 Q1")
    assert "Missed bins" in dated.output and "from --period" in dated.output


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .xlsx or .csv"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40, "damaged zip"),
    ],
)
def test_old_excel_and_broken_zip(db: Path, tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert expected in refused(path, db).stderr


def test_ods_is_named(db: Path, tmp_path: Path) -> None:
    import zipfile

    ods = tmp_path / "kpis.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    result = run("import", str(ods), "--db", str(db))
    assert result.exit_code == 2 and "OpenDocument" in result.stderr


def test_csv_with_a_giant_cell_is_one_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "giant.csv"
    path.write_text('Ref,Indicator,RAG\r\nK1,"' + "x" * 200_000 + '",G\r\n')
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "line 2 of the CSV has a cell of over 131,072 characters; a cell holds at most 32,767" in result.stderr


def test_the_import_line_counts_one_directorate_in_the_singular(tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "one.csv", TITLE, HEADER, HOUSEHOLDS)
    result = run("import", str(csv), "--db", str(tmp_path / "s.db"))
    assert "imported 1 measure in 1 directorate, 2024/25 Q1" in result.output


def test_a_table_with_no_grouping_goes_under_one_directorate_named_after_the_report(tmp_path: Path) -> None:
    """Issue 9, point 1: no grouping column, section row or heading: the report's name is the directorate."""
    csv = write_csv(tmp_path / "flat.csv", TITLE, HEADER, HOUSEHOLDS, BINS)
    measures = latest_measures(imported(tmp_path / "s.db", csv))
    assert {m.directorate for m in measures} == {"Corporate Performance Report"}


def test_a_repeated_code_is_code_hash_2_and_never_takes_a_real_code(tmp_path: Path) -> None:
    """Issue 18, point 9: as in every family, the second A1 is A1#2; a real A1-2 stays A1-2."""
    families = "A1,Households in temporary accommodation (families),50,40,Green"
    csv = write_csv(
        tmp_path / "repeats.csv", TITLE, HEADER, HOUSEHOLDS, families, "A1-2,Missed bin collections,50,40,Green"
    )
    measures = latest_measures(imported(tmp_path / "s.db", csv))
    assert [(m.code, m.key) for m in measures] == [("A1", "A1"), ("A1", "A1#2"), ("A1-2", "A1-2")]
    assert measures[2].title == "Missed bin collections"


SHORT_TAIL = [f"A{n},Indicator {n},10,12,Green" for n in range(48)]
LONG_TAIL = [f"A{n},Indicator {n} with a longer title to fill the file,10,12,Green" for n in range(3_000)]


@pytest.mark.parametrize(
    "lines",
    [
        (TITLE, HEADER, *SHORT_TAIL[:2], 'B1,"Households in temporary accommodation,100,120,Red', *SHORT_TAIL[2:]),
        (HEADER, *LONG_TAIL[:3], 'B1,Households,"100,120,Red', *LONG_TAIL[3:]),
    ],
    ids=["short tail", "tail past the reader's cell limit"],
)
def test_a_quote_that_never_closes_is_refused_naming_its_line(db: Path, tmp_path: Path, lines: tuple[str, ...]) -> None:
    """Issue 18, point 9: it swallowed every row after it into one title. Past the CSV reader's cell
    limit (131,072 characters) too, it is the line the quote opened on that is named."""
    result = refused(write_csv(tmp_path / "quote.csv", *lines), db)
    assert "line 5 of the CSV opens a quote that never closes" in result.stderr


def test_quoted_cells_over_several_lines_still_read(tmp_path: Path) -> None:
    csv = write_csv(
        tmp_path / "multiline.csv",
        TITLE,
        "Ref,Indicator,Target,Actual,RAG,Commentary",
        'A1,"Households in ""temporary"" accommodation",100,120,Red,"First paragraph.',
        "",
        'Second paragraph."',
        "A2,Missed bin collections,50,40,Green,Fine",
    )
    first, second = latest_measures(imported(tmp_path / "s.db", csv))
    assert first.title == 'Households in "temporary" accommodation'
    assert first.commentary == "First paragraph.\nSecond paragraph."
    assert second.code == "A2"


LINES = (
    b"Corporate Performance Report - Quarter 1 2024/25\r\n",
    b"Ref,Indicator,Target,Actual,RAG\r\n",
    b"A1,Spend per pupil (\xc2\xa3),100,120,Red\r\n",  # UTF-8
    b"A2,Spend per resident (\xa3),50,40,Green\r\n",  # Windows-1252
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (LINES, "line 4 of the CSV is not UTF-8 though line 3 is: the file mixes encodings; save it as UTF-8"),
        (
            (*LINES[:2], LINES[3], LINES[2]),
            "line 4 of the CSV is UTF-8 though line 3 is not: the file mixes encodings; save it as UTF-8",
        ),
        (
            (*LINES[:2], b"A1,Caf\xc3\xa9 \xa3 visits,100,120,Red\r\n"),
            "line 3 of the CSV mixes UTF-8 with bytes that are not UTF-8",
        ),
        (
            (*LINES[:3], b"A2,Spend \x81,50,40,Green\r\n"),
            "line 4 of the CSV is not UTF-8 though line 3 is",
        ),
        (
            (b"\xef\xbb\xbf" + LINES[0], LINES[1], LINES[3]),
            "line 3 of the CSV is not UTF-8 though it starts with UTF-8's byte-order mark",
        ),
        (
            (*LINES[:2], b"A2,Spend \x81\x8d,50,40,Green\r\n"),
            "line 3 of the CSV is neither UTF-8 nor Windows-1252: save it as UTF-8 (in Excel: CSV UTF-8)",
        ),
    ],
    ids=["utf-8 then 1252", "1252 then utf-8", "one line", "a byte no encoding has", "marked utf-8", "not 1252"],
)
def test_a_csv_of_mixed_or_unknown_encoding_is_refused_not_guessed(
    db: Path, tmp_path: Path, lines: tuple[bytes, ...], expected: str
) -> None:
    """Issue 18, point 9: it imported as mojibake."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"".join(lines))
    assert expected in refused(path, db).stderr


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_one_encoding_throughout_reads(tmp_path: Path, encoding: str) -> None:
    text = "Corporate Performance Report - Quarter 1 2024/25\r\nRef,Indicator,Target,Actual,RAG\r\n"
    text += "A1,Spend per pupil (£) – café,100,120,Red\r\n"
    path = tmp_path / "one.csv"
    path.write_bytes(text.encode(encoding))
    (measure,) = latest_measures(imported(tmp_path / "s.db", path))
    assert measure.title == "Spend per pupil (£) – café"


def test_a_value_beyond_the_header_is_refused_not_dropped(db: Path, tmp_path: Path) -> None:
    """Break test: a comma inside an unquoted value pushed the row's last cell past the header, and the
    import dropped it without a word (a real council's KPI line, 'per 100,000')."""
    path = write_csv(
        tmp_path / "kpis.csv",
        "Period: 2014/15 Q1",
        "KPI ref,Description,Team,Current value,Target,Status,Notes",
        "CS01,Calls answered,Customer Services,94.8,90,Green,No notes",
        "ETS01,Missed collections (per 100,000),Waste,401,40,Red,Figures not yet agreed",
    )
    result = refused(path, db)
    assert "row 4 has 1 value(s) beyond the header's 7 columns ('Figures not yet agreed')" in result.stderr
    assert "comma inside a value without quotes" in result.stderr
