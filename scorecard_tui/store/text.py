"""Reading stored text that is not valid UTF-8 (we only ever write UTF-8; another tool or a hand
edit may not): with replacement characters (U+FFFD), not an error that would stop every command.

Python's default decoding is kept until such a text is met (a decoder of our own costs ~40% of
a period's read); the connection then decodes with replacement from that query on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from scorecard_tui.store.damage import BAD_TEXT


def replacing(data: bytes) -> str:
    """A stored text, its bytes that are not UTF-8 each read as U+FFFD."""
    return data.decode("utf-8", "replace")


def _bad_text(exc: sqlite3.Error) -> bool:
    return str(exc).startswith(BAD_TEXT)


class Cursor(sqlite3.Cursor):
    """A cursor whose query is run again, decoding with replacement, when a text is not UTF-8."""

    _query: tuple[str, Any] = ("", ())
    _taken = 0

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        self._query, self._taken = (sql, parameters), 0
        try:
            super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:  # Python 3.10 decodes the first row here
            if not _bad_text(exc):
                raise
            self._again()
        return self

    def _again(self) -> None:
        """Decode with replacement from now on and run the query again, past the rows already read."""
        self.connection.text_factory = replacing
        super().execute(*self._query)
        for _ in range(self._taken):
            super().fetchone()

    def fetchone(self) -> Any:
        try:
            row = super().fetchone()
        except sqlite3.OperationalError as exc:
            if not _bad_text(exc):
                raise
            self._again()
            row = super().fetchone()
        self._taken += 1
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        size = self.arraysize if size is None else size
        try:
            rows = super().fetchmany(size)
        except sqlite3.OperationalError as exc:
            if not _bad_text(exc):
                raise
            self._again()
            rows = super().fetchmany(size)
        self._taken += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.OperationalError as exc:
            if not _bad_text(exc):
                raise
            self._again()
            return super().fetchall()

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]  # a generator, not the cursor itself
        # In chunks: row by row would cost a Python call a row, the whole result at once ~8% of a
        # period's read (the collector runs over the rows held).
        while rows := self.fetchmany(_CHUNK):
            yield from rows


_CHUNK = 256


class Connection(sqlite3.Connection):
    """A connection whose cursors (``execute`` included) read text that is not UTF-8 with replacement."""

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        cursor: Cursor = self.cursor()
        return cursor.execute(sql, parameters)
