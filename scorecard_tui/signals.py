"""The scrutiny lens: the questions a scrutiny chair would ask, found in a measure's history.

Pure logic over domain records (no SQL, no Textual). Six signals:

1. **Unchanged narrative**: commentary or actions the same as the previous held period's.
   Texts are compared as they stand first (equal text, then equal words: the cheap check);
   only where the text changed is a similarity measured: the Dice coefficient over the
   two texts' words as multisets (2 x shared words / all words, which is difflib's
   ``quick_ratio`` over word lists). At or above :data:`NEARLY_SAME` (0.9) the text counts
   as carried over. 0.9 is the score of a 40-word paragraph with 4 words replaced
   (2 x 36 / 80): the figures and a month refreshed in last quarter's wording, the habit
   scrutiny asks about; with 8 of its 40 words replaced it scores 0.8 and is not flagged
   (one 8-word sentence added to it, 0.91, is: the old text is all still there). The
   evidence is a word diff (:func:`word_diff`, difflib's matcher).
2. **Persistent rating**: Red (or Amber) for N consecutive held quarters including this one
   (Red from 2, Amber from 3); a quarter not held ends the run.
3. **Missed review**: the review note is unchanged from the previous held period's, and its
   latest dated review is before the as-of date (the store keeps the month and filters by
   the as-of date when read, so ``--as-of`` needs no recomputation).
4. **Claimed recovery / hidden slide**: quarter Red or Amber with a met forecast, or the
   reverse.
5. **Moved goalposts**: a target eased by the measure's polarity: the year-end (forecast)
   target against the previous held quarter of the same financial year, and the quarter's
   target against the same quarter a year earlier (never Q1 against Q2: quarterly targets
   are often profiled or cumulative).
6. **Off target by most**: the five largest shortfalls against the quarter's target, by
   polarity, as a share of the target.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from scorecard_tui.compat import StrEnum
from scorecard_tui.model import Measure, Rag, Value, format_value
from scorecard_tui.triage import polarity

NEARLY_SAME = 0.9
"""SequenceMatcher ratio over words at or above which two texts count as the same."""
MIN_RUN = {Rag.RED: 2, Rag.AMBER: 3}
"""The shortest run of a rating that is a signal."""
TOP_SHORTFALLS = 5
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class SignalKind(StrEnum):
    """What a signal is about; the value is stable (stored and exported)."""

    UNCHANGED = "unchanged"
    PERSISTENT = "persistent"
    MISSED_REVIEW = "missed-review"
    RECOVERY = "recovery"
    SLIP = "slip"
    GOALPOSTS = "goalposts"
    OFF_TARGET = "off-target"


@dataclass(frozen=True)
class Signal:
    """One thing a scrutiny chair would ask about a measure."""

    kind: SignalKind
    badge: str
    """Short text that reads without colour, e.g. ``Red for 3 quarters``."""
    evidence: str
    """What shows it: a word diff, the run of ratings, the two targets, the review note."""
    severity: int
    """Higher is worse; orders measures and signals."""
    subject: str = ""
    """What part of the measure: ``commentary``, ``actions``, ``year-end target``, a rating..."""
    since: str = ""
    """The period the state began (text first written, run began, target last set), e.g. ``2018/19 Q1``."""
    count: int = 0
    """A run's length in quarters, or a shortfall in whole percent."""
    before: str = ""
    after: str = ""
    due: str = ""
    """For a missed review: the review month ``YYYY-MM`` (past as of the as-of date)."""
    period: str = ""
    """The period the signal was found in."""

    @property
    def since_short(self) -> str:
        """:attr:`since` as ``Q1`` when in the same financial year as :attr:`period`."""
        return short_period(self.since, self.period) if self.period else self.since

    @property
    def slug(self) -> str:
        """Identifies the signal within its measure and period: ``unchanged:actions``."""
        return f"{self.kind.value}:{self.subject}" if self.subject else self.kind.value


