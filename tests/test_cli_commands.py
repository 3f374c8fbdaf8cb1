"""Mistyped commands and bare file names get one line saying what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_mistyped_command_suggests_the_nearest() -> None:
    result = run("sumary")
    assert result.exit_code == 2
    assert result.stderr == "scorecard: no such command 'sumary' (did you mean 'summary'?)\n"
    assert result.stdout == ""


def test_unknown_word_lists_the_commands() -> None:
    result = run("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no such command 'frobnicate'; commands: brief, demo, doctor" in result.stderr


@pytest.mark.parametrize("name", ["report.pdf", "Q2 2023-24.xlsx", "scorecard.csv"])
def test_a_file_name_suggests_import(name: str) -> None:
    result = run(name)
    assert result.exit_code == 2
    assert "is not a command; to import that file: scorecard import" in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_existing_file_of_any_name_suggests_import(tmp_path: Path) -> None:
    path = tmp_path / "report"
    path.write_text("x")
    result = run(str(path))
    assert f"scorecard import {path}" in result.stderr


def test_hostile_word_is_shown_without_control_characters() -> None:
    result = run("\x1b]52;c;aGk=\x07sumary")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_options_still_reach_open() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Run with no command to open the app" in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["brief"], "the database holds no reports yet"),
        (["lens"], "the database holds no reports yet"),
        (["summary"], "the database holds no reports yet"),
        (["brief", "--period", "2030/31 Q1"], "no report for period '2030/31 Q1' (periods held: none)"),
        (["lens", "--period", "2030/31 Q1"], "no report for period '2030/31 Q1' (periods held: none)"),
        (["export", "--period", "2030/31 Q1"], "no report for period '2030/31 Q1' (periods held: none)"),
    ],
)
def test_a_missing_report_ends_each_reading_command_in_one_line(tmp_path: Path, args: list[str], says: str) -> None:
    from scorecard_tui.store import Store

    db = tmp_path / "empty.db"
    Store(db).close()
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"scorecard: {says}") and result.stderr.count("\n") == 1


def test_a_bad_period_ends_import_in_one_line_before_the_database_is_made(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("import", str(tmp_path / "any.pdf"), "--db", str(db), "--period", "2018/20 Q1")
    assert result.exit_code == 2
    assert result.stderr == "scorecard: period '2018/20 Q1': 2018 is followed by 19, not 20 (like '2018/19 Q1')\n"
    assert not db.exists()


# -- issue 18, hole 9: --output - is stdout ------------------------------------------------------


@pytest.fixture(scope="module")
def briefing_db(tmp_path_factory, two_periods_template: Path) -> Path:
    from tests.conftest import copy_of

    return copy_of(two_periods_template, tmp_path_factory.mktemp("brief-dash"))


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_brief_output_dash_writes_to_stdout_not_a_file(
    fmt: str, briefing_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plain = run("brief", "--db", str(briefing_db), "--format", fmt)
    dashed = run("brief", "--db", str(briefing_db), "--format", fmt, "--output", "-")
    assert dashed.exit_code == 0, dashed.output
    assert dashed.stdout == plain.stdout and "SS PM28" in dashed.stdout
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_brief_docx_to_a_terminal_is_refused_in_one_line(briefing_db: Path, tmp_path: Path) -> None:
    """A Word document is bytes: ``--output -`` on a real terminal says why not, writes nothing."""
    import contextlib
    import os
    import pty
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    argv = [sys.executable, "-m", "scorecard_tui", "brief", "--db", str(briefing_db), "--format", "docx"]
    try:
        proc = subprocess.run(
            [*argv, "--output", "-"], stdout=slave, stderr=subprocess.PIPE, cwd=tmp_path, env=env, timeout=60
        )
        os.close(slave)
        shown = b""
        os.set_blocking(master, False)
        with contextlib.suppress(BlockingIOError, OSError):
            shown = os.read(master, 65536)
    finally:
        os.close(master)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "scorecard: a Word briefing is binary, not for the terminal; give --output FILE.docx, "
        "or pipe it: --output - | ...\n"
    )
    assert b"PK" not in shown
    assert list(tmp_path.iterdir()) == []
