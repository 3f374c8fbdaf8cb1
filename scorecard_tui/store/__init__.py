"""The SQLite store: the only place that speaks SQL."""

from scorecard_tui.model import ReportInfo
from scorecard_tui.store.damage import DamagedDatabase
from scorecard_tui.store.db import ImportOutcome, Store, default_db_path, upgrade_command
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