# -- periods -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def quarter_index(period: str) -> int | None:
    """``2018/19 Q3`` -> a number that goes up by one a quarter; None for other labels."""
    m = re.fullmatch(r"\s*(\d{4})/\d{2} Q([1-4])\s*", period)
    return int(m.group(1)) * 4 + int(m.group(2)) - 1 if m else None


def short_period(period: str, current: str) -> str:
    """``Q1`` when in the same financial year as ``current``, else the full label."""
    a, b = quarter_index(period), quarter_index(current)
    if a is not None and b is not None and a // 4 == b // 4:
        return period.split()[-1]
    return period


def month_label(month: str) -> str:
    """``2018-09`` -> ``Sep 2018``."""
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"


@dataclass(frozen=True)
class Held:
    """One held period of a report series: its label and measures by key."""

    period: str
    measures: Mapping[str, Measure]


def _consecutive(a: str, b: str, series_pos: tuple[int, int]) -> bool:
    """Whether period ``a`` is the quarter just before ``b`` (adjacent positions when not quarters)."""
    qa, qb = quarter_index(a), quarter_index(b)
    if qa is None or qb is None:
        return series_pos[0] + 1 == series_pos[1]
    return qa + 1 == qb


# -- text ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """A text's words (split on any whitespace), remembered: each text is compared more than once."""
    return tuple(text.split())


def same_words(a: str, b: str) -> bool:
    """The same words in the same order: equal text first (the cheap check), then the words."""
    return a == b or words(a) == words(b)


@functools.lru_cache(maxsize=16384)
def _bag(text: str) -> Counter[str]:
    return Counter(words(text))


def similarity(a: str, b: str) -> float:
    """Dice coefficient over the two texts' words as multisets: 2 x shared words / all words.

    This is :meth:`difflib.SequenceMatcher.quick_ratio` over word lists: the ratio of the
    best alignment if word order is set aside. Counting is done in C, so thousands of
    measures compare in milliseconds; order matters little here, since a paragraph carried
    over keeps its order anyway.
    """
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 1.0 if wa == wb else 0.0
    shared = sum((_bag(a) & _bag(b)).values())
    return 2 * shared / (len(wa) + len(wb))


def similar(a: str, b: str) -> bool:
    """Same words, or a :func:`similarity` at or above :data:`NEARLY_SAME`.

    Equal text is found without splitting it (the cheap check, in place of a hash); lengths
    too far apart to reach the threshold (``2 * min / (len_a + len_b)`` bounds it) are
    rejected before counting.
    """
    if same_words(a, b):
        return True
    la, lb = len(words(a)), len(words(b))
    if not la or not lb or 2 * min(la, lb) / (la + lb) < NEARLY_SAME:
        return False
    return similarity(a, b) >= NEARLY_SAME


