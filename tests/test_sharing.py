"""One database shared on a server: read-only viewers, permissions, doctor, crash safety."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Flag
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from tests.conftest import ROOT, SAMPLE_PDF

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture()
def filled(db_path: Path, sample_source) -> Path:
    with Store(db_path) as store:
        store.save_report(report_from_dict(sample_source, sha256="a" * 64))
    return db_path


def test_read_only_store_reads_but_refuses_writes(filled: Path):
    before = dump(filled)
    with Store(filled, read_only=True) as store:
        info = store.latest_report()
        assert store.read_only and "read-only" in store.read_only_reason
        assert len(store.measures(info.id)) == 20
        with pytest.raises(ScorecardError, match="changes are not possible"):
            store.annotations.set_flag(info, "SS PM28", Flag.RAISE)
    assert dump(filled) == before


def test_environment_variable_makes_it_read_only(filled: Path, monkeypatch):
    monkeypatch.setenv("SCORECARD_READ_ONLY", "1")
    with Store(filled) as store:
        assert store.read_only
        assert "SCORECARD_READ_ONLY" in store.read_only_reason


PROBE = textwrap.dedent(
    """
    import sys
    from scorecard_tui.store import Store
    from scorecard_tui.errors import ScorecardError
    with Store(sys.argv[1]) as store:
        print(store.read_only, store.read_only_reason)
        print(len(store.measures(store.latest_report().id)))
        try:
            store.annotations.set_flag(store.latest_report(), "SS PM28", "raise")
        except ScorecardError as exc:
            print("refused:", exc)
    """
)


def _as_viewer(*args: str) -> list[str]:
    """Run Python as a user without write permission (root drops its override capabilities)."""
    cmd = [sys.executable, "-c", PROBE, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.fail("running as root needs setpriv (util-linux) to test permissions")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]
    out = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_a_viewer_without_write_permission_gets_read_only_with_a_notice(filled: Path):
    with Store(filled):
        pass  # leaves the WAL files checkpointed
    for p in filled.parent.glob(filled.name + "*"):
        p.chmod(0o444)
    filled.parent.chmod(0o555)
    try:
        lines = _as_viewer(str(filled))
    finally:
        filled.parent.chmod(0o755)
    assert lines[0].startswith("True read-only: you (")
    assert "cannot write to" in lines[0]
    assert lines[1] == "20"
    assert lines[2].startswith("refused:")


@pytest.mark.parametrize(("umask", "mode"), [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_new_database_permissions_follow_the_umask(tmp_path: Path, umask: int, mode: int):
    target = str(tmp_path / "n.db")
    code = f"import os; os.umask({umask}); from scorecard_tui.store import Store; Store({target!r}).close()"
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True)
    assert stat.S_IMODE((tmp_path / "n.db").stat().st_mode) == mode


def test_doctor_passes_a_healthy_database(filled: Path):
    result = CliRunner().invoke(cli, ["doctor", "--db", str(filled)])
    assert result.exit_code == 0, result.output
    assert "ok   integrity: ok" in result.output
    assert "ok   journal mode: wal" in result.output
    assert "can write:" in result.output


def test_doctor_says_what_to_fix(filled: Path):
    filled.chmod(0o666)
    result = CliRunner().invoke(cli, ["doctor", "--db", str(filled)])
    assert result.exit_code == 1
    assert "FIX  world-writable" in result.output
    assert f"fix: chmod o-w -- {filled}" in result.output  # named one by one: a glob would take a planted link


def test_doctor_on_a_damaged_file(tmp_path: Path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = CliRunner().invoke(cli, ["doctor", "--db", str(bad)])
    assert result.exit_code == 1
    assert "FIX" in result.output


@pytest.fixture()
def big_pdf(builder, sample_source, tmp_path: Path) -> Path:
    """A 33-page report: long enough to interrupt while it is read."""
    path = tmp_path / "big.pdf"
    source = json.loads(json.dumps(sample_source))
    source["measures"] = source["measures"] * 3
    builder.build_scorecard_pdf(source, path)
    return path


def start_import(pdf: Path, db: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scorecard_tui", "import", str(pdf), "--db", str(db), "--period", "2018/19 Q3"],
        env=ENV,
        **popen,
    )


def test_import_killed_while_reading_leaves_the_database_as_it_was(filled: Path, big_pdf: Path):
    before = dump(filled)
    proc = start_import(big_pdf, filled)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert dump(filled) == before


SAVE_BIG = textwrap.dedent(
    """
    import json, sys
    from scorecard_tui.records import report_from_dict
    from scorecard_tui.store import Store
    source = json.load(open(sys.argv[2]))
    source["measures"] = source["measures"] * 400
    for i, m in enumerate(source["measures"]):
        m["code"] = f"{m['code']} {i}"
    source["period"] = "2018/19 Q2"
    with Store(sys.argv[1]) as store:
        store.save_report(report_from_dict(source, sha256="z" * 64))
    """
)


def test_import_killed_while_writing_leaves_the_database_intact(filled: Path):
    before = dump(filled)
    wal = filled.with_name(filled.name + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVE_BIG, str(filled), str(ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json")],
        env=ENV,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size <= start + 200_000):
        time.sleep(0.005)
    assert proc.poll() is None, "the save finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(filled) as store:
        assert store.health()["integrity"] == "ok"
    assert dump(filled) == before


def test_sample_imports_with_progress_and_interrupt_message(db_path: Path):
    result = CliRunner().invoke(cli, ["import", str(SAMPLE_PDF), "--db", str(db_path)])
    assert result.exit_code == 0


def test_ctrl_c_during_an_import_says_so_and_changes_nothing(filled: Path, big_pdf: Path):
    before = dump(filled)
    proc = start_import(big_pdf, filled, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == f"scorecard: {big_pdf}: interrupted; the database is unchanged"
    assert dump(filled) == before
