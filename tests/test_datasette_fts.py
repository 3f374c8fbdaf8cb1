"""Issue 11, point 14: the full-text table is declared so Datasette and sqlite-utils find it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from scorecard_tui.importing import import_file
from scorecard_tui.store import SCHEMA_VERSION, Store
from scorecard_tui.store.schema import _fts_script
from scorecard_tui.store.scripts import run_script
from tests.conftest import SAMPLE_PDF, copy_of
from tests.helpers import UNDO_MIGRATION_9

FOSTERING = {"SS PM23b", "SS PM28"}
"""The sample Q1's measures that mention fostering."""


@pytest.fixture(scope="module")
def imported_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample PDF imported once a module: tests take a copy (:func:`copy_of`), never this."""
    path = tmp_path_factory.mktemp("fts") / "scorecard.db"
    with Store(path) as store:
        import_file(store, SAMPLE_PDF)
    assert not path.with_name("scorecard.db-wal").exists(), "closed: the file holds it all"
    return path


@pytest.fixture()
def imported(imported_template: Path, tmp_path: Path) -> Path:
    """The sample PDF imported: a test's own copy, to downgrade and upgrade as it pleases."""
    return copy_of(imported_template, tmp_path)


def _downgrade_to_5(path: Path) -> None:
    """Make ``path`` what schema 5 left: the FTS table declared with ``content='measures'``, no subtitle."""
    db = sqlite_utils.Database(path)
    with db.conn:
        run_script(db, _fts_script("'measures'"))
        db.execute("ALTER TABLE reports DROP COLUMN subtitle")
        db.execute("DROP TABLE signals")  # migration 7 (the lens) comes after and runs again
        db.execute("DROP TABLE questions")
        db.conn.executescript(UNDO_MIGRATION_9)  # migration 9 (issue 19) likewise
        db.execute("PRAGMA user_version = 5")
    db.close()


def test_sqlite_utils_detects_the_full_text_table(imported: Path):
    db = sqlite_utils.Database(imported)
    assert db["measures"].detect_fts() == "measures_fts"
    assert {r["code"] for r in db["measures"].search("fostering")} == FOSTERING
    db.close()


def _found_the_way_datasette_looks(path: Path) -> list[str]:
    """The virtual tables whose SQL declares ``content="measures"`` with double quotes: Datasette
    finds a table's full-text index by a LIKE on exactly that text (not ``'measures'`` nor
    ``[measures]``, which sqlite-utils also accepts), so this runs where Datasette is not installed."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0"
            " AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"measures\"%'"
        ).fetchall()
    return [name for (name,) in rows]


def test_datasette_would_find_the_full_text_table_of_a_new_and_an_upgraded_database(imported: Path):
    assert _found_the_way_datasette_looks(imported) == ["measures_fts"]
    _downgrade_to_5(imported)
    assert _found_the_way_datasette_looks(imported) == []  # what schema 5 declared
    with Store(imported):
        pass
    assert _found_the_way_datasette_looks(imported) == ["measures_fts"]


def test_an_older_database_is_upgraded_with_its_index_and_search_intact(imported: Path):
    _downgrade_to_5(imported)
    assert sqlite_utils.Database(imported)["measures"].detect_fts() is None  # what Datasette saw before
    with Store(imported) as store:
        assert store.schema_version == SCHEMA_VERSION
        info = store.latest_report()
        assert store.search_codes(info.id, "fostering") == FOSTERING
        assert store.search_codes(info.id, "fos") >= FOSTERING  # prefix search still works
        assert info.subtitle is None
    with sqlite3.connect(imported) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'measures_fts'").fetchone()[0]
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        conn.execute("INSERT INTO measures_fts (measures_fts) VALUES ('integrity-check')")  # raises if not rebuilt
    assert 'content="measures"' in sql and "prefix='1 2 3'" in sql
    assert {"measures_ai", "measures_ad", "measures_au"} <= triggers
    assert sqlite_utils.Database(imported)["measures"].detect_fts() == "measures_fts"


def test_the_triggers_keep_the_index_in_step_after_the_upgrade(imported: Path):
    _downgrade_to_5(imported)
    with Store(imported) as store:
        store.save_report(store.load_report(store.latest_report().id))  # unchanged: nothing rewritten
        import_file(store, SAMPLE_PDF)
    with sqlite3.connect(imported) as conn:
        conn.execute("INSERT INTO measures_fts (measures_fts) VALUES ('integrity-check')")  # raises if out of step


def test_datasette_search_finds_only_matching_rows(imported: Path):
    datasette_app = pytest.importorskip("datasette.app")

    async def search() -> tuple[int, list[dict]]:
        ds = datasette_app.Datasette([str(imported)])
        response = await ds.client.get(f"/{imported.stem}/measures.json?_search=fostering&_shape=array")
        return response.status_code, response.json()

    status, rows = asyncio.run(search())
    assert status == 200
    assert {r["code"] for r in rows} == FOSTERING
