"""The SQLite store: WAL, FTS, migrations, and imports that land whole or not at all."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from scorecard_tui.errors import ScorecardError
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import SCHEMA_VERSION, ImportOutcome, Store

pytestmark = pytest.mark.pythons


@pytest.fixture()
def report(sample_source):
    return report_from_dict(sample_source, sha256="a" * 64)


def test_new_store_is_wal_and_versioned(db_path: Path):
    with Store(db_path) as store:
        assert store.db.journal_mode == "wal"
        assert store.schema_version == SCHEMA_VERSION
        assert {"reports", "measures", "review_dates", "measures_fts"} <= set(store.db.table_names())


def test_round_trip_keeps_every_field(db_path: Path, report):
    with Store(db_path) as store:
        assert store.save_report(report) is ImportOutcome.IMPORTED
        info = store.latest_report()
        assert info and info.measure_count == 20
        assert tuple(store.measures(info.id)) == report.measures


def test_same_digest_is_unchanged_and_new_digest_replaces(db_path: Path, report):
    with Store(db_path) as store:
        store.save_report(report)
        assert store.save_report(report) is ImportOutcome.UNCHANGED
        assert store.save_report(dataclasses.replace(report, sha256="b" * 64)) is ImportOutcome.REPLACED
        assert len(store.reports()) == 1
        assert store.db.execute("SELECT count(*) FROM measures").fetchone()[0] == 20


def test_failed_import_leaves_the_database_as_it_was(db_path: Path, report):
    with Store(db_path) as store:
        store.save_report(report)
        broken_measure = dataclasses.replace(report.measures[5], title=None)  # NOT NULL fails mid-way
        broken = dataclasses.replace(
            report, sha256="c" * 64, measures=(*report.measures[:10], broken_measure, *report.measures[10:])
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.save_report(broken)
        assert store.db.execute("SELECT count(*) FROM measures").fetchone()[0] == 20
        assert store.latest_report().id == 1 or store.latest_report().measure_count == 20
        assert [r.measure_count for r in store.reports()] == [20]


def test_full_text_search_prefix_and_fallback(db_path: Path, report):
    with Store(db_path) as store:
        store.save_report(report)
        rid = store.latest_report().id
        assert store.search_codes(rid, "foster") == {"SS PM23b", "SS PM28", "SS PM25"}
        assert store.search_codes(rid, "fost") >= {"SS PM23b", "SS PM28"}
        assert store.search_codes(rid, "PM08") == {"YA&H PM08"}
        assert "CP 08f" in store.search_codes(rid, "FirstCare")
        for hostile in ['"unbalanced', "AND", "NEAR(", "a*b%c", "'; DROP TABLE measures; --"]:
            store.search_codes(rid, hostile)
        assert store.db.execute("SELECT count(*) FROM measures").fetchone()[0] == 20


def test_search_index_written_in_one_statement_matches_the_trigger_and_keeps_it(db_path: Path, report):
    """An import indexes its measures in one statement with the insert trigger set aside: the index
    agrees with the measures (FTS5's own check), a replaced period leaves no stale words, a failed
    import puts the trigger back as it was, and a measure written later is still indexed by it."""
    with Store(db_path) as store:
        trigger = "SELECT sql FROM sqlite_master WHERE name = 'measures_ai'"
        held = store.db.execute(trigger).fetchone()
        store.save_report(report)
        store.save_report(dataclasses.replace(report, sha256="b" * 64))
        broken = dataclasses.replace(report.measures[5], title=None)
        with pytest.raises(sqlite3.IntegrityError):
            store.save_report(dataclasses.replace(report, sha256="c" * 64, measures=(*report.measures, broken)))
        assert store.db.execute(trigger).fetchone() == held
        store.db.execute("INSERT INTO measures_fts (measures_fts, rank) VALUES ('integrity-check', 1)")
        rid = store.latest_report().id
        assert store.search_codes(rid, "foster") == {"SS PM23b", "SS PM28", "SS PM25"}
        with store.writing() as db:
            db.execute("UPDATE measures SET title = 'Zebra crossings' WHERE code = 'SS PM28'")
        assert store.search_codes(rid, "zebra") == {"SS PM28"}


def test_find_report_names_the_periods_held(db_path: Path, report):
    with Store(db_path) as store:
        store.save_report(report)
        assert store.find_report("2018/19 Q1").measure_count == 20
        with pytest.raises(ScorecardError, match=r"periods held: 2018/19 Q1"):
            store.find_report("2019/20 Q1")


def test_a_newer_schema_is_refused(db_path: Path):
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ScorecardError, match="newer than this scorecard-tui understands"):
        Store(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "x.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ScorecardError, match="not a usable scorecard database"):
        Store(path)


def test_an_old_database_is_migrated_and_keeps_its_reports(db_path: Path, report):
    from scorecard_tui.store.schema import MIGRATIONS

    conn = sqlite3.connect(db_path, isolation_level=None)
    import sqlite_utils

    old = sqlite_utils.Database(conn)
    MIGRATIONS[0](old)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store(db_path) as store:
        assert store.schema_version == 1 + len(MIGRATIONS) - 1
        store.save_report(report)
        rid = store.latest_report().id
        assert store.search_codes(rid, "f") >= {"SS PM23b", "SS PM28"}
        assert store.annotations.notes(store.latest_report()) == {}
