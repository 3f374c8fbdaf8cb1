"""The scrutiny lens in the store: signals computed at import and kept, questions edited with versions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from scorecard_tui.compat import UTC
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, Polarity, Rag, ReviewDate, occurrences
from scorecard_tui.model import measure_key as measure_key_of
from scorecard_tui.store.annotations import current_user
from scorecard_tui.store.schema import run_script
from scorecard_tui.store.values import stored_time
from scorecard_tui.text.safe import clean_text
from scorecard_tui.triage.chase import ChaseItem, chase_items
from scorecard_tui.triage.promises import PROMISE_MADE, Promise
from scorecard_tui.triage.questions import questions
from scorecard_tui.triage.signals import Held, Signal, SignalKind, is_due, made_in, own_signal, period_signals

if TYPE_CHECKING:
    import sqlite_utils

    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store.db import Store

MAX_QUESTION_CHARS = 2_000
_MONTH = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
MADE = PROMISE_MADE

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
    subject TEXT NOT NULL,
    since TEXT NOT NULL,
    count INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
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
    created_at: datetime | None
    """None: the stored time is not one (another tool wrote it)."""


@dataclass(frozen=True)
class LensQuestion:
    """One theme's question as it goes to the meeting: its signals and the question they raise."""

    signal: Signal
    """The theme's worst signal (its :attr:`Signal.slug` keys the officer's versions)."""
    suggested: str
    edit: QuestionVersion | None = None
    """The officer's latest version, if any."""
    also: tuple[Signal, ...] = ()
    """The theme's other signals, which the question names too."""
    earlier: tuple[QuestionVersion, ...] = ()
    """The officers' versions before :attr:`edit`, oldest first (nothing overwritten is lost)."""

    @property
    def signals(self) -> tuple[Signal, ...]:
        """Every signal the question is about, worst first."""
        return (self.signal, *self.also)

    @property
    def badge(self) -> str:
        """The signals' badges, ``; ``-separated."""
        return "; ".join(s.badge for s in self.signals)

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
        """Every signal, worst first (as the lens list shows them); officers' own questions have none."""
        found = (s for q in self.questions for s in q.signals if s.kind is not SignalKind.OWN)
        return tuple(sorted(found, key=lambda s: -s.severity))

    @property
    def severity(self) -> int:
        """The sum of the signals' severities: the most and worst signals first."""
        return sum(s.severity for s in self.signals)


@dataclass(frozen=True)
class LensRow:
    """One measure in the lens list: what the lens view shows before a measure is opened."""

    key: str
    code: str
    title: str
    directorate: str
    position: int
    """The measure's position in its report (to jump to it)."""
    badges: tuple[str, ...]
    """Its signals' badges, worst first."""
    severity: int
    """The sum of its signals' severities."""
    kinds: tuple[SignalKind | None, ...] = ()
    """Its signals' kinds, in the order of :attr:`badges` (None: a kind this version does not know)."""
    rating: Rag | None = None
    """Its quarterly rating in the period."""


# -- computing -------------------------------------------------------------------------------


_RAGS = {r.value: r for r in Rag}
_POLARITIES = {p.value: p for p in Polarity}


def load_series(
    db: sqlite_utils.Database, name: str, source: str, texts_from: str | None = None
) -> tuple[list[tuple[int, Held]], dict[int, int]]:
    """A report series as :class:`Held` periods (oldest first, with report ids), and each
    measure's position in its report (by ``id()`` of the measure).

    Args:
        texts_from: Load the narrative and review dates only of periods from this one on
            (earlier periods' measures carry empty text); None loads all.
    """
    rows = db.execute(
        """
        SELECT r.id, r.period, m.id, m.position, m.code, m.title, m.directorate, m.rag_quarter, m.rag_forecast,
               m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual, m.unit, m.polarity,
               CASE WHEN r.period >= :texts THEN m.commentary ELSE '' END,
               CASE WHEN r.period >= :texts THEN m.actions ELSE '' END,
               CASE WHEN r.period >= :texts THEN m.review ELSE '' END
        FROM reports r JOIN measures m ON m.report_id = r.id
        WHERE r.name = :name AND r.source = :source
        ORDER BY r.period, r.fetched_at, r.id, m.position
        """,
        {"name": name, "source": source, "texts": texts_from or ""},
    ).fetchall()
    dates: dict[int, list[ReviewDate]] = {}
    for measure_id, month, body, past in db.execute(
        """
        SELECT d.measure_id, d.month, d.body, d.past FROM review_dates d
        JOIN measures m ON m.id = d.measure_id JOIN reports r ON r.id = m.report_id
        WHERE r.name = ? AND r.source = ? AND r.period >= ? ORDER BY d.measure_id, d.position
        """,
        [name, source, texts_from or ""],
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
                rag_quarter=_RAGS.get(row[7]),
                rag_forecast=_RAGS.get(row[8]),
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
            )
            measures[m.key] = m
            positions[id(m)] = row[3]
        series.append((report_id, Held(periods[report_id], measures)))
    return series, positions


