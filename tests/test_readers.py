"""Issue 19, Shape and point 10: one reader per family, asked in turn; ``inspect`` says which looked
and why they declined; a file in no known layout says what is read and what to try."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.parse import NotClaimed, read_scorecard
from scorecard_tui.parse.readers import Claim, Decline, registry

OTHER = Path(__file__).parents[1] / "sample_data" / "other-councils"
CSV = OTHER / "illustrative-borough-council-spreadsheet.csv"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_each_reader_claims_its_own_files_and_declines_with_a_reason() -> None:
    names = [r.name for r in registry()]
    assert len(names) == len(set(names))
    claims = {r.name: r.claims(b"%PDF-1.7\n", ".pdf") for r in registry()}
    assert isinstance(claims["PDF"], Claim)
    assert all(isinstance(c, Decline) and c.reason for n, c in claims.items() if n in (".xlsx", ".xls"))


def test_inspect_lists_the_readers_that_looked(tmp_path: Path) -> None:
    result = run("inspect", str(CSV), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.output
    assert "Readers that looked" in result.output
    assert "PDF: does not start with %PDF" in result.output
    assert "CSV or tab-separated text: read it" in result.output
    reading = read_scorecard(CSV)
    assert reading.looked[-1] == "CSV or tab-separated text: read it"


LETTER = "Dear colleague,\nplease find attached the figures for the quarter.\n"


def test_a_letter_says_which_layouts_are_read_and_what_to_try(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(LETTER)
    with pytest.raises(NotClaimed) as caught:
        read_scorecard(path)
    message = str(caught.value)
    assert "Quarterly data" not in message
    assert "header row naming a measure or indicator column" in message
    assert "scorecard inspect" in message and "save the table as CSV or .xlsx" in message
    inspected = run("inspect", str(path), "--db", str(tmp_path / "s.db"))
    assert inspected.exit_code == 2
    assert "DORIS-style text: no 'Directorate :' heading" in inspected.output
    assert "CSV or tab-separated text: its first lines do not split" in inspected.output


def test_a_binary_file_says_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(bytes(range(256)) * 20)
    result = run("import", str(path), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2
    assert "not a PDF or a text extraction of one, nor any file scorecard reads" in result.stderr


@pytest.mark.parametrize("content", [LETTER, "<html><body><p>Minutes of the meeting</p></body></html>"])
def test_a_refused_import_into_a_new_database_leaves_no_file(tmp_path: Path, content: str) -> None:
    bad = tmp_path / ("bad.html" if content.startswith("<") else "bad.txt")
    bad.write_text(content)
    db = tmp_path / "new.db"
    result = run("import", str(bad), "--db", str(db))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [bad.name]


def test_a_refused_import_into_an_existing_database_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("import", str(CSV), "--db", str(db)).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_text(LETTER)
    before = db.read_bytes()
    assert run("import", str(bad), "--db", str(db)).exit_code == 2
    assert db.exists() and db.read_bytes() == before


def test_one_good_file_among_bad_ones_keeps_the_new_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(LETTER)
    db = tmp_path / "new.db"
    result = run("import", str(bad), str(CSV), "--db", str(db))
    assert result.exit_code == 2 and "imported 7 measures" in result.output
    assert db.exists()


TAB_COPY = (
    "Quarter 3 2023/24 performance\n"
    "Ref\tIndicator\tTarget\tActual\tRAG\n"
    "K1\tMissed bins per 100,000 collections\t80\t72\tGreen\n"
    "K2\tCouncil tax collected (%)\t75\t71.5\tAmber\n"
)


@pytest.mark.parametrize("name", ["copied.txt", "copied.tsv", "copied"])
def test_a_table_copied_into_a_text_file_imports_as_a_csv_does(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(TAB_COPY)
    reading = read_scorecard(path)
    assert reading.family == "spreadsheet (.csv)"
    assert reading.report.period == "2023/24 Q3"
    assert [(m.code, m.title, m.quarter_actual, m.rag_quarter) for m in reading.report.measures] == [
        ("K1", "Missed bins per 100,000 collections", 72.0, "Green"),
        ("K2", "Council tax collected (%)", 71.5, "Amber"),
    ]


class Cancelled(Exception):
    """Raised from the progress callback, as the app's cancel does."""


def _rows(n: int) -> list[tuple[str, str, str, str, str]]:
    return [(f"K{i}", f"Indicator {i}", "80", "72", "Green") for i in range(n)]


def _write(kind: str, path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    header = ("Ref", "Indicator", "Target", "Actual", "RAG")
    if kind == "html":
        cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in rows)
        head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
        path.write_text(f"<html><head><title>Q2 2023/24</title></head><body><table>{head}{cells}</table></body></html>")
    elif kind == "xls":
        import xlwt

        book = xlwt.Workbook()
        sheet = book.add_sheet("Q2 2023-24")
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                sheet.write(r, c, value)
        book.save(str(path))
    else:
        from tests.test_ods_xls import ods, row

        ods(path, "".join(row(*r) for r in rows))


@pytest.mark.parametrize("kind", ["html", "xls", "ods"])
def test_a_cancel_from_the_progress_callback_comes_out_unchanged(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"big.{kind}"
    _write(kind, path, _rows(3_000))
    calls: list[tuple[int, int]] = []

    def on_page(done: int, total: int) -> None:
        calls.append((done, total))
        raise Cancelled

    with pytest.raises(Cancelled):
        read_scorecard(path, period="2023/24 Q2", on_page=on_page)
    assert calls
    finished: list[tuple[int, int]] = []
    reading = read_scorecard(path, period="2023/24 Q2", on_page=lambda d, t: finished.append((d, t)))
    assert len(reading.report.measures) == 3_000 and finished[-1][0] == finished[-1][1]
