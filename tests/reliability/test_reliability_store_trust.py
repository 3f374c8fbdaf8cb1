"""Break tests for a shared database file someone has tampered with (issue 18, holes 4, 5 and 7).

A co-officer with write access to the file (or its folder) plants a link beside it, a malformed
row in it, or a trigger: each is met by the real CLI, the real app and a real SQLite file, the
tampering done with plain ``sqlite3`` or the file system, as a hostile user would.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.app import create_app
from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.errors import ScorecardError
from scorecard_tui.store import Store
from tests.app.pilot_helpers import notices, press, screen_text, settle
from tests.conftest import ROOT, SAMPLE_PDF
from tests.helpers import filled, scorecard_open

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


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


# -- hole 7: a planted trigger ------------------------------------------------------------


WIPE = "CREATE TRIGGER wipe AFTER INSERT ON reports BEGIN DELETE FROM annotations; DELETE FROM questions; END"
RESIGN = (
    "CREATE TRIGGER resign AFTER INSERT ON annotations BEGIN "
    "UPDATE annotations SET author = 'mallory' WHERE id = new.id; DELETE FROM annotations WHERE id = new.id; END"
)


def tamper(db: Path, *statements: str) -> None:
    """Run ``statements`` on the file itself, behind the store's back, as a hostile colleague would."""
    conn = sqlite3.connect(db)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def annotations(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT measure_key, kind, value, author FROM annotations ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture()
def noted(tmp_path: Path) -> Path:
    """Q1 and Q2 held, with another officer's note and flag on Q2."""
    db = tmp_path / "shared.db"
    with Store(db) as store:
        for report in load_sample_reports()[:2]:
            store.save_report(report)
        info = store.latest_report()
        store.annotations.add_note(info, "SS PM28", "ask about the backlog", author="alice")
        store.annotations.cycle_flag(info, "SS PM28", author="alice")
    return db


def test_a_planted_trigger_refuses_imports_in_one_line_and_doctor_says_how_to_drop_it(noted: Path):
    tamper(noted, WIPE)
    before = annotations(noted)
    q3 = str(ROOT / "sample_data" / "derby-scorecard-2018-19-q3-illustrative.pdf")
    result = run("import", q3, "--db", str(noted))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert 'holds a trigger "wipe" on "reports" that scorecard-tui did not create' in line
    assert f"scorecard doctor --db {noted}" in line
    assert annotations(noted) == before
    summary = run("summary", "--db", str(noted))
    assert summary.exit_code == 0 and "2018/19 Q2" in summary.stdout  # reading goes on, with a notice
    (notice,) = summary.stderr.splitlines()
    assert notice.startswith(f'scorecard: {noted} holds a trigger "wipe" on "reports"')
    doctor = run("doctor", "--db", str(noted))
    assert doctor.exit_code == 1
    assert 'FIX  schema: trigger "wipe" on "reports" that scorecard-tui did not create' in doctor.output
    (fix,) = [line.split("): ", 1)[1] for line in doctor.output.splitlines() if "DROP TRIGGER" in line]
    assert fix == f"sqlite3 {noted} 'DROP TRIGGER \"wipe\"'"
    subprocess.run(fix, shell=True, check=True)
    assert run("import", q3, "--db", str(noted)).exit_code == 0
    assert annotations(noted) == before


def test_a_trigger_planted_while_the_store_is_open_is_refused_before_it_fires(noted: Path):
    with Store(noted) as store:
        info = store.latest_report()
        tamper(noted, RESIGN)
        with pytest.raises(ScorecardError, match='trigger "resign" on "annotations"'):
            store.annotations.add_note(info, "SS PM28", "mine", author="bob")
        with pytest.raises(ScorecardError, match="changes are not possible"):
            store.annotations.cycle_flag(info, "SS PM28", author="bob")
    assert [a[3] for a in annotations(noted)] == ["alice", "alice"]


def test_a_trigger_of_ours_rewritten_is_named_and_doctor_puts_it_back(noted: Path):
    tamper(
        noted,
        "DROP TRIGGER measures_ai",
        "CREATE TRIGGER measures_ai AFTER INSERT ON measures BEGIN DELETE FROM annotations; END",
    )
    with Store(noted) as store:
        assert store.read_only and 'trigger "measures_ai" on "measures" that was changed' in store.read_only_reason
    doctor = run("doctor", "--db", str(noted))
    (fix,) = [line.split("): ", 1)[1] for line in doctor.output.splitlines() if "DROP TRIGGER" in line]
    subprocess.run(fix, shell=True, check=True)
    with Store(noted) as store:
        assert not store.read_only and store.strangers == ()
        store.save_report(load_sample_reports()[2])
        assert store.search_codes(store.latest_report().id, "fostering")  # the full-text index kept up
    assert len(annotations(noted)) == 2


def test_a_planted_view_and_table_are_named_an_extra_index_is_allowed(noted: Path):
    tamper(noted, "CREATE VIEW everything AS SELECT * FROM annotations", "CREATE TABLE loot (x)")
    with Store(noted) as store:
        assert store.read_only
        assert {s.name for s in store.strangers} == {"everything", "loot"}
    tamper(noted, "DROP VIEW everything", "DROP TABLE loot", "CREATE INDEX by_title ON measures(title)")
    with Store(noted) as store:
        assert not store.read_only and [s.name for s in store.strangers] == ["by_title"]
    tamper(noted, "CREATE UNIQUE INDEX one_note ON annotations(kind, measure_key)")  # would fail everyone's next note
    with Store(noted) as store:
        assert store.read_only and 'holds an index "one_note" on "annotations"' in store.read_only_reason
    tamper(
        noted,
        "DROP INDEX one_note",
        "DROP INDEX measures_report",
        "CREATE INDEX measures_report ON measures(report_id)",
    )
    with Store(noted) as store:
        assert store.read_only and 'index "measures_report" on "measures" that was changed' in store.read_only_reason


async def test_the_app_opens_read_only_with_a_notice_and_m_says_why(noted: Path, tmp_path: Path, monkeypatch):
    tamper(noted, RESIGN)
    before = annotations(noted)
    monkeypatch.chdir(tmp_path)
    app = create_app(noted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any('trigger "resign" on "annotations"' in n for n in notices(app)), notices(app)
        await press(pilot, "m")
        assert app.is_running
        assert any(n.startswith("Flagging is off: read-only") for n in notices(app)), notices(app)
    assert annotations(noted) == before


# -- hole 5: one malformed row must not break everyone --------------------------------------


READERS = [
    ["summary"],
    ["export"],
    ["export", "--format", "csv"],
    ["brief"],
    ["brief", "--format", "csv"],
    ["lens"],
    ["lens", "--format", "json"],
    ["lens", "--format", "csv"],
]


@pytest.fixture()
def annotated(tmp_path: Path) -> tuple[Path, str]:
    """The three samples, a flag and a note on Q3's first measure, an edited question; and that measure's key."""
    db = filled(tmp_path / "shared.db")
    with Store(db) as store:
        info = store.latest_report()
        key = store.measures(info.id)[0].key
        store.annotations.add_note(info, key, "ask about the backlog", author="alice")
        store.annotations.cycle_flag(info, key, author="alice")
        entry = store.lens.entries(info)[0]
        store.lens.edit_question(info, entry.key, entry.questions[0].signal.slug, "What changed?", author="alice")
    return db, key


def reads_everywhere(db: Path, tmp_path: Path) -> dict[str, str]:
    """Every reading command's output: each must succeed, without a traceback or a 'damaged'."""
    outputs = {}
    for args in [*READERS, ["brief", "--format", "docx", "--output", str(tmp_path / "b.docx")]]:
        result = run(*args, "--db", str(db))
        assert result.exit_code == 0, (args, result.output, result.exception)
        assert "Traceback" not in result.output and "damaged" not in result.output, args
        outputs[" ".join(args)] = result.stdout
    return outputs


def doctor_names(db: Path, *needles: str) -> str:
    result = run("doctor", "--db", str(db))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "ok   integrity: ok" in result.output  # pages and rows are told apart, and never disagree
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


async def detail_text(db: Path, tmp_path: Path, monkeypatch) -> str:
    """What the app shows on opening: the first measure, in the detail pane beside the table."""
    monkeypatch.chdir(tmp_path)
    app = create_app(db)
    async with app.run_test(size=(180, 60)) as pilot:
        await settle(pilot)
        assert app.is_running
        return screen_text(app)


async def test_a_note_and_a_question_whose_time_is_not_one_show_it_as_unknown(annotated, tmp_path, monkeypatch):
    db, _ = annotated
    tamper(db, "UPDATE annotations SET created_at = '2024'", "UPDATE questions SET created_at = '2024'")
    outputs = reads_everywhere(db, tmp_path)
    assert "Note (alice, date unknown)" in outputs["brief"]
    assert "What changed?" in outputs["lens"]
    doctor_names(db, "annotations.created_at in 2 rows", "not a time", "questions.created_at in 1 row")
    screen = await detail_text(db, tmp_path, monkeypatch)
    assert "ask about the backlog" in screen and "date unknown" in screen


async def test_a_note_that_is_not_utf8_reads_with_replacement_in_every_command(annotated, tmp_path, monkeypatch):
    db, _ = annotated
    tamper(db, "UPDATE annotations SET value = CAST(X'61736b1b5b326aff2061626f7574' AS TEXT) WHERE kind = 'note'")
    outputs = reads_everywhere(db, tmp_path)
    assert "ask[2j\ufffd about" not in outputs["brief"] and "\ufffd about" in outputs["brief"]
    assert all("\x1b" not in text for text in outputs.values())
    doctor_names(db, "annotations.value in 1 row", "not valid UTF-8")
    screen = await detail_text(db, tmp_path, monkeypatch)
    assert "\ufffd about" in screen


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE measures SET rag_quarter = 'Purple' WHERE position = 0",
        "UPDATE measures SET direction = 'Sideways', polarity = 'upwards' WHERE position = 0",
        "UPDATE measures SET alt_codes = 'not json' WHERE position = 0",
        "UPDATE measures SET quarter_target = X'00ff' WHERE position = 0",
        "UPDATE review_dates SET month = 'soon'",
        "UPDATE reports SET fetched_at = 'yesterday'",
        "UPDATE signals SET kind = 'omen' WHERE id = (SELECT min(id) FROM signals)",
        "UPDATE signals SET count = 'many'",
    ],
    ids=["rating", "direction", "codes", "figure", "month", "fetched", "signal", "count"],
)
async def test_any_malformed_value_degrades_and_doctor_names_it(annotated, tmp_path, monkeypatch, statement):
    db, _ = annotated
    tamper(db, statement)
    reads_everywhere(db, tmp_path)
    column = re.search(r"SET (\w+)", statement)[1]
    doctor_names(db, f".{column} in ")
    await detail_text(db, tmp_path, monkeypatch)


