"""Flags and notes on measures, kept per report series, period and measure key, with every version."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scorecard_tui.compat import UTC
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Annotation, Flag
from scorecard_tui.store.user import current_user
from scorecard_tui.store.values import stored_time
from scorecard_tui.store.versions import add_version, every_version, latest_versions
from scorecard_tui.text.safe import clean_annotation, clean_text

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store.access import StoreAccess


class AnnotationStore:
    """Flags and notes on measures: the part of a :class:`Store` that holds them (``store.annotations``).

    Each is on one measure, named by its key (:attr:`~scorecard_tui.model.Measure.key`): two
    measures that share a code have their own flags and notes. Writes go through the store's
    one writing transaction, reads through its connection.

    Args:
        store: The store that holds them (its connection and writing transaction).
    """

    def __init__(self, store: StoreAccess) -> None:
        self._store = store

    def _annotate(self, info: ReportInfo, key: str, kind: str, value: str, author: str | None) -> Annotation:
        created = datetime.now(UTC)
        note = Annotation(key, info.period, kind, value, author or current_user(), created)
        with self._store.writing() as db:
            add_version(db, "annotations", info, key, {"kind": kind, "value": value}, note.author, created)
        return note

    def set_flag(self, info: ReportInfo, key: str, flag: Flag, author: str | None = None) -> Annotation:
        """Flag a measure for the meeting (a new version; the old ones stay)."""
        return self._annotate(info, key, "flag", Flag(flag).value, author)

    def cycle_flag(self, info: ReportInfo, key: str, author: str | None = None) -> Annotation:
        """Move a measure's flag on (none, watch, raise, none) from what the store holds now.

        One statement reads the current flag and writes the next, under the write lock, so
        presses from several people at once each count.
        """
        created = datetime.now(UTC)
        author = author or current_user()
        order = list(Flag)
        cases = " ".join(f"WHEN '{f.value}' THEN '{f.next().value}'" for f in order)
        with self._store.writing() as db:
            cursor = db.conn.execute(
                f"""
                INSERT INTO annotations (report_name, source, period, measure_key, kind, value, author, created_at)
                SELECT ?, ?, ?, ?, 'flag', CASE coalesce((
                    SELECT value FROM annotations
                    WHERE report_name = ? AND source = ? AND period = ? AND kind = 'flag' AND measure_key = ?
                    ORDER BY id DESC LIMIT 1
                ), '{Flag.NONE.value}') {cases} ELSE '{Flag.WATCH.value}' END, ?, ?
                """,
                [*(info.name, info.source, info.period, key) * 2, author, created.isoformat(timespec="microseconds")],
            )
            value = db.conn.execute("SELECT value FROM annotations WHERE id = ?", [cursor.lastrowid]).fetchone()[0]
        return Annotation(key, info.period, "flag", value, author, created)

    def add_note(self, info: ReportInfo, key: str, text: str, author: str | None = None) -> Annotation:
        """Write a note on a measure; editing a note adds a version, nothing is overwritten."""
        if len(text) > 20_000:
            raise ScorecardError("a note is limited to 20,000 characters")
        return self._annotate(info, key, "note", text, author)

    def _current(self, info: ReportInfo, kind: str) -> dict[str, Annotation]:
        rows = latest_versions(self._store.conn, "annotations", _COLUMNS, info, "measure_key", {"kind": kind})
        return {a.code: a for a in map(_annotation, rows)}

    def flags(self, info: ReportInfo) -> dict[str, Flag]:
        """Each flagged measure's current flag (measures never flagged, or set back to none, are left out)."""
        current = {key: a.value for key, a in self._current(info, "flag").items()}
        # A value no version of this tool writes (another tool, a hand edit) reads as no flag.
        flags = {key: Flag(value) for key, value in current.items() if value in _FLAG_VALUES}
        return {key: flag for key, flag in flags.items() if flag is not Flag.NONE}

    def notes(self, info: ReportInfo) -> dict[str, Annotation]:
        """Each measure's current note (empty notes are left out)."""
        return {key: a for key, a in self._current(info, "note").items() if a.value.strip()}

    def note_versions(self, info: ReportInfo, kind: str = "note") -> dict[str, int]:
        """How many versions each measure's note (or, ``kind`` ``flag``, flag) has had in a period
        (one query, not one per note)."""
        rows = self._store.conn.execute(
            """
            SELECT measure_key, count(*) FROM annotations
            WHERE report_name = ? AND source = ? AND period = ? AND kind = ? GROUP BY measure_key
            """,
            [info.name, info.source, info.period, kind],
        ).fetchall()
        return {clean_text(key): count for key, count in rows}

    def note_histories(self, info: ReportInfo, latest: int = 51) -> dict[str, list[Annotation]]:
        """The latest ``latest`` versions (oldest first) of each note in a period that has been
        rewritten or cleared, by measure key: one query, and a note rewritten a thousand times
        costs no more than ``latest`` versions. Notes written once are left out."""
        return self.histories(info, "note", latest)

    def histories(self, info: ReportInfo, kind: str, latest: int = 51) -> dict[str, list[Annotation]]:
        """:meth:`note_histories` for notes (``kind`` ``note``) or flags (``flag``: raised, watched,
        cleared, each with who and when)."""
        rows = self._store.conn.execute(
            """
            SELECT measure_key, period, kind, value, author, created_at FROM annotations WHERE id IN (
                SELECT id FROM (  -- from the index alone: the notes' words are read for the rows kept
                    SELECT id, row_number() OVER (PARTITION BY measure_key ORDER BY id DESC) AS newer,
                           count(*) OVER (PARTITION BY measure_key) AS versions
                    FROM annotations WHERE report_name = ? AND source = ? AND period = ? AND kind = ?
                ) WHERE versions > 1 AND newer <= ?
            ) ORDER BY id
            """,
            [info.name, info.source, info.period, kind, latest],
        ).fetchall()
        out: dict[str, list[Annotation]] = {}
        for row in rows:
            note = _annotation(row)
            out.setdefault(note.code, []).append(note)
        return out

    def annotation_history(self, info: ReportInfo, key: str, kind: str) -> list[Annotation]:
        """Every version of a measure's flag or note in a period, oldest first."""
        rows = every_version(self._store.conn, "annotations", _COLUMNS, info, {"measure_key": key, "kind": kind})
        return [_annotation(r) for r in rows]


_FLAG_VALUES = frozenset(f.value for f in Flag)
_COLUMNS = "measure_key, period, kind, value, author, created_at"
"""The columns :func:`_annotation` reads, in its order."""


def _annotation(row: Sequence[Any]) -> Annotation:
    """A stored flag or note, its text cleaned: any member of the group may have written the file."""
    return clean_annotation(Annotation(row[0], row[1], row[2], row[3], row[4], stored_time(row[5])))
