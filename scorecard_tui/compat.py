"""What Python 3.10 lacks of the standard library this package uses, the same on 3.10 to 3.13.

Imports nothing of the package: every layer may import it.
"""

from __future__ import annotations

import sys
from datetime import timezone

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


__all__ = ["UTC", "StrEnum"]
