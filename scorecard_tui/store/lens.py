"""The scrutiny lens in the store (``store.lens``): reading the signals kept at import (the lens
list, each measure's signals with their questions, the chase list), and the officers' questions,
edited with versions. Computing and keeping the signals is :mod:`~scorecard_tui.store.lens_signals`'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from scorecard_tui.compat import UTC
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Rag, occurrences
from scorecard_tui.model import measure_key as measure_key_of
from scorecard_tui.store.lens_signals import (
    KINDS,
    NOT_SIGNALS,
    RAGS,
    SIGNAL_COLUMNS,
    load_series,
    memo_clean,
    readable_signal,
    shadow_signals,
    stale_notice,
)
from scorecard_tui.store.user import current_user
from scorecard_tui.store.values import stored_time
from scorecard_tui.store.versions import add_version, every_version, latest_versions
from scorecard_tui.text.safe import clean_text
from scorecard_tui.triage.chase import ChaseItem, chase_items
from scorecard_tui.triage.questions import questions
from scorecard_tui.triage.signals import Signal, SignalKind, is_due, own_signal

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store.access import StoreAccess

MAX_QUESTION_CHARS = 2_000


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


class LensStore:
    """The scrutiny lens: the part of a :class:`Store` that reads the signals kept at import and
    keeps the officers' questions (``store.lens``). Writes go through the store's one writing
    transaction, reads through its connection.

    Args:
        store: The store that holds them (its connection and writing transaction).
    """

    def __init__(self, store: StoreAccess) -> None:
        self._store = store
        self._looked: tuple[object, int] | None = None
        """The connection and its ``data_version`` when :meth:`_current` last looked."""
        self._copied: tuple[object, tuple[Any, ...]] | None = None
        """The connection and the kept signals (highest id, how many) when :meth:`_current` last copied them."""

    def _current(self) -> None:
        """Before a read: on a store that cannot write, signals kept by earlier rules are computed
        again into a temporary copy the lens reads (:func:`shadow_signals`; a store that can write
        computed them again as it opened). Looked at again when another process has written to the
        file since (``PRAGMA data_version``) or the connection was re-opened, and copied again only
        when the kept signals changed (another officer's note leaves them as they were)."""
        if not self._store.read_only:
            return
        conn = self._store.conn
        looked = (conn, int(conn.execute("PRAGMA data_version").fetchone()[0]))
        if self._looked is not None and self._looked[0] is conn and self._looked[1] == looked[1]:
            return
        kept = tuple(conn.execute("SELECT max(id), count(*) FROM main.signals").fetchone())
        if self._copied is None or self._copied[0] is not conn or self._copied[1] != kept:
            stale = shadow_signals(self._store.db)
            if (notify := self._store.notify) and (line := stale_notice(self._store.path, stale, kept=False)):
                notify(line)
            self._copied = (conn, kept)
        self._looked = looked

    def lens_rows(self, info: ReportInfo, as_of: date | None = None) -> list[LensRow]:
        """The lens list: the period's measures with any signal and their badges, the most and
        worst signals first. One query of the signals kept at import (what the lens view opens on).

        Args:
            info: The report.
            as_of: Which review months count as missed (default: the report's date).
        """
        month = f"{as_of or info.as_of:%Y-%m}"
        self._current()
        rows = self._store.conn.execute(
            """
            SELECT g.measure_key, m.code, m.title, m.directorate, g.position, g.badges, g.severity, g.kinds,
                   m.rag_quarter
            FROM (
                SELECT measure_key, min(position) AS position, count(*) AS n, sum(severity) AS severity,
                       group_concat(badge, char(31)) AS badges, group_concat(kind, char(31)) AS kinds
                FROM (
                    SELECT * FROM signals
                    WHERE report_id = :report AND kind NOT IN (:made, :rules) AND (due IS NULL OR due < :month)
                    ORDER BY position, severity DESC, id
                )
                GROUP BY measure_key
            ) g JOIN measures m ON m.report_id = :report AND m.position = g.position
            ORDER BY g.n DESC, g.severity DESC, g.position
            """,
            {"report": info.id, "month": month, "made": NOT_SIGNALS[0], "rules": NOT_SIGNALS[1]},
        ).fetchall()
        clean = memo_clean()
        out = []
        for key, code, title, directorate, position, badges, severity, kinds, rating in rows:
            shown = tuple(clean(b) for b in badges.split("\x1f"))
            kind_list = tuple(KINDS.get(k) for k in kinds.split("\x1f"))
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
                    RAGS.get(rating),
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
        self._current()
        one = "AND measure_key = ?" if key is not None else ""
        rows = self._store.conn.execute(
            f"SELECT {SIGNAL_COLUMNS} FROM signals WHERE report_id = ? AND kind NOT IN (?, ?) {one}"
            " ORDER BY position, severity DESC, id",
            [info.id, *NOT_SIGNALS] if key is None else [info.id, *NOT_SIGNALS, key],
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
        clean = memo_clean()
        grouped: dict[str, list[Sequence[Any]]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        entries = []
        for measure_key, group in grouped.items():
            read = (readable_signal(row, clean, info.period) for row in group)
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
        if own:  # measures with officers' own questions and no signal
            ordered = sorted(names.items())
            numbers = occurrences([code for _, (code, _, _) in ordered])
            for (position, (code, title, directorate)), n in zip(ordered, numbers, strict=True):
                measure_key = clean(measure_key_of(code, n))
                if asked_own := own.pop(measure_key, ()):
                    entry = LensEntry(measure_key, clean(code), clean(title), clean(directorate), position, asked_own)
                    entries.append(entry)
        return sorted(entries, key=lambda e: (-len(e.signals), -e.severity, e.position))

    def chase(self, info: ReportInfo, as_of: date | None = None) -> list[ChaseItem]:
        """The chase list of a period (:func:`scorecard_tui.triage.chase.chase_items`): promises and reviews
        not yet met, by body, carried from the periods before it."""
        series, _ = load_series(self._store.conn, info.name, info.source)
        helds = [held for report_id, held in series if held.period <= info.period]
        i = next((n for n, held in enumerate(helds) if held.period == info.period), None)
        if i is None:
            return []
        clean = memo_clean()
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
            add_version(
                db,
                "questions",
                info,
                key,
                {"slug": slug, "text": text, "dropped": int(dropped)},
                version.author,
                created,
            )
        return version

    def question_edits(self, info: ReportInfo) -> dict[tuple[str, str], QuestionVersion]:
        """The latest version of each edited or dropped question in a period, by (key, slug)."""
        rows = latest_versions(self._store.conn, "questions", _QUESTION_COLUMNS, info, "measure_key, slug")
        return {(r[0], r[1]): _version(r) for r in rows}

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

    def question_versions(self, info: ReportInfo) -> dict[tuple[str, str], list[QuestionVersion]]:
        """Every version of every edited, dropped or added question in a period, oldest first, by (key, slug)."""
        out: dict[tuple[str, str], list[QuestionVersion]] = {}
        for row in every_version(self._store.conn, "questions", _QUESTION_COLUMNS, info, {}):
            version = _version(row)
            out.setdefault((version.key, version.slug), []).append(version)
        return out

    def question_history(self, info: ReportInfo, key: str, slug: str) -> list[QuestionVersion]:
        """Every version of one question, oldest first."""
        match = {"measure_key": key, "slug": slug}
        return [_version(r) for r in every_version(self._store.conn, "questions", _QUESTION_COLUMNS, info, match)]


_QUESTION_COLUMNS = "measure_key, slug, text, dropped, author, created_at"
"""The columns :func:`_version` reads, in its order."""


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
