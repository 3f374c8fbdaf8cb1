"""Running an SQL script statement by statement inside the caller's transaction (the schema's
migration steps and the lens's tables are such scripts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script, one at a time (trigger bodies kept whole)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run each statement of ``script`` inside the caller's transaction.

    ``sqlite3``'s ``executescript`` commits first, which would end the migration's
    ``BEGIN IMMEDIATE`` and let another process in between the steps.
    """
    for sql in statements(script):
        db.conn.execute(sql)
