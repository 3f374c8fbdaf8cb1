"""The scrutiny lens's signals, computed at import and kept: the lens's tables, computing and storing
a report series' signals period by period, and reading a stored signal back (cleaned, leniently).

Each report's signals are kept with the version of the rules that computed them (a :data:`RULES`
row); signals kept by earlier rules are computed again when the database is opened to write
(:func:`refresh_signals`), and, on a connection that cannot write, into a temporary copy the lens
reads instead (:func:`shadow_signals`).

Runs inside the writing transaction of an import or a migration; reads of the kept signals are
:class:`~scorecard_tui.store.lens.LensStore`'s.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard_tui.model import Measure, Polarity, Rag, ReviewDate, Value, occurrences, tolerance_share
from scorecard_tui.store.db_file import upgrade_command
from scorecard_tui.store.scripts import run_script
from scorecard_tui.text.safe import clean_text
from scorecard_tui.triage.promises import PROMISE_MADE, Promise
from scorecard_tui.triage.signals import RULES_VERSION, Held, Signal, SignalKind, made_in, period_signals

if TYPE_CHECKING:
    import sqlite_utils

_MONTH = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
MADE = PROMISE_MADE
"""The kind of the rows that keep a period's promises (not signals: never shown as one)."""
RULES = "rules"
"""The kind of the one row per report that keeps which version of the rules computed its signals
(in ``count``; position -1): not a signal, never shown as one. A report without one (kept before
versions were, or by a version that knew none) counts as version 0."""
NOT_SIGNALS = (MADE, RULES)
"""The kinds of the rows of ``signals`` that are not signals."""

SIGNALS_TABLE = """
CREATE TABLE signals (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    measure_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    severity INTEGER NOT NULL,
    badge TEXT NOT NULL,
    evidence TEXT NOT NULL,
    subject TEXT NOT NULL,
    since TEXT NOT NULL,
    count INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    due TEXT
);
"""

LENS_SCHEMA = (
    SIGNALS_TABLE
    + """
CREATE INDEX signals_report ON signals(report_id, position);
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    report_name TEXT NOT NULL,
    source TEXT NOT NULL,
    period TEXT NOT NULL,
    measure_key TEXT NOT NULL,
    slug TEXT NOT NULL,
    text TEXT NOT NULL,
    dropped INTEGER NOT NULL CHECK (dropped IN (0, 1)),
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX questions_key ON questions(report_name, source, period, measure_key, slug, id);
"""
)

RAGS = {r.value: r for r in Rag}
_POLARITIES = {p.value: p for p in Polarity}


def load_series(
    conn: sqlite3.Connection,
    name: str,
    source: str,
    texts_from: str | None = None,
    newest: tuple[int, str, Sequence[Measure]] | None = None,
) -> tuple[list[tuple[int, Held]], dict[int, int]]:
    """A report series as :class:`Held` periods (oldest first, with report ids), and each
    measure's position in its report (by ``id()`` of the measure).

    Args:
        texts_from: Load the narrative and review dates only of periods from this one on
            (earlier periods' measures carry empty text); None loads all.
        newest: A report just written in this transaction (its id, period and measures): taken as
            handed over, as it reads back, rather than read again (~0.2 s of a 10,000-row import).
    """
    # migration 7 computes signals before migration 10 adds the tolerance column
    held = {str(r[1]) for r in conn.execute("PRAGMA table_info(measures)").fetchall()}
    tolerance = "m.tolerance" if "tolerance" in held else "NULL"
    rows = conn.execute(
        f"""
        SELECT r.id, r.period, m.id, m.position, m.code, m.title, m.directorate, m.rag_quarter, m.rag_forecast,
               m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual, m.unit, m.polarity,
               CASE WHEN r.period >= :texts THEN m.commentary ELSE '' END,
               CASE WHEN r.period >= :texts THEN m.actions ELSE '' END,
               CASE WHEN r.period >= :texts THEN m.review ELSE '' END, {tolerance}
        FROM reports r JOIN measures m ON m.report_id = r.id
        WHERE r.name = :name AND r.source = :source AND r.id IS NOT :newest
        ORDER BY r.period, r.fetched_at, r.id, m.position
        """,
        {"name": name, "source": source, "texts": texts_from or "", "newest": newest[0] if newest else None},
    ).fetchall()
    dates: dict[int, list[ReviewDate]] = {}
    for measure_id, month, body, past in conn.execute(
        """
        SELECT d.measure_id, d.month, d.body, d.past FROM review_dates d
        JOIN measures m ON m.id = d.measure_id JOIN reports r ON r.id = m.report_id
        WHERE r.name = ? AND r.source = ? AND r.period >= ? AND r.id IS NOT ? ORDER BY d.measure_id, d.position
        """,
        [name, source, texts_from or "", newest[0] if newest else None],
    ):
        dates.setdefault(measure_id, []).append(ReviewDate(month, body, bool(past)))
    by_report: dict[int, list[Sequence[Any]]] = {}
    periods: dict[int, str] = {}
    for row in rows:
        by_report.setdefault(row[0], []).append(row)
        periods[row[0]] = row[1]
    series: list[tuple[int, Held]] = []
    positions: dict[int, int] = {}
    for report_id, report_rows in by_report.items():
        measures: dict[str, Measure] = {}
        numbers = occurrences([r[4] for r in report_rows])
        for row, number in zip(report_rows, numbers, strict=True):
            m = Measure(
                directorate=row[6],
                code=row[4],
                title=row[5],
                rag_quarter=RAGS.get(row[7]),
                rag_forecast=RAGS.get(row[8]),
                quarter_target=row[9],
                quarter_actual=row[10],
                forecast_target=row[11],
                forecast_actual=row[12],
                unit=row[13],
                polarity=_POLARITIES.get(row[14]),
                direction=None,
                commentary=row[15],
                actions=row[16],
                review=row[17],
                review_dates=tuple(dates.get(row[2], ())),
                occurrence=number,
                tolerance=tolerance_share(row[18]),
            )
            measures[m.key] = m
            positions[id(m)] = row[3]
        series.append((report_id, Held(periods[report_id], measures)))
    if newest:
        report_id, period, given = newest
        taken = _as_read_back(given, positions)
        at = next((n for n, (_, h) in enumerate(series) if h.period > period), len(series))
        series.insert(at, (report_id, Held(period, taken)))
    return series, positions