def test_a_remembered_map_naming_no_field_is_ignored_with_a_notice(tmp_path: Path):
    db = tmp_path / "shared.db"
    csv = tmp_path / "q1.csv"
    csv.write_text("Neighbourhood Scorecard Q1 2024/25\nRef,Indicator,Goal,RAG\nN1,Street lights fixed,95,G\n")
    assert run("import", str(csv), "--db", str(db), "--map", "Goal=quarter_target").exit_code == 0
    tamper(db, "UPDATE header_maps SET field = 'goodness'")
    shown = run("inspect", str(csv), "--db", str(db))
    assert shown.exit_code == 0, shown.output
    assert "remembered --map 'Goal'='goodness' ignored: not a field" in shown.output
    csv.write_text(csv.read_text().replace("Q1", "Q2"))
    imported = run("import", str(csv), "--db", str(db))
    assert imported.exit_code == 0
    (notice,) = imported.stderr.splitlines()
    assert notice.startswith("scorecard: q1.csv: remembered --map 'Goal'='goodness' ignored")
    doctor_names(db, "header_maps.field in 1 row", "names no field")


def test_doctor_names_a_wal_owned_by_someone_outside_the_group(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file away")
    db = filled(tmp_path / "shared.db")
    wal = tmp_path / "shared.db-wal"
    wal.write_bytes(b"")
    os.chown(wal, 65534, 65534)  # nobody: neither the owner (root) nor in its group
    result = run("doctor", "--db", str(db))
    assert result.exit_code == 1
    assert "shared.db-wal: owned by" in result.output and "neither the database's owner (root)" in result.output
    assert f"rm -- {wal}" in result.output
    assert "chmod --reference" not in result.output  # no chmod of a file someone else owns


def test_an_older_file_with_a_planted_trigger_is_not_upgraded_and_says_why(tmp_path: Path):
    from tests.helpers import version_3_database

    db = tmp_path / "old.db"
    version_3_database(db, load_sample_reports()[0], tmp_path / "scratch.db")
    tamper(db, WIPE)
    for args in (["import", str(SAMPLE_PDF)], ["doctor", "--upgrade"]):
        result = run(*args, "--db", str(db))
        assert result.exit_code == 2
        (line,) = result.stderr.splitlines()
        assert 'holds a trigger "wipe" on "reports"' in line and "cannot be upgraded" in line, line
    assert 'trigger "wipe"' in run("doctor", "--db", str(db)).output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("old.db")) == ["old.db"]  # no backup made
