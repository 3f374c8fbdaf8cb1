"""The schema, as numbered migration steps; ``PRAGMA user_version`` counts those applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scorecard_tui.store.scripts import run_script

if TYPE_CHECKING:
    import sqlite_utils

FTS_COLUMNS = ("title", "code", "commentary", "actions", "review")


def _reports_table(name: str, *, fetched_at: str) -> str:
    """The reports table as migration 1 created it, and as migration 5 rebuilt it: the same columns,
    ``fetched_at`` declared ``TEXT NOT NULL`` then, ``TEXT`` since (a spreadsheet states no time)."""
    return f"""
        CREATE TABLE {name} (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            organisation TEXT,
            team TEXT,
            period TEXT NOT NULL,
            fetched_at {fetched_at},
            pages INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (name, source, period)
        );
        """


def _migration_1(db: sqlite_utils.Database) -> None:
    """Reports, measures and their review dates (migration 3 adds the full-text index)."""
    run_script(
        db,
        _reports_table("reports", fetched_at="TEXT NOT NULL")
        + """
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            directorate TEXT NOT NULL,
            code TEXT NOT NULL,
            alt_codes TEXT NOT NULL,
            title TEXT NOT NULL,
            rag_quarter TEXT,
            rag_forecast TEXT,
            quarter_target,
            quarter_actual,
            forecast_target,
            forecast_actual,
            unit TEXT,
            direction TEXT,
            commentary TEXT NOT NULL,
            actions TEXT NOT NULL,
            review TEXT NOT NULL,
            first_page INTEGER NOT NULL,
            last_page INTEGER NOT NULL
        );
        CREATE INDEX measures_report ON measures(report_id, position);
        CREATE INDEX measures_code ON measures(code);
        CREATE TABLE review_dates (
            id INTEGER PRIMARY KEY,
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            month TEXT NOT NULL,
            body TEXT,
            past INTEGER NOT NULL
        );
        CREATE INDEX review_dates_measure ON review_dates(measure_id);
        """,
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Flags and notes: append-only, so every edit is a new version and nothing is overwritten."""
    run_script(
        db,
        """
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            report_name TEXT NOT NULL,
            source TEXT NOT NULL,
            period TEXT NOT NULL,
            code TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('flag', 'note')),
            value TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX annotations_key ON annotations(report_name, source, period, kind, code, id);
        """,
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    """Prefix indexes on the full-text table, so searching while typing stays fast on big stores
    (a one-letter prefix over 10,000 measures: 68 ms without, 0.2 ms with)."""
    run_script(db, _fts_script("'measures'"))


def _migration_4(db: sqlite_utils.Database) -> None:
    """Flags and notes belong to one measure, by its key (``CP 08``, or ``CP 08#2`` where a report
    repeats a code), not to every measure with a code. Earlier annotations' codes are their keys."""
    run_script(db, "ALTER TABLE annotations RENAME COLUMN code TO measure_key;")


def _migration_5(db: sqlite_utils.Database) -> None:
    """Issue 9 (any council's table): a measure's stated polarity; ``--map`` choices remembered
    per report series; and a fetch time that may be absent (a spreadsheet states none).

    SQLite cannot drop a NOT NULL in place, so ``reports`` is rebuilt by the documented
    procedure (new table, copy with the same ids, drop, rename). The store runs this step
    with foreign keys off (:data:`FOREIGN_KEYS_OFF`), so dropping the old table does not
    cascade to the measures; their ids, the full-text index and its triggers are untouched.
    """
    run_script(
        db,
        """
        ALTER TABLE measures ADD COLUMN polarity TEXT;"""
        + _reports_table("reports_rebuilt", fetched_at="TEXT")
        + """
        INSERT INTO reports_rebuilt (id, name, source, organisation, team, period, fetched_at, pages,
                                     file_name, sha256, imported_at)
            SELECT id, name, source, organisation, team, period, fetched_at, pages, file_name, sha256, imported_at
            FROM reports;
        DROP TABLE reports;
        ALTER TABLE reports_rebuilt RENAME TO reports;
        CREATE TABLE header_maps (
            id INTEGER PRIMARY KEY,
            report_name TEXT NOT NULL,
            header TEXT NOT NULL,
            field TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (report_name, header)
        );
        """,
    )


def _fts_script(content: str) -> str:
    """Drop and recreate the full-text table (declared with ``content``), its triggers, and rebuild it."""
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    return f"""
        DROP TRIGGER IF EXISTS measures_ai;
        DROP TRIGGER IF EXISTS measures_ad;
        DROP TRIGGER IF EXISTS measures_au;
        DROP TABLE IF EXISTS measures_fts;
        CREATE VIRTUAL TABLE measures_fts USING fts5(
            {cols}, content={content}, content_rowid='id', prefix='1 2 3'
        );
        CREATE TRIGGER measures_ai AFTER INSERT ON measures BEGIN
            INSERT INTO measures_fts (rowid, {cols}) VALUES (new.id, {new});
        END;
        CREATE TRIGGER measures_ad AFTER DELETE ON measures BEGIN
            INSERT INTO measures_fts (measures_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
        END;
        CREATE TRIGGER measures_au AFTER UPDATE ON measures BEGIN
            INSERT INTO measures_fts (measures_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
            INSERT INTO measures_fts (rowid, {cols}) VALUES (new.id, {new});
        END;
        INSERT INTO measures_fts (measures_fts) VALUES ('rebuild');
        """


def _migration_6(db: sqlite_utils.Database) -> None:
    """Issue 11: a report's subtitle (the lines above its first heading, such as "ILLUSTRATIVE
    DATA - NOT PUBLISHED"); and the full-text table declared with ``content="measures"``, the
    form Datasette and sqlite-utils recognise (``content='measures'`` left their search boxes
    finding nothing). Same columns, prefixes and triggers; the index is rebuilt."""
    run_script(db, "ALTER TABLE reports ADD COLUMN subtitle TEXT;" + _fts_script('"measures"'))


def _migration_7(db: sqlite_utils.Database) -> None:
    """Issue 13 (the scrutiny lens): signals kept per report, and officers' questions with
    versions; the signals of reports already held are computed here, once."""
    from scorecard_tui.store.lens_signals import migrate_lens

    migrate_lens(db)


def _migration_8(db: sqlite_utils.Database) -> None:
    """Issue 18: remembered ``--map`` choices belong to a report series, its name *and* data source
    (another council's report of the same name no longer gets them). Each earlier choice goes to
    the source of the report imported nearest the moment it was made (the import that gave it),
    else to "not stated", the source of a table that names none."""
    run_script(
        db,
        """
        CREATE TABLE header_maps_keyed (
            id INTEGER PRIMARY KEY,
            report_name TEXT NOT NULL,
            source TEXT NOT NULL,
            header TEXT NOT NULL,
            field TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (report_name, source, header)
        );
        INSERT INTO header_maps_keyed (id, report_name, source, header, field, updated_at)
            SELECT id, report_name, coalesce(source, 'not stated'), header, field, updated_at FROM (
                SELECT h.id, h.report_name, r.source, h.header, h.field, h.updated_at, row_number() OVER (
                    PARTITION BY h.id
                    ORDER BY abs(coalesce(julianday(r.imported_at), 0) - coalesce(julianday(h.updated_at), 0)),
                             r.id DESC
                ) AS nearest
                FROM header_maps h LEFT JOIN reports r ON r.name = h.report_name
            ) WHERE nearest = 1;
        DROP TABLE header_maps;
        ALTER TABLE header_maps_keyed RENAME TO header_maps;
        """,
    )


def _migration_9(db: sqlite_utils.Database) -> None:
    """Issue 19: a measure's long-term trend (a report with "Long Trend" and "Short Trend"), the
    previous actual a report states and whether its direction was derived from it,
    ``--rating`` choices remembered for a report series (its name and data source), and the rows
    ``--skip-unreadable`` left out of a report; a table report's header row, so that a file named
    another way joins the series with the same columns and codes."""
    run_script(
        db,
        """
        ALTER TABLE measures ADD COLUMN long_direction TEXT;
        ALTER TABLE reports ADD COLUMN header_row TEXT;
        ALTER TABLE measures ADD COLUMN previous_actual;
        ALTER TABLE measures ADD COLUMN direction_derived INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE rating_words (
            id INTEGER PRIMARY KEY,
            report_name TEXT NOT NULL,
            source TEXT NOT NULL,
            word TEXT NOT NULL,
            rating TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (report_name, source, word)
        );
        CREATE TABLE unread_rows (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            line TEXT NOT NULL
        );
        CREATE INDEX unread_rows_report ON unread_rows (report_id);
        """,
    )


def _migration_10(db: sqlite_utils.Database) -> None:
    """Issue 21: the tolerance a report states for a measure (a share of the target), read by the lens."""
    run_script(db, "ALTER TABLE measures ADD COLUMN tolerance REAL;")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
    _migration_8,
    _migration_9,
    _migration_10,
]
"""Numbered schema steps; the database's ``user_version`` counts how many have run."""

SCHEMA_VERSION = len(MIGRATIONS)

FOREIGN_KEYS_OFF = frozenset({_migration_5})
"""Steps that rebuild a referenced table: run with foreign keys off, checked before commit."""
