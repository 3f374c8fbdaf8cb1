"""Break tests for opening a database (issue 8, points 5, 6, 7 and 14).

Damaged files, foreign files, missing files, old schemas, read-only users and what
doctor says: each is met by the real CLI (click's CliRunner or a subprocess), the
real app (Pilot, or a pseudo-terminal as another user) and a real SQLite file.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from scorecard_tui.app import create_app
from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.model import Flag
from scorecard_tui.store import SCHEMA_VERSION, Store
from scorecard_tui.store.db_file import header_journal_mode
from scorecard_tui.store.schema import MIGRATIONS
from tests.app.pilot_helpers import screen_text, settle
from tests.app.test_pty import Terminal
from tests.conftest import ROOT, SAMPLE_PDF
from tests.helpers import filled, scorecard_open, version_3_database

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
READING = [["summary"], ["export"], ["export", "--format", "csv"], ["brief"], ["brief", "--format", "csv"]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result, path: Path, *needles: str) -> str:
    """The command failed with status 2 and exactly one line on stderr, holding each needle."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"scorecard: {path}")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- point 5: a damaged file -----------------------------------------------------------


@pytest.fixture()
def damaged(tmp_path: Path) -> Path:
    """The sample database with 4 KB of random bytes written over the middle page of its measures.

    (Over the middle of the measures, not of the file: what lies mid-file moves as tables are added.)
    """
    path = filled(tmp_path / "damaged.db")
    with sqlite3.connect(path) as conn:
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'measures' ORDER BY pageno")]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * page_size)
        f.write(random.Random(8).randbytes(4096))
    return path


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_a_damaged_file_says_so_in_one_line(damaged: Path, args: list[str]):
    before = digest(damaged)
    line = one_line_error(run(*args, "--db", str(damaged)), damaged, "is damaged", "backup")
    assert f"scorecard doctor --db {damaged}" in line
    assert digest(damaged) == before


def test_import_into_a_damaged_file_is_refused(damaged: Path):
    before = digest(damaged)
    one_line_error(run("import", str(SAMPLE_PDF), "--db", str(damaged)), damaged, "is damaged")
    assert digest(damaged) == before


def test_doctor_explains_how_to_recover_a_damaged_file(damaged: Path):
    result = run("doctor", "--db", str(damaged))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "FIX  integrity: the file is damaged" in result.output
    assert "from a backup" in result.output
    assert f'sqlite3 {damaged} ".recover" | sqlite3 recovered.db' in result.output
    assert "scorecard import FILES --db new.db" in result.output


def test_open_refuses_a_damaged_file_before_the_app_starts(damaged: Path):
    before = digest(damaged)
    proc = scorecard_open(damaged)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith(f"scorecard: {damaged}: the database file is damaged")
    assert digest(damaged) == before


def test_open_refuses_before_the_app_starts_what_the_store_would_refuse(tmp_path: Path):
    """The app opens the store on its own thread; what the store would refuse is refused first, in one line."""
    folder = tmp_path / "folder.db"
    folder.mkdir()
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE songs (title TEXT)")
    old = tmp_path / "old.db"
    version_3_database(old, load_sample_reports()[0], tmp_path / "scratch")
    newer = tmp_path / "newer.db"
    with Store(newer) as store:
        store.save_report(load_sample_reports()[0])
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    cases = [
        (folder, (), "is a directory"),
        (foreign, (), "not a usable scorecard database (an SQLite database of something else"),
        (newer, (), f"schema version {SCHEMA_VERSION + 1} is newer than this scorecard-tui"),
        (old, ("--read-only",), "needs upgrading"),
    ]
    for db, options, says in cases:
        before = digest(db) if db.is_file() else None
        proc = scorecard_open(db, *options)
        assert proc.returncode == 2, (db, proc.stderr)
        assert len(proc.stderr.splitlines()) == 1 and says in proc.stderr, proc.stderr
        assert (digest(db) if db.is_file() else None) == before


def damage_measures_table(path: Path) -> None:
    """Write 4 KB of random bytes over the first page of the measures table, which every view reads."""
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'measures'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(random.Random(8).randbytes(4096))


async def test_the_app_shows_damage_found_while_reading_as_a_message(tmp_path: Path, monkeypatch):
    """Damage the app runs into (the CLI's check was skipped or the file broke later): a message, no crash."""
    path = filled(tmp_path / "damaged.db")
    damage_measures_table(path)
    monkeypatch.chdir(tmp_path)
    app = create_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Could not open the database." in text
        assert "damaged" in text
        assert app.is_running


