"""The schema the package creates, as the store compares a file with it (issue 18, hole 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.store import SCHEMA_VERSION, Store
from scorecard_tui.store.schema_check import CURRENT, Stranger, made_by, shell_word, strangers
from tests.helpers import version_3_database


def test_the_objects_the_store_expects_are_those_the_migrations_create() -> None:
    """After a new migration: paste ``made_by(SCHEMA_VERSION)`` into ``schema_check.CURRENT``."""
    assert made_by(SCHEMA_VERSION) == CURRENT


def test_a_new_file_and_an_upgraded_one_hold_nothing_strange(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    version_3_database(old, load_sample_reports()[0], tmp_path / "scratch.db")
    with sqlite3.connect(old) as conn:
        assert strangers(conn, 3) == []
    conn.close()
    for path in (tmp_path / "new.db", old):
        with Store(path) as store:
            store.save_report(load_sample_reports()[1])
            assert store.strangers == () and not store.read_only
            with sqlite3.connect(path) as conn:
                conn.execute("ANALYZE")  # sqlite_stat1: SQLite's own
            conn.close()
        with Store(path) as store:
            assert store.strangers == () and not store.read_only


def test_names_are_quoted_for_sql_and_the_shell_and_shown_escaped() -> None:
    planted = Stranger("trigger", "wipe\x1b[2J'\"; rm -rf ~", "annotations")
    assert planted.drop_sql() == 'DROP TRIGGER "wipe\x1b[2J\'""; rm -rf ~"'
    word = shell_word(planted.drop_sql())
    assert "\x1b" not in word and word.startswith("$'")
    assert "\x1b" not in planted.describe() and "\\x1b" in planted.describe()
    assert shell_word('DROP VIEW "v; x"') == "'DROP VIEW \"v; x\"'"
