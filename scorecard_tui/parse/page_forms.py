"""Page numbers as reports print them, read from each page's furniture (its header and footer lines).

"Page 4 of 11", "4 of 11", "Page 4", "4 | Page", "- 4 -", "4/11" and a number alone are
read; the form a report numbers its pages by is the first of these (in that order) its
pages show. A form without the word "page" or "of" ("- 4 -", "4/11", "4") counts only when
two pages in three show it and its numbers mostly rise a page at a time, so a year or a
date in every footer, or a figure at the foot of a table, is never taken for a page number.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_P = r"p\s*a\s*g\s*e"  # "P a g e", as a letter-spaced footer extracts
_COUNTED = "counted"  # on any page: the count says how many pages there should be
_WORDED = "worded"  # "Page 4": on at least half the pages
_BARE = "bare"  # "- 4 -", "4/11", "4": on two pages in three, mostly rising a page at a time
_FORMS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "Page N of M",
        re.compile(rf"(?:^|\W){_P}\s*(?P<n>\d{{1,5}})\s*(?:o\s*f|/)\s*(?P<m>\d{{1,5}})(?:$|\W)", re.I),
        _COUNTED,
    ),
    ("N of M", re.compile(r"^(?P<n>\d{1,5})\s+of\s+(?P<m>\d{1,5})$", re.I), _COUNTED),
    ("Page N", re.compile(rf"^{_P}\s*(?P<n>\d{{1,5}})\b|(?:^|\W){_P}\s*(?P<n2>\d{{1,5}})$", re.I), _WORDED),
    ("N | Page", re.compile(rf"^(?P<n>\d{{1,5}})\s*\|\s*{_P}$|^{_P}\s*\|\s*(?P<n2>\d{{1,5}})$", re.I), _WORDED),
    ("- N -", re.compile(r"^[-–—]\s*(?P<n>\d{1,5})\s*[-–—]$"), _BARE),
    ("N/M", re.compile(r"^(?P<n>\d{1,4})\s*/\s*(?P<m>\d{1,4})$"), _BARE),
    ("N", re.compile(r"^(?P<n>\d{1,4})$"), _BARE),
)


@dataclass(frozen=True)
class Stated:
    """What one page's furniture says of it."""

    number: int
    count: int | None
    """The page count stated beside the number ("of 11"), if any."""


@dataclass(frozen=True)
class Numbering:
    """How a report numbers its pages: the form, and what each page states in it (None: nothing)."""

    form: str | None
    stated: tuple[Stated | None, ...]


def stated_pages(text: str) -> dict[str, Stated]:
    """Each form one furniture text (a line, or a run of words set apart on it) shows a page number in."""
    text = " ".join(text.split())
    found: dict[str, Stated] = {}
    for form, pattern, _ in _FORMS:
        m = pattern.search(text)
        if m is None:
            continue
        number = int(next(g for g in (m.groupdict().get("n"), m.groupdict().get("n2")) if g))
        count = int(m["m"]) if "m" in pattern.groupindex else None
        if number < 1 or (count is not None and count < 1):
            continue
        if form == "N/M" and count is not None and number > count:
            continue  # "2023/24" is a year, not page 2023 of 24
        found[form] = Stated(number, count)
    return found


_LABEL = re.compile(
    rf"{_P}\s*\d{{1,5}}(\s*(o\s*f|/)\s*\d{{1,5}})?|\d{{1,5}}\s+of\s+\d{{1,5}}|\d{{1,5}}\s*\|\s*{_P}|[-–—]\s*\d{{1,5}}\s*[-–—]",
    re.I,
)


def is_page_label(text: str) -> bool:
    """Whether a text is a page number and nothing else, in a form no table cell takes ("Page 2 of 4", "- 2 -")."""
    return _LABEL.fullmatch(" ".join(text.split())) is not None


def is_page_number(text: str) -> bool:
    """Whether a furniture text shows a page number in any form read here."""
    return bool(stated_pages(text))


def read_numbering(furniture: Sequence[Sequence[str]]) -> Numbering:
    """The form a report numbers its pages by, from each page's furniture texts (in page order)."""
    per_page: list[dict[str, Stated]] = []
    for texts in furniture:
        page: dict[str, Stated] = {}
        for text in texts:
            for form, found in stated_pages(text).items():
                page.setdefault(form, found)
        per_page.append(page)
    for form, _, kind in _FORMS:
        stated = tuple(page.get(form) for page in per_page)
        shown = [s.number for s in stated if s is not None]
        if shown and _counts(kind, stated):
            return Numbering(form, stated)
    return Numbering(None, tuple(None for _ in per_page))


def _counts(kind: str, stated: Sequence[Stated | None]) -> bool:
    shown = [s for s in stated if s is not None]
    pages = len(stated)
    if kind == _COUNTED:
        return True
    if kind == _WORDED:
        return 2 * len(shown) >= pages
    return len(shown) >= 2 and 3 * len(shown) >= 2 * pages and 3 * _rising(stated) >= 2 * (len(shown) - 1)


def _rising(stated: Sequence[Stated | None]) -> int:
    """Pairs of numbered pages whose numbers rise about as the pages do (as page numbers, not data, do)."""
    marks = [(i, s.number) for i, s in enumerate(stated) if s is not None]
    return sum(1 for (i, a), (j, b) in itertools.pairwise(marks) if 1 <= b - a <= 2 * (j - i))
