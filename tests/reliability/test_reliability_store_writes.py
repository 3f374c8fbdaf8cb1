"""Break tests for the store's writes (issue 8, points 2-4): many processes at once, long
saves, and measures that share a code."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import TextArea

from scorecard_tui.app import create_app
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.cli.main import cli
from scorecard_tui.model import Flag, Report, number_repeats
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import SCHEMA_VERSION, Store
from scorecard_tui.store.db import BUSY_TIMEOUT_MS
from tests.app.pilot_helpers import column, detail_text, notices, press, screen_text, settle, status
from tests.conftest import load_builder
from tests.helpers import version_3_database

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT)}

OPENER = textwrap.dedent(
    """
    import sys, time
    from scorecard_tui.store import Store
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    with Store(sys.argv[1]) as store:
        print(store.schema_version)
    """
)


@pytest.fixture
def sample_db(tmp_path: Path, sample_source) -> Path:
    """A database holding the sample report."""
    path = tmp_path / "scorecard.db"
    with Store(path) as store:
        store.save_report(report_from_dict(sample_source, sha256="a" * 64))
    return path


def _spawn(script: str, *args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_six_processes_opening_one_new_database_all_succeed(tmp_path: Path):
    for round_ in range(5):
        path = tmp_path / f"round{round_}" / "scorecard.db"
        start = time.time() + 1.5
        procs = [_spawn(OPENER, path, start) for _ in range(6)]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            assert int(out) == SCHEMA_VERSION
        with Store(path) as store:
            assert store.schema_version == SCHEMA_VERSION
            assert {"reports", "measures", "review_dates", "annotations", "measures_fts"} <= set(store.db.table_names())
            triggers = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            assert triggers == {"measures_ai", "measures_ad", "measures_au"}


BIG_REPORT = textwrap.dedent(
    """
    import dataclasses, json
    from scorecard_tui.records import measure_to_dict, report_from_dict
    from scorecard_tui.store import Store

    def big_report(path, n, period="2018/19 Q1", sha="b" * 64):
        source = json.loads(open(path, encoding="utf-8").read())
        report = report_from_dict(source, sha256=sha)
        measures = tuple(
            dataclasses.replace(m, code=f"{m.code} #{i}")
            for i, m in enumerate(report.measures[j % len(report.measures)] for j in range(n))
        )
        return dataclasses.replace(report, measures=measures, period=period)
    """
)
SAMPLE_JSON = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"


def _big_report(n: int, period: str = "2018/19 Q1"):
    scope: dict = {}
    exec(BIG_REPORT, scope)
    return scope["big_report"](SAMPLE_JSON, n, period)


def test_saving_ten_thousand_measures_is_batched(tmp_path: Path, monkeypatch):
    report = _big_report(10_000)
    with Store(tmp_path / "big.db") as store:
        statements: list[str] = []
        execute = store.db.execute

        def counted(sql: str, *args, **kwargs):  # sqlite-utils sends each INSERT through here
            statements.append(sql)
            return execute(sql, *args, **kwargs)

        monkeypatch.setattr(store.db, "execute", counted)
        started = time.perf_counter()
        store.save_report(report)
        took = time.perf_counter() - started
        monkeypatch.undo()
        print(f"\nsaved 10,000 measures in {took:.2f} s")
        inserts = sum(
            sql.lstrip().upper().startswith(('INSERT INTO "MEASURES"', "INSERT INTO MEASURES")) for sql in statements
        )
        assert inserts < 1_000, f"{inserts} INSERT statements for 10,000 measures: not batched"
        info = store.latest_report()
        assert info is not None and info.measure_count == 10_000
        assert tuple(store.measures(info.id)) == report.measures
        assert store.search_codes(info.id, "#9999") == {report.measures[9_999].code}


HOLDER = textwrap.dedent(
    """
    import select, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO annotations (report_name, source, period, measure_key, kind, value, author, created_at) "
                 "VALUES ('r', 's', 'p', 'c', 'note', 'held', 'holder', '2026-01-01T00:00:00')")
    print("holding", flush=True)
    select.select([sys.stdin], [], [], float(sys.argv[2]))  # until the time is up, or the test says go
    conn.execute("COMMIT")
    """
)


def _hold(path: Path, seconds: float) -> subprocess.Popen[bytes]:
    """Another process holding the write lock on ``path`` for ``seconds`` (returned once it holds it)."""
    holder = _spawn(HOLDER, path, seconds)
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
    return holder


def test_a_write_waits_past_the_busy_timeout_and_reads_carry_on(sample_db: Path):
    holder = _hold(sample_db, BUSY_TIMEOUT_MS / 1000 + 2)
    with Store(sample_db) as writer, Store(sample_db) as reader:
        info = writer.latest_report()
        assert info is not None
        note = writer.annotations.add_note(info, "SS PM28", "written while an import held the lock", author="alice")
        assert note.value == "written while an import held the lock"
        assert reader.annotations.notes(info)["SS PM28"].value == note.value
    _, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err.decode()


SAVER = BIG_REPORT + textwrap.dedent(
    """
    import sys
    from scorecard_tui.store import saving
    insert_measures = saving.insert_measures

    def held_insert(db, report_id, measures):  # the save holds the write lock until the test says go
        print("holding", flush=True)
        sys.stdin.readline()
        insert_measures(db, report_id, measures)

    saving.insert_measures = held_insert
    with Store(sys.argv[1]) as store:
        store.save_report(big_report(sys.argv[2], int(sys.argv[3]), period="2018/19 Q2"))
    """
)
NOTER = textwrap.dedent(
    """
    import sys
    import scorecard_tui.store.db
    from scorecard_tui.store import Store
    scorecard_tui.store.db.BUSY_TIMEOUT_MS = 100  # SQLite's own wait ends long before the save does
    print("writing", flush=True)
    with Store(sys.argv[1]) as store:
        info = store.latest_report()
        for i in range(int(sys.argv[3])):
            store.annotations.add_note(info, "SS PM28", f"{sys.argv[2]} note {i}", author=sys.argv[2])
    """
)


def test_writers_behind_a_long_save_lose_no_note(sample_db: Path):
    """The save holds the write lock well past the writers' busy timeout: they wait and retry, not fail."""
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(sample_db), str(SAMPLE_JSON), "12000"],
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert saver.stdin is not None and saver.stdout is not None
    assert saver.stdout.readline() == b"holding\n"
    noters = [_spawn(NOTER, sample_db, who, 30) for who in ("alice", "bob")]
    for proc in noters:
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
    time.sleep(1.0)  # ten busy timeouts: a writer that does not retry has failed by now
    saver.stdin.write(b"go\n")
    saver.stdin.flush()
    for proc in [saver, *noters]:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    with Store(sample_db) as store:
        info = store.find_report("2018/19 Q1")
        notes = store.annotations.annotation_history(info, "SS PM28", "note")
        for who in ("alice", "bob"):
            assert [a.value for a in notes if a.author == who] == [f"{who} note {i}" for i in range(30)]
        assert store.find_report("2018/19 Q2").measure_count == 12_000


