"""The SQLite store: the only place that speaks SQL.

``Store`` and the rest of ``store.db`` are imported on first use, not with the package: the
app's screens import the store's record types (``store.lens``) and must not pay for
``sqlite_utils`` before their first frame; the store thread imports it when it opens the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard_tui.model import ReportInfo
from scorecard_tui.store.checks import default_db_path, upgrade_command
from scorecard_tui.store.damage import DamagedDatabase
from scorecard_tui.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from scorecard_tui.store.db import ImportOutcome, Store

__all__ = [
    "SCHEMA_VERSION",
    "DamagedDatabase",
    "ImportOutcome",
    "ReportInfo",
    "Store",
    "default_db_path",
    "upgrade_command",
]

_FROM_DB = {"ImportOutcome", "Store"}


def __getattr__(name: str) -> Any:
    if name in _FROM_DB:
        from scorecard_tui.store import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
