"""Read scorecard reports (PDFs or their text extractions, spreadsheets) into domain records.

Owns every file format and the limits checked before one is parsed. Nothing here knows about Textual or
the store.
May import: ``model``, ``errors``, ``compat``, ``text`` and ``triage`` (figures and polarity).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Report
from scorecard_tui.parse.doris import Extraction, ProgressCallback
from scorecard_tui.parse.footer import check_period, period_label
from scorecard_tui.parse.readers import Decline, registry
from scorecard_tui.parse.rows import DORIS_RATINGS_NOTE, build_measure, doris_rating_words
from scorecard_tui.parse.source_file import read_source
from scorecard_tui.parse.table_report import Reading, RememberedMaps, reading_from_table
from scorecard_tui.parse.tolerance import legend_tolerance, with_tolerance
from scorecard_tui.text.safe import clean_report

__all__ = ["NotClaimed", "Reading", "parse_scorecard", "read_scorecard"]


def parse_scorecard(
    path: Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
    remembered: RememberedMaps | None = None,
) -> Report:
    """Read one scorecard file: a DORIS-style PDF or its text extraction, an ``.xlsx`` or a ``.csv``.

    The file is opened once and read whole (a regular file of at most 100 MB); everything
    after that reads those bytes, never the file again, so what is parsed is what the
    stored digest names.

    Args:
        path: The file.
        period: A period label such as ``2018/19 Q1``; else read from the report.
        on_page: Progress: called with (pages done, pages in all) as PDF pages are read, with
            (sheets done, sheets in all) of a workbook and (0, 1) of a CSV at least every
            1,000 rows or 20,000 cells read (a pair may repeat), and with (done, done) at
            the end. Whatever it raises stops the read and comes out of this function
            unchanged (never turned into a :class:`ScorecardError`): raise from it to cancel.
        overrides: ``--map`` choices, header -> field (table families).
        remembered: Looks up ``--map`` choices stored for a report series.

    Raises:
        ScorecardError: with a one-line reason for a file that cannot be imported.
    """
    return read_scorecard(path, period=period, on_page=on_page, overrides=overrides, remembered=remembered).report


def read_scorecard(
    path: Path,
    *,
    period: str | None = None,
    on_page: ProgressCallback | None = None,
    overrides: dict[str, str] | None = None,
    remembered: RememberedMaps | None = None,
) -> Reading:
    """As :func:`parse_scorecard`, with what ``inspect`` shows: the family, the mapping, the period's source."""
    reading = _read(Path(path), period=period, on_page=on_page, overrides=overrides, remembered=remembered)
    # titles, footers and headings are report text too: no escapes in the store, whatever the family
    return replace(reading, report=clean_report(reading.report))


def _read(
    path: Path,
    *,
    period: str | None,
    on_page: ProgressCallback | None,
    overrides: dict[str, str] | None,
    remembered: RememberedMaps | None,
) -> Reading:
    stopped: list[BaseException] = []

    def relay(done: int, total: int) -> None:
        """Calls ``on_page``, noting what it raises: a reader's own error handling must not
        turn a cancel into an "unreadable file"."""
        assert on_page is not None
        try:
            on_page(done, total)
        except BaseException as exc:
            stopped.append(exc)
            raise

    try:
        return _read_data(
            path,
            read_source(path),
            period=period,
            on_page=relay if on_page else None,
            overrides=overrides,
            remembered=remembered,
        )
    except Exception:
        if stopped:
            raise stopped[0] from None
        raise


def _read_data(
    path: Path,
    data: bytes,
    *,
    period: str | None,
    on_page: ProgressCallback | None,
    overrides: dict[str, str] | None,
    remembered: RememberedMaps | None,
) -> Reading:
    """Read a file's bytes (``path`` only names it: it is never opened again).

    The readers are asked in turn whether the file is theirs; the first to claim it reads it.
    """
    if not data or data.isspace():
        raise ScorecardError("the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    looked: list[str] = []
    for reader in registry():
        answer = reader.claims(data, suffix)
        if isinstance(answer, Decline):
            looked.append(f"{reader.name}: {answer.reason}")
            continue
        found = reader.read(data, suffix, on_page)
        looked.append(f"{reader.name}: read it")
        if found.table is not None:
            reading = reading_from_table(
                found.table,
                family=found.family,
                path=path,
                sha256=sha256,
                period=period,
                overrides=overrides,
                remembered=remembered,
            )
        else:
            assert found.extraction is not None
            reading = _doris_reading(found.extraction, found.family, path, sha256, period)
        return replace(reading, looked=tuple(looked))
    raise NotClaimed(_unknown_layout(data), tuple(looked))


class NotClaimed(ScorecardError):
    """No reader took the file; ``looked`` says why each declined (``inspect`` shows it)."""

    def __init__(self, message: str, looked: tuple[str, ...]) -> None:
        super().__init__(message)
        self.looked = looked


READ_LAYOUTS = (
    "tables with a header row naming a measure or indicator column, as CSV, tab-separated text, .xlsx, .ods, "
    ".xls, HTML or PDF; DORIS-style scorecards as PDF or text"
)
"""What the import reads, in the officer's words (for the message on a file no reader takes)."""


def _unknown_layout(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        return f"not a PDF or a text extraction of one, nor any file scorecard reads ({READ_LAYOUTS})"
    return (
        f"no scorecard measures found: this text is in no layout scorecard reads ({READ_LAYOUTS}); "
        "see what was looked for with 'scorecard inspect FILE', or save the table as CSV or .xlsx and import that"
    )


def _doris_reading(found: Extraction, family: str, path: Path, sha256: str, period: str | None) -> Reading:
    rows, footer, pages = found.rows, found.footer, found.pages
    if footer.fetched_at is None:
        raise ScorecardError("no 'Time Fetched' footer, so the report's date is unknown")
    fetched = footer.fetched_at.date()
    measures, notes = with_tolerance(
        tuple(build_measure(r, fetched) for r in rows), legend_tolerance((*found.title_lines, *found.legend_lines))
    )
    all_text = "\n".join(m.commentary for m in measures)
    report = Report(
        name=footer.name or "Council Scorecard",
        source=footer.source or "unknown",
        period=check_period(period) if period else period_label(fetched, all_text),
        fetched_at=footer.fetched_at,
        pages=pages,
        measures=measures,
        organisation=footer.organisation,
        team=footer.team,
        file_name=path.name,
        sha256=sha256,
        subtitle="\n".join(found.title_lines) or None,
    )
    period_from = "--period" if period else f"the 'Time Fetched' footer ({footer.fetched_at:%d %B %Y}) and commentary"
    return Reading(
        report,
        family,
        period_from=period_from,
        notes=(*notes, DORIS_RATINGS_NOTE),
        page_check=found.page_check,
        rating_words=doris_rating_words(list(rows)),
    )
