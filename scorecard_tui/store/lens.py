"""The scrutiny lens in the store: signals computed at import and kept, questions edited with versions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import sqlite_utils

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, Rag, ReviewDate, occurrences
from scorecard_tui.questions import question
from scorecard_tui.safe import clean_text
from scorecard_tui.signals import Held, Signal, SignalKind, is_due, period_signals
from scorecard_tui.store.annotations import current_user

if TYPE_CHECKING:
    from scorecard_tui.store.db import ReportInfo, Store

MAX_QUESTION_CHARS = 2_000

LENS_SCHEMA = """
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
    facts TEXT NOT NULL,
    due TEXT
);
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


@dataclass(frozen=True)
class QuestionVersion:
    """One officer's version of a suggested question."""

    key: str
    """The measure's key."""
    slug: str
    """Which of the measure's signals (:attr:`Signal.slug`)."""
    text: str
    dropped: bool
    """True when the officer dropped the question from the briefing."""
    author: str
    created_at: datetime


@dataclass(frozen=True)
class LensQuestion:
    """A signal's question as it goes to the meeting."""

    signal: Signal
    suggested: str
    edit: QuestionVersion | None = None
    """The officer's latest version, if any."""

    @property
    def text(self) -> str:
        """The edited text, else the suggestion."""
        return self.edit.text if self.edit else self.suggested

    @property
    def dropped(self) -> bool:
        return bool(self.edit and self.edit.dropped)


@dataclass(frozen=True)
class LensEntry:
    """One measure in the lens: its signals (worst first) and their questions."""

    key: str
    code: str
    title: str
    directorate: str
    position: int
    questions: tuple[LensQuestion, ...]

    @property
    def signals(self) -> tuple[Signal, ...]:
        return tuple(q.signal for q in self.questions)

    @property
    def severity(self) -> int:
        """The sum of the signals' severities: the most and worst signals first."""
        return sum(s.severity for s in self.signals)


# -- computing -------------------------------------------------------------------------------


def _rag(value: str | None) -> Rag | None:
    try:
        return Rag(value) if value else None
    except ValueError:
        return None


def load_series(db: sqlite_utils.Database, name: str, source: str) -> tuple[list[tuple[int, Held]], dict[int, int]]:
    """A report series as :class:`Held` periods (oldest first, with report ids), and each
    measure key's position in its report (by measure id)."""
    rows = db.execute(
        """
        SELECT r.id, r.period, m.id, m.position, m.code, m.title, m.directorate, m.rag_quarter, m.rag_forecast,
               m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual, m.unit,
               m.commentary, m.actions, m.review
        FROM reports r JOIN measures m ON m.report_id = r.id
        WHERE r.name = ? AND r.source = ?
        ORDER BY r.period, r.fetched_at, r.id, m.position
        """,
        [name, source],
    ).fetchall()
    dates: dict[int, list[ReviewDate]] = {}
    for measure_id, month, body, past in db.execute(
        """
        SELECT d.measure_id, d.month, d.body, d.past FROM review_dates d
        JOIN measures m ON m.id = d.measure_id JOIN reports r ON r.id = m.report_id
        WHERE r.name = ? AND r.source = ? ORDER BY d.measure_id, d.position
        """,
        [name, source],
    ):
        dates.setdefault(measure_id, []).append(ReviewDate(month, body, bool(past)))
    by_report: dict[int, list[Sequence]] = {}
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
                rag_quarter=_rag(row[7]),
                rag_forecast=_rag(row[8]),
                quarter_target=row[9],
                quarter_actual=row[10],
                forecast_target=row[11],
                forecast_actual=row[12],
                unit=row[13],
                direction=None,
                commentary=row[14],
                actions=row[15],
                review=row[16],
                review_dates=tuple(dates.get(row[2], ())),
                occurrence=number,
            )
            measures[m.key] = m
            positions[id(m)] = row[3]
        series.append((report_id, Held(periods[report_id], measures)))
    return series, positions


