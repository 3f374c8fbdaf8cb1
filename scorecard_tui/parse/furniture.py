"""Page furniture a table's rows may carry: protective markings, page numbers and a RAG key or
legend, printed above, between or below the rows. None of it is ever a measure or a group."""

from __future__ import annotations

import re

from scorecard_tui.parse.cells import legend_symbols, rating_key
from scorecard_tui.parse.page_forms import stated_pages

MARKING = re.compile(
    r"^\W*(?:NOT\s+PROTECTIVELY\s+MARKED|OFFICIAL(?:\W+SENSITIVE)?|UNCLASSIFIED|PROTECT|RESTRICTED|CONFIDENTIAL"
    r"|DRAFT)\W*$",
    re.I,
)
"""A protective marking line: ``OFFICIAL``, ``OFFICIAL-SENSITIVE``, ``NOT PROTECTIVELY MARKED``..."""

_KEY_WORD = re.compile(
    r"^\W*(?:(?:rag|rating|status|colour|color)\s+)?(?:key|legend)\s*(?:$|[:=(–—-]|to\b)",  # not "Key Stage 2"
    re.I,
)
_NAMED_ENTRY = re.compile(r"\b(?:red|amber|green|blue)\s*[=:–—-]\s*\w|\b[RAGB]\s*=\s*\w", re.I)
_ONE_ENTRY = re.compile(r"^\W*(?:red|amber|green|blue)\s*(?:[:=–—]|-\s)\s*[a-z]", re.I)
"""One key entry on its own line: ``Green: on target or better``, ``Red - more than 5% below``."""
_TOLERANCE_LINE = re.compile(
    r"^\W*(?:(?:rag|target|amber)\s+)?tolerance(?:\s+(?:level|threshold|band))?\s*(?:[:=(–—-]|is)?\s*"
    r"(?:±|\+/-|\+-)?\s*\d{1,2}(?:\.\d+)?\s*%\W*$|^\W*\d{1,2}(?:\.\d+)?\s*%\s+tolerance\W*$",
    re.I,
)
"""A report's tolerance stated on a line of its own: ``Tolerance: 10%``, ``RAG tolerance ±5%``, ``10% tolerance``."""
_SHARE_MEANING = re.compile(r"\b(?:target|tolerance|threshold|within|below|above)\b", re.I)
_SHARES = re.compile(r"\d+(?:\.\d+)?\s*%")
_RATING_NAMES = frozenset({"red", "amber", "green", "blue", "r", "a", "g", "b"})
_LEGEND_HEADS = frozenset({"key", "legend", "status", "rag", "rating", "symbol", "icon", "colour", "color"})
_MEANING_HEADS = frozenset({"meaning", "description", "definition", "explanation", "whatitmeans", "means"})


def is_marking(text: str) -> bool:
    """Whether a line is a protective marking (``OFFICIAL``, ``OFFICIAL-SENSITIVE``)."""
    return MARKING.match(" ".join(text.split())) is not None


def is_legend_line(text: str) -> bool:
    """Whether a line is a RAG key or legend: ``Key: Green = on target; Red = below target``,
    ``Legend``, ``● On target, ▲ Close to target, ■ Below target``, ``Tolerance: 10%``."""
    line = " ".join(text.split())
    if _KEY_WORD.match(line) or _ONE_ENTRY.match(line) or _TOLERANCE_LINE.match(line):
        return True
    symbols = legend_symbols(line)
    return len(symbols) >= 2 or len(_NAMED_ENTRY.findall(line)) >= 2 or (bool(symbols) and line[:1] in symbols)


def is_furniture_line(text: str) -> bool:
    """Whether a line standing alone in a table is page furniture: a marking, a page number, a key."""
    line = " ".join(text.split())
    return bool(line) and (is_marking(line) or is_legend_line(line) or _page_number(line))


def _page_number(line: str) -> bool:
    """A short line of its own saying "Page 3", "Page 3 of 12", "3 of 12", "3 | P a g e" or "- 3 -" (a
    bare number or "3/12" is no line of furniture here: it may be a figure)."""
    return len(line) <= 40 and any(form not in ("N", "N/M") for form in stated_pages(line))


def is_legend_entry(texts: list[str]) -> bool:
    """Whether the filled cells of a row (in order) are one entry of a key table below or above the
    measures: ``Green | On target``, ``Amber | Within 5% of target``, ``● | Close to target``, or its head
    ``Status | Meaning``. A figure is allowed only as a share in the meaning's words: ``Green | Parks | 12``
    is a measure."""
    if not 1 <= len(texts) <= 3:
        return False
    first = rating_key(texts[0])
    if len(texts) >= 2 and first in _LEGEND_HEADS and rating_key(texts[1]) in _MEANING_HEADS:
        return True
    symbol = len(texts[0].strip()) == 1 and not texts[0].strip().isalnum()
    return len(texts) >= 2 and (first in _RATING_NAMES or symbol) and all(_no_figure(t) for t in texts[1:])


def _no_figure(text: str) -> bool:
    """A key entry's meaning: words, or words with a share of the target (``within 5% of target``)."""
    if not any(c.isdigit() for c in text):
        return True
    rest = _SHARES.sub("", text)
    return not any(c.isdigit() for c in rest) and bool(_SHARE_MEANING.search(rest)) and bool(rest.strip(" %"))
