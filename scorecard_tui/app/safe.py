"""Make report text safe to show: no control characters, escapes or bidi overrides."""

from __future__ import annotations

import re

from rich.text import Text

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides
    "\ufff9-\ufffb]"  # interlinear annotation controls
)


def clean(text: str, *, newlines: bool = True) -> str:
    """Strip control characters and bidi overrides; tabs become spaces.

    Args:
        text: Text taken from a report (or typed by the user).
        newlines: Keep newlines; when False they become spaces.
    """
    text = _UNSAFE.sub("", text.replace("\t", " "))
    return text if newlines else text.replace("\n", " ")


def literal(text: str, style: str = "", *, newlines: bool = True) -> Text:
    """Report text as a Rich ``Text``: shown as written, never parsed as markup."""
    return Text(clean(text, newlines=newlines), style=style)
