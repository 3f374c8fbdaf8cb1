"""Report text made literal for Markdown with as few backslashes as it takes: a reader of the
raw file sees the text, and no renderer finds a heading, link, image, HTML, emphasis or table in it.

Only what CommonMark (and GitHub's tables and strikethrough) would read as markup is escaped:
``#`` mid-line, ``->``, ``(#1)`` or ``L&I`` stay as they are.
"""

from __future__ import annotations

import re

from scorecard_tui.text.safe import clean_text

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LIST_MARK = re.compile(r"^\s*[-*+\u2022\u2023\u25e6\u2043\u2013\u2014\u00b7\u25aa\u25cf]\s+")
"""A bullet a source put at the start of a line: ``- ``, ``• ``, ``* ``, ``– ``."""
_BULLET = re.compile(r"^[-*+](?=\s)")
_HEADING = re.compile(r"^#{1,6}(?:\s|$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_RULE_OR_ROW = re.compile(r"^(?=.*[-=])[\s|:=-]+$")
"""A line of ``-``, ``=``, ``|`` and ``:`` alone: a setext underline, a thematic break or a table's delimiter row."""


def _escaped(text: str) -> str:
    out = []
    for i, c in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c == "\\":
            hit = after in _PUNCT or i + 1 == len(text)
        elif c == "`":
            hit = True
        elif c in "*~":
            hit = not before.isspace()  # could close emphasis or strikethrough: then none ever forms
        elif c == "_":
            hit = not before.isspace() and not after.isalnum()
        elif c == "]":
            hit = after in "([" or i + 1 == len(text)  # what follows the text is another's: a ( could be
        elif c == "<":
            hit = after.isalpha() or after in "/!?"
        elif c == "&":
            hit = bool(_ENTITY.match(text, i))
        else:
            hit = False
        out.append("\\" + c if hit else c)
    return "".join(out)


def inline(text: str | None) -> str:
    """Text on one line (runs of whitespace made one space), literal in Markdown."""
    return _escaped(" ".join(clean_text(text or "").split()))


def cell(text: str | None) -> str:
    """:func:`inline` for a table cell: a ``|`` would end the cell."""
    return inline(text).replace("|", "\\|")


def strong(text: str | None) -> str:
    """Text in bold (``**text**``): every ``*`` in it escaped, as one could pair with the closing ``**``."""
    return "**" + re.sub(r"(?<!\\)\*", r"\*", inline(text)) + "**"


def heading(text: str | None) -> str:
    """:func:`inline` for a heading's text: a closing run of ``#`` would be dropped."""
    literal = inline(text)
    return literal[:-1] + "\\#" if literal.endswith("#") else literal


def line_start(text: str) -> str:
    """:func:`inline` for text that starts a line inside a paragraph (a note's second line on):
    what would start a list, quote, heading, rule or table there made literal; a bullet stays
    a bullet as ``•``."""
    literal = inline(text)
    if _BULLET.match(literal):
        return "\u2022" + literal[1:]
    if m := _ORDERED.match(literal):
        return f"{m[1]}\\{m[2]}{literal[m.end() :]}"
    if literal.startswith(">") or _HEADING.match(literal) or _RULE_OR_ROW.match(literal):
        return "\\" + literal
    return literal


def prose(text: str | None) -> str:
    """A line of a source's text as prose: a list marker it starts with (``- ``, ``• ``) taken off."""
    return _LIST_MARK.sub("", clean_text(text or ""), count=1)
