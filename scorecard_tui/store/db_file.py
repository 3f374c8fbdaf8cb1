"""A database file on disk: its SQLite header and the WAL files beside it, read without SQLite."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scorecard_tui.files import SQLITE_MAGIC

JOURNAL_MODES = {(1, 1): "delete", (2, 2): "wal"}
"""Header bytes 18 and 19 (file format write and read versions): 1 for a rollback journal, 2 for WAL."""


def wal_path(path: Path) -> Path:
    """The write-ahead log beside a database."""
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    """The WAL index (shared memory file) beside a database."""
    return path.with_name(path.name + "-shm")


def header(path: Path) -> bytes:
    """The first 100 bytes of the file (fewer for a short file)."""
    with path.open("rb") as f:
        return f.read(100)


def looks_like_sqlite(path: Path) -> bool:
    """Whether the file is empty (SQLite makes a database of it) or starts like an SQLite database."""
    head = header(path)
    return not head or head.startswith(SQLITE_MAGIC)


def header_journal_mode(path: Path) -> str:
    """The journal mode the file itself records: ``wal`` or ``delete`` (``unknown`` if unreadable).

    What SQLite reports through a connection can differ: an ``immutable`` connection says
    ``delete`` for a WAL file.
    """
    head = header(path)
    if len(head) < 20 or not head.startswith(SQLITE_MAGIC):
        return "unknown"
    return JOURNAL_MODES.get((head[18], head[19]), "unknown")


@dataclass(frozen=True)
class FileState:
    """Enough about a database file to notice that someone has changed it."""

    inode: int
    size: int
    modified_ns: int
    has_shm: bool

    @classmethod
    def of(cls, path: Path) -> FileState | None:
        """The file's state now; None when it cannot be seen."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns, shm_path(path).exists())
