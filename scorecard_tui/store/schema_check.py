"""What else a database file holds besides what this package creates: a trigger, view or table
someone planted (anyone who can write the shared file can add one that wipes everyone's notes on
the next save). The store refuses to write while one is there; ``scorecard doctor`` names each
and how to drop it.

The comparison reads ``sqlite_master`` once per open and once per write transaction (under its
lock): the current schema's objects are :data:`CURRENT`, an older schema's are made in memory.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from scorecard_tui.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

Expected = dict[str, tuple[str, str | None]]
"""Object name -> (type, digest of its normalised SQL; None: the SQL is not compared)."""

CURRENT: Expected = {
    "annotations": ("table", "b6b1144a1075f0c8"),
    "annotations_key": ("index", "9790e90e5ff1e47d"),
    "header_maps": ("table", "6bc14917e36cedd6"),
    "measures": ("table", "387c23471862abee"),
    "measures_ad": ("trigger", "a5f7ba4f8d781062"),
    "measures_ai": ("trigger", "e3a2b81b442add22"),
    "measures_au": ("trigger", "30521d759a5e154d"),
    "measures_code": ("index", "33b2182f2956a15f"),
    "measures_fts": ("table", "9694913c7794d8f7"),
    "measures_report": ("index", "a339773e1cb67298"),
    "questions": ("table", "55b4d54c0137e53b"),
    "questions_key": ("index", "cd518cee3337194f"),
    "rating_words": ("table", "6c5ca7d82e9b61e1"),
    "reports": ("table", "cb83c9d3957e1903"),
    "review_dates": ("table", "658ec7d74d62c410"),
    "review_dates_measure": ("index", "8b56e75f8f895d67"),
    "signals": ("table", "243b29ed19c1e7d6"),
    "signals_report": ("index", "c5943fe409b8844f"),
    "unread_rows": ("table", "ec08b98e7871a85f"),
    "unread_rows_report": ("index", "99402633276a0581"),
}
"""What the migrations create (schema :data:`SCHEMA_VERSION`); ``tests/test_schema_check.py`` checks it."""

_FTS_SHADOW = re.compile(r"^measures_fts_(?:data|idx|docsize|config|content)$")
"""FTS5's own tables for the full-text index: their SQL is SQLite's and varies with its version."""


def normalised(sql: str) -> str:
    """SQL as compared: whitespace collapsed, identifier quotes dropped, lower case (SQLite's own
    rewriting of a renamed table or column differs in just these between versions)."""
    return " ".join(sql.replace('"', "").replace("'", "").split()).lower()


def digest(sql: str | None) -> str:
    """A short digest of normalised SQL."""
    return hashlib.sha256(normalised(sql or "").encode()).hexdigest()[:16]


def objects(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """Every object of the main schema: (type, name, table, SQL)."""
    return [
        (str(t), str(n), str(tb), s if isinstance(s, str) else None)
        for t, n, tb, s in conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    ]


class _Bare:
    """Just enough of ``sqlite_utils.Database`` for the migrations on an empty in-memory file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


def made_by(version: int) -> Expected:
    """What the first ``version`` migrations create, made in an in-memory file."""
    with _migrated(version) as conn:
        return {
            name: (kind, digest(sql))
            for kind, name, _, sql in objects(conn)
            if not name.startswith("sqlite_") and not _FTS_SHADOW.match(name)
        }


def created_sql(version: int, name: str) -> str | None:
    """The SQL the first ``version`` migrations create an object ``name`` with (None: no such object)."""
    with _migrated(version) as conn:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()
        return str(row[0]) if row and row[0] else None


