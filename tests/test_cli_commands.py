"""Mistyped commands and bare file names get one line saying what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli import cli


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
