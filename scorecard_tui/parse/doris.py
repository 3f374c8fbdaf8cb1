"""What the two DORIS-style readers (the PDF and its text extraction) share: the heading they
look for, the progress callback, and the extraction they return."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from scorecard_tui.parse.footer import FooterInfo
from scorecard_tui.parse.rows import RowCells

DIRECTORATE_HEADING = re.compile(r"^Directorate\s*:\s*(?P<name>.+)$", re.I)
"""``Directorate : People Services``: the line that starts each directorate's measures."""

ProgressCallback = Callable[[int, int], None]
"""Told ``(pages done, pages in all)`` as a reader goes."""

TITLE_LINES = 20
"""At most this many lines above the first heading are kept (the report's subtitle)."""


@dataclass(frozen=True)
class Extraction:
    """What a reader found in a report."""

    rows: list[RowCells]
    """One per measure, in report order."""
    footer: FooterInfo
    """What the page footers say: the report's name, source, fetch time, page count."""
    pages: int
    """How many pages the report has."""
    title_lines: tuple[str, ...] = ()
    """The lines above the first heading (such as "ILLUSTRATIVE DATA - NOT PUBLISHED"): the subtitle."""
    page_check: str = ""
    """How the pages were checked (their numbers, or that they have none), for ``inspect``."""
    legend_lines: tuple[str, ...] = ()
    """Key or legend lines among or under the rows (page furniture), read only for the report's tolerance."""
