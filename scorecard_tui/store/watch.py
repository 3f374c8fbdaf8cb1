"""Noticing other people's changes to a shared database, cheaply enough to poll."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard_tui.store.db import Store


def data_version(store: Store) -> int:
    """A number that changes whenever another connection commits to the database.

    SQLite's ``PRAGMA data_version``: constant-time, no table is read. This
    connection's own commits do not change it. A snapshot (a read-only user with no
    writer around) is re-opened first if its file has changed, which changes the number.
    """
    store.follow_changes()
    return store.generation << 32 | int(store.conn.execute("PRAGMA data_version").fetchone()[0])
