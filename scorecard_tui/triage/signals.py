"""The scrutiny lens: the questions a scrutiny chair would ask, found in a measure's history.

Pure logic over domain records (no SQL, no Textual). The signals:

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
   polarity, as a share of the target: 1% or more, or beyond the report's own tolerance.
7. **Rating against figures** (:func:`_mismatch`): Green or Blue beyond the report's own
   tolerance (:attr:`Measure.tolerance`, else :data:`TOLERANCE`), or Red on or past target, or
   (the report states a tolerance) Red short of target within it.
8. **Promise not kept**: a dated commitment (:mod:`scorecard_tui.triage.promises`) whose month
   has passed with the measure not on target.
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
from scorecard_tui.model import Measure, Polarity, Rag, Value, format_value
from scorecard_tui.triage.bodies import is_narrative
from scorecard_tui.triage.figures import polarity, polarity_told
from scorecard_tui.triage.promises import Promise, period_months, promises

RULES_VERSION = 1
"""The version of the rules below, kept with each report's signals: a database whose signals an
earlier version kept has them computed again (``store.lens_signals.refresh_signals``). Bump it
whenever a rule, a badge, evidence or a severity changes; ``tests/test_signal_rules_version.py``
pins the rules' output on the sample reports to it."""
NEARLY_SAME = 0.9
"""SequenceMatcher ratio over words at or above which two texts count as the same."""
MIN_RUN = {Rag.RED: 2, Rag.AMBER: 3}
"""The shortest run of a rating that is a signal."""
TOP_SHORTFALLS = 5
TOLERANCE = 0.05
"""How far off target (a share of the target) a Green or Blue rating may be before its figures contradict it."""
MIN_SHORTFALL = 0.01
"""Shortfalls smaller than this share of the target are not signals."""
WITHIN_TOLERANCE = "Red within tolerance"
"""The subject of a Red rating short of target by no more than the report's stated tolerance."""
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
    MISMATCH = "mismatch"
    PROMISE = "promise"
    OWN = "own"
    """An officer's own question: no signal behind it, never computed (see :func:`own_signal`)."""


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


COMPUTED_KINDS = frozenset(k for k in SignalKind if k is not SignalKind.OWN)
"""The kinds the lens finds in the figures and words (every kind but an officer's own question)."""


def own_signal(number: str, period: str = "") -> Signal:
    """What an officer's own question (number ``number`` on its measure) stands on in the lens: a
    signal of kind :attr:`SignalKind.OWN`, slug ``own:<number>``, that weighs nothing."""
    return Signal(SignalKind.OWN, "officer's question", "", 0, subject=number, period=period)


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
    noted = [d for d in current.review_dates if not is_narrative(d)]
    if not words(current.review) or not noted:
        return None
    slug = f"{SignalKind.MISSED_REVIEW.value}:review"
    j = _run_start(series, i, key, lambda a, b: same_words(a.review, b.review), earlier, slug)
    if j is None:
        return None
    due = max(d.month for d in noted)
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


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def shown(value: Value, unit: str | None) -> str:
    """A figure as the report prints it: ``90.0%``, ``10.0 days``, ``£1,200`` (money with its sign first)."""
    if unit == "£" and (n := _number(value)) is not None:
        amount = f"{abs(n):,.0f}" if n == int(n) else f"{abs(n):,.2f}"
        return f"{'-' if n < 0 else ''}£{amount}"
    return format_value(value, unit)


@dataclass(frozen=True)
class Figures:
    """The target a measure's rating is read against, and the actual that meets it or not."""

    target: float
    actual: float
    which: str
    """``quarter target``, else ``year-end target`` (the report gives no quarter target)."""
    rating: Rag | None
    """The rating given for these figures."""
    unit: str | None

    def show(self, value: float) -> str:
        return shown(value, self.unit)

    def gap(self, sign: int) -> float:
        """How far the actual falls short of the target by polarity, as a share of it (negative: past it)."""
        if self.target == 0:
            return 0.0 if self.actual == 0 else (1.0 if (self.target - self.actual) * sign > 0 else -1.0)
        return (self.target - self.actual) * sign / abs(self.target)


