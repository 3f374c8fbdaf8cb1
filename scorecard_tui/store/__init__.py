"""The SQLite store: the only place that speaks SQL. It may import ``model``, ``errors``,
``compat``, ``records``, ``text`` and ``triage``; nothing above it.

Reading needs only ``sqlite3``; ``sqlite_utils`` is imported by the first write or migration
(``Store.db``), so that the app's first frame and first read never wait for it.

``db`` (the :class:`Store`: opening, checks, migration, the writing transaction) reads as
``reading`` (with ``search`` and ``measure_rows``) and saves through ``saving`` (with
``remembered``, the import choices kept per series); ``annotations`` (flags, notes) and
``lens`` (signals, questions; computed by ``lens_signals``) are parts it composes on its
connection through ``access``, keeping officers' edits as ``versions``. ``schema`` holds the
migrations, ``checks`` and ``schema_check`` what opening refuses.
"""

from __future__ import annotations

from scorecard_tui.model import ReportInfo
from scorecard_tui.store.checks import default_db_path
from scorecard_tui.store.damage import DamagedDatabase
from scorecard_tui.store.db import Store
from scorecard_tui.store.db_file import upgrade_command
from scorecard_tui.store.saving import ImportOutcome
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
