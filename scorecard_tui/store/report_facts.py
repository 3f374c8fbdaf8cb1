"""What the store keeps of one report beyond its measures: its file's digest, when it was imported,
its header row, the rows an import left out, the tolerances its measures state, and the ``--map``
and ``--rating`` choices remembered for its series. Each read cleaned: another tool may have written it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from scorecard_tui.model import tolerance_share
from scorecard_tui.store.values import stored_time
from scorecard_tui.text.safe import clean_line


@dataclass(frozen=True)
class ReportFacts:
    """A stored report's own facts (its :class:`~scorecard_tui.model.ReportInfo` has the rest)."""

    sha256: str = ""
    imported_at: datetime | None = None
    """When the report was imported (None: the stored time is not one)."""
    header_row: tuple[str, ...] = ()
    """A table report's column headers as the file has them (empty for DORIS)."""
    unread_rows: tuple[str, ...] = ()
    """Rows ``--skip-unreadable`` left out, each as recorded: ``row N: 'its text': why (the fix)``."""
    tolerances: tuple[tuple[float, int], ...] = ()
    """Each tolerance the report's measures state (a share of the target), with how many state it."""
    header_maps: tuple[tuple[str, str], ...] = ()
    """The ``--map`` choices remembered for the report's series: header -> field."""
    rating_words: tuple[tuple[str, str], ...] = ()
    """The ``--rating`` choices remembered for the report's series: word -> rating."""


def report_facts(conn: sqlite3.Connection, report_id: int) -> ReportFacts:
    """The facts of report ``report_id`` (nothing for an unknown id; what an older database lacks, left empty)."""
    row = conn.execute("SELECT sha256, imported_at FROM reports WHERE id = ?", [report_id]).fetchone()
    if row is None:
        return ReportFacts()
    return ReportFacts(
        sha256=clean_line(str(row[0] or "")),
        imported_at=stored_time(row[1]),
        header_row=_header_row(conn, report_id),
        unread_rows=tuple(clean_line(str(line)) for (line,) in _rows(conn, _UNREAD, report_id)),
        tolerances=tuple(
            (share, int(str(n)))
            for value, n in _rows(conn, _TOLERANCES, report_id)
            if (share := tolerance_share(value)) is not None
        ),
        header_maps=_remembered(conn, report_id, "header_maps", "header", "field"),
        rating_words=_remembered(conn, report_id, "rating_words", "word", "rating"),
    )


_UNREAD = "SELECT line FROM unread_rows WHERE report_id = ? ORDER BY position"
_TOLERANCES = """
    SELECT tolerance, count(*) FROM measures WHERE report_id = ? AND tolerance IS NOT NULL
    GROUP BY tolerance ORDER BY tolerance
"""
_REMEMBERED = """
    SELECT h.{chosen}, h.{choice} FROM {table} h JOIN reports r ON r.name = h.report_name AND r.source = h.source
    WHERE r.id = ? ORDER BY h.id
"""
"""A series' remembered choices, joined on the stored name and source (as the import wrote them)."""


def _rows(conn: sqlite3.Connection, sql: str, report_id: int) -> list[tuple[object, ...]]:
    """The rows of ``sql``, or none where an older database opened read-only lacks its table or column."""
    try:
        return conn.execute(sql, [report_id]).fetchall()
    except sqlite3.OperationalError:
        return []


def _remembered(
    conn: sqlite3.Connection, report_id: int, table: str, chosen: str, choice: str
) -> tuple[tuple[str, str], ...]:
    """The choices of ``table`` remembered for the report's series, in the order they were first made."""
    rows = _rows(conn, _REMEMBERED.format(table=table, chosen=chosen, choice=choice), report_id)
    return tuple((clean_line(str(a)), clean_line(str(b))) for a, b in rows)


def _header_row(conn: sqlite3.Connection, report_id: int) -> tuple[str, ...]:
    """The header row as stored (a JSON list); none for another tool's value that is not one."""
    rows = _rows(conn, "SELECT header_row FROM reports WHERE id = ?", report_id)
    if not rows or not isinstance(stored := rows[0][0], str):
        return ()
    try:
        headers = json.loads(stored)
    except ValueError:
        return ()
    return tuple(clean_line(str(h)) for h in headers) if isinstance(headers, list) else ()
