"""Check a report's page numbers ("Page 4 of 11", "Page 4"): every numbered page there, once, in order.

A report with a page missing would otherwise import with its measures silently gone or
filed under the wrong directorate. Pages without a number (a cover) are not counted; a
report that numbers its sections separately ("Page 1 of 3" again) is checked section by
section, each section complete; pages that each say "Page 1 of 1" one after another are
one page repeated. Numbers without a count ("Page 4") are checked for gaps, repeats and
order. A report that numbers nothing is checked only for a page repeated word for word.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.page_forms import Numbering

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


NOT_NUMBERED = "not numbered, so not checked for missing pages"
"""What ``inspect`` says of a report that numbers no page."""
NUMBERED = "numbered 'Page N of M': checked, none missing, repeated or out of order"
"""What ``inspect`` says of a report whose page numbers, with a count, passed the check."""

MIN_WORDS_COMPARED = 20
"""Pages with fewer words (a blank or a divider) may recur; a fuller page twice is a page repeated."""


def check_numbering(numbering: Numbering) -> str:
    """Refuse a report whose page numbers show a page missing, repeated or out of order.

    Returns:
        What was checked, for ``inspect``.

    Raises:
        ScorecardError: naming the first page that is wrong.
    """
    marks = [(i, s) for i, s in enumerate(numbering.stated) if s is not None]
    if numbering.form is None or not marks:
        return NOT_NUMBERED
    counted = [(i, s.number, s.count) for i, s in marks if s.count is not None]
    if counted:
        check_page_numbers(_unnumbered_in_place(counted, len(numbering.stated)), every_footer_read=True)
        return NUMBERED.replace("Page N of M", numbering.form)
    _check_uncounted([(i, s.number) for i, s in marks])
    return (
        f"numbered '{numbering.form}', no count: checked, no gap, repeat or disorder (a last page missing cannot show)"
    )


def _unnumbered_in_place(counted: list[tuple[int, int, int]], pages: int) -> list[PageNumber]:
    """The stated numbers, with pages that state none counted as the numbers they stand in place
    of: a cover or a back page as the first or last pages, an inserted chart where it fits exactly."""
    out: list[PageNumber] = []
    before: tuple[int, int, int] | None = None
    for index, number, count in counted:
        if before is None:
            gap = range(1, min(number, index + 1))  # a cover: page 1, whatever follows it
        else:
            i, n, m = before
            gap = range(n + 1, number) if m == count and number - n == index - i else range(0)
        out += [(k, count) for k in gap]
        out.append((number, count))
        before = (index, number, count)
    index, number, count = counted[-1]
    return out + [(k, count) for k in range(number + 1, min(count, number + pages - 1 - index) + 1)]


def _check_uncounted(marks: list[tuple[int, int]]) -> None:
    """Numbers without a count: within each run from page 1, none twice, rising, one a page."""
    sections: list[list[tuple[int, int]]] = []
    for index, number in marks:
        if not sections or (number == 1 and sections[-1][-1][1] != 1):
            sections.append([])
        sections[-1].append((index, number))
    for k, section in enumerate(sections, start=1):
        where = f" (section {k} of {len(sections)})" if len(sections) > 1 else ""
        numbers = [n for _, n in section]
        repeated = [n for n, times in Counter(numbers).items() if times > 1]
        if repeated:
            raise ScorecardError(f"page {repeated[0]} appears {_times(numbers.count(repeated[0]))}{where}")
        for (_, a), (_, b) in itertools.pairwise(section):
            if b < a:
                raise ScorecardError(f"pages out of order: page {b} follows page {a}{where}")
        for (i, a), (j, b) in itertools.pairwise(section):
            if b - a > j - i:
                gone = list(range(a + 1, b))
                if j == i + 1:
                    raise ScorecardError(_missing(gone, None) + where)
                gone_count = b - a - (j - i)
                pages = "a page is" if gone_count == 1 else f"{gone_count} pages are"
                raise ScorecardError(f"{pages} missing between page {a} and page {b}{where}")


def page_digest(words: Iterable[str]) -> bytes | None:
    """A page's words as a digest to compare pages by; None for a page too short to compare."""
    listed = list(words)
    if len(listed) < MIN_WORDS_COMPARED:
        return None
    return hashlib.blake2b("\x1f".join(listed).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def check_repeated_pages(digests: Sequence[bytes | None]) -> None:
    """Refuse a report with a page repeated word for word (the same page twice, numbered or not).

    Raises:
        ScorecardError: naming the repeat and the page it repeats.
    """
    first: dict[bytes, int] = {}
    for number, digest in enumerate(digests, start=1):
        if digest is None:
            continue
        if digest in first:
            raise ScorecardError(f"page {number} repeats page {first[digest]} word for word")
        first[digest] = number


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


def _missing(missing: list[int], count: int | None) -> str:
    of = f" of {count}" if count is not None else ""
    if len(missing) == 1:
        return f"page {missing[0]}{of} is missing"
    shown = [str(n) for n in missing[:3]]
    if len(missing) > 3:
        return f"pages {', '.join(shown)} and {len(missing) - 3} more{of} are missing"
    return f"pages {', '.join(shown[:-1])} and {shown[-1]}{of} are missing"
