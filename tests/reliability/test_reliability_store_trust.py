"""Break tests for a shared database file someone has tampered with (issue 18, holes 4, 5 and 7).

A co-officer with write access to the file (or its folder) plants a link beside it, a malformed
row in it, or a trigger: each is met by the real CLI, the real app and a real SQLite file, the
tampering done with plain ``sqlite3`` or the file system, as a hostile user would.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli import cli
from scorecard_tui.samples import load_sample_reports
from scorecard_tui.store import Store
from tests.conftest import ROOT, SAMPLE_PDF

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def filled(path: Path) -> Path:
    """A database holding the sample reports (Q1 and the illustrative Q2 and Q3)."""
    with Store(path) as store:
        for report in load_sample_reports():
            store.save_report(report)
    return path


def scorecard_open(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``scorecard open --db DB`` without a terminal: it should refuse before any app starts."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "scorecard_tui", "open", "--db", str(db), *options],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the app started instead of refusing")


# -- hole 4: a -wal planted as a link to someone's private file ---------------------------


@pytest.fixture()
def linked_wal(tmp_path: Path) -> tuple[Path, Path]:
    """The sample database (world-writable, a -shm of other permissions) whose -wal is a link to a
    private file of another officer."""
    db = filled(tmp_path / "shared.db")
    victim = tmp_path / "private-notes.txt"
    victim.write_text("my private notes\n")
    victim.chmod(0o600)
    (tmp_path / "shared.db-wal").symlink_to(victim)
    shm = tmp_path / "shared.db-shm"
    shm.write_bytes(b"")
    shm.chmod(0o600)
    db.chmod(0o666)
    return db, victim


FIX_COMMAND = re.compile(r"((?:rm|chmod|find|chown|chgrp|mv|sqlite3) .*)$")


def test_doctor_names_a_linked_wal_and_no_fix_it_prints_follows_the_link(linked_wal: tuple[Path, Path]):
    db, victim = linked_wal
    result = run("doctor", "--db", str(db))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "shared.db-wal: is a symbolic link" in result.output
    assert f"rm -- {db}-wal" in result.output
    for line in result.output.splitlines():  # no chmod names the link
        assert not ("chmod" in line and "shared.db-wal" in line), line
    commands = [m[1] for line in result.output.splitlines() if "fix:" in line or line.startswith("     ")
                for m in [FIX_COMMAND.search(line)] if m]  # fmt: skip
    assert commands, result.output
    for command in commands:  # every suggestion, run as a user would paste it
        subprocess.run(command, shell=True, check=False, cwd=db.parent)
        assert stat.S_IMODE(victim.stat().st_mode) == 0o600, command
        assert victim.read_text() == "my private notes\n"
    assert not (db.parent / "shared.db-wal").is_symlink()  # the rm took the link away, not the file
    assert run("summary", "--db", str(db)).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["summary"], ["export"], ["brief"], ["lens"], ["import", str(SAMPLE_PDF)]],
    ids=lambda a: a[0],
)
def test_every_command_names_a_linked_wal_in_one_line(linked_wal: tuple[Path, Path], args: list[str]):
    db, victim = linked_wal
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "shared.db-wal beside it is a symbolic link" in lines[0]
    assert f"rm -- {db}-wal" in lines[0]
    assert "unable to open database file" not in lines[0]
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600 and victim.read_text() == "my private notes\n"


def test_open_names_a_linked_shm_before_the_app_starts(tmp_path: Path):
    db = filled(tmp_path / "shared.db")
    (tmp_path / "shared.db-shm").symlink_to(tmp_path / "elsewhere")
    proc = scorecard_open(db)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "shared.db-shm beside it is a symbolic link" in proc.stderr


def test_a_wal_that_is_a_folder_or_a_hard_link_is_named_too(tmp_path: Path):
    db = filled(tmp_path / "shared.db")
    (tmp_path / "shared.db-wal").mkdir()
    assert "shared.db-wal beside it is a folder" in run("summary", "--db", str(db)).stderr
    (tmp_path / "shared.db-wal").rmdir()
    other = tmp_path / "other"
    other.write_bytes(b"")
    os.link(other, tmp_path / "shared.db-shm")
    assert "shared.db-shm beside it is a hard link" in run("summary", "--db", str(db)).stderr
