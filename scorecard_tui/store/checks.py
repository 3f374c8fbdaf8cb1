"""What opening a database checks, on a plain ``sqlite3`` connection: the file is a scorecard
database, undamaged, of a schema this version can read.

The store runs these as it opens; ``scorecard open`` runs them (:func:`precheck`) on the store
thread before the store opens the file, while Textual is imported, and refuses in one line.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from scorecard_tui.compat import sqlite_error_name
from scorecard_tui.errors import ScorecardError
from scorecard_tui.store.damage import damaged, is_damage
from scorecard_tui.store.db_file import (
    looks_like_sqlite,
    shell_path,
    sidecar_problem,
    sidecars,
    upgrade_command,
    wal_path,
)
from scorecard_tui.store.schema import SCHEMA_VERSION
from scorecard_tui.store.text import Connection
from scorecard_tui.store.user import current_user
from scorecard_tui.text.safe import clean_text

BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    """``$SCORECARD_DB``, else ``scorecard.db`` in the platform's user data directory."""
    if env := os.environ.get("SCORECARD_DB"):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("scorecard-tui", appauthor=False) / "scorecard.db"


def can_write(path: Path) -> bool:
    """Whether this user may change a database file (and make its WAL files beside it)."""
    folder_ok = os.access(path.parent, os.W_OK) or (wal_path(path).exists() and os.access(wal_path(path), os.W_OK))
    return os.access(path, os.W_OK) and folder_ok


def read_only_reason(path: Path, asked: bool | None) -> str | None:
    """Why the store opens ``path`` read-only, or None when it opens it to write.

    Args:
        path: The database file.
        asked: True: read-only asked for (``--read-only``); None: the environment
            (``SCORECARD_READ_ONLY``) and the file's permissions decide.

    Raises:
        ScorecardError: When ``path`` is a folder.
    """
    if path.is_dir():
        raise ScorecardError(f"{path}: is a folder, not a database file")
    if asked:
        return "opened read-only (--read-only)"
    if asked is None and os.environ.get("SCORECARD_READ_ONLY", "").lower() in ("1", "true", "yes"):
        return "opened read-only (SCORECARD_READ_ONLY is set)"
    if path.exists() and not can_write(path):
        return f"read-only: you ({current_user()}) cannot write to {path}"
    return None


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection, and whether it is a snapshot (SQLite ``immutable``): a WAL file
    needs its ``-shm`` index, which nobody may have open and we may not create, so the file is
    then read as it stands."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, factory=Connection)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError:
        snapshot = uri + "&immutable=1"
        return sqlite3.connect(snapshot, uri=True, timeout=timeout, isolation_level=None, factory=Connection), True


def check_sidecars(path: Path) -> None:
    """Refuse a database whose ``-wal`` or ``-shm`` is a link, a hard link or not a file.

    Raises:
        ScorecardError: One line naming the file, what it is and how to remove it.
    """
    for side in sidecars(path):
        if problem := sidecar_problem(side):
            raise ScorecardError(
                f"{path}: {clean_text(side.name)} beside it {clean_text(problem)}, so SQLite would read and "
                f"write another file through it; once nobody has the database open, remove it: "
                f"rm -- {shell_path(side)} (scorecard doctor --db {path} explains)"
            )


def schema_version(conn: sqlite3.Connection) -> int:
    """How many migrations the file has had."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_kind(conn: sqlite3.Connection, path: Path, *, read_only: bool) -> None:
    """Refuse a file that is not ours: another program's SQLite database, or (to read) an empty one."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not names and schema_version(conn) == 0:
        if read_only:
            raise ScorecardError(
                f"{path}: holds no scorecard data yet (an empty database); "
                f"import a report into it: scorecard import FILE --db {path}"
            )
        return
    if not {"reports", "measures"} <= names:
        shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise ScorecardError(
            f"{path}: not a usable scorecard database (an SQLite database of something else, "
            f"with tables {shown or 'none'}); choose another file"
        )


def check_schema(conn: sqlite3.Connection, path: Path, *, older_too: bool = True) -> None:
    """Refuse a schema newer than this code reads, and (``older_too``) one that needs upgrading."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise ScorecardError(
            f"{path}: schema version {version} is newer than this scorecard-tui "
            f"understands ({SCHEMA_VERSION}); upgrade scorecard-tui"
        )
    if older_too and version < SCHEMA_VERSION:
        raise ScorecardError(
            f"{path}: schema version {version} needs upgrading to {SCHEMA_VERSION}; "
            f"someone who can write to it should run: {upgrade_command(path)}"
        )


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick check: ``["ok"]``, else each problem (a page so damaged the check stops is one)."""
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [str(exc)]


def verify(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's quick check over the whole file.

    Raises:
        DamagedDatabase: When any page fails it.
    """
    problems = quick_check(conn)
    if problems != ["ok"]:
        raise damaged(path, problems[0] + (f" and {len(problems) - 1} more" if len(problems) > 1 else ""))


def open_error(exc: sqlite3.DatabaseError, path: Path) -> ScorecardError:
    """What an SQLite error on opening means, in one line."""
    if is_damage(exc):
        if sqlite_error_name(exc) == "SQLITE_NOTADB" and not looks_like_sqlite(path):
            return ScorecardError(f"{path}: not a usable scorecard database (not an SQLite file)")
        return damaged(path, str(exc))
    return ScorecardError(f"{path}: not a usable scorecard database ({exc})")


def precheck(path: Path, read_only: bool | None = None) -> None:
    """What opening the store would refuse, checked read-only without changing the file: a folder,
    a file that is not a scorecard database, a damaged one, a schema newer than this code, and one
    older that it may not upgrade (opened read-only). A missing or empty file passes (the store
    creates it).

    Args:
        path: The database file.
        read_only: As the store is asked (``--read-only``), see :func:`read_only_reason`.

    Raises:
        ScorecardError: With the one line the store would give.
    """
    reading_only = read_only_reason(path, read_only) is not None
    check_sidecars(path)
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn, _ = connect_read_only(path)
        try:
            check_kind(conn, path, read_only=reading_only)
            verify(conn, path)
            check_schema(conn, path, older_too=reading_only)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise open_error(exc, path) from exc
