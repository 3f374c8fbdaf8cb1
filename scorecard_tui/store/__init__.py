"""The SQLite store: the only place that speaks SQL.

Reading needs only ``sqlite3``; ``sqlite_utils`` is imported by the first write or migration
(``Store.db``), so that the app's first frame and first read never wait for it.

Owns the database file, its schema and migrations, and every SQL statement.
May import: ``model``, ``records``, ``errors``, ``compat``, ``text`` and ``triage`` (signals are computed at import).
"""

from __future__ import annotations

from scorecard_tui.model import ReportInfo
from scorecard_tui.store.checks import default_db_path, upgrade_command
from scorecard_tui.store.damage import DamagedDatabase
from scorecard_tui.store.db import ImportOutcome, Store
from scorecard_tui.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "DamagedDatabase",
    "ImportOutcome",
    "ReportInfo",
    "Store",
    "default_db_path",
    "upgrade_command",
]
