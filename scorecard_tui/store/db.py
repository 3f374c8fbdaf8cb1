"""The SQLite store: the only place that speaks SQL.

One file, WAL mode, FTS5 over the narrative, schema versioned by ``PRAGMA user_version``.
Every write is one transaction: an import lands whole or not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scorecard_tui.compat import UTC, StrEnum
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import (
    Direction,
    Measure,
    Polarity,
    Rag,
    Report,
    ReportInfo,
    ReviewDate,
    measure_key,
    number_repeats,
    occurrences,
    tolerance_share,
)
from scorecard_tui.records import measure_to_dict
from scorecard_tui.store import checks, schema_check
from scorecard_tui.store.annotations import AnnotationStore
from scorecard_tui.store.checks import BUSY_TIMEOUT_MS
from scorecard_tui.store.damage import damaged, is_damage
from scorecard_tui.store.db_file import FileState, header_journal_mode
from scorecard_tui.store.lens import LensStore, store_signals
from scorecard_tui.store.schema import FOREIGN_KEYS_OFF, FTS_COLUMNS, MIGRATIONS, SCHEMA_VERSION
from scorecard_tui.store.text import Connection
from scorecard_tui.store.values import stored_codes, stored_month, stored_time
from scorecard_tui.text.safe import clean_line, clean_measure, clean_optional, clean_subtitle, clean_text

if TYPE_CHECKING:  # imported by the first write or migration: reading needs only sqlite3
    import sqlite_utils

WRITE_WAIT_S = 120.0
"""How long a write waits for another process's write (a long import) before giving up."""


