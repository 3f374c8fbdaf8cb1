"""What Python 3.10 lacks of the standard library this package uses, the same on 3.10 to 3.13.

Imports nothing of the package: every layer may import it.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
"""``datetime.UTC`` (3.11+): the same object."""

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:
    from enum import Enum

    class StrEnum(str, Enum):
        """``enum.StrEnum`` (3.11+): members are their values under ``str()``, ``format()`` and f-strings."""

        def __str__(self) -> str:
            return str.__str__(self)

        def __format__(self, format_spec: str) -> str:
            return str.__format__(str(self), format_spec)

        @staticmethod
        def _generate_next_value_(name: str, start: int, count: int, last_values: list[str]) -> str:
            return name.lower()


_ISO_DATETIME = re.compile(
    r"(\d{4})-?(\d\d)-?(\d\d)(?:[T ](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?)?"
    r"(Z|[+-]\d\d(?::?\d\d(?::?\d\d)?)?)?",
    re.ASCII,
)


def datetime_from_iso(text: str) -> datetime:
    """``datetime.fromisoformat`` as 3.11 reads text: also ``Z`` for UTC, the basic forms (``20180824T111202``),
    any number of digits of a second and offsets without colons (3.10 reads these here; not ISO week dates).

    Raises:
        ValueError: When the text is not such a date and time.
    """
    if sys.version_info >= (3, 11):
        return datetime.fromisoformat(text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        match = _ISO_DATETIME.fullmatch(text)
        if not match:
            raise
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    zone = None
    if offset == "Z":
        zone = UTC
    elif offset:
        digits = offset[1:].replace(":", "").ljust(6, "0")
        span = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]), seconds=int(digits[4:]))
        zone = timezone(-span if offset[0] == "-" else span)
    micro = int((fraction or "")[:6].ljust(6, "0"))
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro, zone)


SQLITE_MESSAGES = {
    "file is not a database": "SQLITE_NOTADB",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "database is locked": "SQLITE_BUSY",
    "database table is locked": "SQLITE_LOCKED",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "unable to open database file": "SQLITE_CANTOPEN",
    "disk I/O error": "SQLITE_IOERR",
    "database or disk is full": "SQLITE_FULL",
}
"""SQLite's own message for a result code (``sqlite3_errstr``), by which 3.10 names the code."""


def sqlite_error_name(exc: BaseException) -> str:
    """An ``sqlite3`` error's result code name, e.g. ``SQLITE_NOTADB`` (3.11+: ``exc.sqlite_errorname``).

    Python 3.10 does not keep the code: it is read from SQLite's message (primary codes only); "" when unknown.
    """
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str):
        return name
    return SQLITE_MESSAGES.get(str(exc), "")


__all__ = ["UTC", "StrEnum", "datetime_from_iso", "sqlite_error_name"]
