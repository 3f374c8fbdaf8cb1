"""What a part of the store (``store.annotations``, ``store.lens``) needs of it: the connection every
read goes through, whether it may write, and the one writing transaction.
:class:`~scorecard_tui.store.db.Store` provides them; the parts take this interface, not the ``Store``
class, so they never import the module that composes them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    import sqlite_utils


class StoreAccess(Protocol):
    """A database's read connection and its writing transaction."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection: every read goes through it."""
        ...

    @property
    def path(self) -> Path:
        """The database file."""
        ...

    @property
    def notify(self) -> Callable[[str], None] | None:
        """Told one line before a long piece of work, for a command's stderr (None: nobody)."""
        ...

    @property
    def read_only(self) -> bool:
        """True when the file cannot be written (asked, permissions, or something planted in it)."""
        ...

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over :attr:`conn`."""
        ...

    def writing(self) -> AbstractContextManager[sqlite_utils.Database]:
        """One write transaction (refused while the file is read-only)."""
        ...
