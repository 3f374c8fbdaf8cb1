"""Store access for the app: one background thread owns the SQLite connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Annotation, Flag, Measure, ReportInfo
from scorecard_tui.store import Store
from scorecard_tui.store.damage import damaged, is_damage
from scorecard_tui.store.lens import LensQuestion, LensRow
from scorecard_tui.store.report_facts import ReportFacts
from scorecard_tui.store.watch import data_version
from scorecard_tui.triage.changes import Change, changes_since, dropped

if TYPE_CHECKING:  # the briefing's writers load on first use
    from scorecard_tui.outputs.briefing_files import BriefingFormat

T = TypeVar("T")

EARLIER_NOTES = 50
"""At most this many earlier versions of each note are read (the detail says how many more there are)."""

HISTORY_PERIODS = 12
"""At most this many periods of a measure's history are loaded (the current one among them)."""

History = tuple[tuple[ReportInfo, Measure], ...]
"""A measure in each period that has it, oldest first."""

Lens = Mapping[str, tuple[LensQuestion, ...]]
"""Each measure's signals with their questions, worst first, by measure key (missed reviews
whatever their month: the view keeps those due as of its date)."""


@dataclass(frozen=True)
class PeriodKey:
    """A period of a report series: survives a re-import that gives the report a new id."""

    name: str
    source: str
    period: str

    @classmethod
    def of(cls, info: ReportInfo) -> PeriodKey:
        """The key of a stored report."""
        return cls(info.name, info.source, info.period)


@dataclass(frozen=True)
class Annotations:
    """The officers' flags and notes on a period's measures."""

    flags: Mapping[str, Flag] = field(default_factory=dict)
    """Current flag per measure key (:attr:`Measure.key`); unflagged measures are left out."""
    notes: Mapping[str, Annotation] = field(default_factory=dict)
    """Current note per measure key; empty notes are left out."""
    note_versions: Mapping[str, int] = field(default_factory=dict)
    """How many versions each noted measure's note has had."""
    earlier_notes: Mapping[str, tuple[Annotation, ...]] = field(default_factory=dict)
    """The versions before each note's current one (a cleared note's too), oldest first, by measure
    key: the latest :data:`EARLIER_NOTES` of them."""
    earlier_counts: Mapping[str, int] = field(default_factory=dict)
    """How many versions came before each note's current one (those not read too)."""
    flag_histories: Mapping[str, tuple[Annotation, ...]] = field(default_factory=dict)
    """Each flag set more than once: its latest :data:`EARLIER_NOTES` versions, the current one
    included, oldest first, by measure key."""
    flag_counts: Mapping[str, int] = field(default_factory=dict)
    """How many times each of those flags was set (those not read too)."""


@dataclass(frozen=True)
class LoadedReport:
    """A report and everything the app shows around it."""

    info: ReportInfo
    measures: tuple[Measure, ...]
    reports: tuple[ReportInfo, ...] = ()
    """Every report in the store, oldest period first (for the period picker)."""
    previous: ReportInfo | None = None
    """The period before this one in the same series."""
    changes: Mapping[str, Change] = field(default_factory=dict)
    """How each measure moved since ``previous`` (empty without one)."""
    dropped: tuple[Measure, ...] = ()
    """Measures of ``previous`` that this period no longer reports."""
    history: Mapping[str, History] = field(default_factory=dict)
    annotations: Annotations = field(default_factory=Annotations)
    lens: Lens = field(default_factory=dict)

    @property
    def series(self) -> list[ReportInfo]:
        """The periods of this report's series (same name and source), oldest first."""
        return [r for r in self.reports if (r.name, r.source) == (self.info.name, self.info.source)]

    def neighbour(self, step: int) -> ReportInfo | None:
        """The period ``step`` places later (negative: earlier) in the series, if held."""
        series = self.series
        index = next(i for i, r in enumerate(series) if r.id == self.info.id) + step
        return series[index] if 0 <= index < len(series) else None


