"""Make text from a report harmless to show: no escape sequences, controls or bidi overrides."""

from __future__ import annotations

import re
import unicodedata

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
_NEEDS_CARE = re.compile(r"[^\x20-\x7e\n]")
"""Anything but printable ASCII and newlines: only such text can hold what is taken out."""


def clean_text(text: str) -> str:
    """Make report text harmless: drop escape sequences, control and bidi characters.

    Newlines survive; tabs become spaces. Rich markup is left as literal text: the
    display layer prints it escaped.
    """
    if not _NEEDS_CARE.search(text):
        return text
    text = _ESCAPES.sub("", text).translate(_BIDI).replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
