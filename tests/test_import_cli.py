"""``scorecard import``: whole reports or nothing, one-line errors, idempotent re-imports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.cli.main import cli
from scorecard_tui.store import Store
from tests.conftest import SAMPLE_PDF, SEED_TEXT


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def dump(db: Path) -> list[str]:
    """Every row of every table, to prove a database did not change."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad input, with the reason the error must give."""
    files: dict[str, tuple[Path, str]] = {}
    (tmp / "notes.bin").write_bytes(bytes(range(256)) * 20)
    files["not a PDF"] = (tmp / "notes.bin", "not a PDF or a text extraction of one")
    (tmp / "empty.pdf").write_bytes(b"")
    files["empty"] = (tmp / "empty.pdf", "the file is empty")
    (tmp / "truncated.pdf").write_bytes(SAMPLE_PDF.read_bytes()[: SAMPLE_PDF.stat().st_size // 2])
    files["truncated"] = (tmp / "truncated.pdf", "the PDF is truncated or damaged")
    canvas = Canvas(str(tmp / "locked.pdf"), encrypt="secret")
    canvas.drawString(72, 72, "Directorate : Secret")
    canvas.save()
    files["encrypted"] = (tmp / "locked.pdf", "the PDF is encrypted")
    canvas = Canvas(str(tmp / "minutes.pdf"))
    canvas.drawString(72, 720, "Minutes of the meeting held on 3 May 2018")
    canvas.save()
    files["not a scorecard"] = (tmp / "minutes.pdf", "not a scorecard")
    (tmp / "letter.txt").write_text("Dear colleague,\nplease find attached.\n")
    files["text, not a scorecard"] = (tmp / "letter.txt", "no scorecard measures found")
    (tmp / "folder").mkdir()
    files["a folder"] = (tmp / "folder", "is a folder, not a file")
    files["missing"] = (tmp / "missing.pdf", "no such file")
    return files


@pytest.mark.pythons
def test_import_prints_one_summary_line(db_path: Path):
    result = run("import", str(SAMPLE_PDF), "--db", str(db_path))
    assert result.exit_code == 0
    assert result.output.strip().splitlines() == [
        f"{SAMPLE_PDF.name}: imported 20 measures in 3 directorates, 2018/19 Q1, 11 pages"
    ]


BAD_KINDS = ["not a PDF", "empty", "truncated", "encrypted", "not a scorecard", "text, not a scorecard", "a folder"]


@pytest.mark.pythons
@pytest.mark.parametrize("kind", [*BAD_KINDS, "missing"])
def test_bad_input_gets_one_line_and_changes_nothing(kind: str, tmp_path: Path, db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    before = dump(db_path)
    path, reason = bad_files(tmp_path)[kind]
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(db_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"scorecard: {path}: ")
    assert reason in lines[0]
    assert dump(db_path) == before


def test_other_files_on_the_command_line_still_import(tmp_path: Path, db_path: Path):
    files = bad_files(tmp_path)
    result = CliRunner().invoke(
        cli, ["import", str(files["truncated"][0]), str(SAMPLE_PDF), str(files["missing"][0]), "--db", str(db_path)]
    )
    assert result.exit_code == 2
    assert "imported 20 measures" in result.output
    assert result.output.count("scorecard: ") == 2
    with Store(db_path) as store:
        assert [r.measure_count for r in store.reports()] == [20]


def test_reimporting_the_same_file_changes_nothing(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    before = dump(db_path)
    result = run("import", str(SAMPLE_PDF), "--db", str(db_path))
    assert result.exit_code == 0
    assert "already held, unchanged" in result.output
    assert dump(db_path) == before


def test_a_new_file_for_a_held_period_replaces_it_and_says_so(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path))
    result = run("import", str(SEED_TEXT), "--db", str(db_path))
    assert result.exit_code == 0
    assert "replaced the 2018/19 Q1 report held before" in result.output
    with Store(db_path) as store:
        reports = store.reports()
        assert len(reports) == 1
        assert reports[0].file_name == SEED_TEXT.name
        assert reports[0].measure_count == 20


def test_period_option_files_the_report_under_that_period(db_path: Path):
    run("import", str(SAMPLE_PDF), "--db", str(db_path), "--period", "2018/19 Q2")
    with Store(db_path) as store:
        assert [r.period for r in store.reports()] == ["2018/19 Q2"]


def test_a_bad_period_label_is_refused(db_path: Path):
    result = CliRunner().invoke(cli, ["import", str(SAMPLE_PDF), "--db", str(db_path), "--period", "Q1"])
    assert result.exit_code == 2
    assert "is not like '2018/19 Q1'" in result.output


def test_default_database_comes_from_the_environment(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SCORECARD_DB", str(tmp_path / "env.db"))
    assert run("import", str(SAMPLE_PDF)).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_default_database_is_in_the_user_data_directory(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SCORECARD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run("import", str(SAMPLE_PDF)).exit_code == 0
    assert (tmp_path / "data" / "scorecard-tui" / "scorecard.db").exists()


@pytest.mark.pythons
def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_rating_and_skip_unreadable_on_a_doris_scorecard_say_they_do_nothing(db_path: Path):
    result = run("import", str(SEED_TEXT), "--db", str(db_path), "--rating", "Meh=Amber", "--skip-unreadable")
    assert result.exit_code == 0, result.output
    assert "imported 20 measures" in result.stdout
    assert result.stderr == (
        f"scorecard: {SEED_TEXT.name}: --rating and --skip-unreadable have no effect on a DORIS-style scorecard "
        "(it reads the ratings and rows as the report prints them): ignored, not remembered\n"
    )
    with Store(db_path) as store:
        (info,) = store.reports()
        assert store.rating_words(info.name, info.source) == {}
    again = run("import", str(SEED_TEXT), "--db", str(db_path))
    assert again.exit_code == 0 and again.stderr == ""
