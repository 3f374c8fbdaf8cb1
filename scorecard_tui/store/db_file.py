"""A database file on disk: its SQLite header and the WAL files beside it, read without SQLite."""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from scorecard_tui.text.safe import clean_text

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
"""The first four bytes of a write-ahead log (either byte order)."""

JOURNAL_MODES = {(1, 1): "delete", (2, 2): "wal"}
"""Header bytes 18 and 19 (file format write and read versions): 1 for a rollback journal, 2 for WAL."""


def wal_path(path: Path) -> Path:
    """The write-ahead log beside a database."""
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    """The WAL index (shared memory file) beside a database."""
    return path.with_name(path.name + "-shm")


def shell_path(path: Path) -> str:
    """A path as a shell command takes it: quoted where it needs to be, and cleaned of control
    characters, so a printed command never carries them."""
    return shlex.quote(clean_text(str(path)))


def sidecars(path: Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files where SQLite looks for them: beside the file a link to the
    database leads to."""
    real = path.resolve()
    return wal_path(real), shm_path(real)


_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}  # fmt: skip


def sidecar_problem(side: Path) -> str | None:
    """What is wrong with a ``-wal`` or ``-shm`` file, seen without following a link; None when it is
    a plain file of its own (or absent).

    SQLite opens these by name and follows a link: a ``-wal`` planted as a link to someone's private
    file would be read and written (and a ``chmod`` of it would change that file).
    """
    try:
        st = os.lstat(side)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(side)
        except OSError:
            target = "?"
        return f"is a symbolic link (to {target}), not a file of its own"
    if not stat.S_ISREG(st.st_mode):
        return f"is {_KINDS.get(stat.S_IFMT(st.st_mode), 'not a regular file')}, not a file"
    if st.st_nlink > 1:
        return f"is a hard link to another file ({st.st_nlink} names), not a file of its own"
    return None


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


def upgrade_command(path: Path) -> str:
    """The one command that upgrades a database's schema (and keeps its lens signals again)."""
    return f"scorecard doctor --upgrade --db {path}"