def store_signals(db: sqlite_utils.Database, name: str, source: str, from_period: str | None = None) -> int:
    """Compute and keep the signals of a series' periods from ``from_period`` on (all when None).

    Returns:
        How many signals were stored.
    """
    series, positions = load_series(db, name, source)
    helds = [held for _, held in series]
    count = 0
    for report_id, held in series:
        if from_period is not None and held.period < from_period:
            continue
        db.execute("DELETE FROM signals WHERE report_id = ?", [report_id])
        found = period_signals(helds, held.period)
        rows = [
            (
                report_id,
                key,
                positions[id(held.measures[key])],
                s.kind.value,
                s.slug,
                s.severity,
                s.badge,
                s.evidence,
                json.dumps(
                    {"subject": s.subject, "since": s.since, "count": s.count, "before": s.before, "after": s.after}
                ),
                s.due or None,
            )
            for key, signals in found.items()
            for s in signals
        ]
        db.conn.executemany(
            "INSERT INTO signals (report_id, measure_key, position, kind, slug, severity, badge, evidence, facts, due)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        count += len(rows)
    return count


def migrate_lens(db: sqlite_utils.Database) -> None:
    """The lens tables, and the signals of every report already held (computed once, here)."""
    for sql in LENS_SCHEMA.split(";"):
        if sql.strip():
            db.conn.execute(sql)
    for name, source in db.execute("SELECT DISTINCT name, source FROM reports").fetchall():
        store_signals(db, name, source)


def _signal(row: Sequence) -> Signal:
    facts = json.loads(row[5])
    return Signal(
        kind=SignalKind(row[1]),
        badge=clean_text(row[3]),
        evidence=clean_text(row[4]),
        severity=int(row[2]),
        subject=clean_text(str(facts.get("subject", ""))),
        since=clean_text(str(facts.get("since", ""))),
        count=int(facts.get("count", 0)),
        before=clean_text(str(facts.get("before", ""))),
        after=clean_text(str(facts.get("after", ""))),
        due=clean_text(row[6] or ""),
    )


def report_as_of(info: ReportInfo) -> date:
    """The date a period's reviews count as past from by default: the report's fetch date."""
    # TODO(w9-main): the period's end when the report states no fetch time.
    return info.fetched_at.date()


class LensMixin:
    """Store methods for the scrutiny lens (mixed into :class:`Store`)."""

    def lens(self: Store, info: ReportInfo, as_of: date | None = None) -> list[LensEntry]:
        """The period's measures with any signal, the most and worst signals first.

        A query of the signals kept at import; ``as_of`` (default: the report's date) decides
        which review months count as missed.
        """
        as_of = as_of or report_as_of(info)
        rows = self.db.execute(
            """
            SELECT s.measure_key, s.kind, s.severity, s.badge, s.evidence, s.facts, s.due, s.position,
                   m.code, m.title, m.directorate
            FROM signals s JOIN measures m ON m.report_id = s.report_id AND m.position = s.position
            WHERE s.report_id = ? ORDER BY s.position, s.severity DESC, s.id
            """,
            [info.id],
        ).fetchall()
        edits = self.question_edits(info)
        grouped: dict[str, list[Sequence]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        entries = []
        for key, group in grouped.items():
            signals = [s for s in map(_signal, group) if is_due(s, as_of)]
            if not signals:
                continue
            qs = tuple(
                LensQuestion(s, question(s, [o for o in signals if o is not s]), edits.get((key, s.slug)))
                for s in signals
            )
            first = group[0]
            entries.append(
                LensEntry(
                    clean_text(key), clean_text(first[8]), clean_text(first[9]), clean_text(first[10]), first[7], qs
                )
            )
        return sorted(entries, key=lambda e: (-len(e.questions), -e.severity, e.position))

    def signals(self: Store, info: ReportInfo, key: str, as_of: date | None = None) -> tuple[Signal, ...]:
        """One measure's signals in a period, worst first (for the detail pane)."""
        entry = next((e for e in self.lens(info, as_of) if e.key == key), None)
        return entry.signals if entry else ()

    # -- officers' questions -------------------------------------------------------------------

    def edit_question(
        self: Store, info: ReportInfo, key: str, slug: str, text: str, author: str | None = None
    ) -> QuestionVersion:
        """Keep an officer's wording of a signal's question (a new version; the old ones stay)."""
        if len(text) > MAX_QUESTION_CHARS:
            raise ScorecardError(f"a question is limited to {MAX_QUESTION_CHARS:,} characters")
        if not text.strip():
            raise ScorecardError("a question cannot be empty; drop it instead")
        return self._question(info, key, slug, text, False, author)

    def drop_question(self: Store, info: ReportInfo, key: str, slug: str, author: str | None = None) -> QuestionVersion:
        """Leave a signal's question out of the briefing (a new version; edit it again to restore)."""
        current = self.question_edits(info).get((key, slug))
        return self._question(info, key, slug, current.text if current else "", True, author)

    def _question(
        self: Store, info: ReportInfo, key: str, slug: str, text: str, dropped: bool, author: str | None
    ) -> QuestionVersion:
        version = QuestionVersion(key, slug, text, dropped, author or current_user(), datetime.now(UTC))
        with self.writing() as db:
            db.table("questions").insert(
                {
                    "report_name": info.name,
                    "source": info.source,
                    "period": info.period,
                    "measure_key": key,
                    "slug": slug,
                    "text": text,
                    "dropped": int(dropped),
                    "author": version.author,
                    "created_at": version.created_at.isoformat(timespec="microseconds"),
                }
            )
        return version

    def question_edits(self: Store, info: ReportInfo) -> dict[tuple[str, str], QuestionVersion]:
        """The latest version of each edited or dropped question in a period, by (key, slug)."""
        rows = self.db.execute(
            """
            SELECT measure_key, slug, text, dropped, author, created_at FROM questions
            WHERE id IN (
                SELECT max(id) FROM questions WHERE report_name = ? AND source = ? AND period = ?
                GROUP BY measure_key, slug
            )
            """,
            [info.name, info.source, info.period],
        ).fetchall()
        return {(r[0], r[1]): _version(r) for r in rows}

    def question_history(self: Store, info: ReportInfo, key: str, slug: str) -> list[QuestionVersion]:
        """Every version of one question, oldest first."""
        rows = self.db.execute(
            """
            SELECT measure_key, slug, text, dropped, author, created_at FROM questions
            WHERE report_name = ? AND source = ? AND period = ? AND measure_key = ? AND slug = ? ORDER BY id
            """,
            [info.name, info.source, info.period, key, slug],
        ).fetchall()
        return [_version(r) for r in rows]


def _version(row: Sequence) -> QuestionVersion:
    """A stored question, cleaned: any member of the group may have written the file."""
    return QuestionVersion(
        clean_text(row[0]),
        clean_text(row[1]),
        clean_text(row[2]),
        bool(row[3]),
        clean_text(row[4]),
        datetime.fromisoformat(row[5]),
    )