class StoreThread:
    """Runs store calls one at a time on a thread that owns the connection.

    SQLite connections belong to the thread that opened them, so every call goes
    through here; callers block on the result from a worker thread, never the UI.
    Writes (flags, notes) have a connection and thread of their own: a write waiting
    for another process's long import never holds up the reads and searches.
    A damaged file comes back as ``DamagedDatabase`` (a ``ScorecardError``), never a
    raw SQLite error.

    Args:
        path: The database file.
        read_only: True opens it read-only; None lets the store decide (environment, permissions).
    """

    def __init__(self, path: Path, read_only: bool | None = None) -> None:
        self.path = path
        self.asked_read_only = read_only
        self._stores: dict[str, Store] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scorecard-store")
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scorecard-store-write")

    def call(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` on the store thread and wait for its result."""
        return self._executor.submit(self._run, "read", fn).result()

    def open_first(self, check: Callable[[], object]) -> Future[View]:
        """Run ``check`` (which raises ``ScorecardError`` for a file the store would refuse), then
        open the store and read its latest period, on the store thread: started by the command
        line before Textual is imported, so that the app's first frame shows the report."""

        def first() -> View:
            check()  # before the store opens (and might create, convert or migrate) the file
            return self._run("read", load_view)

        return self._executor.submit(first)

    def write(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)``, which writes, on the writing thread and wait for its result."""
        return self._writer.submit(self._run, "write", fn).result()

    def _run(self, role: str, fn: Callable[[Store], T]) -> T:
        store = self._stores.get(role)
        if store is None:
            # Store and what it reads with are imported with this module, on the UI thread: imported
            # here, beside the first frame, each file read handed the interpreter back to the UI
            # thread and waited to get it back (4 ms of imports took ~170 ms).
            store = self._stores[role] = Store(self.path, read_only=self.asked_read_only)
        try:
            store.follow_changes()
            return fn(store)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            if store.follow_changes():  # a snapshot read while a writer checkpointed: read again
                return self._run(role, fn)
            raise damaged(self.path, str(exc)) from exc

    def close(self) -> None:
        """Close the connections and stop the threads."""
        for role, executor in (("read", self._executor), ("write", self._writer)):
            executor.submit(self._close, role)
            executor.shutdown(wait=True)

    def _close(self, role: str) -> None:
        if store := self._stores.pop(role, None):
            store.close()


def held_now(store: Store, info: ReportInfo) -> ReportInfo:
    """The report the store holds now for the period of ``info``: someone may have re-imported it
    (a new id) since the app loaded it.

    Raises:
        ScorecardError: When the period is no longer held.
    """
    key = PeriodKey.of(info)
    for report in store.reports():
        if report.id == info.id or PeriodKey.of(report) == key:
            return report
    raise ScorecardError(f"{info.period} is no longer in the database; press R to reload")


def report_facts(store: Store, info: ReportInfo) -> tuple[ReportInfo, ReportFacts]:
    """The report of ``info``'s period as held now, and what the store keeps of it beyond its measures."""
    held = held_now(store, info)
    return held, store.report_facts(held.id)


def load_annotations(store: Store, info: ReportInfo) -> Annotations:
    """A period's current flags and notes, with how many versions each note has and the earlier ones,
    and each flag's changes."""
    notes = store.annotations.notes(info)
    counts = store.annotations.note_versions(info)
    versions = {key: n for key, n in counts.items() if key in notes}
    earlier = {key: tuple(kept[:-1]) for key, kept in store.annotations.note_histories(info, EARLIER_NOTES + 1).items()}
    flag_histories = {
        key: tuple(kept) for key, kept in store.annotations.histories(info, "flag", EARLIER_NOTES).items()
    }
    return Annotations(
        store.annotations.flags(info),
        notes,
        versions,
        earlier,
        {key: counts[key] - 1 for key in earlier},
        flag_histories,
        {key: n for key, n in store.annotations.note_versions(info, "flag").items() if key in flag_histories},
    )


def load_period(store: Store, wanted: PeriodKey | int | None = None) -> LoadedReport | None:
    """A period with its measures, changes and annotations (what the table and header show);
    None for an empty store. Its history and lens come after, by :func:`load_details`.

    Args:
        store: The open store.
        wanted: A period key or report id; None (or one no longer held) gives the latest report.
    """
    reports = store.reports()
    if not reports:
        return None
    info = next((r for r in reports if wanted in (r.id, PeriodKey.of(r))), reports[-1])
    measures = tuple(store.measures(info.id))
    previous = store.previous_report(info)
    moved: dict[str, Change] = {}
    gone: tuple[Measure, ...] = ()
    if previous is not None:
        before = store.ratings(previous.id)  # its ratings only: its measures are read when some were dropped
        moved = changes_since(measures, before)
        if before.keys() - moved.keys():
            gone = tuple(dropped(measures, store.measures(previous.id)))
    return LoadedReport(
        info=info,
        measures=measures,
        reports=tuple(reports),
        previous=previous,
        changes=moved,
        dropped=gone,
        annotations=load_annotations(store, info),
    )


@dataclass(frozen=True)
class Details:
    """What the detail pane adds to a loaded period: each measure's history and the lens."""

    history: Mapping[str, History]
    lens: Lens


def load_details(store: Store, info: ReportInfo) -> Details:
    """The history (up to HISTORY_PERIODS periods) of ``info``'s measures and its lens; read after
    the period itself, so the table is on screen first."""
    window = store.history_periods(info, HISTORY_PERIODS)
    history: dict[str, list[tuple[ReportInfo, Measure]]] = {}
    current = next((ms for report, ms in window if report.id == info.id), [])
    for m in current:
        history[m.key] = []
    for report, period_measures in window:
        for m in period_measures:
            if m.key in history:
                history[m.key].append((report, m))
    details = Details({key: tuple(rows) for key, rows in history.items()}, load_lens(store, info))
    store.search_codes(info.id, "warm")  # page the full-text index in before the first key
    return details


def load_lens(store: Store, info: ReportInfo) -> Lens:
    """A period's signals and questions by measure key (every missed review, due or not)."""
    return {entry.key: entry.questions for entry in store.lens.entries(info, date.max)}


def lens_rows(store: Store, info: ReportInfo, as_of: date) -> list[LensRow]:
    """The lens list of ``info``'s period (as held now): measures with signals, most and worst first."""
    return store.lens.lens_rows(held_now(store, info), as_of)


@dataclass(frozen=True)
class QuestionChange:
    """An officer's change to one suggested question: new wording, or dropped from the briefing."""

    slug: str
    text: str
    dropped: bool
    reworded: bool = True
    """The wording changed (kept as a new version even when the question is also dropped)."""
    new: bool = False
    """A question the officer added of their own (``slug`` is empty: the store numbers it)."""


def save_questions(
    store: Store, info: ReportInfo, key: str, changes: Sequence[QuestionChange], author: str | None = None
) -> Lens:
    """Keep each changed question as a new version (with its author); returns the period's lens after it."""
    for change in changes:
        if change.new:
            if change.text.strip() and not change.dropped:
                store.lens.add_question(info, key, change.text, author=author)
            continue
        if not change.dropped or (change.reworded and change.text.strip()):
            store.lens.edit_question(info, key, change.slug, change.text, author=author)
        if change.dropped:
            store.lens.drop_question(info, key, change.slug, author=author)
    return load_lens(store, info)


View = tuple[LoadedReport | None, str | None, int]
"""A period as :func:`load_view` reads it: the report (None: an empty store), why the store is
read-only (or None), and the store's data version."""


def load_view(store: Store, wanted: PeriodKey | int | None = None) -> View:
    """A period (as :func:`load_period`), why the store is read-only (or None), and its data version."""
    return load_period(store, wanted), store.read_only_reason, data_version(store)


def matching_codes(store: Store, info: ReportInfo, text: str) -> set[str]:
    """Keys of the measures of ``info``'s period (as held now) that match a search."""
    return store.search_codes(held_now(store, info).id, text)


def cycle_flag(store: Store, info: ReportInfo, key: str, author: str | None = None) -> tuple[Flag, Annotations]:
    """Move a measure's flag on from what the store holds now (so quick presses each count).

    Returns:
        The new flag and the period's annotations after it.
    """
    flag = Flag(store.annotations.cycle_flag(info, key, author=author).value)
    return flag, load_annotations(store, info)


def save_note(store: Store, info: ReportInfo, key: str, text: str, author: str | None = None) -> Annotations:
    """Save a note as a new version; returns the period's annotations after it."""
    store.annotations.add_note(info, key, text, author=author)
    return load_annotations(store, info)


def briefing_and_count(
    store: Store,
    info: ReportInfo,
    as_of: date,
    keys: set[str] | None,
    scope: str = "",
    *,
    fmt: BriefingFormat,
    flagged: bool = False,
    marking: str | None = None,
) -> tuple[bytes, int]:
    """The briefing of ``info``'s period (as held now), as the bytes of its file in ``fmt``, and how
    many measures it covers: the whole report (``keys`` None), or the measures ``keys`` chosen by
    the filters ``scope`` and every flagged one, or (``flagged``) the flagged ones alone; with the
    protective ``marking`` on every page (None: the report's own; '': none)."""
    from scorecard_tui.outputs.briefing import load_briefing
    from scorecard_tui.outputs.briefing_files import briefing_bytes

    briefing = load_briefing(store, held_now(store, info), as_of, keys, scope, flagged=flagged, marking=marking)
    return briefing_bytes(briefing, fmt), len(briefing.measures)


@dataclass(frozen=True)
class StoreChanges:
    """What someone else committed: the new data version, the reports held, this period's annotations."""

    version: int
    reports: tuple[ReportInfo, ...]
    annotations: Annotations | None


def look_for_changes(store: Store, known: int | None, info: ReportInfo | None) -> StoreChanges | None:
    """None when nobody has committed since data version ``known``; else what the store holds now."""
    version = data_version(store)
    if version == known:
        return None
    return StoreChanges(version, tuple(store.reports()), load_annotations(store, info) if info else None)


def report_keys(reports: Sequence[ReportInfo]) -> tuple[tuple[int, str, str, str], ...]:
    """What identifies the reports held: a re-import gives a report a new id."""
    return tuple((r.id, r.name, r.source, r.period) for r in reports)


def what_landed(before: Sequence[ReportInfo], after: Sequence[ReportInfo]) -> str:
    """``2018/19 Q3`` (new periods), ``2018/19 Q2 again`` (re-imported), or ``a report removed``."""
    old = {PeriodKey.of(r): r.id for r in before}
    new = [r.period for r in after if PeriodKey.of(r) not in old]
    again = [r.period for r in after if PeriodKey.of(r) in old and old[PeriodKey.of(r)] != r.id]
    parts = new + [f"{period} again" for period in again]
    return ", ".join(parts) if parts else "a report removed"