def _stored_value(value: Value) -> Value:
    """A value as SQLite gives it back (it keeps NaN as NULL)."""
    return None if isinstance(value, float) and value != value else value


def _as_read_back(given: Sequence[Measure], positions: dict[int, int]) -> dict[str, Measure]:
    """Measures just written, as :func:`load_series` would read them back (the fields it reads, no more)."""
    measures: dict[str, Measure] = {}
    numbers = occurrences([g.code for g in given])
    for position, (g, number) in enumerate(zip(given, numbers, strict=True)):
        m = Measure(
            directorate=g.directorate,
            code=g.code,
            title=g.title,
            rag_quarter=g.rag_quarter,
            rag_forecast=g.rag_forecast,
            quarter_target=_stored_value(g.quarter_target),
            quarter_actual=_stored_value(g.quarter_actual),
            forecast_target=_stored_value(g.forecast_target),
            forecast_actual=_stored_value(g.forecast_actual),
            unit=g.unit,
            polarity=g.polarity,
            direction=None,
            commentary=g.commentary,
            actions=g.actions,
            review=g.review,
            review_dates=tuple(ReviewDate(d.month, d.body, bool(d.past)) for d in g.review_dates),
            occurrence=number,
            tolerance=tolerance_share(_stored_value(g.tolerance)),
        )
        measures[m.key] = m
        positions[id(m)] = position
    return measures


def _stored(db: sqlite_utils.Database, report_id: int, period: str) -> dict[str, list[Signal]]:
    """A report's stored signals by measure key."""
    out: dict[str, list[Signal]] = {}
    for row in db.execute(
        f"SELECT {SIGNAL_COLUMNS} FROM signals WHERE report_id = ? AND kind NOT IN (?, ?)", [report_id, *NOT_SIGNALS]
    ):
        if (signal := readable_signal(row, clean_text, period)) is not None:
            out.setdefault(row[0], []).append(signal)
    return out


