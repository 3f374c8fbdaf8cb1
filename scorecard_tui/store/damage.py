"""Telling a damaged database file from other SQLite errors, and what to say about it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scorecard_tui.compat import sqlite_error_name
from scorecard_tui.errors import ScorecardError
from scorecard_tui.store.db_file import shell_path
from scorecard_tui.text.safe import clean_text

DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
"""SQLite's result codes (and their extended forms) for a file whose pages are not what they should be."""


class DamagedDatabase(ScorecardError):
    """The database file is damaged: its pages fail SQLite's checks."""


BAD_TEXT = "Could not decode to UTF-8"
"""Python's error for a stored text that is not UTF-8 (we only ever write UTF-8): damage SQLite's checks miss."""


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error means the file itself is damaged (not busy, locked or missing)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = sqlite_error_name(exc)
    return name.startswith(DAMAGE_CODES) or "malformed" in str(exc) or str(exc).startswith(BAD_TEXT)


def damaged(path: Path, detail: str) -> DamagedDatabase:
    """The one line every command gives for a damaged file: what, and how to recover.

    Args:
        path: The database file.
        detail: SQLite's message; a message quoting the damaged text is replaced, never shown.
    """
    detail = "a stored text is not valid UTF-8" if detail.startswith(BAD_TEXT) else clean_text(detail)[:200]
    return DamagedDatabase(
        f"{path}: the database file is damaged ({' '.join(detail.split())}); restore it from a backup or import "
        f"the reports into a new file (scorecard doctor --db {path} explains)"
    )


def recovery_steps(path: Path) -> list[str]:
    """How to recover from a damaged file, most complete first (for ``scorecard doctor``)."""
    shown, aside = shell_path(path), shell_path(path.with_name(path.name + ".damaged"))
    return [
        "stop everyone using it (close every scorecard app on it)",
        f"restore {shown} from a backup, if you have one (the flags and notes are in it)",
        f'or rescue what SQLite can still read: sqlite3 {shown} ".recover" | sqlite3 recovered.db, '
        "then check it: scorecard doctor --db recovered.db",
        "or import the report PDFs again into a new file: scorecard import FILES --db new.db "
        "(flags and notes are not in the PDFs)",
        f"then move the damaged file aside (mv -- {shown} {aside}) and put the new one in its place",
    ]