def figures(m: Measure) -> Figures | None:
    """The quarter's target and actual; else the year-end target with the year-end forecast (or, with
    none, the quarter's actual); None when the report gives no numbers to read a rating against."""
    qt, qa = _number(m.quarter_target), _number(m.quarter_actual)
    ft, fa = _number(m.forecast_target), _number(m.forecast_actual)
    if qt is not None and qa is not None:
        return Figures(qt, qa, "quarter target", m.rag_quarter, m.unit)
    if ft is not None and fa is not None:
        return Figures(ft, fa, "year-end target", m.rag_forecast or m.rag_quarter, m.unit)
    if ft is not None and qa is not None:
        return Figures(ft, qa, "year-end target", m.rag_quarter, m.unit)
    return None


def _inferred(rag: Rag | None, target: Value, actual: Value) -> int:
    t, a = _number(target), _number(actual)
    if rag is None or t is None or a is None or t == a:
        return 0
    above = 1 if a > t else -1
    return above if rag.met else -above


def independent_polarity(series: Sequence[Held], i: int, key: str) -> tuple[int, str]:
    """A measure's polarity told without the rating being checked, and how it was told.

    As the report states it; else inferred from the measure's other rating this period (the
    year-end forecast's when the quarter's is checked), else from an earlier period's
    ratings; else ``(0, "polarity unknown")``. The rating being checked is never used: a
    polarity inferred from it would always agree with it.
    """
    m = series[i].measures[key]
    if m.polarity is not None:
        return (1 if m.polarity is Polarity.HIGHER else -1), "stated"
    f = figures(m)
    quarter = f is not None and f.which == "quarter target"
    if quarter and (sign := _inferred(m.rag_forecast, m.forecast_target, m.forecast_actual)):
        return sign, "inferred from the year-end forecast"
    for held in reversed(series[:i]):
        older = held.measures.get(key)
        if older is not None and (sign := polarity(older)):
            return sign, f"inferred from {held.period}"
    return 0, "polarity unknown"


def _sense(sign: int, basis: str) -> str:
    """``higher is better, stated``; ``polarity unknown``."""
    if sign == 0:
        return basis
    return f"{'higher' if sign > 0 else 'lower'} is better, {basis}"


def tolerance(m: Measure, default: float = TOLERANCE) -> tuple[float, str]:
    """The tolerance a measure's figures are read with, and how the evidence says it: the report's
    own (``the report's tolerance 10%``), else ``default`` (``tolerance 5%, the report states none``)."""
    if m.tolerance is not None:
        return m.tolerance, f"the report's tolerance {_percent(m.tolerance)}"
    return default, f"tolerance {_percent(default)}, the report states none"


def _mismatch(series: Sequence[Held], i: int, key: str) -> Signal | None:
    """A Green or Blue rating off target beyond the tolerance (:func:`tolerance`), or a Red one on or past target,
    or (only where the report states a tolerance) a Red one short of target within it: by the report's own
    rule it is Amber, and the question asks why Red (subject :data:`WITHIN_TOLERANCE`).

    With the polarity unknown (:func:`independent_polarity`) only a Red exactly on target is a
    signal, said as ``polarity unknown``: it is wrong whichever way is better. A Green or Blue
    off target under one reading is past it under the other, so its figures contradict it under
    no reading the lens can stand on; the rating itself is never used to tell which.
    """
    m = series[i].measures[key]
    f = figures(m)
    if f is None or f.rating is None or f.rating is Rag.AMBER:
        return None
    sign, basis = independent_polarity(series, i, key)
    allowed, said = tolerance(m)
    actual, target = f.show(f.actual), f.show(f.target)
    within = False
    if sign == 0:
        gap = 0.0
        contradicted = f.rating is Rag.RED and f.actual == f.target  # on target whichever way is better
    else:
        gap = f.gap(sign)
        within = f.rating is Rag.RED and m.tolerance is not None and 0 < gap <= m.tolerance
        contradicted = gap > allowed if f.rating.met else gap <= 0 or within
    if not contradicted:
        return None
    if within:
        return Signal(
            kind=SignalKind.MISMATCH,
            badge=f"rated Red at {actual} against {target}, within the report's {_percent(allowed)} tolerance",
            evidence=(
                f"Red with {actual} against the {f.which} of {target}: {_percent(gap)} short of it,"
                f" within its tolerance ({_sense(sign, basis)}; {said})"
            ),
            severity=35,
            subject=WITHIN_TOLERANCE,
            count=round(gap * 100),
            before=target,
            after=actual,
        )
    if gap > 0:
        where = f"{_percent(gap)} short of it"
    elif gap < 0:
        where = f"{_percent(-gap)} better than it"
    else:
        where = "on it"
    shown_tolerance = f"; {said}" if f.rating.met else ""  # a Red is read against the target itself
    return Signal(
        kind=SignalKind.MISMATCH,
        badge=f"rated {f.rating.value} at {actual} against {target}",
        evidence=(
            f"{f.rating.value} with {actual} against the {f.which} of {target}: {where}"
            f" ({_sense(sign, basis)}{shown_tolerance})"
        ),
        severity=45,
        subject=f.rating.value,
        count=round(abs(gap) * 100),
        before=target,
        after=actual,
    )


