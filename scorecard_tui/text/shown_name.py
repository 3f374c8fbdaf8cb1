"""File names made safe to print: control, format and bidi characters shown as escapes.

A file name is chosen by whoever made the file; printed raw, one holding an escape
sequence could set the terminal's title or clipboard. Shown escaped, it stays findable.
"""

from __future__ import annotations

import unicodedata
from os import PathLike


def shown_name(name: str | PathLike[str]) -> str:
    """``name`` with every non-printing character written as ``\\xNN`` / ``\\uNNNN``."""
    return "".join(_shown(c) for c in str(name))


def _shown(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