class ImportOutcome(StrEnum):
    """What an import did to the store."""

    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over our connection, without its plugins: a plugin installed beside us could
    change our connection (and finding them scanned every installed package: 15 ms an open)."""
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False, recursive_triggers=False)  # set by _configure


class Store:
    """A scorecard database file.

    Opened to write (the default), it is created (with its folder) when missing and
    migrated to the current schema; a user who cannot write gets it read-only. Opened
    read-only, nothing is created, converted or migrated.

    Reads go through :attr:`conn`, plain ``sqlite3``; writes and migrations through :attr:`db`,
    sqlite-utils over the same connection, imported on first use (``import sqlite_utils`` costs
    ~75 ms: the app's store thread opens and reads a period without it).

    Args:
        path: The SQLite file.
        read_only: True opens it read-only; None lets the store decide (environment, permissions).
        verify: Run SQLite's quick check first and refuse a damaged file (time grows with the file:
            0.15 s for 10,000 measures, a 180 MB file, when cached; 2.6 s from a cold disk).
        any_version: Read-only, open a file of any schema version (for ``scorecard doctor``).

    Raises:
        ScorecardError: A missing file opened read-only, a folder, a file that is not a scorecard
            database, a damaged file (``DamagedDatabase``) or a schema this version cannot read.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool | None = None,
        verify: bool = False,
        any_version: bool = False,
    ) -> None:
        self.path = Path(path)
        self.read_only, self.read_only_reason = self._decide_read_only(read_only)
        self.snapshot = False
        """Read as the file stands (SQLite ``immutable``): re-opened by ``follow_changes`` when it changes."""
        self.generation = 0
        """How many times ``follow_changes`` has re-opened the file."""
        self.annotations = AnnotationStore(self)
        """The officers' flags and notes."""
        self.lens = LensStore(self)
        """The scrutiny lens's signals and the officers' questions."""
        self._file_state = FileState.of(self.path)
        self._db: sqlite_utils.Database | None = None
        try:
            self.conn = self._connect()
            """The connection: every read goes through it."""
            self._configure()
            self._check_kind()
            if verify:
                self.verify()
            blocked = self._look_for_strangers()
            if self.read_only:
                if blocked and not any_version and self.schema_version < SCHEMA_VERSION:
                    raise ScorecardError(
                        f"{blocked}; it cannot be upgraded (schema version {self.schema_version} to "
                        f"{SCHEMA_VERSION}) until then"
                    )
                if not any_version:
                    self._check_schema()
            else:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._enable_wal()
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise self._open_error(exc) from exc

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over :attr:`conn`, for writing (made, and ``sqlite_utils`` imported, on first use)."""
        if self._db is None or self._db.conn is not self.conn:
            self._db = _database(self.conn)
        return self._db

    def _look_for_strangers(self) -> str | None:
        """Compare the file's schema with what this package creates; something planted (a trigger,
        a view, a table) makes the store read-only, saying what and where to read more.

        Returns:
            Why writing is refused, or None.
        """
        self.strangers: tuple[schema_check.Stranger, ...] = tuple(
            schema_check.strangers(self.conn, self.schema_version)
        )
        """What the file holds that this package did not create (``scorecard doctor`` names each)."""
        reason = schema_check.refusal(list(self.strangers), self.path)
        if reason and not self.read_only:
            self.read_only, self.read_only_reason = True, reason
        return reason

    def strangers_notice(self) -> str | None:
        """One line for a reader of a file holding what would stop a write (None when nothing does)."""
        reason = schema_check.refusal(list(self.strangers), self.path)
        return reason.removeprefix("read-only: ") if reason else None

    def _configure(self) -> None:
        # Views are not used by the store: off where Python can say so (3.12+). Triggers stay on (the
        # full-text index is kept by its own), and so does trusted_schema: with it off, SQLite refuses
        # those triggers ("unsafe use of virtual table"). A planted trigger is refused by the schema
        # comparison instead (schema_check), under the write lock.
        if hasattr(self.conn, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_ENABLE_VIEW"):
            self.conn.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_VIEW, False)
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it: deletes by REPLACE fire triggers

    def _decide_read_only(self, asked: bool | None) -> tuple[bool, str | None]:
        reason = checks.read_only_reason(self.path, asked)
        return reason is not None, reason

    def _connect(self) -> sqlite3.Connection:
        checks.check_sidecars(self.path)  # before SQLite opens them through a planted link
        timeout = BUSY_TIMEOUT_MS / 1000
        if self.read_only:
            if not self.path.exists():
                raise ScorecardError(
                    f"{self.path}: no such database; import a report to create it: "
                    f"scorecard import FILE --db {self.path}"
                )
            conn, self.snapshot = checks.connect_read_only(self.path)
            return conn
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # 0o666 less the umask: a group-writable umask (002) makes a shared database.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o666))
        return sqlite3.connect(self.path, timeout=timeout, isolation_level=None, factory=Connection)

    def _check_kind(self) -> None:
        checks.check_kind(self.conn, self.path, read_only=self.read_only)

    def _open_error(self, exc: sqlite3.DatabaseError) -> ScorecardError:
        return checks.open_error(exc, self.path)

    def _check_schema(self) -> None:
        checks.check_schema(self.conn, self.path)

    def verify(self) -> None:
        """SQLite's quick check over the whole file.

        Raises:
            DamagedDatabase: When any page fails it.
        """
        checks.verify(self.conn, self.path)

    def _quick_check(self) -> list[str]:
        return checks.quick_check(self.conn)

    def follow_changes(self) -> bool:
        """Re-open a snapshot whose file has changed (or that a writer now has open, so it can be
        followed live); True when it was re-opened. A live connection sees changes by itself."""
        if not self.snapshot:
            return False
        state = FileState.of(self.path)
        if state == self._file_state:
            return False
        self._file_state = state
        self.conn.close()
        self.conn = self._connect()
        self._configure()
        self.generation += 1
        return True

    def backup_to(self, target: Path) -> None:
        """Copy the whole database, consistently, to a new file (SQLite's online backup)."""
        mode = stat.S_IMODE(self.path.stat().st_mode)
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, mode))
        except OSError as exc:
            raise ScorecardError(f"{target}: cannot make a backup there ({exc.strerror})") from exc
        os.chmod(target, mode)  # the database's own mode, whatever the umask: notes may be private
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if exc is not None and is_damage(exc):
            raise damaged(self.path, str(exc)) from exc

    def health(self) -> dict[str, str | int]:
        """Integrity check result, journal mode and schema version, for ``scorecard doctor``.

        The journal mode is read from the file's header: a snapshot connection would say ``delete``.
        """
        return {
            "integrity": "; ".join(self._quick_check()[:5]),
            "journal_mode": header_journal_mode(self.path),
            "schema_version": self.schema_version,
        }

    @property
    def schema_version(self) -> int:
        """How many migrations this file has had."""
        return checks.schema_version(self.conn)

    def _migrate(self) -> None:
        """Create or upgrade the schema in one locked transaction.

        The version is read again once the write lock is held: another process opening
        the same new file may have created the tables meanwhile. A step that rebuilds a
        table runs with foreign keys off (which SQLite only allows outside a transaction),
        and the references are checked before the transaction commits.
        """
        if self.schema_version >= SCHEMA_VERSION:
            self._check_schema()  # says so when the file is newer than this code
            return
        keys_off = any(step in FOREIGN_KEYS_OFF for step in MIGRATIONS[self.schema_version :])
        if keys_off:
            self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.writing():
                version = self.schema_version
                if version > SCHEMA_VERSION:
                    self._check_schema()
                for step in MIGRATIONS[version:]:
                    step(self.db)
                if keys_off and self.conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise ScorecardError(f"{self.path}: an upgrade step broke a reference; nothing changed")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            if keys_off:
                self.conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, taken with ``BEGIN IMMEDIATE`` so writers queue politely."""
        if self.read_only:
            raise ScorecardError(f"{self.read_only_reason}; changes are not possible")
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self._begin_immediate()
        try:
            # Under the write lock: a trigger planted since the store opened is seen before it can fire.
            found = schema_check.strangers(conn, self.schema_version)
            if reason := schema_check.refusal(found, self.path):
                self.strangers, self.read_only, self.read_only_reason = tuple(found), True, reason
                raise ScorecardError(f"{reason}; nothing was changed")
            yield self.db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting (up to :data:`WRITE_WAIT_S`) while another process holds it."""
        self._when_free(lambda: self.conn.execute("BEGIN IMMEDIATE"))

    def _enable_wal(self) -> None:
        """Switch a new file to WAL; processes opening it at once may each try, and all must succeed."""
        self._when_free(lambda: self.conn.execute("PRAGMA journal_mode = wal"))

    def _when_free(self, action: Callable[[], object]) -> None:
        """Run ``action``, trying again while another process has the database locked.

        Each attempt waits the busy timeout inside SQLite (or fails at once where waiting
        could deadlock); between attempts nothing is held, so readers carry on.

        Raises:
            ScorecardError: When the database is still locked after :data:`WRITE_WAIT_S`.
        """
        deadline = time.monotonic() + WRITE_WAIT_S
        pause = 0.02
        while True:
            try:
                action()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() + pause >= deadline:
                    raise ScorecardError(
                        f"{self.path}: another process has been writing to the database for over "
                        f"{WRITE_WAIT_S:g} s; nothing was changed"
                    ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)

    # -- writing reports ---------------------------------------------------------------

    def save_report(
        self,
        report: Report,
        *,
        header_maps: dict[str, str] | None = None,
        rating_words: dict[str, str] | None = None,
    ) -> ImportOutcome:
        """Store a report in one transaction.

        The same file again changes nothing; another file for a period already held
        (same report name and source) replaces that period's report. The scrutiny lens's
        signals of the period (and of any later period of the series) are computed and
        kept in the same transaction.

        Args:
            report: The report.
            header_maps: ``--map`` choices (header -> field) to remember for the report's
                series, written in the same transaction.
            rating_words: ``--rating`` choices (word -> rating) to remember for the series, likewise.
        """
        with self.writing() as db:
            if header_maps:
                self._remember_header_maps(db, report.name, report.source, header_maps)
            if rating_words:
                self._remember_rating_words(db, report.name, report.source, rating_words)
            row = db.execute(
                "SELECT id, sha256 FROM reports WHERE name = ? AND source = ? AND period = ?",
                [report.name, report.source, report.period],
            ).fetchone()
            if row and row[1] == report.sha256:
                return ImportOutcome.UNCHANGED
            if row:
                db.execute("DELETE FROM reports WHERE id = ?", [row[0]])
            report_id = self._insert_report(db, report)
            self._insert_measures(db, report_id, report.measures)
            db.table("unread_rows").insert_all(
                {"report_id": report_id, "position": i, "line": line} for i, line in enumerate(report.unread_rows)
            )
            store_signals(db, report.name, report.source, from_period=report.period)
        return ImportOutcome.REPLACED if row else ImportOutcome.IMPORTED

    @staticmethod
    def _insert_report(db: sqlite_utils.Database, report: Report) -> int:
        table = db.table("reports")
        table.insert(
            {
                "name": report.name,
                "source": report.source,
                "organisation": report.organisation,
                "team": report.team,
                "period": report.period,
                "fetched_at": report.fetched_at.isoformat() if report.fetched_at else None,
                "pages": report.pages,
                "file_name": report.file_name,
                "sha256": report.sha256,
                "subtitle": report.subtitle,
                "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "header_row": json.dumps(list(report.header_row)) if report.header_row else None,
            }
        )
        assert table.last_pk is not None  # an insert always has a key
        return int(table.last_pk)

    @staticmethod
    def _insert_measures(db: sqlite_utils.Database, report_id: int, measures: tuple[Measure, ...]) -> None:
        """Insert every measure and review date in batches (ids given here, under the write lock)."""
        first_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM measures").fetchone()[0]
        rows: list[dict[str, object]] = []
        dates: list[dict[str, object]] = []
        for position, m in enumerate(measures):
            row = measure_to_dict(m)
            del row["review_dates"], row["pages"]
            rows.append(
                {
                    **row,
                    "id": first_id + position,
                    "report_id": report_id,
                    "position": position,
                    "alt_codes": json.dumps(row["alt_codes"]),
                    "first_page": m.pages[0],
                    "last_page": m.pages[1],
                    "long_direction": m.long_direction and m.long_direction.value,
                    "previous_actual": m.previous_actual,
                    "direction_derived": int(m.direction_derived),
                    "tolerance": m.tolerance,
                }
            )
            dates.extend(
                {"measure_id": rows[-1]["id"], "position": i, "month": d.month, "body": d.body, "past": int(d.past)}
                for i, d in enumerate(m.review_dates)
            )
        db.table("measures").insert_all(rows)
        db.table("review_dates").insert_all(dates)

    @staticmethod
    def _remember_header_maps(db: sqlite_utils.Database, name: str, source: str, maps: dict[str, str]) -> None:
        """Remember ``--map`` choices for a series (report name and source); a header given a field
        takes it from any other header remembered with it (one column per field)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for header, field in maps.items():
            if field != "ignore":
                db.execute(
                    "DELETE FROM header_maps WHERE report_name = ? AND source = ? AND field = ? AND header <> ?",
                    [name, source, field, header],
                )
            db.execute(
                """
                INSERT INTO header_maps (report_name, source, header, field, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (report_name, source, header)
                DO UPDATE SET field = excluded.field, updated_at = excluded.updated_at
                """,
                [name, source, header, field, now],
            )

    @staticmethod
    def _remember_rating_words(db: sqlite_utils.Database, name: str, source: str, words: dict[str, str]) -> None:
        """Remember ``--rating`` choices for a series (report name and source): word -> rating."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for word, rating in words.items():
            db.execute(
                """
                INSERT INTO rating_words (report_name, source, word, rating, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (report_name, source, word)
                DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at
                """,
                [name, source, word, rating, now],
            )

    def rating_words(self, report_name: str, source: str) -> dict[str, str]:
        """The ``--rating`` choices remembered for a report series: word -> Red, Amber, Green, Blue or none."""
        try:
            rows = self.conn.execute(
                "SELECT word, rating FROM rating_words WHERE report_name = ? AND source = ? ORDER BY id",
                [report_name, source],
            ).fetchall()
        except sqlite3.OperationalError:  # an older database opened read-only (inspect): none remembered
            return {}
        return {str(word): str(rating) for word, rating in rows}

    def held_series(self, source: str) -> list[tuple[str, tuple[str, ...], set[str]]]:
        """Each held table series of a data source, newest first: its name, the header row of its
        latest report, and that report's codes (none for an older database opened read-only)."""
        try:
            rows = self.conn.execute(
                """
                SELECT r.name, r.header_row, r.id FROM reports r
                WHERE r.source = ? AND r.header_row IS NOT NULL
                ORDER BY r.period DESC, r.id DESC
                """,
                [source],
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        out: list[tuple[str, tuple[str, ...], set[str]]] = []
        for name, header_row, report_id in rows:
            if any(held[0] == name for held in out):
                continue
            try:
                headers = tuple(str(h) for h in json.loads(header_row))
            except (ValueError, TypeError):
                continue
            codes = {str(c) for (c,) in self.conn.execute("SELECT code FROM measures WHERE report_id = ?", [report_id])}
            out.append((clean_text(str(name)), headers, codes))
        return out

    def header_maps(self, report_name: str, source: str) -> dict[str, str]:
        """The ``--map`` choices remembered for a report series (its name and data source): header -> field."""
        rows = self.conn.execute(
            "SELECT header, field FROM header_maps WHERE report_name = ? AND source = ? ORDER BY id",
            [report_name, source],
        ).fetchall()
        return {str(header): str(field) for header, field in rows}

    # -- reading -----------------------------------------------------------------------

    def reports(self) -> list[ReportInfo]:
        """Every stored report, oldest period first."""
        rows = self.conn.execute(
            f"""
            SELECT r.id, r.name, r.source, r.period, r.fetched_at, r.pages, r.file_name,
                   r.organisation, r.team,
                   (SELECT count(*) FROM measures m WHERE m.report_id = r.id), r.subtitle, {self._unread_count_sql()}
            FROM reports r ORDER BY r.period, r.fetched_at, r.id
            """
        ).fetchall()
        return [
            ReportInfo(
                id=row[0],
                name=clean_text(row[1]),
                source=clean_text(row[2]),
                period=clean_text(row[3]),
                fetched_at=stored_time(row[4]),
                pages=row[5],
                file_name=clean_text(row[6] or ""),
                organisation=clean_optional(row[7]),
                team=clean_optional(row[8]),
                measure_count=row[9],
                subtitle=clean_subtitle(row[10]),
                unread_count=row[11],
            )
            for row in rows
        ]

    def _unread_count_sql(self) -> str:
        """How many rows a report left out, in SQL (0 in an older database opened read-only)."""
        held = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'unread_rows'")
        if held.fetchone() is None:
            return "0"
        return "(SELECT count(*) FROM unread_rows u WHERE u.report_id = r.id)"

    def latest_report(self) -> ReportInfo | None:
        """The report of the latest period, or None for an empty store."""
        reports = self.reports()
        return reports[-1] if reports else None

    def report_info(self, report_id: int) -> ReportInfo:
        """One report's metadata."""
        for info in self.reports():
            if info.id == report_id:
                return info
        raise ScorecardError(f"no report with id {report_id}")

    def find_report(self, period: str) -> ReportInfo:
        """The report for a period label such as ``2018/19 Q1``."""
        matches = [r for r in self.reports() if r.period == period]
        if not matches:
            held = ", ".join(sorted({r.period for r in self.reports()})) or "none"
            raise ScorecardError(f"no report for period {period!r} (periods held: {held})")
        return matches[-1]

    def measures(self, report_id: int) -> list[Measure]:
        """A report's measures in report order."""
        dates: dict[int, list[ReviewDate]] = {}
        for measure_id, month, body, past in self.conn.execute(
            """
            SELECT d.measure_id, d.month, d.body, d.past FROM review_dates d
            JOIN measures m ON m.id = d.measure_id
            WHERE m.report_id = ? ORDER BY d.measure_id, d.position
            """,
            [report_id],
        ):
            if stored_month(month):  # another tool's month that is not one is left out, not a crash later
                dates.setdefault(measure_id, []).append(ReviewDate(month, body, bool(past)))
        rows = self.conn.execute(
            f"SELECT {MEASURE_COLUMNS} FROM measures WHERE report_id = ? ORDER BY position", [report_id]
        )
        return list(number_repeats(_measure_from_row(row, tuple(dates.get(row[0], ()))) for row in rows))

    def ratings(self, report_id: int) -> dict[str, Rag | None]:
        """A report's quarterly ratings by measure key: what "changed since" needs of the period
        before, read without decoding its measures."""
        rows = self.conn.execute(
            "SELECT code, rag_quarter FROM measures WHERE report_id = ? ORDER BY position", [report_id]
        ).fetchall()
        codes = [clean_text(code) for code, _ in rows]
        return {
            measure_key(code, n): _member(Rag, _RAGS, rag)
            for code, n, (_, rag) in zip(codes, occurrences(codes), rows, strict=True)
        }

    def load_report(self, report_id: int) -> Report:
        """A whole report with its measures."""
        info = self.report_info(report_id)
        return Report(
            name=info.name,
            source=info.source,
            period=info.period,
            fetched_at=info.fetched_at,
            pages=info.pages,
            measures=tuple(self.measures(report_id)),
            organisation=info.organisation,
            team=info.team,
            file_name=info.file_name,
            subtitle=info.subtitle,
            unread_rows=tuple(self.unread_rows(report_id)),
        )

    def unread_rows(self, report_id: int) -> list[str]:
        """The rows ``--skip-unreadable`` left out of a report, as recorded (none for an older database)."""
        try:
            rows = self.conn.execute(
                "SELECT line FROM unread_rows WHERE report_id = ? ORDER BY position", [report_id]
            ).fetchall()
        except sqlite3.OperationalError:  # an older database opened read-only
            return []
        return [clean_line(str(line)) for (line,) in rows]

    def search_codes(self, report_id: int, text: str) -> set[str]:
        """Keys of the report's measures matching ``text`` (:attr:`Measure.key`: the code, unless
        the report repeats it), prefix matching each word.

        Searches title, code, commentary, actions and review with FTS5; text that FTS
        cannot take (quotes, operators) falls back to a plain substring match.
        """
        words = text.split()
        if not words:
            return {m.key for m in self.measures(report_id)}
        query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        try:
            # the full-text index answers once (a join would ask it again for every measure)
            rows = self.conn.execute(
                """
                SELECT code, position FROM measures
                WHERE report_id = ? AND id IN (SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?)
                """,
                [report_id, query],
            ).fetchall()
        except sqlite3.OperationalError:
            return self._substring_codes(report_id, text)
        return {clean_text(k) for k in self._keys(report_id, rows)}

    def _keys(self, report_id: int, rows: list[tuple[str, int]]) -> set[str]:
        """The keys of matched measures, given as (code, position)."""
        if not rows:
            return set()
        repeated = {
            code: first
            for code, first in self.conn.execute(
                "SELECT code, min(position) FROM measures WHERE report_id = ? GROUP BY code HAVING count(*) > 1",
                [report_id],
            )
        }
        if all(repeated.get(code, position) == position for code, position in rows):
            return {code for code, _ in rows}
        held = self.conn.execute(
            "SELECT position, code FROM measures WHERE report_id = ? ORDER BY position", [report_id]
        ).fetchall()
        number = dict(zip((p for p, _ in held), occurrences([c for _, c in held]), strict=True))
        return {measure_key(code, number[position]) for code, position in rows}

    # -- history across periods -------------------------------------------------------

    def series(self, info: ReportInfo) -> list[ReportInfo]:
        """Every period of the same report (same name and data source), oldest first."""
        return [r for r in self.reports() if (r.name, r.source) == (info.name, info.source)]

    def previous_report(self, info: ReportInfo) -> ReportInfo | None:
        """The report of the period before this one in its series, if held."""
        earlier = [r for r in self.series(info) if r.period < info.period]
        return earlier[-1] if earlier else None

    def history_periods(self, info: ReportInfo, size: int | None = None) -> list[tuple[ReportInfo, list[Measure]]]:
        """The periods of the report's series with their measures, oldest first: every one, or the ``size``
        nearest ``info`` (ending at it when it has that many before it). The one history query: the app's
        detail view and :meth:`history` both read it."""
        series = self.series(info)
        if size is not None:
            index = next((i for i, r in enumerate(series) if r.id == info.id), len(series) - 1)
            start = max(0, min(index - size + 1, len(series) - size))
            series = series[start : start + size]
        return [(report, self.measures(report.id)) for report in series]

    def history(self, info: ReportInfo, key: str) -> list[tuple[ReportInfo, Measure]]:
        """A measure, by its key, in every period of the report's series that has it, oldest first."""
        return [(report, m) for report, measures in self.history_periods(info) for m in measures if m.key == key]

    def _substring_codes(self, report_id: int, text: str) -> set[str]:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clause = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in FTS_COLUMNS)
        rows = self.conn.execute(
            f"SELECT code, position FROM measures WHERE report_id = ? AND ({clause})",
            [report_id, *([like] * len(FTS_COLUMNS))],
        ).fetchall()
        return {clean_text(k) for k in self._keys(report_id, rows)}


def _value(column: str) -> str:
    """A figure's column, read as NULL when it holds bytes (only another tool writes them there)."""
    return f"CASE WHEN typeof({column}) = 'blob' THEN NULL ELSE {column} END"


MEASURE_COLUMNS = (
    "id, directorate, code, alt_codes, title, rag_quarter, rag_forecast, "
    + ", ".join(_value(c) for c in ("quarter_target", "quarter_actual", "forecast_target", "forecast_actual"))
    + ", unit, direction, commentary, actions, review, first_page, last_page, polarity, long_direction, "
    + _value("previous_actual")
    + ", direction_derived, "
    + _value("tolerance")
)
"""The columns :func:`_measure_from_row` reads, in its order."""

_E = TypeVar("_E", Rag, Direction, Polarity)


def _member(kind: type[_E], members: dict[str, _E], value: str | None) -> _E | None:
    """The enum member stored as ``value``; None for none, and for a value no member has (another
    tool's "Purple" reads as no rating)."""
    if not value:
        return None
    if (member := members.get(value)) is not None:
        return member
    try:
        return kind(value)
    except ValueError:
        return None


_RAGS = {rag.value: rag for rag in Rag}
_DIRECTIONS = {direction.value: direction for direction in Direction}
_POLARITIES = {polarity.value: polarity for polarity in Polarity}


def _measure_from_row(row: tuple[Any, ...], dates: tuple[ReviewDate, ...]) -> Measure:
    """A stored measure (a row of :data:`MEASURE_COLUMNS`), its text cleaned: the file may hold what
    another tool wrote. Read straight from the row: 2,000 measures decode in ~35 ms, not ~80."""
    (_, directorate, code, alt_codes, title, rag_quarter, rag_forecast, quarter_target, quarter_actual) = row[:9]
    (forecast_target, forecast_actual, unit, direction, commentary, actions, review, first, last, polarity) = row[9:19]
    long_direction, previous_actual, direction_derived, tolerance = row[19:23]
    return clean_measure(
        Measure(
            directorate=directorate,
            code=code,
            alt_codes=() if alt_codes == "[]" else stored_codes(alt_codes),
            title=title,
            rag_quarter=_member(Rag, _RAGS, rag_quarter),
            rag_forecast=_member(Rag, _RAGS, rag_forecast),
            quarter_target=quarter_target,
            quarter_actual=quarter_actual,
            forecast_target=forecast_target,
            forecast_actual=forecast_actual,
            unit=unit,
            direction=_member(Direction, _DIRECTIONS, direction),
            commentary=commentary,
            actions=actions,
            review=review,
            review_dates=dates,
            pages=(first, last),
            polarity=_member(Polarity, _POLARITIES, polarity),
            long_direction=_member(Direction, _DIRECTIONS, long_direction),
            previous_actual=previous_actual,
            direction_derived=bool(direction_derived),
            tolerance=tolerance_share(tolerance),
        )
    )