def _percent(share: float) -> str:
    """``16%``; under 10% with one decimal, so a real gap never reads as ``0%``."""
    pct = share * 100
    return f"{pct:.0f}%" if pct >= 9.95 else f"{pct:.1f}%".replace(".0%", "%")


def missed_review(series: Sequence[Held], i: int, key: str) -> Signal | None:
    """A measure's missed review in period ``i``, the series walked back (due or not: see :func:`is_due`)."""
    found = _missed_review(series, i, key, None)
    return replace(found, period=series[i].period) if found else None


def _recovery(m: Measure) -> Signal | None:
    q, f = m.rag_quarter, m.rag_forecast
    if q is None or f is None or q.met == f.met:
        return None
    recovery = f.met  # missed this quarter, met at year end; else the reverse: a slip
    qt, qa = _number(m.quarter_target), _number(m.quarter_actual)
    ft, fa = _number(m.forecast_target), _number(m.forecast_actual)
    quarter = f" ({shown(qa, m.unit)} against {shown(qt, m.unit)})" if qt is not None and qa is not None else ""
    year = f" ({shown(fa, m.unit)} against {shown(ft, m.unit)})" if ft is not None and fa is not None else ""
    return Signal(
        kind=SignalKind.RECOVERY if recovery else SignalKind.SLIP,
        badge="recovery forecast" if recovery else "forecast to slip",
        evidence=f"quarter {q.value}{quarter}, year-end forecast {f.value}{year}",
        severity=30 if (q if recovery else f) is Rag.RED else 25,
        before=q.value,
        after=f.value,
    )


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
    before, after = shown(old, m.unit), shown(new, m.unit)
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
    """How far the actual falls short of its target (:func:`figures`), by polarity, as a share of the target."""
    f, sign = figures(m), polarity(m)
    if f is None or sign == 0 or f.target == 0:
        return None
    return f.gap(sign)


def _beyond_floor(m: Measure, gap: float) -> bool:
    """Whether a shortfall is a signal: 1% or more, else (the report states one) more than its tolerance."""
    return gap >= MIN_SHORTFALL if m.tolerance is None else gap > m.tolerance and gap > 0


