"""Report text for the screen: cleaned again at render time, never parsed as markup."""

from __future__ import annotations

from rich.text import Text

from scorecard_tui.text.safe import clean_text


def clean(text: str, *, newlines: bool = True) -> str:
    """Strip escape sequences, control characters and bidi overrides; tabs become spaces.

    Args:
        text: Text taken from a report (or typed by the user).
        newlines: Keep newlines; when False they become spaces.
    """
    if text.isascii() and text.isprintable():
        return text  # nothing to strip: the common case (a table of 2,000 rows asks ~10,000 times)
    text = clean_text(text.replace("\r\n", "\n"))
    return text if newlines else text.replace("\n", " ")


def literal(text: str, style: str = "", *, newlines: bool = True) -> Text:
    """Report text as a Rich ``Text``: shown as written, never parsed as markup."""
    return Text(clean(text, newlines=newlines), style=style)
