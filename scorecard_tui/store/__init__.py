"""The SQLite store: the only place that speaks SQL."""

from scorecard_tui.store.db import ImportOutcome, ReportInfo, Store, default_db_path
from scorecard_tui.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "ImportOutcome", "ReportInfo", "Store", "default_db_path"]