def _stored(db: sqlite_utils.Database, report_id: int, period: str) -> dict[str, list[Signal]]:
    """A report's stored signals by measure key."""
    out: dict[str, list[Signal]] = {}
    for row in db.execute(f"SELECT {_COLUMNS} FROM signals WHERE report_id = ? AND kind != ?", [report_id, MADE]):
        if (signal := _readable(row, clean_text, period)) is not None:
            out.setdefault(row[0], []).append(signal)
    return out


def store_signals(db: sqlite_utils.Database, name: str, source: str, from_period: str | None = None) -> int:
    """Compute and keep the signals of a series' periods from ``from_period`` on (all when None).

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
    series, positions = load_series(db, name, source, held_periods[max(first - 1, 0)] if first else None)
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
        db.conn.executemany(
            "INSERT INTO signals (report_id, measure_key, position, kind, slug, severity, badge, evidence,"
            " subject, since, count, before, after, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows + promised,
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


_KINDS = {k.value: k for k in SignalKind}


_COLUMNS = "measure_key, kind, severity, badge, evidence, subject, since, count, before, after, due, position"


def _signal(row: Sequence[Any], clean: Callable[[str], str], period: str) -> Signal:
    """A stored signal, its text cleaned: any member of the group may have written the file."""
    texts: tuple[str, ...] = (row[3], row[4], row[5], row[6], row[8], row[9], row[10] or "")
    joined = "".join(texts)
    if not (joined.isascii() and joined.isprintable()):
        texts = tuple(map(clean, texts))
    return Signal(
        kind=_KINDS[row[1]],
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


def _readable(row: Sequence[Any], clean: Callable[[str], str], period: str) -> Signal | None:
    """A stored signal, or None for a row another tool wrote that is not one (an unknown kind, a count
    that is no number): left out rather than stopping the lens."""
    try:
        return _signal(row, clean, period)
    except (KeyError, ValueError, TypeError):
        return None


def _memo_clean() -> Callable[[str], str]:
    """:func:`clean_text` that cleans each distinct text once (badges and periods repeat)."""
    seen: dict[str, str] = {}

    def clean(text: str) -> str:
        if (done := seen.get(text)) is None:
            done = seen[text] = clean_text(str(text))
        return done

    return clean


class LensStore:
    """The scrutiny lens: the part of a :class:`Store` that reads the signals kept at import and
    keeps the officers' questions (``store.lens``). Writes go through the store's one writing
    transaction, reads through its connection.

    Args:
        store: The store that holds them.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def lens_rows(self, info: ReportInfo, as_of: date | None = None) -> list[LensRow]:
        """The lens list: the period's measures with any signal and their badges, the most and
        worst signals first. One query of the signals kept at import (what the lens view opens on).

        Args:
            info: The report.
            as_of: Which review months count as missed (default: the report's date).
        """
        month = f"{as_of or info.as_of:%Y-%m}"
        rows = self._store.conn.execute(
            """
            SELECT g.measure_key, m.code, m.title, m.directorate, g.position, g.badges, g.severity, g.kinds,
                   m.rag_quarter
            FROM (
                SELECT measure_key, min(position) AS position, count(*) AS n, sum(severity) AS severity,
                       group_concat(badge, char(31)) AS badges, group_concat(kind, char(31)) AS kinds
                FROM (
                    SELECT * FROM signals WHERE report_id = :report AND kind != :made AND (due IS NULL OR due < :month)
                    ORDER BY position, severity DESC, id
                )
                GROUP BY measure_key
            ) g JOIN measures m ON m.report_id = :report AND m.position = g.position
            ORDER BY g.n DESC, g.severity DESC, g.position
            """,
            {"report": info.id, "month": month, "made": MADE},
        ).fetchall()
        clean = _memo_clean()
        out = []
        for key, code, title, directorate, position, badges, severity, kinds, rating in rows:
            shown = tuple(clean(b) for b in badges.split("\x1f"))
            kind_list = tuple(_KINDS.get(k) for k in kinds.split("\x1f"))
            out.append(
                LensRow(
                    clean(key),
                    clean(code),
                    clean(title),
                    clean(directorate),
                    position,
                    shown,
                    severity,
                    kind_list,
                    _RAGS.get(rating),
                )
            )
        return out

    def entries(self, info: ReportInfo, as_of: date | None = None) -> list[LensEntry]:
        """The whole lens: each measure with signals (most and worst first), every signal with its
        evidence and its (edited) question (for the CLI and the briefing)."""
        return self._lens(info, as_of or info.as_of, None)

    def signals(self, info: ReportInfo, key: str, as_of: date | None = None) -> tuple[Signal, ...]:
        """One measure's signals in a period with their evidence, worst first (for the detail pane)."""
        entries = self._lens(info, as_of or info.as_of, key)
        return entries[0].signals if entries else ()

    def _lens(self, info: ReportInfo, as_of: date, key: str | None) -> list[LensEntry]:
        one = "AND measure_key = ?" if key is not None else ""
        rows = self._store.conn.execute(
            f"SELECT {_COLUMNS} FROM signals WHERE report_id = ? AND kind != ? {one}"
            " ORDER BY position, severity DESC, id",
            [info.id, MADE] if key is None else [info.id, MADE, key],
        ).fetchall()
        versions = self.question_versions(info)
        own = _own_questions(versions, info.period, key)
        if not rows and not own:
            return []
        names = {
            position: (code, title, directorate)
            for position, code, title, directorate in self._store.conn.execute(
                f"SELECT position, code, title, directorate FROM measures WHERE report_id = ? "
                f"{'AND position = ?' if key is not None and rows else ''}",
                [info.id] if key is None or not rows else [info.id, rows[0][11]],
            )
        }
        edits = {slug: kept[-1] for slug, kept in versions.items()}
        clean = _memo_clean()
        grouped: dict[str, list[Sequence[Any]]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        entries = []
        for measure_key, group in grouped.items():
            read = (_readable(row, clean, info.period) for row in group)
            signals = [s for s in read if s is not None and is_due(s, as_of)]
            qs = tuple(
                _lens_question(group, asked, _edit_of(edits, measure_key, group), versions, measure_key)
                for group, asked in questions(signals)
            ) + own.pop(clean(measure_key), ())
            if not qs:
                continue
            position = group[0][11]
            code, title, directorate = names.get(position, ("", "", ""))
            entries.append(LensEntry(clean(measure_key), clean(code), clean(title), clean(directorate), position, qs))
        if own:  # measures with officers' questions and no signal
            ordered = sorted(names.items())
            keys = occurrences([code for _, (code, _, _) in ordered])
            for (position, (code, title, directorate)), n in zip(ordered, keys, strict=True):
                if asked_own := own.pop(clean(measure_key_of(code, n)), ()):
                    entries.append(
                        LensEntry(
                            clean(measure_key_of(code, n)),
                            clean(code),
                            clean(title),
                            clean(directorate),
                            position,
                            asked_own,
                        )
                    )
        return sorted(entries, key=lambda e: (-len(e.signals), -e.severity, e.position))

    def add_question(self, info: ReportInfo, key: str, text: str, author: str | None = None) -> QuestionVersion:
        """Keep a question an officer asks of their own on a measure (slug ``own:<n>``, the next
        number on the measure); rewording or dropping it adds versions, as for any question."""
        if len(text) > MAX_QUESTION_CHARS:
            raise ScorecardError(f"a question is limited to {MAX_QUESTION_CHARS:,} characters")
        if not text.strip():
            raise ScorecardError("a question cannot be empty")
        with self._store.writing() as db:  # the number is read under the write lock: two officers get two
            taken = db.conn.execute(
                "SELECT slug FROM questions WHERE report_name = ? AND source = ? AND period = ? AND measure_key = ?"
                " AND slug LIKE 'own:%'",
                [info.name, info.source, info.period, key],
            ).fetchall()
            numbers = [int(n) for (slug,) in taken if (n := slug.removeprefix(OWN_PREFIX)).isdigit()]
            return self._question(info, key, f"{OWN_PREFIX}{max(numbers, default=0) + 1}", text, False, author)

    def chase(self, info: ReportInfo, as_of: date | None = None) -> list[ChaseItem]:
        """The chase list of a period (:func:`scorecard_tui.triage.chase.chase_items`): promises and reviews
        not yet met, by body, carried from the periods before it."""
        series, _ = load_series(self._store.db, info.name, info.source)
        helds = [held for report_id, held in series if held.period <= info.period]
        i = next((n for n, held in enumerate(helds) if held.period == info.period), None)
        if i is None:
            return []
        clean = _memo_clean()
        return [
            replace(
                c, body=clean(c.body), key=clean(c.key), code=clean(c.code), title=clean(c.title), what=clean(c.what)
            )
            for c in chase_items(helds, i, as_of or info.as_of)
        ]

    # -- officers' questions -------------------------------------------------------------------

    def edit_question(
        self, info: ReportInfo, key: str, slug: str, text: str, author: str | None = None
    ) -> QuestionVersion:
        """Keep an officer's wording of a signal's question (a new version; the old ones stay)."""
        if len(text) > MAX_QUESTION_CHARS:
            raise ScorecardError(f"a question is limited to {MAX_QUESTION_CHARS:,} characters")
        if not text.strip():
            raise ScorecardError("a question cannot be empty; drop it instead")
        return self._question(info, key, slug, text, False, author)

    def drop_question(self, info: ReportInfo, key: str, slug: str, author: str | None = None) -> QuestionVersion:
        """Leave a signal's question out of the briefing (a new version; edit it again to restore)."""
        current = self.question_edits(info).get((key, slug))
        return self._question(info, key, slug, current.text if current else "", True, author)

    def _question(
        self, info: ReportInfo, key: str, slug: str, text: str, dropped: bool, author: str | None
    ) -> QuestionVersion:
        created = datetime.now(UTC)
        version = QuestionVersion(key, slug, text, dropped, author or current_user(), created)
        with self._store.writing() as db:
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
                    "created_at": created.isoformat(timespec="microseconds"),
                }
            )
        return version

    def question_edits(self, info: ReportInfo) -> dict[tuple[str, str], QuestionVersion]:
        """The latest version of each edited or dropped question in a period, by (key, slug)."""
        rows = self._store.conn.execute(
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

    def question_versions(self, info: ReportInfo) -> dict[tuple[str, str], list[QuestionVersion]]:
        """Every version of every edited or dropped question in a period, oldest first, by (key, slug)."""
        rows = self._store.conn.execute(
            """
            SELECT measure_key, slug, text, dropped, author, created_at FROM questions
            WHERE report_name = ? AND source = ? AND period = ? ORDER BY id
            """,
            [info.name, info.source, info.period],
        ).fetchall()
        out: dict[tuple[str, str], list[QuestionVersion]] = {}
        for row in rows:
            version = _version(row)
            out.setdefault((version.key, version.slug), []).append(version)
        return out

    def question_history(self, info: ReportInfo, key: str, slug: str) -> list[QuestionVersion]:
        """Every version of one question, oldest first."""
        rows = self._store.conn.execute(
            """
            SELECT measure_key, slug, text, dropped, author, created_at FROM questions
            WHERE report_name = ? AND source = ? AND period = ? AND measure_key = ? AND slug = ? ORDER BY id
            """,
            [info.name, info.source, info.period, key, slug],
        ).fetchall()
        return [_version(r) for r in rows]


def _edit_of(
    edits: dict[tuple[str, str], QuestionVersion], key: str, group: Sequence[Signal]
) -> QuestionVersion | None:
    """A theme's latest edit: kept under its worst signal's slug, or (written before the signals were
    grouped, or while another was worst) under any of its signals'."""
    found = [e for s in group if (e := edits.get((key, s.slug))) is not None]
    return max(found, key=lambda e: e.created_at.timestamp() if e.created_at else float("-inf")) if found else None


def _lens_question(
    group: Sequence[Signal],
    asked: str,
    edit: QuestionVersion | None,
    versions: dict[tuple[str, str], list[QuestionVersion]],
    key: str,
) -> LensQuestion:
    """A theme's question with its latest edit and the versions before it (under any of its signals' slugs)."""
    kept = [v for s in group for v in versions.get((key, s.slug), ()) if v is not edit]
    kept.sort(key=lambda v: v.created_at.timestamp() if v.created_at else float("-inf"))
    return LensQuestion(group[0], asked, edit, tuple(group[1:]), tuple(kept))


OWN_PREFIX = f"{SignalKind.OWN.value}:"
"""The slugs of officers' own questions: ``own:1``, ``own:2``..."""


def _own_questions(
    versions: dict[tuple[str, str], list[QuestionVersion]], period: str, key: str | None
) -> dict[str, tuple[LensQuestion, ...]]:
    """The officers' own questions by measure key, in the order they were added (each with its
    versions before the latest)."""
    own: dict[str, list[tuple[int, LensQuestion]]] = {}
    for (measure_key, slug), kept in versions.items():
        number = slug.removeprefix(OWN_PREFIX)
        if not slug.startswith(OWN_PREFIX) or not number.isdigit() or key not in (None, measure_key):
            continue
        asked = LensQuestion(own_signal(number, period), "", kept[-1], (), tuple(kept[:-1]))
        own.setdefault(measure_key, []).append((int(number), asked))
    return {k: tuple(q for _, q in sorted(qs, key=lambda nq: nq[0])) for k, qs in own.items()}


def _version(row: Sequence[Any]) -> QuestionVersion:
    """A stored question, cleaned: any member of the group may have written the file."""
    return QuestionVersion(
        clean_text(row[0]),
        clean_text(row[1]),
        clean_text(row[2]),
        bool(row[3]),
        clean_text(row[4]),
        stored_time(row[5]),
    )
