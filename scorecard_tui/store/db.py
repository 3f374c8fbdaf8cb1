"""The SQLite store: the only place that speaks SQL.

One file, WAL mode, FTS5 over the narrative, schema versioned by ``PRAGMA user_version``.
Every write is one transaction: an import lands whole or not at all. :class:`Store` opens and
checks the file, migrates it and holds the writing transaction; it reads as a
:class:`~scorecard_tui.store.reading.ReportReader`, saves through :mod:`~scorecard_tui.store.saving`,
and composes the officers' parts on its connection (``annotations``, ``lens``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Report
from scorecard_tui.store import checks, lens_signals, saving, schema_check
from scorecard_tui.store.annotations import AnnotationStore
from scorecard_tui.store.checks import BUSY_TIMEOUT_MS
from scorecard_tui.store.damage import damaged, is_damage
from scorecard_tui.store.db_file import FileState, header_journal_mode
from scorecard_tui.store.lens import LensStore
from scorecard_tui.store.reading import ReportReader
from scorecard_tui.store.saving import ImportOutcome
from scorecard_tui.store.schema import FOREIGN_KEYS_OFF, MIGRATIONS, SCHEMA_VERSION
from scorecard_tui.store.text import Connection

if TYPE_CHECKING:  # imported by the first write or migration: reading needs only sqlite3
    import sqlite_utils

WRITE_WAIT_S = 120.0
"""How long a write waits for another process's write (a long import) before giving up."""


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over our connection, without its plugins: a plugin installed beside us could
    change our connection (and finding them scanned every installed package: 15 ms an open)."""
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False, recursive_triggers=False)  # set by _configure


class Store(ReportReader):
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
        notify: Told one line before a long piece of work at opening (the lens's signals computed
            again for a database an earlier version kept them in), for a command to show on stderr.

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
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only, self.read_only_reason = self._decide_read_only(read_only)
        self.snapshot = False
        """Read as the file stands (SQLite ``immutable``): re-opened by ``follow_changes`` when it changes."""
        self.generation = 0
        """How many times ``follow_changes`` has re-opened the file."""
        self.annotations = AnnotationStore(self)
        """The officers' flags and notes."""
        self.notify = notify
        """Told one line before a long piece of work (see ``notify`` above)."""
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
                if not self.read_only:
                    self._refresh_signals(notify)
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

    def _refresh_signals(self, notify: Callable[[str], None] | None) -> None:
        """Compute again, in one transaction, the signals of every report that earlier rules kept
        (:func:`~scorecard_tui.store.lens_signals.refresh_signals`); looked for again under the
        write lock, as another process opening the file may have done it meanwhile."""
        if not lens_signals.stale_series(self.conn):
            return
        with self.writing() as db:
            stale = lens_signals.stale_series(self.conn)
            if notify and (line := lens_signals.stale_notice(self.path, stale, kept=True)):
                notify(line)
            lens_signals.refresh_signals(db, stale)

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
            return saving.save_report(db, report, header_maps=header_maps, rating_words=rating_words)