def word_diff(old: str, new: str) -> str:
    """The change between two texts as words: ``kept [-removed-] {+added+}``."""
    wa, wb = words(old), words(new)
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            out += wa[a1:a2]
            continue
        if a2 > a1:
            out.append("[-" + " ".join(wa[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(wb[b1:b2]) + "+}")
    return " ".join(out)


# -- signals ---------------------------------------------------------------------------


Earlier = Mapping[str, Sequence[Signal]]
"""The previous held period's signals by measure key: runs carry on from them."""


def _run_start(
    series: Sequence[Held],
    i: int,
    key: str,
    same: Callable[[Measure, Measure], bool],
    earlier: Earlier | None,
    slug: str,
) -> int | None:
    """Where the run of periods ``same`` as the one before ends at ``i`` began; None when ``i`` starts one.

    With ``earlier`` (the previous period's signals, as stored) the run carries on from the
    previous period's signal; without, the series is walked back.
    """
    previous = series[i - 1].measures.get(key) if i > 0 else None
    if previous is None or not same(previous, series[i].measures[key]):
        return None
    if earlier is not None:
        found = next((s for s in earlier.get(key, ()) if s.slug == slug), None)
        starts = [n for n, held in enumerate(series[: i - 1]) if found and held.period == found.since]
        return starts[0] if starts else i - 1
    j = i - 1
    while j > 0 and (older := series[j - 1].measures.get(key)) is not None and same(older, series[j].measures[key]):
        j -= 1
    return j


def _unchanged(series: Sequence[Held], i: int, key: str, field: str, earlier: Earlier | None) -> Signal | None:
    current = series[i].measures[key]
    text = getattr(current, field)
    if not words(text):
        return None
    slug = f"{SignalKind.UNCHANGED.value}:{field}"
    j = _run_start(series, i, key, lambda a, b: similar(getattr(a, field), getattr(b, field)), earlier, slug)
    if j is None:
        return None
    previous = getattr(series[i - 1].measures[key], field)
    same = same_words(previous, text)
    return Signal(
        kind=SignalKind.UNCHANGED,
        badge=f"{field} {'unchanged' if same else 'nearly unchanged'} since {series[j].period}",
        evidence="same words as " + series[i - 1].period if same else word_diff(previous, text),
        severity=20 + 5 * (i - j),
        subject=field,
        since=series[j].period,
        count=i - j + 1,
        before=previous,
        after=text,
        period=series[i].period,
    )


def _persistent(series: Sequence[Held], i: int, key: str) -> Signal | None:
    rag = series[i].measures[key].rag_quarter
    if rag not in MIN_RUN:
        return None
    j = i
    while (
        j > 0
        and _consecutive(series[j - 1].period, series[j].period, (j - 1, j))
        and (older := series[j - 1].measures.get(key)) is not None
        and older.rag_quarter is rag
    ):
        j -= 1
    n = i - j + 1
    if n < MIN_RUN[rag]:
        return None
    return Signal(
        kind=SignalKind.PERSISTENT,
        badge=f"{rag.value} for {n} quarters",
        evidence=" -> ".join(f"{series[k].period} {rag.value}" for k in range(j, i + 1)),
        severity=(40 if rag is Rag.RED else 20) + 5 * n,
        subject=rag.value,
        since=series[j].period,
        count=n,
        period=series[i].period,
    )


def _missed_review(series: Sequence[Held], i: int, key: str, earlier: Earlier | None) -> Signal | None:
    current = series[i].measures[key]
    if not words(current.review) or not current.review_dates:
        return None
    slug = f"{SignalKind.MISSED_REVIEW.value}:review"
    j = _run_start(series, i, key, lambda a, b: same_words(a.review, b.review), earlier, slug)
    if j is None:
        return None
    due = max(d.month for d in current.review_dates)
    return Signal(
        kind=SignalKind.MISSED_REVIEW,
        badge=f"review due {month_label(due)}, no update",
        evidence=f"review note unchanged since {series[j].period}: {current.review}",
        severity=35,
        subject="review",
        since=series[j].period,
        due=due,
        period=series[i].period,
    )


def _recovery(m: Measure) -> Signal | None:
    q, f = m.rag_quarter, m.rag_forecast
    if q is None or f is None or q.met == f.met:
        return None
    recovery = f.met  # missed this quarter, met at year end; else the reverse: a slip
    return Signal(
        kind=SignalKind.RECOVERY if recovery else SignalKind.SLIP,
        badge="recovery forecast" if recovery else "forecast to slip",
        evidence=f"quarter {q.value}, year-end forecast {f.value}",
        severity=30 if (q if recovery else f) is Rag.RED else 25,
        before=q.value,
        after=f.value,
    )


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _eased(old: Value, new: Value, sign: int) -> bool:
    a, b = _number(old), _number(new)
    return a is not None and b is not None and sign != 0 and (b - a) * sign < 0


def _goalposts(series: Sequence[Held], i: int, key: str) -> list[Signal]:
    current = series[i].measures[key]
    sign = polarity(current)
    if sign == 0:
        for held in reversed(series[:i]):
            if (older := held.measures.get(key)) is not None and (sign := polarity(older)):
                break
    here = quarter_index(series[i].period)
    if here is None or sign == 0:
        return []
    out = []
    for held in reversed(series[:i]):
        q = quarter_index(held.period)
        older = held.measures.get(key)
        if q is None or older is None or q // 4 != here // 4:
            continue
        if _eased(older.forecast_target, current.forecast_target, sign):
            out.append(_moved("year-end target", older.forecast_target, current.forecast_target, current, held, sign))
        break
    for held in series[:i]:
        older = held.measures.get(key)
        year_ago = quarter_index(held.period) == here - 4
        if year_ago and older and _eased(older.quarter_target, current.quarter_target, sign):
            out.append(_moved("quarter target", older.quarter_target, current.quarter_target, current, held, sign))
    return out


def _moved(subject: str, old: Value, new: Value, m: Measure, held: Held, sign: int) -> Signal:
    verb = "lowered" if sign > 0 else "raised"
    before, after = format_value(old, m.unit), format_value(new, m.unit)
    a, b = _number(old) or 0.0, _number(new) or 0.0
    share = abs(b - a) / abs(a) if a else 1.0
    return Signal(
        kind=SignalKind.GOALPOSTS,
        badge=f"{subject} {verb} from {before} to {after}",
        evidence=f"{subject} {before} in {held.period}, {after} now ({'higher' if sign > 0 else 'lower'} is better)",
        severity=30 + min(20, round(share * 100)),
        subject=subject,
        since=held.period,
        before=before,
        after=after,
    )


def shortfall(m: Measure) -> float | None:
    """How far the quarter's actual falls short of its target, as a share of the target."""
    t, a, sign = _number(m.quarter_target), _number(m.quarter_actual), polarity(m)
    if t is None or a is None or sign == 0 or t == 0:
        return None
    return (t - a) * sign / abs(t)


def _off_target(held: Held) -> dict[str, Signal]:
    gaps = [(gap, key) for key, m in held.measures.items() if (gap := shortfall(m)) is not None and gap > 0]
    gaps.sort(key=lambda gk: (-gk[0], gk[1]))
    out = {}
    for rank, (gap, key) in enumerate(gaps[:TOP_SHORTFALLS], start=1):
        m = held.measures[key]
        pct = round(gap * 100)
        out[key] = Signal(
            kind=SignalKind.OFF_TARGET,
            badge=f"off target by {pct}% (#{rank})",
            evidence=f"actual {format_value(m.quarter_actual, m.unit)} against target "
            f"{format_value(m.quarter_target, m.unit)}",
            severity=25 + min(25, pct // 4),
            count=pct,
            before=format_value(m.quarter_target, m.unit),
            after=format_value(m.quarter_actual, m.unit),
        )
    return out


def period_signals(
    series: Sequence[Held], period: str, earlier: Earlier | None = None
) -> dict[str, tuple[Signal, ...]]:
    """Every measure's signals in one period of a series, worst first.

    Args:
        series: The series' held periods, oldest first, each with its measures by key.
        period: Which held period to compute for.
        earlier: The previous held period's signals, when known (the store keeps them):
            unchanged texts and review notes then carry on from them, and the older
            periods' texts are not needed. None walks the series back instead.

    Returns:
        Measure key -> its signals (only measures with any).
    """
    i = next(n for n, held in enumerate(series) if held.period == period)
    held = series[i]
    off = _off_target(held)
    out: dict[str, tuple[Signal, ...]] = {}
    for key, m in held.measures.items():
        found: list[Signal] = []
        for field in ("commentary", "actions"):
            if i > 0 and key in series[i - 1].measures and (s := _unchanged(series, i, key, field, earlier)):
                found.append(s)
        if s := _persistent(series, i, key):
            found.append(s)
        if s := _missed_review(series, i, key, earlier):
            found.append(s)
        if s := _recovery(m):
            found.append(s)
        found += _goalposts(series, i, key)
        if key in off:
            found.append(off[key])
        if found:
            out[key] = tuple(sorted((replace(s, period=period) for s in found), key=lambda s: -s.severity))
    return out


def is_due(signal: Signal, as_of: date) -> bool:
    """Whether a signal holds as of a date: a missed review only once its month has ended."""
    if signal.kind is not SignalKind.MISSED_REVIEW:
        return True
    return signal.due < f"{as_of:%Y-%m}"
