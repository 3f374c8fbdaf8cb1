"""Check a report's page footers ("Page 4 of 11"): every numbered page there, once, in order.

A report with a page missing would otherwise import with its measures silently gone or
filed under the wrong directorate. Pages without a footer (a cover) are not counted; a
report that numbers its sections separately ("Page 1 of 3" again) is checked section by
section; a report that states no page count is not checked.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from scorecard_tui.errors import ScorecardError

PageNumber = tuple[int, int]
"""A footer's page number and page count, in the order the pages come."""


def check_page_numbers(stated: Sequence[PageNumber], *, every_footer_read: bool) -> None:
    """Refuse a report whose footers show a page missing, repeated or out of order.

    Args:
        stated: Each numbered page's (number, count), in document order.
        every_footer_read: Whether each page's footer was read (a PDF). A text extraction
            loses footers, so there only what the footers present prove (a page repeated
            or out of order) is refused, never a page merely not seen.

    Raises:
        ScorecardError: naming the first page that is wrong.
    """
    counts = {count for _, count in stated}
    # Every page once in one numbering: only the order can be wrong.
    whole = len(counts) == 1 and sorted(n for n, _ in stated) == list(range(1, max(counts) + 1))
    sections = [list(stated)] if whole else _sections(stated)
    for index, section in enumerate(sections, start=1):
        where = f" (section {index} of {len(sections)})" if len(sections) > 1 else ""
        problem = _problem(section, every_footer_read)
        if problem:
            raise ScorecardError(problem + where)


def _sections(stated: Sequence[PageNumber]) -> list[list[PageNumber]]:
    """Split where the page count changes, or the numbering starts again after a section ended."""
    sections: list[list[PageNumber]] = []
    for number, count in stated:
        current = sections[-1] if sections else None
        restarts = (
            current is not None
            and number < current[-1][0]
            and ((number == 1 and current[0][0] == 1) or max(n for n, _ in current) == count)
        )
        if current is None or count != current[-1][1] or restarts:
            sections.append([(number, count)])
        else:
            current.append((number, count))
    return sections


def _problem(section: list[PageNumber], every_footer_read: bool) -> str | None:
    count = section[0][1]
    numbers = [n for n, _ in section]
    if count < 1 or any(not 1 <= n <= count for n in numbers):
        bad = next((n for n in numbers if not 1 <= n <= count), numbers[0])
        return f"a footer says page {bad} of {count}"
    repeated = [n for n, times in Counter(numbers).items() if times > 1]
    if repeated:
        n = repeated[0]
        return f"page {n} of {count} appears {_times(numbers.count(n))}"
    for before, after in itertools.pairwise(numbers):
        if after < before:
            return f"pages out of order: page {after} of {count} follows page {before}"
    missing = sorted(set(range(1, count + 1)) - set(numbers))
    if every_footer_read and missing:
        return _missing(missing, count)
    return None


def _times(n: int) -> str:
    return "twice" if n == 2 else f"{n} times"


def _missing(missing: list[int], count: int) -> str:
    if len(missing) == 1:
        return f"page {missing[0]} of {count} is missing"
    shown = [str(n) for n in missing[:3]]
    if len(missing) > 3:
        return f"pages {', '.join(shown)} and {len(missing) - 3} more of {count} are missing"
    return f"pages {', '.join(shown[:-1])} and {shown[-1]} of {count} are missing"