def store_signals(
    db: sqlite_utils.Database,
    name: str,
    source: str,
    from_period: str | None = None,
    newest: tuple[int, str, Sequence[Measure]] | None = None,
) -> int:
    """Compute and keep the signals of a series' periods from ``from_period`` on (all when None);
    ``newest`` is a report just written, not read again (:func:`load_series`).

    Periods are computed oldest first, each carrying on the runs of unchanged text from
    the one before, so only the texts of the periods computed and the one before them
    are read.

    Returns:
        How many signals were stored.
    """
    held_periods = [
        p
        for (p,) in db.execute(
            "SELECT period FROM reports WHERE name = ? AND source = ? ORDER BY period, fetched_at, id", [name, source]
        )
    ]
    first = next((n for n, p in enumerate(held_periods) if from_period is None or p >= from_period), None)
    if first is None:
        return 0
    series, positions = load_series(db.conn, name, source, held_periods[max(first - 1, 0)] if first else None, newest)
    helds = [held for _, held in series]
    earlier: dict[str, list[Signal]] | None = None
    made: dict[str, dict[str, list[tuple[str, Promise]]]] = {}
    if first > 0:
        earlier = _stored(db, series[first - 1][0], helds[first - 1].period)
        made = _made(db, [(report_id, held.period) for report_id, held in series[: max(first - 1, 0)]])
    count = 0
    for report_id, held in series[first:]:
        db.execute("DELETE FROM signals WHERE report_id = ?", [report_id])
        found = period_signals(helds, held.period, earlier, made)
        earlier = {key: list(signals) for key, signals in found.items()}
        promised: list[tuple[Any, ...]] = [
            (
                report_id,
                key,
                positions[id(m)],
                MADE,
                f"{MADE}:{n}",
                0,
                "",
                "",
                field,
                held.period,
                0,
                p.quote,
                p.due,
                None,
            )
            for key, m in held.measures.items()
            for n, (field, p) in enumerate(made_in(held, key))
        ]
        rows: list[tuple[Any, ...]] = [
            (
                report_id,
                key,
                positions[id(held.measures[key])],
                s.kind.value,
                s.slug,
                s.severity,
                s.badge,
                s.evidence,
                s.subject,
                s.since,
                s.count,
                s.before,
                s.after,
                s.due or None,
            )
            for key, signals in found.items()
            for s in signals
        ]
        rules = (report_id, "", -1, RULES, RULES, 0, "", "", "", "", RULES_VERSION, "", "", None)
        db.conn.executemany(
            "INSERT INTO signals (report_id, measure_key, position, kind, slug, severity, badge, evidence,"
            " subject, since, count, before, after, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*rows, *promised, rules],
        )
        count += len(rows)
    return count


def _made(
    db: sqlite_utils.Database, reports: Sequence[tuple[int, str]]
) -> dict[str, dict[str, list[tuple[str, Promise]]]]:
    """The promises kept for these reports (id, period): period -> measure key -> (field, promise)."""
    out: dict[str, dict[str, list[tuple[str, Promise]]]] = {}
    periods = dict(reports)
    for n in range(0, len(reports), 500):
        ids = [report_id for report_id, _ in reports[n : n + 500]]
        marks = ", ".join("?" * len(ids))
        for report_id, key, field, quote, due in db.execute(
            "SELECT report_id, measure_key, subject, before, after FROM signals"
            f" WHERE kind = ? AND report_id IN ({marks}) ORDER BY report_id, id",
            [MADE, *ids],
        ):
            if not (isinstance(due, str) and _MONTH.fullmatch(due)) or report_id not in periods:
                continue  # a row some other program wrote: not a promise this version can read
            out.setdefault(periods[report_id], {}).setdefault(key, []).append((field, Promise(str(quote), due)))
    for _, period in reports:
        out.setdefault(period, {})
    return out


def migrate_lens(db: sqlite_utils.Database) -> None:
    """The lens tables, and the signals of every report already held (computed once, here)."""
    run_script(db, LENS_SCHEMA)
    for name, source in db.execute("SELECT DISTINCT name, source FROM reports").fetchall():
        store_signals(db, name, source)


@dataclass(frozen=True)
class Stale:
    """A report series whose signals earlier rules kept, from one period on."""

    name: str
    source: str
    period: str
    """The earliest period kept by earlier rules: it and every later one are computed again."""
    reports: int
    """How many of its reports earlier rules kept."""
    measures: int
    """How many measures those reports hold (what computing them again costs)."""
    oldest: int
    """The oldest rules version among them (0: kept before versions were)."""


def stale_series(conn: sqlite3.Connection) -> list[Stale]:
    """The report series with any report whose signals rules older than :data:`RULES_VERSION` kept
    (a :data:`RULES` row found through the ``signals_report`` index: about a millisecond for 100 reports)."""
    rows = conn.execute(
        """
        SELECT r.name, r.source, min(r.period), count(*),
               sum((SELECT count(*) FROM measures m WHERE m.report_id = r.id)), min(v.version)
        FROM reports r LEFT JOIN (
            SELECT report_id, CASE WHEN typeof(count) = 'integer' THEN count ELSE 0 END AS version
            FROM signals WHERE position = -1 AND kind = :rules
        ) v ON v.report_id = r.id
        WHERE coalesce(v.version, 0) < :version
        GROUP BY r.name, r.source ORDER BY r.name, r.source
        """,
        {"rules": RULES, "version": RULES_VERSION},
    ).fetchall()
    return [Stale(str(n), str(s), str(p), int(r), int(m or 0), _version(v)) for n, s, p, r, m, v in rows]


