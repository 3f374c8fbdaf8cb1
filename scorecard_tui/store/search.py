"""Searching a report's measures: the full-text index (FTS5, each word a prefix), and a plain
substring match for text the index cannot take (quotes, operators)."""

from __future__ import annotations

import sqlite3

from scorecard_tui.model import measure_key, occurrences
from scorecard_tui.store.schema import FTS_COLUMNS
from scorecard_tui.text.safe import clean_text


def matching_keys(conn: sqlite3.Connection, report_id: int, text: str) -> set[str]:
    """Keys of the report's measures matching every word of ``text`` (see ``Store.search_codes``)."""
    query = " ".join('"' + w.replace('"', '""') + '"*' for w in text.split())
    try:
        # the full-text index answers once (a join would ask it again for every measure)
        rows = conn.execute(
            """
            SELECT code, position FROM measures
            WHERE report_id = ? AND id IN (SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?)
            """,
            [report_id, query],
        ).fetchall()
    except sqlite3.OperationalError:
        return _substring_keys(conn, report_id, text)
    return {clean_text(k) for k in _keys(conn, report_id, rows)}


def _substring_keys(conn: sqlite3.Connection, report_id: int, text: str) -> set[str]:
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    clause = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in FTS_COLUMNS)
    rows = conn.execute(
        f"SELECT code, position FROM measures WHERE report_id = ? AND ({clause})",
        [report_id, *([like] * len(FTS_COLUMNS))],
    ).fetchall()
    return {clean_text(k) for k in _keys(conn, report_id, rows)}


def _keys(conn: sqlite3.Connection, report_id: int, rows: list[tuple[str, int]]) -> set[str]:
    """The keys of matched measures, given as (code, position)."""
    if not rows:
        return set()
    repeated = {
        code: first
        for code, first in conn.execute(
            "SELECT code, min(position) FROM measures WHERE report_id = ? GROUP BY code HAVING count(*) > 1",
            [report_id],
        )
    }
    if all(repeated.get(code, position) == position for code, position in rows):
        return {code for code, _ in rows}
    held = conn.execute(
        "SELECT position, code FROM measures WHERE report_id = ? ORDER BY position", [report_id]
    ).fetchall()
    number = dict(zip((p for p, _ in held), occurrences([c for _, c in held]), strict=True))
    return {measure_key(code, number[position]) for code, position in rows}
