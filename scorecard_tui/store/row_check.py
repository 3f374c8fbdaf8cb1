"""``scorecard doctor``'s check of the rows, beside SQLite's check of the pages: values another tool
(or a hand edit) stored that scorecard-tui reads as unknown, or leaves out, rather than stopping.

Every command reads such a row leniently (:mod:`scorecard_tui.store.values`, text that is not
UTF-8 with U+FFFD); this check says where each is, so what the commands show and what doctor
says agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scorecard_tui.model import Direction, Polarity, Rag
from scorecard_tui.store.lens_signals import RULES
from scorecard_tui.store.schema_check import CURRENT
from scorecard_tui.store.values import stored_codes, stored_month, stored_time
from scorecard_tui.triage.promises import PROMISE_MADE
from scorecard_tui.triage.signals import SignalKind


@dataclass(frozen=True)
class BadRows:
    """Rows of one column whose value scorecard-tui cannot read as what it should be."""

    table: str
    column: str
    count: int
    first_id: int
    problem: str
    """What the value is not, e.g. ``not a time``."""
    shown: str
    """What the commands make of it, e.g. ``shown as 'date unknown'``."""

    def describe(self) -> str:
        rows = f"1 row (id {self.first_id})" if self.count == 1 else f"{self.count} rows (the first id {self.first_id})"
        return f"{self.table}.{self.column} in {rows}: {self.problem}; {self.shown}"


def _utf8(data: bytes | None) -> bool:
    if data is None:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _time(text: object) -> bool:
    return stored_time(text) is not None


def _codes(text: object) -> bool:
    return text == "[]" or bool(stored_codes(text)) or text in ("", None)


def _one_of(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _checks(fields: Iterable[str]) -> list[tuple[str, str, str, str, str]]:
    """(table, column, WHERE clause of bad rows, what they are not, what the commands show)."""
    unknown = "read as none"
    kinds = [*(k.value for k in SignalKind), PROMISE_MADE, RULES]
    checks = [
        ("annotations", "created_at", "NOT ok_time(created_at)", "not a time", "shown as 'date unknown'"),
        ("questions", "created_at", "NOT ok_time(created_at)", "not a time", "shown as 'date unknown'"),
        ("reports", "fetched_at", "fetched_at IS NOT NULL AND NOT ok_time(fetched_at)", "not a time", "no fetch time"),
        ("header_maps", "field", f"field NOT IN {_one_of(fields)}", "names no field", "ignored, with a notice"),
        ("measures", "alt_codes", "NOT ok_codes(alt_codes)", "not a list of codes", unknown),
        ("review_dates", "month", "NOT ok_month(month)", "not a month (YYYY-MM)", "left out"),
        ("signals", "kind", f"kind NOT IN {_one_of(kinds)}", "not a signal", "left out"),
        ("signals", "count", "typeof(count) <> 'integer'", "not a number", "the signal is left out"),
    ]
    for column in ("rag_quarter", "rag_forecast"):
        checks.append(("measures", column, f"{column} <> '' AND {column} NOT IN {_one_of(r.value for r in Rag)}",
                       "not a rating", unknown))  # fmt: skip
    for column, kind in (("direction", Direction), ("polarity", Polarity)):
        checks.append(("measures", column, f"{column} <> '' AND {column} NOT IN {_one_of(m.value for m in kind)}",
                       f"not a {column}", unknown))  # fmt: skip
    for column in ("quarter_target", "quarter_actual", "forecast_target", "forecast_actual"):
        checks.append(("measures", column, f"typeof({column}) = 'blob'", "bytes, not a figure", unknown))
    return checks


def bad_rows(conn: sqlite3.Connection, fields: Iterable[str]) -> list[BadRows]:
    """Every column of the package's tables holding values it cannot read as what they should be.

    Args:
        conn: The database (read-only will do); SQL functions of this check are added to it.
        fields: The field names a remembered ``--map`` may give.
    """
    functions: dict[str, Callable[[object], bool]] = {
        "ok_time": _time,
        "ok_codes": _codes,
        "ok_month": stored_month,
    }
    for name, fn in functions.items():
        conn.create_function(name, 1, fn, deterministic=True)
    conn.create_function("ok_utf8", 1, _utf8, deterministic=True)
    held = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    tables = sorted(name for name, (kind, _) in CURRENT.items() if kind == "table" and name in held)
    found = []
    for table in tables:
        if table == "measures_fts":
            continue
        columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})").fetchall()]
        for column in columns:
            where = f"typeof({column}) = 'text' AND NOT ok_utf8(CAST({column} AS BLOB))"
            found += _count(conn, table, column, where, "not valid UTF-8", "shown with \ufffd for the bytes")
    for table, column, where, problem, shown in _checks(fields):
        if table in held:
            found += _count(conn, table, column, where, problem, shown)
    return found


def _count(conn: sqlite3.Connection, table: str, column: str, where: str, problem: str, shown: str) -> list[BadRows]:
    count, first = conn.execute(f"SELECT count(*), min(rowid) FROM {table} WHERE {where}").fetchone()
    return [BadRows(table, column, int(count), int(first), problem, shown)] if count else []


FIXES = {
    "annotations": "a new version of the flag or note (m, n in the app) takes its place; the old one is kept",
    "questions": "a new version of the question (e in the app) takes its place",
    "header_maps": "give --map for that header at the next import: it replaces the remembered choice",
}
"""How to put right a malformed row of each table (any other: from a backup)."""


def fix_for(bad: BadRows) -> str:
    """How to put a malformed row right, for ``scorecard doctor``."""
    return FIXES.get(
        bad.table,
        "reading goes on as shown; to put it right, restore the file from a backup (importing the same "
        "report again changes nothing)",
    )
