"""Flags and notes: who and when, versions kept, survive re-imports, safe with two writers."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scorecard_tui.model import Flag
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.store.annotations import current_user
from tests.conftest import ROOT

pytestmark = pytest.mark.pythons


@pytest.fixture()
def store(db_path: Path, sample_source):
    with Store(db_path) as store:
        store.save_report(report_from_dict(sample_source, sha256="a" * 64))
        yield store


def test_flags_cycle_and_record_who_and_when(store):
    info = store.latest_report()
    assert Flag.NONE.next() is Flag.WATCH and Flag.WATCH.next() is Flag.RAISE and Flag.RAISE.next() is Flag.NONE
    store.annotations.set_flag(info, "SS PM28", Flag.WATCH)
    store.annotations.set_flag(info, "SS PM28", Flag.RAISE)
    store.annotations.set_flag(info, "LCT PM03", Flag.WATCH)
    store.annotations.set_flag(info, "LCT PM03", Flag.NONE)
    assert store.annotations.flags(info) == {"SS PM28": Flag.RAISE}
    history = store.annotations.annotation_history(info, "SS PM28", "flag")
    assert [a.value for a in history] == ["watch", "raise"]
    assert {a.author for a in history} == {current_user()}
    assert history[0].created_at <= history[1].created_at


def test_editing_a_note_adds_a_version(store):
    info = store.latest_report()
    store.annotations.add_note(info, "CP 08f", "Ask about FirstCare roll-out", author="alice")
    store.annotations.add_note(info, "CP 08f", "Ask about FirstCare roll-out and mop-up courses", author="bob")
    assert store.annotations.notes(info)["CP 08f"].value == "Ask about FirstCare roll-out and mop-up courses"
    assert store.annotations.notes(info)["CP 08f"].author == "bob"
    assert [a.author for a in store.annotations.annotation_history(info, "CP 08f", "note")] == ["alice", "bob"]


def test_flags_and_notes_survive_a_reimport(store, sample_source):
    info = store.latest_report()
    store.annotations.set_flag(info, "SS PM28", Flag.RAISE)
    store.annotations.add_note(info, "SS PM28", "0% approved in 8 months")
    store.save_report(report_from_dict(sample_source, sha256="b" * 64))
    info = store.latest_report()
    assert store.annotations.flags(info) == {"SS PM28": Flag.RAISE}
    assert store.annotations.notes(info)["SS PM28"].value == "0% approved in 8 months"


def test_flags_belong_to_their_period(store, sample_source):
    q1 = store.latest_report()
    store.annotations.set_flag(q1, "SS PM28", Flag.RAISE)
    q2_report = dataclasses.replace(report_from_dict(sample_source, sha256="c" * 64), period="2018/19 Q2")
    store.save_report(q2_report)
    q2 = store.find_report("2018/19 Q2")
    assert store.annotations.flags(q2) == {}
    assert store.annotations.flags(q1) == {"SS PM28": Flag.RAISE}


WRITER = textwrap.dedent(
    """
    import sys
    from scorecard_tui.store import Store
    with Store(sys.argv[1]) as store:
        info = store.latest_report()
        for i in range(int(sys.argv[3])):
            store.annotations.add_note(info, "SS PM28", f"{sys.argv[2]} note {i}", author=sys.argv[2])
            store.annotations.set_flag(info, "SS PM28", "raise" if i % 2 else "watch", author=sys.argv[2])
    """
)
READER = textwrap.dedent(
    """
    import sys, time
    from scorecard_tui.store import Store
    with Store(sys.argv[1]) as store:
        info = store.latest_report()
        end = time.monotonic() + float(sys.argv[2])
        reads = 0
        while time.monotonic() < end:
            store.annotations.notes(info); store.annotations.flags(info); store.measures(info.id)
            reads += 1
    print(reads)
    """
)


def test_two_writers_and_a_reader_lose_nothing(store, db_path: Path):
    env = {"PYTHONPATH": str(ROOT)}
    n = 150
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), who, str(n)], env=env, stderr=subprocess.PIPE)
        for who in ("alice", "bob")
    ]
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path), "3"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"locked" not in err
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err.decode()
    assert int(out) > 0
    info = store.latest_report()
    notes = store.annotations.annotation_history(info, "SS PM28", "note")
    assert len(notes) == 2 * n
    for who in ("alice", "bob"):
        assert [a.value for a in notes if a.author == who] == [f"{who} note {i}" for i in range(n)]
    assert len(store.annotations.annotation_history(info, "SS PM28", "flag")) == 2 * n


def test_a_flag_value_planted_by_another_tool_reads_as_no_flag(store):
    info = store.latest_report()
    store.annotations.set_flag(info, "SS PM28", Flag.WATCH)
    store.annotations.set_flag(info, "LCT PM03", Flag.RAISE)
    store.db.execute("UPDATE annotations SET value = 'urgent\x1b[31m' WHERE measure_key = 'SS PM28'")
    assert store.annotations.flags(info) == {"LCT PM03": Flag.RAISE}
    store.annotations.cycle_flag(info, "SS PM28")  # the cycle starts again from none
    assert store.annotations.flags(info)["SS PM28"] is Flag.WATCH


def test_note_versions_count_each_measures_notes_in_one_query(store):
    info = store.latest_report()
    for text in ("first", "second", "third"):
        store.annotations.add_note(info, "SS PM28", text)
    store.annotations.add_note(info, "LCT PM03", "only")
    store.annotations.set_flag(info, "LCT PM03", Flag.WATCH)
    assert store.annotations.note_versions(info) == {"SS PM28": 3, "LCT PM03": 1}
    assert store.annotations.note_versions(info) == {
        key: len(store.annotations.annotation_history(info, key, "note")) for key in ("SS PM28", "LCT PM03")
    }
