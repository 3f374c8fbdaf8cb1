"""Break tests: spreadsheet bombs are refused in seconds and megabytes (issue 18, point 2), and
the file is read once, never reopened by name (issue 18, point 8).

Each bomb is built here (tests/reliability/spreadsheet_bombs.py), imported by the real CLI
in its own process, and measured there: CPU seconds (``wait4``'s rusage of that one
process) and peak memory (its own high-water mark). Before these limits the same files took 10 s to minutes (a far row
number: forever) and up to 4 GB, and most of them imported.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse import read_scorecard
from scorecard_tui.parse.sheet_limits import MAX_PARTS, PROGRESS_ROWS
from scorecard_tui.store import Store
from tests.conftest import ROOT, SAMPLE_PDF
from tests.reliability import spreadsheet_bombs as bombs

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
OTHER = ROOT / "sample_data" / "other-councils"
XLSX = OTHER / "illustrative-county-council-spreadsheet.xlsx"
CSV = OTHER / "illustrative-borough-council-spreadsheet.csv"

CPU_SECONDS = 10
"""Each refusal's budget in CPU time (about 1-2 s, start-up included, when measured)."""
PEAK_MIB = 250
"""Each refusal's budget in peak memory (the 99 MB line: about 130 MiB, the file itself included; the rest 40-60)."""


_PEAK = """
import atexit, resource, runpy, sys

record = sys.argv[1]

def peak():
    try:  # this process's own high-water mark: ru_maxrss also counts the parent's memory at exec
        with open("/proc/self/status") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(record, "w") as out:
        out.write(str(kib))

atexit.register(peak)
sys.argv = ["scorecard", *sys.argv[2:]]
runpy.run_module("scorecard_tui", run_name="__main__")
"""


def _measured(args: list[str], timeout: float = 120) -> tuple[int, str, float, float]:
    """Run the CLI; its exit status, stderr, CPU seconds and peak MiB (of that process alone)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "peak"
        child = subprocess.Popen(
            [sys.executable, "-c", _PEAK, str(record), *args], stdout=out, stderr=err, env=ENV, cwd=ROOT
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                pytest.fail(f"scorecard {' '.join(args)} still running after {timeout} s")
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return child.returncode, err.read().decode(), usage.ru_utime + usage.ru_stime, int(record.read_text()) / 1024


BOMBS: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    # name: (file name, generator, what the one line says)
    "shared strings used 200,000 times": (
        "strings.xlsx",
        bombs.shared_strings_bomb,
        "has over 50,000,000 characters of text (by row",
    ),
    "a shared-string table unzipping to 60 MB": (
        "table.xlsx",
        bombs.big_shared_string_table,
        "'xl/sharedStrings.xml' inside the workbook unzips to 60 MB; the limit is 50 MB",
    ),
    "one cell of 1,000,000 characters": (
        "cell.xlsx",
        bombs.cell_bomb,
        "row 2: a cell of 1,000,000 characters; a cell holds at most 32,767",
    ),
    "2,000,000 empty rows": ("rows.xlsx", bombs.empty_rows, "unzips to 86 MB; the limit is 50 MB"),
    "1,000,000 empty rows": (
        "rows.xlsx",
        lambda p: bombs.empty_rows(p, 1_000_000),
        "the workbook has over 50,000 rows; the limit is 50,000",
    ),
    "a row numbered 1,000,000,000": ("far.xlsx", bombs.far_row, "has over 50,000 rows; the limit is 50,000"),
    "40 x 16,384 cells": (
        "wide.xlsx",
        lambda p: bombs.wide_sheet(p, rows=40),
        "the workbook has over 500,000 cells; the limit is 500,000",
    ),
    "a 99 MB CSV line": ("line.csv", bombs.long_csv_line, "line 2 of the CSV is 103,809,024 bytes long"),
    "1,000,000 CSV rows": ("rows.csv", bombs.many_csv_rows, "the CSV has 1,000,002 lines; the limit is 500,000"),
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_spreadsheet_bomb_is_refused_in_one_line_in_seconds_and_megabytes(tmp_path: Path, bomb: str) -> None:
    name, build, expected = BOMBS[bomb]
    path = build(tmp_path / name)
    db = tmp_path / "scorecard.db"
    with Store(db):
        pass
    before = db.read_bytes()
    status, stderr, cpu, peak = _measured(["import", str(path), "--db", str(db)])
    assert status == 2, stderr
    (line,) = stderr.splitlines()
    assert expected in line and line.endswith(": not a scorecard")
    assert db.read_bytes() == before
    assert cpu < CPU_SECONDS, f"{bomb}: {cpu:.1f} s of CPU"
    assert peak < PEAK_MIB, f"{bomb}: {peak:.0f} MiB at peak"


def test_a_zip_of_too_many_parts_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    bombs.workbook(path, [bombs.HEADER])
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(MAX_PARTS):
            archive.writestr(f"xl/media/image{n}.png", b"")
    with pytest.raises(ScorecardError, match=f"a zip of {MAX_PARTS + 6:,} files; a spreadsheet has at most"):
        read_scorecard(path)


def test_a_part_that_expands_like_a_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = tmp_path / "ratio.xlsx"
    bombs.workbook(path, [bombs.HEADER, "<!--" + " " * 20 * 1024 * 1024 + "-->"])
    with pytest.raises(ScorecardError, match=r"'xl/worksheets/sheet1.xml' inside the workbook expands [\d,]+ times"):
        read_scorecard(path)


def test_a_part_read_whole_is_held_to_the_smaller_limit(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "styles.xlsx", [bombs.HEADER])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/styles.xml", "<!--" + os.urandom(6 * 1024 * 1024).hex() + "-->")
    with pytest.raises(ScorecardError, match=r"styles\.xml' inside the workbook unzips to 12 MB; the limit is 10 MB"):
        read_scorecard(path)


def test_a_stated_dimension_past_the_row_limit_is_refused_before_the_rows_are_read(tmp_path: Path) -> None:
    path = bombs.workbook(tmp_path / "tall.xlsx", [bombs.HEADER], dimension="A1:B1048576")
    with pytest.raises(ScorecardError, match=r"states 1,048,576 rows \(its dimension\); the limit is 50,000"):
        read_scorecard(path)


# -- progress, and cancelling from it --------------------------------------------------------


class Cancelled(Exception):
    """What the app's import dialog raises from the progress callback."""