CYCLER = textwrap.dedent(
    """
    import sys
    from scorecard_tui.store import Store
    with Store(sys.argv[1]) as store:
        info = store.latest_report()
        for _ in range(int(sys.argv[3])):
            store.annotations.cycle_flag(info, "SS PM28", author=sys.argv[2])
    """
)


def test_three_processes_cycling_one_flag_count_every_press(sample_db: Path):
    procs = [_spawn(CYCLER, sample_db, who, 40) for who in ("alice", "bob", "carol")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with Store(sample_db) as store:
        info = store.latest_report()
        assert info is not None
        versions = store.annotations.annotation_history(info, "SS PM28", "flag")
        assert len(versions) == 120
        order = list(Flag)
        assert [v.value for v in versions] == [order[(i + 1) % 3].value for i in range(120)]
        assert store.annotations.flags(info).get("SS PM28", Flag.NONE) is order[120 % 3]


async def test_the_app_searches_while_its_flag_waits_behind_an_import(sample_db: Path):
    app = create_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        first = app.main.current_measure
        assert first is not None
        holder = _hold(sample_db, 8)
        await pilot.press("m")
        await pilot.press("slash", *"fostering")
        deadline = time.monotonic() + 5
        while not status(app).endswith("'fostering'") and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert status(app).endswith("'fostering'")
        assert holder.poll() is None, "the search waited for the import to finish"
        _, err = holder.communicate(timeout=60)
        assert holder.returncode == 0, err.decode()
        await settle(pilot)
    with Store(sample_db) as store:
        info = store.latest_report()
        assert info is not None
        assert store.annotations.flags(info) == {first.code: Flag.WATCH}


# -- point 4: flags and notes belong to one measure, even where a report repeats a code ----------


def test_keys_tell_apart_measures_that_share_a_code():

    report = _big_report(3)
    a, b, c = report.measures
    twins = Report(
        name=report.name,
        source=report.source,
        period=report.period,
        fetched_at=report.fetched_at,
        pages=report.pages,
        measures=(a, dataclasses.replace(b, code=a.code), dataclasses.replace(c, code=f"{a.code}#2"), a),
    )
    assert [m.key for m in twins.measures] == [a.code, f"{a.code}#3", f"{a.code}#2", f"{a.code}#4"]
    assert number_repeats(twins.measures) == twins.measures


@pytest.fixture(scope="module")
def doubled_db(tmp_path_factory) -> Path:
    """The sample report with every measure twice (each code repeated), imported from a real PDF."""

    folder = tmp_path_factory.mktemp("doubled")
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    source["measures"] = source["measures"] * 2
    pdf = folder / "doubled.pdf"
    load_builder().build_scorecard_pdf(source, pdf)
    db = folder / "scorecard.db"
    result = CliRunner().invoke(cli, ["import", str(pdf), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_a_report_with_repeated_codes_imports_and_each_measure_has_its_own_flag_and_note(
    doubled_db: Path, tmp_path: Path
):
    path = tmp_path / "copy.db"
    shutil.copy(doubled_db, path)
    with Store(path) as store:
        info = store.latest_report()
        assert info is not None and info.measure_count == 40
        measures = store.measures(info.id)
        keys = [m.key for m in measures]
        assert len(set(keys)) == 40
        assert keys.count("LCT PM03") == 1 and keys.count("LCT PM03#2") == 1
        store.annotations.set_flag(info, "LCT PM03#2", Flag.RAISE, author="alice")
        store.annotations.add_note(info, "LCT PM03", "Ask about the first one", author="alice")
        store.annotations.cycle_flag(info, "SS PM28", author="bob")
        assert store.annotations.flags(info) == {"LCT PM03#2": Flag.RAISE, "SS PM28": Flag.WATCH}
        assert set(store.annotations.notes(info)) == {"LCT PM03"}
        assert store.annotations.annotation_history(info, "LCT PM03", "flag") == []
        assert [i.period for i, _ in store.history(info, "LCT PM03#2")] == [info.period]


def test_flags_and_notes_written_before_measure_keys_keep_working(tmp_path: Path, sample_source):

    path = tmp_path / "old.db"
    report = report_from_dict(sample_source, sha256="a" * 64)
    version_3_database(path, report, tmp_path / "scratch.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO annotations (report_name, source, period, code, kind, value, author, created_at) "
        "VALUES (?, ?, ?, 'SS PM28', 'flag', 'raise', 'alice', '2018-09-01T10:00:00+00:00'), "
        "(?, ?, ?, 'SS PM28', 'note', 'Ask in September', 'alice', '2018-09-01T10:01:00+00:00')",
        [report.name, report.source, report.period] * 2,
    )
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        info = store.latest_report()
        assert info is not None
        assert store.annotations.flags(info) == {"SS PM28": Flag.RAISE}
        assert store.annotations.notes(info)["SS PM28"].value == "Ask in September"
        assert store.annotations.cycle_flag(info, "SS PM28").value == Flag.NONE.value
        assert [a.value for a in store.annotations.annotation_history(info, "SS PM28", "flag")] == ["raise", "none"]


async def test_m_and_n_on_one_of_two_measures_with_one_code_mark_only_that_one(doubled_db: Path, tmp_path: Path):

    path = tmp_path / "copy.db"
    shutil.copy(doubled_db, path)
    app = create_app(path)

    async def select(position: int) -> None:
        assert app.query_one(RagTable).select_measure(position)
        await settle(pilot)

    def flagged() -> dict[int, str]:
        return {i: flag for i, flag in zip(app.main.rows, column(app, "Flag"), strict=True) if flag}

    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        first, second = (i for i, m in enumerate(app.main.measures) if m.code == "LCT PM03")
        await select(second)
        await press(pilot, "m")
        assert flagged() == {second: "⚐ watch"}
        assert "LCT PM03#2: flag watch" in notices(app)
        await select(first)
        assert "Flag       " not in detail_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        assert "Note on LCT PM03, " in screen_text(app)
        await press(pilot, *"Only the first", "ctrl+s")
        assert "Only the first" in detail_text(app)
        await select(second)
        assert "Only the first" not in detail_text(app)
        assert "Flag       ⚐ watch for the meeting" in detail_text(app)
        await press(pilot, "F")
        assert app.main.rows == [second]
    with Store(path) as store:
        info = store.latest_report()
        assert info is not None
        assert store.annotations.flags(info) == {"LCT PM03#2": Flag.WATCH}
        assert {k: a.value for k, a in store.annotations.notes(info).items()} == {"LCT PM03": "Only the first"}


async def test_a_note_the_store_cannot_take_is_kept_for_the_next_n(sample_db: Path, monkeypatch):
    monkeypatch.setattr("scorecard_tui.store.db.BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr("scorecard_tui.store.db.WRITE_WAIT_S", 0.5)
    app = create_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        measure = app.main.current_measure
        assert measure is not None
        holder = _hold(sample_db, 120)  # until the refusal is seen: a loaded machine types slowly
        await press(pilot, "n", *"Ask for the recovery plan", "ctrl+s")

        def refused() -> bool:
            return any(n.startswith("Note not saved: ") and "Your text is kept" in n for n in notices(app))

        for _ in range(300):  # the write gives up after WRITE_WAIT_S; on a loaded machine that notice comes later
            if refused():
                break
            await pilot.pause(0.1)
        assert refused()
        _, err = holder.communicate(b"go\n", timeout=60)
        assert holder.returncode == 0, err.decode()
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Ask for the recovery plan"
        await press(pilot, "ctrl+s")
        assert f"{measure.key}: note saved" in notices(app)
    with Store(sample_db) as store:
        info = store.latest_report()
        assert info is not None
        assert store.annotations.notes(info)[measure.key].value == "Ask for the recovery plan"


def test_search_finds_the_one_of_two_measures_with_one_code_that_matches(tmp_path: Path):
    report = _big_report(3)
    a, b, c = report.measures
    twin = dataclasses.replace(b, code=a.code, title="Zebra crossings repainted")
    report = dataclasses.replace(report, measures=(a, twin, c))
    with Store(tmp_path / "scorecard.db") as store:
        store.save_report(report)
        info = store.latest_report()
        assert info is not None
        assert store.search_codes(info.id, "zebra") == {f"{a.code}#2"}
        assert store.search_codes(info.id, a.code.split()[0]) >= {a.code, f"{a.code}#2"}
        assert store.search_codes(info.id, "") == {a.code, f"{a.code}#2", c.code}
