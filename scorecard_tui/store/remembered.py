"""The import choices remembered for a report series (its name and data source): ``--map``
(header -> field) and ``--rating`` (word -> rating), written with the report they were given for
and read by the next import of the series; and the held table series a new table may join."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from scorecard_tui.compat import UTC
from scorecard_tui.text.safe import clean_text

if TYPE_CHECKING:
    import sqlite_utils


def remember_header_maps(db: sqlite_utils.Database, name: str, source: str, maps: dict[str, str]) -> None:
    """Remember ``--map`` choices for a series (report name and source); a header given a field
    takes it from any other header remembered with it (one column per field)."""
    now = _now()
    for header, field in maps.items():
        if field != "ignore":
            db.execute(
                "DELETE FROM header_maps WHERE report_name = ? AND source = ? AND field = ? AND header <> ?",
                [name, source, field, header],
            )
        _remember(db, "header_maps", ("header", "field"), [name, source, header, field, now])


def remember_rating_words(db: sqlite_utils.Database, name: str, source: str, words: dict[str, str]) -> None:
    """Remember ``--rating`` choices for a series (report name and source): word -> rating."""
    now = _now()
    for word, rating in words.items():
        _remember(db, "rating_words", ("word", "rating"), [name, source, word, rating, now])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _remember(db: sqlite_utils.Database, table: str, columns: tuple[str, str], values: list[str]) -> None:
    """Insert or update one choice of a series: ``values`` are the report name, source, the
    ``columns`` (what is chosen for, and the choice) and the time."""
    chosen_for, choice = columns
    db.execute(
        f"""
        INSERT INTO {table} (report_name, source, {chosen_for}, {choice}, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (report_name, source, {chosen_for})
        DO UPDATE SET {choice} = excluded.{choice}, updated_at = excluded.updated_at
        """,
        values,
    )


def header_maps(conn: sqlite3.Connection, report_name: str, source: str) -> dict[str, str]:
    """The ``--map`` choices remembered for a report series (its name and data source): header -> field."""
    rows = conn.execute(
        "SELECT header, field FROM header_maps WHERE report_name = ? AND source = ? ORDER BY id",
        [report_name, source],
    ).fetchall()
    return {str(header): str(field) for header, field in rows}


def rating_words(conn: sqlite3.Connection, report_name: str, source: str) -> dict[str, str]:
    """The ``--rating`` choices remembered for a report series: word -> Red, Amber, Green, Blue or none."""
    try:
        rows = conn.execute(
            "SELECT word, rating FROM rating_words WHERE report_name = ? AND source = ? ORDER BY id",
            [report_name, source],
        ).fetchall()
    except sqlite3.OperationalError:  # an older database opened read-only (inspect): none remembered
        return {}
    return {str(word): str(rating) for word, rating in rows}


def held_series(conn: sqlite3.Connection, source: str) -> list[tuple[str, tuple[str, ...], set[str]]]:
    """Each held table series of a data source, newest first: its name, the header row of its
    latest report, and that report's codes (none for an older database opened read-only)."""
    try:
        rows = conn.execute(
            """
            SELECT r.name, r.header_row, r.id FROM reports r
            WHERE r.source = ? AND r.header_row IS NOT NULL
            ORDER BY r.period DESC, r.id DESC
            """,
            [source],
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    out: list[tuple[str, tuple[str, ...], set[str]]] = []
    for name, header_row, report_id in rows:
        if any(held[0] == name for held in out):
            continue
        try:
            headers = tuple(str(h) for h in json.loads(header_row))
        except (ValueError, TypeError):
            continue
        codes = {str(c) for (c,) in conn.execute("SELECT code FROM measures WHERE report_id = ?", [report_id])}
        out.append((clean_text(str(name)), headers, codes))
    return out
