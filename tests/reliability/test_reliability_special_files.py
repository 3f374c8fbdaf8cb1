"""Break tests: importing special files (issue 8, point 8).

Each bad file gets its own one-line true reason while the others in the batch import;
pipes and devices are refused before they are read, and so is a file over the size limit.
Runs the real CLI in a subprocess; as root, the subprocess gives up the capabilities that
let root read anything (as tests/test_sharing.py does), so permissions mean what they say.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorecard_tui.parse.source_file import MAX_FILE_BYTES
from scorecard_tui.store import Store
from tests.conftest import Q2_PDF, ROOT, SAMPLE_PDF

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _import(*args: str | Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``scorecard import`` as a user without root's power to read and enter anything."""
    cmd = [sys.executable, "-m", "scorecard_tui", "import", *map(str, args)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.fail("running as root needs setpriv (util-linux) to test permissions")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]
    return subprocess.run(cmd, env=ENV, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _digest(db: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db.parent.glob(db.name + "*"))}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "scorecard.db"
    path.parent.mkdir()
    with Store(path):
        pass
    return path


def test_an_unreadable_file_among_three_is_refused_alone(tmp_path: Path, db: Path):
    shutil.copy(SAMPLE_PDF, tmp_path / "q1.pdf")
    shutil.copy(Q2_PDF, tmp_path / "q2.pdf")
    locked = tmp_path / "locked.pdf"
    shutil.copy(SAMPLE_PDF, locked)
    locked.chmod(0)
    result = _import("q1.pdf", "locked.pdf", "q2.pdf", "--db", db, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["scorecard: locked.pdf: permission denied (the file is not readable by you)"]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["q1.pdf", "q2.pdf"]


def test_a_file_in_a_folder_that_cannot_be_entered_says_so(tmp_path: Path, db: Path):
    closed = tmp_path / "closed"
    closed.mkdir()
    shutil.copy(SAMPLE_PDF, closed / "q1.pdf")
    closed.chmod(0)
    try:
        before = _digest(db)
        result = _import("closed/q1.pdf", "--db", db, cwd=tmp_path)
    finally:
        closed.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"scorecard: closed/q1.pdf: permission denied (the folder {closed} cannot be entered)"
    ]
    assert _digest(db) == before


SPECIAL_REASONS = {
    "loop": "a symlink loop (too many levels of symbolic links)",
    "dangling": "a broken symlink (what it points to does not exist)",
    "fifo": "is a named pipe (FIFO), not a regular file",
    "/dev/zero": "is a device, not a regular file",
    "huge.pdf": f"the file is 1,024 MB, over the {MAX_FILE_BYTES // 2**20} MB limit (a scorecard is a few MB)",
    "just-over.pdf": f"the file is {MAX_FILE_BYTES // 2**20} MB, over the {MAX_FILE_BYTES // 2**20} MB limit "
    "(a scorecard is a few MB)",
    "missing.pdf": "no such file",
}


def _specials(folder: Path) -> None:
    (folder / "loop").symlink_to("loop-back")
    (folder / "loop-back").symlink_to("loop")
    (folder / "dangling").symlink_to("gone.pdf")
    os.mkfifo(folder / "fifo")
    with open(folder / "huge.pdf", "wb") as f:  # sparse: no disk used
        f.truncate(2**30)
    with open(folder / "just-over.pdf", "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(MAX_FILE_BYTES + 1)


def test_special_files_each_get_a_true_reason_without_being_read(tmp_path: Path, db: Path):
    _specials(tmp_path)
    before = _digest(db)
    start = time.perf_counter()
    result = _import(*SPECIAL_REASONS, "--db", db, cwd=tmp_path, timeout=30)  # a FIFO read hung for ever
    elapsed = time.perf_counter() - start
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"scorecard: {name}: {reason}" for name, reason in SPECIAL_REASONS.items()]
    assert _digest(db) == before
    assert elapsed < 15  # reading /dev/zero or the 1 GB file took minutes and gigabytes


def test_a_good_file_among_special_files_still_imports(tmp_path: Path, db: Path):
    _specials(tmp_path)
    shutil.copy(SAMPLE_PDF, tmp_path / "q1.pdf")
    result = _import("fifo", "q1.pdf", "/dev/zero", "--db", db, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stdout.splitlines() == ["q1.pdf: imported 20 measures in 3 directorates, 2018/19 Q1, 11 pages"]
    assert len(result.stderr.splitlines()) == 2


def test_a_file_under_the_size_limit_is_read(tmp_path: Path, db: Path):
    with open(tmp_path / "at-limit.pdf", "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(MAX_FILE_BYTES)
    start = time.perf_counter()
    result = _import("at-limit.pdf", "--db", db, cwd=tmp_path)
    assert result.stderr.splitlines() == ["scorecard: at-limit.pdf: the PDF is truncated or damaged"]
    assert time.perf_counter() - start < 15  # pdfminer hunted through the junk for minutes


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(tmp_path: Path, db: Path):
    name = "report\x1b]52;c;aGFja2Vk\x07\x1b[2J.txt"
    (tmp_path / name).write_text("Dear colleague,\n")
    shutil.copy(SAMPLE_PDF, tmp_path / "q1\x1b]0;title\x07.pdf")
    result = _import(name, "q1\x1b]0;title\x07.pdf", "--db", db, cwd=tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr + result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "scorecard: report\\x1b]52;c;aGFja2Vk\\x07\\x1b[2J.txt: no scorecard measures found: this text is in no layout"
    )
    assert result.stdout.startswith("q1\\x1b]0;title\\x07.pdf: imported 20 measures")
