"""CSV cells and JSON text that are safe to open in a spreadsheet or print to a terminal."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scorecard_tui.text.safe import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e\n]")


def csv_cell(value: object) -> object:
    """A cell for ``csv.writer``: text cleaned of controls and never read as a formula.

    Text whose first character other than whitespace (spaces, newlines, no-break spaces) is
    ``=``, ``+``, ``-`` or ``@``, or that starts with a tab or a carriage return, gets a
    leading ``'``, which spreadsheets show as text: a spreadsheet skips the whitespace and
    reads the rest as a formula. A plain number written as text (``-3.5``, ``-12%``) stays
    as it is. Numbers and None pass through.
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if _reads_as_formula(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take the cell for a formula (see :data:`FORMULA_START`)."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


def csv_row(values: Iterable[object]) -> list[object]:
    """:func:`csv_cell` on every value of a row."""
    return [csv_cell(v) for v in values]


def json_for_terminal(document: str) -> str:
    """JSON text with every control, format (bidi) and separator character written as ``\\uXXXX``.

    ``json.dumps`` escapes C0 controls but leaves C1 controls (``\\x9b`` starts an escape
    sequence on many terminals) and bidi overrides raw. The document means the same.
    """
    return _NOT_PLAIN_ASCII.sub(_escape_if_unprintable, document)


def _escape_if_unprintable(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable() or char == " ":
        return char
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
