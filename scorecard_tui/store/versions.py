"""Officers' edits kept as versions: rows appended per report series (name and source), period and
measure key, never overwritten, the latest of each being the current one. Flags and notes
(``annotations``) and the lens's questions (``questions``) are kept so."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from scorecard_tui.model import ReportInfo


def add_version(
    db: sqlite_utils.Database,
    table: str,
    info: ReportInfo,
    key: str,
    values: Mapping[str, object],
    author: str,
    created: datetime,
) -> None:
    """Append one version of an edit to a measure in a period (inside the caller's write transaction)."""
    db.table(table).insert(
        {
            "report_name": info.name,
            "source": info.source,
            "period": info.period,
            "measure_key": key,
            **values,
            "author": author,
            "created_at": created.isoformat(timespec="microseconds"),
        }
    )


def latest_versions(
    conn: sqlite3.Connection,
    table: str,
    columns: str,
    info: ReportInfo,
    group_by: str,
    match: Mapping[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """The latest version of each edit in a period, one per ``group_by``, among those with the
    ``match`` values (column -> value): its ``columns``."""
    where, values = _where(match)
    return conn.execute(
        f"""
        SELECT {columns} FROM {table}
        WHERE id IN (
            SELECT max(id) FROM {table} WHERE report_name = ? AND source = ? AND period = ?{where}
            GROUP BY {group_by}
        )
        """,
        [info.name, info.source, info.period, *values],
    ).fetchall()


def every_version(
    conn: sqlite3.Connection, table: str, columns: str, info: ReportInfo, match: Mapping[str, str]
) -> list[tuple[Any, ...]]:
    """Every version of one edit in a period (the one with the ``match`` values), oldest first."""
    where, values = _where(match)
    return conn.execute(
        f"SELECT {columns} FROM {table} WHERE report_name = ? AND source = ? AND period = ?{where} ORDER BY id",
        [info.name, info.source, info.period, *values],
    ).fetchall()


def _where(match: Mapping[str, str] | None) -> tuple[str, list[str]]:
    """`` AND column = ?`` for each column of ``match`` (our own column names), and the values."""
    match = match or {}
    return "".join(f" AND {column} = ?" for column in match), list(match.values())