def _version(value: object) -> int:
    """A kept rules version (another tool may have written something else: 0)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def refresh_signals(db: sqlite_utils.Database, stale: Sequence[Stale]) -> int:
    """Compute again the signals earlier rules kept: each stale series from its earliest stale period
    on (the periods before carry their runs into it), inside the caller's transaction.

    Only ``signals`` rows change: officers' notes, flags and questions are kept by report name,
    source, period, measure key and signal slug, not by signal row, so each stays on its measure
    and, while the signal it was written for is still found, on its question (a question whose
    signal the rules no longer find is kept, as after a re-import, and shows again if it returns).

    Returns:
        How many reports were computed again.
    """
    done = 0
    for series in stale:
        store_signals(db, series.name, series.source, series.period)
        done += db.execute(
            "SELECT count(*) FROM reports WHERE name = ? AND source = ? AND period >= ?",
            [series.name, series.source, series.period],
        ).fetchone()[0]
    return int(done)


REFRESH_NOTICE_MEASURES = 4_000
"""Computing stale signals again says so (a line for a command's stderr) from this many measures:
about 0.7 s (``bench/bench_lens.py``: 16,000 measures in 2.5 to 3.4 s)."""


def stale_notice(path: Path, stale: Sequence[Stale], *, kept: bool) -> str | None:
    """The line saying that signals earlier rules kept are being computed again (``kept``: and kept,
    by a store that can write; else for this read only), or None when there are too few to take long."""
    measures = sum(s.measures for s in stale)
    if measures < REFRESH_NOTICE_MEASURES:
        return None
    reports = sum(s.reports for s in stale)
    what = (
        f"{path}: the scrutiny lens's signals of {reports:,} reports ({measures:,} measures) were kept by an "
        "earlier version; computing them again with this version's rules"
    )
    if kept:
        return what + " (once)..."
    return what + f" for this read (someone who can write to it keeps them with: {upgrade_command(path)})..."


TEMP_SIGNALS = SIGNALS_TABLE.replace("CREATE TABLE signals", "CREATE TEMP TABLE signals").replace(
    " REFERENCES reports(id) ON DELETE CASCADE", ""
)
"""The temporary copy of ``signals`` (no reference: a temporary table cannot name another schema's)."""


def shadow_signals(db: sqlite_utils.Database) -> list[Stale]:
    """On a connection that cannot write: when earlier rules kept any report's signals, a temporary
    copy of ``signals`` with those computed again by the current rules. SQLite resolves the
    unqualified name ``signals`` to the temporary table first, so every read of the lens reads the
    copy; nothing is written to the file. An earlier copy is dropped first.

    Returns:
        The stale series found (none: no copy is made, the kept signals are read as they are).
    """
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.signals")
    stale = stale_series(conn)
    if not stale:
        return []
    conn.execute("BEGIN")
    try:
        conn.execute(TEMP_SIGNALS)
        conn.execute("CREATE INDEX temp.signals_now ON signals(report_id, position)")
        conn.execute("INSERT INTO temp.signals SELECT * FROM main.signals")
        refresh_signals(db, stale)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return stale


KINDS = {k.value: k for k in SignalKind}


SIGNAL_COLUMNS = "measure_key, kind, severity, badge, evidence, subject, since, count, before, after, due, position"
"""The columns of ``signals`` that :func:`readable_signal` reads, in its order."""


def _signal(row: Sequence[Any], clean: Callable[[str], str], period: str) -> Signal:
    """A stored signal, its text cleaned: any member of the group may have written the file."""
    texts: tuple[str, ...] = (row[3], row[4], row[5], row[6], row[8], row[9], row[10] or "")
    joined = "".join(texts)
    if not (joined.isascii() and joined.isprintable()):
        texts = tuple(map(clean, texts))
    return Signal(
        kind=KINDS[row[1]],
        badge=texts[0],
        evidence=texts[1],
        severity=int(row[2]),
        subject=texts[2],
        since=texts[3],
        count=int(row[7]),
        before=texts[4],
        after=texts[5],
        due=texts[6],
        period=period,
    )


def readable_signal(row: Sequence[Any], clean: Callable[[str], str], period: str) -> Signal | None:
    """A stored signal, or None for a row another tool wrote that is not one (an unknown kind, a count
    that is no number): left out rather than stopping the lens."""
    try:
        return _signal(row, clean, period)
    except (KeyError, ValueError, TypeError):
        return None


def memo_clean() -> Callable[[str], str]:
    """:func:`clean_text` that cleans each distinct text once (badges and periods repeat)."""
    seen: dict[str, str] = {}

    def clean(text: str) -> str:
        if (done := seen.get(text)) is None:
            done = seen[text] = clean_text(str(text))
        return done

    return clean