def _big_workbook(path: Path, rows: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Scorecard")
    sheet.append(["Performance Report - Quarter 2 2023/24"])
    sheet.append(["Ref", "Indicator", "Target", "Actual", "RAG"])
    for n in range(rows):
        sheet.append([f"K{n}", f"Indicator {n}", 10, n % 20, "Green"])
    workbook.save(path)
    return path


def _big_csv(path: Path, rows: int) -> Path:
    lines = ["Performance Report - Quarter 2 2023/24", "Ref,Indicator,Target,Actual,RAG"]
    lines += [f"K{n},Indicator {n},10,{n % 20},Green" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("build", "name"), [(_big_workbook, "big.xlsx"), (_big_csv, "big.csv")])
def test_spreadsheet_readers_report_progress_as_rows_are_read(tmp_path: Path, build, name: str) -> None:
    path = build(tmp_path / name, 5 * PROGRESS_ROWS)
    calls: list[tuple[int, int]] = []
    reading = read_scorecard(path, on_page=lambda done, total: calls.append((done, total)))
    assert len(reading.report.measures) == 5 * PROGRESS_ROWS
    assert len(calls) >= 5  # while reading, not only at the end
    assert calls[-1] == (1, 1)
    assert all(done <= total for done, total in calls)


@pytest.mark.parametrize(("build", "name"), [(_big_workbook, "big.xlsx"), (_big_csv, "big.csv")])
def test_raising_from_the_progress_callback_stops_the_read_unchanged(tmp_path: Path, build, name: str) -> None:
    path = build(tmp_path / name, 20 * PROGRESS_ROWS)
    calls = 0

    def cancel(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_scorecard(path, on_page=cancel)
    assert calls == 2  # stopped at once, not at the end


def test_raising_from_the_progress_callback_of_a_pdf_comes_out_unchanged_too() -> None:
    """The PDF readers turn pdfminer's failures into "unreadable PDF"; a cancel is not one."""

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        read_scorecard(SAMPLE_PDF, on_page=cancel)


# -- read once (point 8) ------------------------------------------------------------------------

_WATCH = """
import os, runpy, sys
target, action, other, record = sys.argv[1:5]
opens = 0

def hook(event, args):
    global opens
    if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    if os.path.abspath(os.fsdecode(args[0])) != target:
        return
    opens += 1
    if opens == 2 and action == "fifo":  # the file is opened again: put a pipe there first
        os.unlink(target)
        os.mkfifo(target)
    if opens == 2 and action == "swap":
        os.replace(other, target)

sys.addaudithook(hook)
sys.argv = ["scorecard", *sys.argv[5:]]
try:
    runpy.run_module("scorecard_tui", run_name="__main__")
finally:
    with open(record, "w") as f:
        f.write(str(opens))
"""


def _watched(tmp_path: Path, target: Path, action: str, *args: str, other: Path | None = None):
    """Run the CLI with ``args``, counting how often ``target`` is opened; at a second open,
    ``action`` swaps in a FIFO or ``other``. Returns the result and the count."""
    record = tmp_path / "opens.txt"
    cmd = [sys.executable, "-c", _WATCH, str(target.absolute()), action, str(other or ""), str(record), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=ENV, cwd=ROOT)
    return result, int(record.read_text() or 0)


def _workbook_of(path: Path, codes: list[str]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Performance Report - Quarter 2 2023/24"])
    sheet.append(["Ref", "Indicator", "Target", "Actual", "RAG"])
    for code in codes:
        sheet.append([code, f"Indicator {code}", 10, 12, "Green"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("sample", [XLSX, CSV], ids=["xlsx", "csv"])
@pytest.mark.parametrize("command", ["import", "inspect"])
def test_import_and_inspect_open_the_file_once(tmp_path: Path, sample: Path, command: str) -> None:
    path = tmp_path / sample.name
    path.write_bytes(sample.read_bytes())
    result, opens = _watched(tmp_path, path, "count", command, str(path), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stderr
    assert opens == 1


@pytest.mark.parametrize("command", ["import", "inspect"])
def test_a_fifo_swapped_in_after_the_read_cannot_hang(tmp_path: Path, command: str) -> None:
    path = _workbook_of(tmp_path / "q2.xlsx", ["A1", "A2"])
    result, opens = _watched(tmp_path, path, "fifo", command, str(path), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stderr  # it read what it had read; the pipe is never opened
    assert opens == 1


def test_the_stored_digest_is_of_the_bytes_parsed(tmp_path: Path) -> None:
    path = _workbook_of(tmp_path / "q2.xlsx", ["A1", "A2"])
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    other = _workbook_of(tmp_path / "other.xlsx", ["Z9"])
    db = tmp_path / "s.db"
    result, _ = _watched(tmp_path, path, "swap", "import", str(path), "--db", str(db), other=other)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        report = store.latest_report()
        assert report is not None
        assert [m.code for m in store.measures(report.id)] == ["A1", "A2"]
        assert store.conn.execute("SELECT sha256 FROM reports").fetchall() == [(original,)]
