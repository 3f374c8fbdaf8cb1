"""Saving a report: one write transaction that lands the report whole (its measures, review dates
and unread rows), replacing the period's earlier file, remembering the import's choices for the
series, and keeping the lens's signals of the period and those after it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from scorecard_tui.compat import UTC, StrEnum
from scorecard_tui.model import Measure, Report
from scorecard_tui.records import measure_to_dict
from scorecard_tui.store.lens_signals import store_signals
from scorecard_tui.store.remembered import remember_header_maps, remember_rating_words
from scorecard_tui.store.schema import FTS_COLUMNS

if TYPE_CHECKING:
    import sqlite_utils


class ImportOutcome(StrEnum):
    """What an import did to the store."""

    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


def save_report(
    db: sqlite_utils.Database,
    report: Report,
    *,
    header_maps: dict[str, str] | None = None,
    rating_words: dict[str, str] | None = None,
) -> ImportOutcome:
    """Store a report inside the caller's write transaction (``Store.save_report`` says what it does)."""
    if header_maps:
        remember_header_maps(db, report.name, report.source, header_maps)
    if rating_words:
        remember_rating_words(db, report.name, report.source, rating_words)
    row = db.execute(
        "SELECT id, sha256 FROM reports WHERE name = ? AND source = ? AND period = ?",
        [report.name, report.source, report.period],
    ).fetchone()
    if row and row[1] == report.sha256:
        return ImportOutcome.UNCHANGED
    if row:
        db.execute("DELETE FROM reports WHERE id = ?", [row[0]])
    report_id = _insert_report(db, report)
    insert_measures(db, report_id, report.measures)
    db.table("unread_rows").insert_all(
        {"report_id": report_id, "position": i, "line": line} for i, line in enumerate(report.unread_rows)
    )
    store_signals(
        db, report.name, report.source, from_period=report.period, newest=(report_id, report.period, report.measures)
    )
    return ImportOutcome.REPLACED if row else ImportOutcome.IMPORTED


def _insert_report(db: sqlite_utils.Database, report: Report) -> int:
    table = db.table("reports")
    table.insert(
        {
            "name": report.name,
            "source": report.source,
            "organisation": report.organisation,
            "team": report.team,
            "period": report.period,
            "fetched_at": report.fetched_at.isoformat() if report.fetched_at else None,
            "pages": report.pages,
            "file_name": report.file_name,
            "sha256": report.sha256,
            "subtitle": report.subtitle,
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "header_row": json.dumps(list(report.header_row)) if report.header_row else None,
        }
    )
    assert table.last_pk is not None  # an insert always has a key
    return int(table.last_pk)


def insert_measures(db: sqlite_utils.Database, report_id: int, measures: tuple[Measure, ...]) -> None:
    """Insert every measure and review date in batches (ids given here, under the write lock)."""
    first_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM measures").fetchone()[0]
    rows: list[dict[str, object]] = []
    dates: list[dict[str, object]] = []
    for position, m in enumerate(measures):
        row = measure_to_dict(m)
        del row["review_dates"], row["pages"]
        rows.append(
            {
                **row,
                "id": first_id + position,
                "report_id": report_id,
                "position": position,
                "alt_codes": json.dumps(row["alt_codes"]),
                "first_page": m.pages[0],
                "last_page": m.pages[1],
                "long_direction": m.long_direction and m.long_direction.value,
                "previous_actual": m.previous_actual,
                "direction_derived": int(m.direction_derived),
                "tolerance": m.tolerance,
            }
        )
        dates.extend(
            {"measure_id": rows[-1]["id"], "position": i, "month": d.month, "body": d.body, "past": int(d.past)}
            for i, d in enumerate(m.review_dates)
        )
    _insert_indexed(db, rows, first_id)
    _insert_rows(db, "review_dates", dates)


def _insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, object]]) -> None:
    """Rows of one shape (the first row's keys) in multi-row INSERTs of up to 999 values, as
    sqlite-utils' ``insert_all`` writes them, without its look at every value for JSON (~0.2 s of
    a 10,000-row import): our values are numbers, text and None."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    per = max(1, 999 // len(columns))
    for n in range(0, len(rows), per):
        chunk = rows[n : n + per]
        db.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(chunk))}",
            [row[c] for row in chunk for c in columns],
        )


def _insert_indexed(db: sqlite_utils.Database, rows: list[dict[str, object]], first_id: int) -> None:
    """Insert the measures and index their text in one statement rather than by the insert trigger a
    row (10,000 rows: ~0.3 s less). The trigger is set aside and put back as the file holds it, all
    inside the import's transaction: a failure rolls it back with the rest; other readers never see it
    gone (WAL); the schema check finds the same SQL."""
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'measures_ai'").fetchone()
    fts = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'measures_fts'").fetchone()
    if not (rows and trigger and trigger[0] and fts):  # an older schema, mid-migration: as it is
        _insert_rows(db, "measures", rows)
        return
    cols = ", ".join(FTS_COLUMNS)
    db.execute("DROP TRIGGER measures_ai")
    _insert_rows(db, "measures", rows)
    db.execute(f"INSERT INTO measures_fts (rowid, {cols}) SELECT id, {cols} FROM measures WHERE id >= ?", [first_id])
    db.execute(trigger[0])
