"""The SQLite store: the only place that speaks SQL.

One file, WAL mode, FTS5 over the narrative, schema versioned by ``PRAGMA user_version``.
Every write is one transaction: an import lands whole or not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from scorecard_tui.errors import ScorecardError
from scorecard_tui.export import measure_from_dict, measure_to_dict
from scorecard_tui.model import Measure, Report, ReviewDate, period_end
from scorecard_tui.store.annotations import AnnotationsMixin, current_user
from scorecard_tui.store.schema import FOREIGN_KEYS_OFF, FTS_COLUMNS, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


class ImportOutcome(StrEnum):
    """What an import did to the store."""

    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True)
class ReportInfo:
    """A stored report without its measures."""

    id: int
    name: str
    source: str
    period: str
    fetched_at: datetime | None
    pages: int
    measure_count: int
    file_name: str
    organisation: str | None = None
    team: str | None = None

    @property
    def as_of(self) -> date:
        """The date review months count as past from: the fetch date, else the period's end."""
        return self.fetched_at.date() if self.fetched_at else period_end(self.period)


def can_write(path: Path) -> bool:
    """Whether this user may change a database file (and make its WAL files beside it)."""
    folder_ok = os.access(path.parent, os.W_OK) or (
        path.with_name(path.name + "-wal").exists() and os.access(path.with_name(path.name + "-wal"), os.W_OK)
    )
    return os.access(path, os.W_OK) and folder_ok


def default_db_path() -> Path:
    """``$SCORECARD_DB``, else ``scorecard.db`` in the platform's user data directory."""
    if env := os.environ.get("SCORECARD_DB"):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("scorecard-tui", appauthor=False) / "scorecard.db"