@contextmanager
def _migrated(version: int) -> Iterator[sqlite3.Connection]:
    """An in-memory file that the first ``version`` migrations have run on."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            step(cast("sqlite_utils.Database", _Bare(conn)))
        yield conn
    finally:
        conn.close()


@cache
def expected(version: int) -> Expected:
    """The objects a file of schema ``version`` should hold. Before the current version a table's SQL
    is not compared (only its name): files were upgraded by many releases' steps, and the upgrade
    rebuilds what it changes; a trigger's and a view's always are."""
    if version == SCHEMA_VERSION:
        return CURRENT
    return {name: (kind, None if kind == "table" else sql) for name, (kind, sql) in made_by(version).items()}


def shown(text: str) -> str:
    """A name as printed: double-quoted, with control and other unprintable characters as escapes."""
    return '"' + escaped(text).replace('"', '\\"') + '"'


def escaped(text: str) -> str:
    r"""``text`` with backslashes and unprintable characters written as escapes (``\x1b``)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


def shell_word(text: str) -> str:
    """``text`` as one shell word: single-quoted, or ANSI-C quoted (``$'...'``, bash) when it holds
    characters a terminal must never receive raw."""
    if all(ch.isprintable() for ch in text):
        return shlex.quote(text)
    return "$'" + escaped(text).replace("'", "\\'") + "'"


@dataclass(frozen=True)
class Stranger:
    """An object in the file that this package did not create, or one of its own that was changed."""

    kind: str
    """``trigger``, ``view``, ``table`` or ``index``."""
    name: str
    """Its name as the file holds it (any text: :func:`shown` prints it)."""
    table: str
    """The table a trigger or index is on (a table's or view's own name: SQLite's ``tbl_name``)."""
    changed: bool = False
    """One of the package's own objects, with other SQL than it creates."""
    unique: bool = False
    """An index that makes values unique (a write could fail on it)."""

    @property
    def blocks_writes(self) -> bool:
        """Whether writing is refused while it is there: an extra index runs nothing and changes
        nothing, unless it is a unique one."""
        return self.kind != "index" or self.changed or self.unique

    def describe(self) -> str:
        """``trigger "wipe" on "annotations" that scorecard-tui did not create`` (names escaped)."""
        on = f" on {shown(self.table)}" if self.kind in ("trigger", "index") else ""
        what = (
            "that was changed since scorecard-tui created it" if self.changed else "that scorecard-tui did not create"
        )
        return f"{self.kind} {shown(self.name)}{on} {what}"

    def drop_sql(self) -> str:
        """The statement that drops it, the name quoted as an SQL identifier."""
        return f'DROP {self.kind.upper()} "{self.name.replace(chr(34), chr(34) * 2)}"'


def strangers(conn: sqlite3.Connection, version: int) -> list[Stranger]:
    """The objects of the file that a schema of ``version`` does not have, or has otherwise.

    A file newer than this code (or a version no migration made) is not compared: the store
    refuses it for its version.
    """
    if not 0 <= version <= SCHEMA_VERSION:
        return []
    want = expected(version)
    found = []
    for kind, name, table, sql in objects(conn):
        if name.startswith("sqlite_") and kind in ("table", "index"):
            continue  # SQLite's own (sqlite_stat1 after ANALYZE, autoindexes); a trigger is never
        if kind == "table" and _FTS_SHADOW.match(name) and "measures_fts" in want:
            continue
        mine = want.get(name)
        if mine is None:
            unique = kind == "index" and normalised(sql or "").startswith("create unique")
            found.append(Stranger(kind, name, table, unique=unique))
        elif mine[0] != kind or (mine[1] is not None and digest(sql) != mine[1]):
            found.append(Stranger(kind, name, table, changed=True))
    return found


def refusal(found: list[Stranger], path: object) -> str | None:
    """Why the store will not write to a file holding ``found``, in one line naming the first; None
    when nothing found stops it."""
    blocking = [s for s in found if s.blocks_writes]
    if not blocking:
        return None
    more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
    return (
        f"read-only: {path} holds {'an' if blocking[0].kind == 'index' else 'a'} {blocking[0].describe()}{more}, "
        "which could change or delete what "
        f"others wrote; scorecard doctor --db {path} names each and how to drop it"
    )