def test_text_that_is_not_utf8_is_read_with_replacement_and_never_shown_raw(tmp_path: Path):
    """A stored text garbled (SQLite's checks miss it): issue 18 reads it with U+FFFD in every
    command rather than calling the file damaged (doctor names the row)."""
    path = filled(tmp_path / "garbled.db")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE measures SET title = CAST(X'1b5d35323b633b5a6d39300785ff' AS TEXT) WHERE position = 0")
    for args in READING:
        result = run(*args, "--db", str(path))
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "damaged" not in result.output
    assert "\ufffd" in run("export", "--db", str(path)).output or "\\ufffd" in run("export", "--db", str(path)).output
    doctor = run("doctor", "--db", str(path))
    assert "measures.title in 3 rows (the first id " in doctor.output and "not valid UTF-8" in doctor.output


# -- point 6: reading commands change nothing and create nothing ----------------------


@pytest.fixture()
def foreign(tmp_path: Path) -> Path:
    """Another program's SQLite database, in rollback-journal mode."""
    path = tmp_path / "contacts.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ada', '0123')")
    conn.close()
    return path


@pytest.mark.parametrize("args", [*READING, ["import", str(SAMPLE_PDF)]], ids=" ".join)
def test_a_foreign_sqlite_file_is_left_alone(foreign: Path, args: list[str]):
    before = digest(foreign)
    one_line_error(run(*args, "--db", str(foreign)), foreign, "not a usable scorecard database", "contacts")
    assert digest(foreign) == before
    assert header_journal_mode(foreign) == "delete"
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["contacts.db"]


def test_open_refuses_a_foreign_file_before_the_app_starts(foreign: Path):
    before = digest(foreign)
    proc = scorecard_open(foreign)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"scorecard: {foreign}: not a usable scorecard database")
    assert len(proc.stderr.splitlines()) == 1
    assert digest(foreign) == before


def test_doctor_leaves_a_foreign_file_alone(foreign: Path):
    before = digest(foreign)
    result = run("doctor", "--db", str(foreign))
    assert result.exit_code == 1
    assert "not a usable scorecard database" in result.output
    assert digest(foreign) == before


@pytest.mark.pythons
@pytest.mark.parametrize("args", [*READING, ["doctor"], ["import", str(SAMPLE_PDF)]], ids=" ".join)
def test_a_file_that_is_not_sqlite_is_one_line(tmp_path: Path, args: list[str]):
    path = tmp_path / "notes.txt"
    path.write_text("shopping: milk, eggs\n" * 50)
    result = run(*args, "--db", str(path))
    if args == ["doctor"]:
        assert result.exit_code == 1 and "not an SQLite file" in result.output
    else:
        one_line_error(result, path, "not an SQLite file")
    assert path.read_text() == "shopping: milk, eggs\n" * 50


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_never_create_a_database(tmp_path: Path, args: list[str]):
    typo = tmp_path / "newdir" / "typo.db"
    one_line_error(run(*args, "--db", str(typo)), typo, "no such database", "scorecard import")
    assert not typo.parent.exists()
    missing = tmp_path / "typo.db"
    one_line_error(run(*args, "--db", str(missing)), missing, "no such database")
    assert list(tmp_path.iterdir()) == []


def test_doctor_never_creates_a_database(tmp_path: Path):
    typo = tmp_path / "newdir" / "typo.db"
    assert run("doctor", "--db", str(typo)).exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_open_refuses_a_folder_that_does_not_exist(tmp_path: Path):
    typo = tmp_path / "newdir" / "typo.db"
    proc = scorecard_open(typo)
    assert proc.returncode == 2
    assert proc.stderr == f"scorecard: {typo.parent}: no such folder (check the --db path)\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_an_empty_file_is_not_turned_into_a_database_by_reading(tmp_path: Path, args: list[str]):
    empty = tmp_path / "empty.db"
    empty.touch()
    one_line_error(run(*args, "--db", str(empty)), empty, "holds no scorecard data yet", "scorecard import")
    assert empty.read_bytes() == b""


# -- point 14 (and 6): an old schema, and the one command that upgrades it -------------


