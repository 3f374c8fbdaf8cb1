"""Reading a scorecard database: its reports, a report's measures, the history of a report
series across periods, search, and the import choices remembered for a series.

:class:`ReportReader` needs nothing but a connection; :class:`~scorecard_tui.store.db.Store`
is one, and adds opening, checking and writing the file.
"""

from __future__ import annotations

import sqlite3

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import (
    Measure,
    Rag,
    Report,
    ReportInfo,
    ReviewDate,
    measure_key,
    number_repeats,
    occurrences,
)
from scorecard_tui.store import remembered
from scorecard_tui.store.measure_rows import MEASURE_COLUMNS, RAGS, measure_from_row, member
from scorecard_tui.store.report_facts import ReportFacts, report_facts
from scorecard_tui.store.search import matching_keys
from scorecard_tui.store.values import stored_month, stored_time
from scorecard_tui.text.safe import clean_line, clean_optional, clean_subtitle, clean_text


class ReportReader:
    """The reads of a scorecard database, each cleaning what it returns: the file may hold what
    another tool wrote.

    It needs nothing but :attr:`conn`.
    """

    conn: sqlite3.Connection
    """The connection: every read goes through it."""

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
        return list(number_repeats(measure_from_row(row, tuple(dates.get(row[0], ()))) for row in rows))

    def ratings(self, report_id: int) -> dict[str, Rag | None]:
        """A report's quarterly ratings by measure key: what "changed since" needs of the period
        before, read without decoding its measures."""
        rows = self.conn.execute(
            "SELECT code, rag_quarter FROM measures WHERE report_id = ? ORDER BY position", [report_id]
        ).fetchall()
        codes = [clean_text(code) for code, _ in rows]
        return {
            measure_key(code, n): member(Rag, RAGS, rag)
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

    def report_facts(self, report_id: int) -> ReportFacts:
        """What the store keeps of a report beyond its measures (:class:`ReportFacts`): its digest, import
        time, header row, rows left out, tolerances, and the choices remembered for its series."""
        return report_facts(self.conn, report_id)

    def search_codes(self, report_id: int, text: str) -> set[str]:
        """Keys of the report's measures matching ``text`` (:attr:`Measure.key`: the code, unless
        the report repeats it), prefix matching each word.

        Searches title, code, commentary, actions and review with FTS5; text that FTS
        cannot take (quotes, operators) falls back to a plain substring match.
        """
        if not text.split():
            return {m.key for m in self.measures(report_id)}
        return matching_keys(self.conn, report_id, text)

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

    # -- choices remembered for a series ---------------------------------------------

    def header_maps(self, report_name: str, source: str) -> dict[str, str]:
        """The ``--map`` choices remembered for a report series (its name and data source): header -> field."""
        return remembered.header_maps(self.conn, report_name, source)

    def rating_words(self, report_name: str, source: str) -> dict[str, str]:
        """The ``--rating`` choices remembered for a report series: word -> Red, Amber, Green, Blue or none."""
        return remembered.rating_words(self.conn, report_name, source)

    def held_series(self, source: str) -> list[tuple[str, tuple[str, ...], set[str]]]:
        """Each held table series of a data source, newest first: its name, the header row of its
        latest report, and that report's codes (none for an older database opened read-only)."""
        return remembered.held_series(self.conn, source)