def _off_target(held: Held) -> dict[str, Signal]:
    gaps = [
        (gap, key) for key, m in held.measures.items() if (gap := shortfall(m)) is not None and _beyond_floor(m, gap)
    ]
    gaps.sort(key=lambda gk: (-gk[0], gk[1]))
    out = {}
    for rank, (gap, key) in enumerate(gaps[:TOP_SHORTFALLS], start=1):
        m = held.measures[key]
        f = figures(m)
        assert f is not None
        pct = round(gap * 100)
        against = "target" if f.which == "quarter target" else "the year-end target (no quarter target)"
        floor = tolerance(m, MIN_SHORTFALL)[1]
        sign, told = polarity_told(m)
        if told != "stated":  # an assumed direction is said, as the mismatch says it
            floor = f"{_sense(sign, told)}; {floor}"
        out[key] = Signal(
            kind=SignalKind.OFF_TARGET,
            badge=f"off target by {_percent(gap)} (#{rank})",
            evidence=f"actual {f.show(f.actual)} against {against} {f.show(f.target)} ({floor})",
            severity=25 + min(25, pct // 4),
            count=max(pct, 1),
            before=f.show(f.target),
            after=f.show(f.actual),
        )
    return out


# -- promises --------------------------------------------------------------------------


def met(m: Measure) -> bool | None:
    """Whether a measure is on target: by its quarter rating, else by its figures within
    its tolerance (:func:`tolerance`); None when neither says."""
    if m.rag_quarter is not None:
        return m.rag_quarter.met
    f, sign = figures(m), polarity(m)
    return None if f is None or sign == 0 else f.gap(sign) <= tolerance(m)[0]


def _state(m: Measure) -> str:
    """``Red``; ``off target by 12%``: how a measure stands, in words."""
    if m.rag_quarter is not None:
        return m.rag_quarter.value
    gap = shortfall(m)
    return f"off target by {_percent(gap)}" if gap is not None and gap > 0 else "not on target"


@dataclass(frozen=True)
class PromiseState:
    """A dated commitment in a measure's narrative, and whether it was kept."""

    made: str
    """The period it was written in."""
    field: str
    """``commentary`` or ``actions``."""
    quote: str
    due: str
    """``YYYY-MM``."""
    state: str
    """``kept``, ``not kept`` or ``open`` (not yet due)."""
    when: str = ""
    """The period it was found kept or not kept in."""
    body: str = ""
    """The body the promise names (``Cabinet``), or ``""``."""


def _month_tuple(month: str) -> tuple[int, int]:
    return int(month[:4]), int(month[5:7])


Made = Mapping[str, Mapping[str, Sequence[tuple[str, Promise]]]]
"""Promises already read (the store keeps them): period -> measure key -> (field, promise)."""


def made_in(held: Held, key: str, made: Made | None = None) -> Sequence[tuple[str, Promise]]:
    """The promises a measure's commentary and actions make in one period: as kept, else read."""
    if made is not None and held.period in made:
        return made[held.period].get(key, ())
    m = held.measures.get(key)
    if m is None:
        return ()
    return [(field, p) for field in ("commentary", "actions") for p in promises(getattr(m, field), held.period)]


def promise_states(series: Sequence[Held], i: int, key: str, made: Made | None = None) -> list[PromiseState]:
    """Every dated commitment the measure's commentary and actions made up to period ``i``, each
    kept (on target in a period ending on or after its month), not kept (due by the end of a
    later period and not on target since) or open; the same promise repeated is listed once.

    Args:
        made: Promises of earlier periods already read (their texts need not be loaded).
    """
    out: list[PromiseState] = []
    seen: set[tuple[str, str]] = set()
    ends = [period_months(h.period) for h in series[: i + 1]]
    for j in range(i + 1):
        if ends[j] is None:
            continue
        for field, p in made_in(series[j], key, made):
            if (p.due, p.quote) in seen or any(p.due == o.due and o.state != "kept" for o in out):
                continue
            seen.add((p.due, p.quote))
            due = _month_tuple(p.due)
            state, when = "open", ""
            for k in range(j + 1, i + 1):
                later, end = series[k].measures.get(key), ends[k]
                if later is None or end is None or end[1] < due:
                    continue
                on = met(later)
                if on is None:
                    continue
                state, when = ("kept" if on else "not kept"), series[k].period
                if on:
                    break
            out.append(PromiseState(series[j].period, field, p.quote, p.due, state, when, p.body or ""))
    return out


def _broken_promises(series: Sequence[Held], i: int, key: str, made: Made | None) -> list[Signal]:
    """Promises whose month has passed by the end of this period, with the measure still not on target."""
    current = series[i].measures[key]
    if met(current) is not False:
        return []
    out = []
    for p in promise_states(series, i, key, made):
        if p.state != "not kept" or p.when != series[i].period or p.made == series[i].period:
            continue
        out.append(
            Signal(
                kind=SignalKind.PROMISE,
                badge=f"date given passed: {month_label(p.due)}, still {_state(current)}",
                evidence=f'{p.field} in {p.made}: "{p.quote}"; {_state(current)} in {series[i].period}',
                severity=40,
                subject=p.due,
                since=p.made,
                before=p.quote,
                after=p.due,
            )
        )
    return out


def period_signals(
    series: Sequence[Held], period: str, earlier: Earlier | None = None, made: Made | None = None
) -> dict[str, tuple[Signal, ...]]:
    """Every measure's signals in one period of a series, worst first.

    Args:
        series: The series' held periods, oldest first, each with its measures by key.
        period: Which held period to compute for.
        earlier: The previous held period's signals, when known (the store keeps them):
            unchanged texts and review notes then carry on from them, and the older
            periods' texts are not needed. None walks the series back instead.
        made: The promises of periods whose texts are not loaded, as kept (:func:`made_in`).

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
        if s := _mismatch(series, i, key):
            found.append(s)
        found += _broken_promises(series, i, key, made)
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