@pytest.fixture()
def old_schema(tmp_path: Path) -> Path:
    """A database made by an older scorecard-tui: the first two migrations, holding the Q1 sample."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.enable_wal()
    for number, step in enumerate(MIGRATIONS[:2], start=1):
        step(db)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.close()
    return path


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_an_old_schema_names_the_upgrade_command_and_changes_nothing(old_schema: Path, args: list[str]):
    before = digest(old_schema)
    one_line_error(
        run(*args, "--db", str(old_schema)),
        old_schema,
        f"schema version 2 needs upgrading to {SCHEMA_VERSION}",
        f"scorecard doctor --upgrade --db {old_schema}",
    )
    assert digest(old_schema) == before


def test_doctor_names_doctor_upgrade_and_upgrade_keeps_a_backup(old_schema: Path):
    old_schema.chmod(0o640)
    before = old_schema.read_bytes()
    result = run("doctor", "--db", str(old_schema))
    assert result.exit_code == 1
    assert f"fix: with write access: scorecard doctor --upgrade --db {old_schema}" in result.output
    assert "summary" not in result.output
    assert old_schema.read_bytes() == before

    result = run("doctor", "--upgrade", "--db", str(old_schema))
    assert result.exit_code == 0, result.output
    backup = old_schema.with_name("old.db.schema-2.bak")
    assert result.output == (
        f"{old_schema}: upgraded from schema version 2 to {SCHEMA_VERSION}; the file as it was is kept in {backup}\n"
    )
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o640
    assert run("doctor", "--db", str(old_schema)).exit_code == 0
    assert run("summary", "--db", str(old_schema)).stderr.startswith("scorecard: the database holds no reports yet")
    again = run("doctor", "--upgrade", "--db", str(old_schema))
    assert again.exit_code == 0 and "already up to date" in again.output


def test_doctor_upgrade_switches_a_rollback_journal_file_to_wal(tmp_path: Path):
    path = filled(tmp_path / "s.db")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    result = run("doctor", "--db", str(path))
    assert "FIX  journal mode: delete" in result.output
    assert f"scorecard doctor --upgrade --db {path}" in result.output
    assert run("doctor", "--upgrade", "--db", str(path)).exit_code == 0
    assert header_journal_mode(path) == "wal"


def test_doctor_upgrade_runs_the_quick_check_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from scorecard_tui.cli import doctor

    path = filled(tmp_path / "s.db")
    checks: list[str] = []
    verify = Store.verify
    monkeypatch.setattr(Store, "verify", lambda self: (checks.append("verify"), verify(self))[1])
    monkeypatch.setattr(Store, "health", lambda self: checks.append("health") or {})
    assert "already up to date" in doctor.upgrade(path)
    assert checks == ["verify"]


@pytest.mark.parametrize("period", ["2018/25 Q1", "2018/18 Q2", "2019/19 Q1"])
def test_a_period_whose_years_do_not_follow_on_is_refused(tmp_path: Path, period: str):
    db = tmp_path / "p.db"
    result = run("import", str(SAMPLE_PDF), "--db", str(db), "--period", period)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert f"period {period!r}" in result.stderr
    assert not db.exists()


def test_a_period_across_the_century_is_accepted(tmp_path: Path):
    db = tmp_path / "p.db"
    assert run("import", str(SAMPLE_PDF), "--db", str(db), "--period", "1999/00 Q4").exit_code == 0


# -- point 7 (and 14): a user who cannot write ----------------------------------------


@pytest.fixture()
def shared_folder() -> Iterator[Path]:
    """A folder another user can read but not write (tmp_path's parents are closed to others)."""
    folder = Path(tempfile.mkdtemp(prefix="scorecard-shared-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def as_viewer(argv: list[str], folder: Path) -> list[str]:
    """``argv`` as a user who cannot write to ``folder``: the folder and its files are made
    read-only, and root runs ``argv`` without the capabilities that let it write anyway.

    Root keeps its uid rather than becoming nobody: a fresh CI virtual environment lives in a
    folder only its owner may enter, so another user could not even import click.
    """
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.fail("running as root needs setpriv (util-linux) to test a user who cannot write")
        return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *argv]
    return argv


def q1_only(path: Path) -> Path:
    with Store(path) as store:
        store.save_report(load_sample_reports()[0])
    path.chmod(0o644)
    return path


def test_doctor_reports_the_true_journal_mode_to_a_reader(shared_folder: Path):
    db = q1_only(shared_folder / "s.db")
    assert not db.with_name("s.db-shm").exists()
    out = subprocess.run(
        as_viewer([sys.executable, "-m", "scorecard_tui", "doctor", "--db", str(db)], shared_folder),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "ok   journal mode: wal" in out
    assert "you: you can only read it" in out


def test_doctor_upgrade_by_a_user_who_cannot_write_is_one_line(shared_folder: Path, old_schema: Path):
    db = shared_folder / "old.db"
    shutil.copy(old_schema, db)
    db.chmod(0o644)
    before = digest(db)
    proc = subprocess.run(
        as_viewer([sys.executable, "-m", "scorecard_tui", "doctor", "--upgrade", "--db", str(db)], shared_folder),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"scorecard: {db}: you ({proc.stderr.split('you (')[1].split(')')[0]}) cannot write to it (or its folder); "
        f"someone who can should run: scorecard doctor --upgrade --db {db}"
    ]
    assert digest(db) == before
    assert sorted(p.name for p in shared_folder.iterdir()) == ["old.db"]


FOLLOW = textwrap.dedent(
    """
    import sys
    from scorecard_tui.store import Store
    from scorecard_tui.store.watch import data_version
    store = Store(sys.argv[1])
    print(store.read_only_reason, flush=True)
    for line in sys.stdin:
        store.follow_changes()
        info = store.latest_report()
        print(data_version(store), len(store.reports()), store.annotations.flags(info).get("SS PM28", "-"), flush=True)
    """
)


def test_a_reader_without_write_access_sees_new_reports_and_flags(shared_folder: Path):
    db = q1_only(shared_folder / "s.db")
    proc = subprocess.Popen(
        as_viewer([sys.executable, "-c", FOLLOW, str(db)], shared_folder),
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin and proc.stdout

    def look() -> tuple[int, int, str]:
        proc.stdin.write("look\n")
        proc.stdin.flush()
        version, count, flag = proc.stdout.readline().split()
        return int(version), int(count), flag

    try:
        assert "cannot write to" in proc.stdout.readline()
        version, count, _ = look()
        assert count == 1
        os.chmod(shared_folder, 0o755)  # the owner (root, or us) can write again
        db.chmod(0o644)
        with Store(db) as store:  # an import lands and the writer goes away
            store.save_report(load_sample_reports()[1])
        later, count, _ = look()
        assert (count, later != version) == (2, True)
        with Store(db) as store:  # a flag, while the writer still has the file open
            store.annotations.set_flag(store.latest_report(), "SS PM28", Flag.RAISE)
            _, _, flag = look()
            assert flag == str(Flag.RAISE)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_the_app_of_a_reader_says_why_it_is_read_only_and_offers_new_reports(shared_folder: Path):
    db = q1_only(shared_folder / "s.db")
    argv = as_viewer([sys.executable, "-m", "scorecard_tui", "open", "--db", str(db)], shared_folder)
    term = Terminal(*argv)
    try:
        term.wait_for("READ-ONLY", timeout=30)
        text = term.wait_for("cannot write to", timeout=10)
        assert "--read-only" not in text
        os.chmod(shared_folder, 0o755)
        db.chmod(0o644)
        with Store(db) as store:
            store.save_report(load_sample_reports()[1])
        term.wait_for("R to reload", timeout=20)
        term.type("R")
        term.wait_for("since 2018/19 Q1", timeout=20)
        term.quit()
    finally:
        term.close()


def test_sqlite_utils_plugins_never_touch_the_store_connection(tmp_path: Path):
    """A sqlite-utils plugin installed beside us (prepare_connection) is not run on our connection."""
    import sqlite_utils.plugins

    seen: list[object] = []

    class Plugin:
        @sqlite_utils.hookimpl
        def prepare_connection(self, conn: sqlite3.Connection) -> None:
            seen.append(conn)
            conn.create_function("planted", 0, lambda: "planted")

    plugin = Plugin()
    sqlite_utils.plugins.pm.register(plugin, name="planted-test-plugin")
    try:
        with Store(tmp_path / "s.db") as store:
            store.save_report(load_sample_reports()[0])
            with pytest.raises(sqlite3.OperationalError):
                store.db.execute("SELECT planted()")
        sqlite_utils.Database(memory=True)  # the plugin is live: sqlite-utils' default would run it
        assert len(seen) == 1
    finally:
        sqlite_utils.plugins.pm.unregister(plugin)