class Store(AnnotationsMixin):
    """A scorecard database file.

    Args:
        path: The SQLite file; created (with its folder) when missing.
    """

    def __init__(self, path: str | Path, *, read_only: bool | None = None) -> None:
        self.path = Path(path)
        self.read_only, self.read_only_reason = self._decide_read_only(read_only)
        try:
            conn = self._connect()
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.read_only:
                self._check_schema()
            else:
                if self.db.journal_mode != "wal":
                    self.db.enable_wal()
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise ScorecardError(f"{self.path}: not a usable scorecard database ({exc})") from exc

    def _decide_read_only(self, asked: bool | None) -> tuple[bool, str | None]:
        if self.path.is_dir():
            raise ScorecardError(f"{self.path}: is a folder, not a database file")
        if asked:
            return True, "opened read-only (--read-only)"
        if asked is None and os.environ.get("SCORECARD_READ_ONLY", "").lower() in ("1", "true", "yes"):
            return True, "opened read-only (SCORECARD_READ_ONLY is set)"
        if self.path.exists() and not can_write(self.path):
            return True, f"read-only: you ({current_user()}) cannot write to {self.path}"
        return False, None

    def _connect(self) -> sqlite3.Connection:
        timeout = BUSY_TIMEOUT_MS / 1000
        if self.read_only:
            if not self.path.exists():
                raise ScorecardError(f"{self.path}: no database to open read-only")
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError:
                # No -shm file and no right to make one: read it as it stands on disk.
                return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None)
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # 0o666 less the umask: a group-writable umask (002) makes a shared database.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o666))
        return sqlite3.connect(self.path, timeout=timeout, isolation_level=None)

    def _check_schema(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise ScorecardError(
                f"{self.path}: schema version {version} is newer than this scorecard-tui "
                f"understands ({SCHEMA_VERSION}); upgrade scorecard-tui"
            )
        if version < SCHEMA_VERSION:
            raise ScorecardError(
                f"{self.path}: schema version {version} needs upgrading to {SCHEMA_VERSION}; "
                "someone who can write to it should run: scorecard doctor --db PATH"
            )

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def health(self) -> dict[str, str | int]:
        """Integrity check result, journal mode and schema version, for ``scorecard doctor``."""
        rows = self.db.execute("PRAGMA quick_check").fetchall()
        return {
            "integrity": "; ".join(r[0] for r in rows[:5]),
            "journal_mode": self.db.execute("PRAGMA journal_mode").fetchone()[0],
            "schema_version": self.schema_version,
        }

    @property
    def schema_version(self) -> int:
        """How many migrations this file has had."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            self._check_schema()
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            keys_off = step in FOREIGN_KEYS_OFF
            if keys_off:
                self.db.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
            try:
                with self.writing():
                    if self.schema_version >= number:
                        continue  # another process ran it while this one waited
                    step(self.db)
                    if keys_off and self.db.execute("PRAGMA foreign_key_check").fetchone():
                        raise ScorecardError(f"{self.path}: migration {number} broke a reference; nothing changed")
                    self.db.execute(f"PRAGMA user_version = {number}")
            finally:
                if keys_off:
                    self.db.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, taken with ``BEGIN IMMEDIATE`` so writers queue politely."""
        if self.read_only:
            raise ScorecardError(f"{self.read_only_reason}; changes are not possible")
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writing reports ---------------------------------------------------------------

    def save_report(self, report: Report, *, header_maps: dict[str, str] | None = None) -> ImportOutcome:
        """Store a report in one transaction.

        The same file again changes nothing; another file for a period already held
        (same report name and source) replaces that period's report.

        Args:
            report: The report.
            header_maps: ``--map`` choices (header -> field) to remember for the report's
                series, written in the same transaction.
        """
        with self.writing() as db:
            if header_maps:
                self._remember_header_maps(db, report.name, header_maps)
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
                "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        return int(table.last_pk)

    @staticmethod
    def _insert_measures(db: sqlite_utils.Database, report_id: int, measures: tuple[Measure, ...]) -> None:
        """Plain INSERTs (sqlite-utils' ``insert`` looks the table up again for every row:
        10,000 measures took 6 s that way, well under a second this way)."""
        columns: list[str] | None = None
        sql = ""
        dates: list[tuple[int, int, str, str | None, int]] = []
        for position, m in enumerate(measures):
            row = measure_to_dict(m)
            del row["review_dates"], row["pages"]
            row |= {
                "report_id": report_id,
                "position": position,
                "alt_codes": json.dumps(row["alt_codes"]),
                "first_page": m.pages[0],
                "last_page": m.pages[1],
            }
            if columns is None:
                columns = list(row)
                sql = f"INSERT INTO measures ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            measure_id = int(db.execute(sql, [row[c] for c in columns]).lastrowid or 0)
            dates.extend((measure_id, i, d.month, d.body, int(d.past)) for i, d in enumerate(m.review_dates))
        db.conn.executemany(
            "INSERT INTO review_dates (measure_id, position, month, body, past) VALUES (?, ?, ?, ?, ?)", dates
        )

    @staticmethod
    def _remember_header_maps(db: sqlite_utils.Database, report_name: str, maps: dict[str, str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for header, field in maps.items():
            db.execute(
                """
                INSERT INTO header_maps (report_name, header, field, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (report_name, header) DO UPDATE SET field = excluded.field, updated_at = excluded.updated_at
                """,
                [report_name, header, field, now],
            )

    def header_maps(self, report_name: str) -> dict[str, str]:
        """The ``--map`` choices remembered for a report series (header -> field)."""
        rows = self.db.execute(
            "SELECT header, field FROM header_maps WHERE report_name = ? ORDER BY id", [report_name]
        ).fetchall()
        return {header: field for header, field in rows}

    # -- reading -----------------------------------------------------------------------

    def reports(self) -> list[ReportInfo]:
        """Every stored report, oldest period first."""
        rows = self.db.execute(
            """
            SELECT r.id, r.name, r.source, r.period, r.fetched_at, r.pages, r.file_name,
                   r.organisation, r.team,
                   (SELECT count(*) FROM measures m WHERE m.report_id = r.id)
            FROM reports r ORDER BY r.period, r.fetched_at, r.id
            """
        ).fetchall()
        return [
            ReportInfo(
                id=row[0],
                name=row[1],
                source=row[2],
                period=row[3],
                fetched_at=datetime.fromisoformat(row[4]) if row[4] else None,
                pages=row[5],
                file_name=row[6],
                organisation=row[7],
                team=row[8],
                measure_count=row[9],
            )
            for row in rows
        ]

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
        for measure_id, month, body, past in self.db.execute(
            """
            SELECT d.measure_id, d.month, d.body, d.past FROM review_dates d
            JOIN measures m ON m.id = d.measure_id
            WHERE m.report_id = ? ORDER BY d.measure_id, d.position
            """,
            [report_id],
        ):
            dates.setdefault(measure_id, []).append(ReviewDate(month, body, bool(past)))
        rows = self.db.execute_returning_dicts(
            "SELECT * FROM measures WHERE report_id = ? ORDER BY position", [report_id]
        )
        return [_measure_from_row(row, tuple(dates.get(row["id"], ()))) for row in rows]

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
        )

    def search_codes(self, report_id: int, text: str) -> set[str]:
        """Codes of the report's measures matching ``text``, prefix matching each word.

        Searches title, code, commentary, actions and review with FTS5; text that FTS
        cannot take (quotes, operators) falls back to a plain substring match.
        """
        words = text.split()
        if not words:
            return {m.code for m in self.measures(report_id)}
        query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        try:
            rows = self.db.execute(
                """
                SELECT m.code FROM measures_fts f JOIN measures m ON m.id = f.rowid
                WHERE measures_fts MATCH ? AND m.report_id = ?
                """,
                [query, report_id],
            ).fetchall()
        except sqlite3.OperationalError:
            return self._substring_codes(report_id, text)
        return {r[0] for r in rows}

    # -- history across periods -------------------------------------------------------

    def series(self, info: ReportInfo) -> list[ReportInfo]:
        """Every period of the same report (same name and data source), oldest first."""
        return [r for r in self.reports() if (r.name, r.source) == (info.name, info.source)]

    def previous_report(self, info: ReportInfo) -> ReportInfo | None:
        """The report of the period before this one in its series, if held."""
        earlier = [r for r in self.series(info) if r.period < info.period]
        return earlier[-1] if earlier else None

    def history(self, info: ReportInfo, code: str) -> list[tuple[ReportInfo, Measure]]:
        """A measure in every period of the report's series that has it, oldest first."""
        out = []
        for report in self.series(info):
            rows = self.db.execute_returning_dicts(
                "SELECT * FROM measures WHERE report_id = ? AND code = ?", [report.id, code]
            )
            out.extend((report, _measure_from_row(row, self._dates(row["id"]))) for row in rows)
        return out

    def _dates(self, measure_id: int) -> tuple[ReviewDate, ...]:
        rows = self.db.execute(
            "SELECT month, body, past FROM review_dates WHERE measure_id = ? ORDER BY position", [measure_id]
        ).fetchall()
        return tuple(ReviewDate(m, b, bool(p)) for m, b, p in rows)

    def _substring_codes(self, report_id: int, text: str) -> set[str]:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clause = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in FTS_COLUMNS)
        rows = self.db.execute(
            f"SELECT code FROM measures WHERE report_id = ? AND ({clause})",
            [report_id, *([like] * len(FTS_COLUMNS))],
        ).fetchall()
        return {r[0] for r in rows}


def _measure_from_row(row: dict, dates: tuple[ReviewDate, ...]) -> Measure:
    return measure_from_dict(
        {
            **row,
            "alt_codes": json.loads(row["alt_codes"]),
            "review_dates": [{"month": d.month, "body": d.body, "past": d.past} for d in dates],
            "pages": (row["first_page"], row["last_page"]),
        }
    )
