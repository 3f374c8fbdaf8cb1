"""A whole report from a table-family reader's :class:`RawTable`: name, period, mapping, measures."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from scorecard_tui.errors import PeriodMissing, RatingWordsUnknown, RowsUnreadable, ScorecardError
from scorecard_tui.model import NO_SOURCE, Rag, Report, period_end
from scorecard_tui.parse.cells import legend_symbols, parse_rating_name, rating_key, rating_meaning
from scorecard_tui.parse.footer import check_period
from scorecard_tui.parse.furniture import MARKING, is_legend_line
from scorecard_tui.parse.headers import Field, MappedTable, map_table, normalise_header, parse_overrides
from scorecard_tui.parse.period_words import find_period, strip_period_words
from scorecard_tui.parse.table_measures import RatingWord, measures_from_table
from scorecard_tui.parse.table_model import RawTable
from scorecard_tui.parse.tolerance import legend_tolerance, with_tolerance
from scorecard_tui.text.safe import clean_line, clean_text

HeldSeries = Callable[[str], list[tuple[str, tuple[str, ...], set[str]]]]
"""Given a data source, each held table series: name, latest header row, latest codes (newest first)."""

RememberedMaps = Callable[[str, str], dict[str, str]]
"""Given a report's name and data source (its series), the ``--map`` choices stored for it at earlier imports."""

RATING = "\x00rating:"
"""Prefix of a ``--rating`` choice carried among the ``--map`` choices (word -> rating name); no header has it."""

SERIES = "\x00series"
"""Key of ``--series NAME`` carried among the ``--map`` choices."""

SKIP = "\x00skip-unreadable"
"""Key of ``--skip-unreadable`` carried among the ``--map`` choices."""


def split_choices(choices: dict[str, str] | None) -> tuple[dict[str, str], dict[str, str], str | None]:
    """``--map`` choices, ``--rating`` choices and ``--series`` from one dict (see :data:`RATING`)."""
    maps: dict[str, str] = {}
    ratings: dict[str, str] = {}
    for key, value in (choices or {}).items():
        if key.startswith(RATING):
            ratings[key[len(RATING) :]] = value
        elif key not in (SERIES, SKIP):
            maps[key] = value
    return maps, ratings, (choices or {}).get(SERIES)


def parse_choices(
    maps: tuple[str, ...], ratings: tuple[str, ...] = (), series: str | None = None, skip_unreadable: bool = False
) -> dict[str, str]:
    """``--map``, ``--rating`` and ``--series`` as one dict of choices (see :func:`split_choices`).

    Raises:
        ScorecardError: for a ``--map`` or ``--rating`` that is not like ``X=Y``, or names no field or rating.
    """
    choices = parse_overrides(maps)
    for item in ratings:
        word, sep, name = item.rpartition("=")
        word = clean_line(word)  # a word typed is data: no control characters kept or remembered
        if not sep or not word.strip():
            raise ScorecardError(f"--rating {item!r} is not like 'WORD=Red|Amber|Green|Blue|none'")
        try:
            rag = parse_rating_name(name)
        except ScorecardError as exc:
            raise ScorecardError(f"--rating {item!r}: {exc}") from None
        choices[RATING + " ".join(word.split())] = rating_meaning(rag)
    if series is not None:
        if not clean_line(series).strip():
            raise ScorecardError("--series needs a name")
        choices[SERIES] = clean_line(series).strip()[:120]
    if skip_unreadable:
        choices[SKIP] = "yes"
    return choices


def with_series(reading: Reading, choices: dict[str, str] | None) -> Reading:
    """The reading under ``--series NAME`` whatever its family (a table family has named it already)."""
    series = (choices or {}).get(SERIES)
    if series is None or reading.report.name == series:
        return reading
    return replace(reading, report=replace(reading.report, name=series))


_SOURCE = re.compile(r"^\s*(?:Data\s+)?Source\s*:\s*(?P<source>.{1,60}?)\s*$", re.I)
_MARKING = MARKING
_CAVEAT = re.compile(r"^\W*(?:ILLUSTRATIVE|NOT PUBLISHED|DRAFT|FOR INTERNAL USE)\b")
"""A protective marking or a caveat line ("OFFICIAL", "ILLUSTRATIVE DATA - NOT PUBLISHED"): never the name."""


class TableReadError(ScorecardError):
    """A table whose columns mapped but whose period or rows could not be read; ``inspect``
    still shows the mapping."""

    def __init__(self, message: str, mapped: MappedTable, name: str) -> None:
        super().__init__(message)
        self.mapped = mapped
        self.name = name


class MappedPeriodMissing(TableReadError, PeriodMissing):
    """No period, after the columns mapped: ``inspect`` shows the mapping, the app asks for the period."""


class MappedRatingWordsUnknown(TableReadError, RatingWordsUnknown):
    """Rating words the import does not know, after the columns mapped: the app asks what each means."""

    def __init__(self, exc: RatingWordsUnknown, mapped: MappedTable, name: str) -> None:
        super().__init__(str(exc), mapped, name)
        self.words = exc.words


class MappedRowsUnreadable(TableReadError, RowsUnreadable):
    """Rows that cannot be read, after the columns mapped: the app offers to import the rest."""

    def __init__(self, exc: RowsUnreadable, mapped: MappedTable, name: str) -> None:
        super().__init__(str(exc), mapped, name)
        self.rows = exc.rows
        self.readable = exc.readable
        self.words = exc.words


@dataclass(frozen=True)
class Reading:
    """A report as read, with what ``inspect`` shows about how it was read."""

    report: Report
    family: str
    """The report family recognised, e.g. ``spreadsheet (.xlsx)``."""
    mapped: MappedTable | None = None
    """How each column mapped (table families only)."""
    period_from: str = ""
    """Where the period came from: ``--period``, the report's words, or the fetch date."""
    notes: tuple[str, ...] = ()
    overrides: dict[str, str] | None = None
    """The ``--map`` choices given for this import (to remember for the series)."""
    page_check: str = ""
    """PDFs and text extractions: how the pages were checked (``not numbered, so not checked ...``)."""
    looked: tuple[str, ...] = ()
    """The readers asked, in order, and why each declined (the last read the file)."""
    rating_words: tuple[RatingWord, ...] = ()
    """Every distinct rating word the table uses, with what it is stored as (table families)."""
    option_notes: tuple[str, ...] = ()
    """What the import says about the options given, e.g. a ``--rating`` word no cell uses (a typo?)."""


def _name_line(table: RawTable) -> tuple[int, str] | None:
    """The title line that names the report (its index, the name), with the period words taken out.

    Sources, protective markings ("OFFICIAL") and caveats are never the name. The line that
    states the period ("Corporate Performance Report - Quarter 2 2023/24") is the report's
    title; a council's name above it is not. Without such a line, the first candidate.
    """
    candidates: list[tuple[bool, int, str]] = []
    for i, line in enumerate(table.title_lines):
        if _SOURCE.match(line) or _MARKING.match(clean_text(line)) or _CAVEAT.match(clean_text(line)):
            continue
        if len(legend_symbols(line)) >= 2:  # a key to the symbols ("● On target, ▲ Close to target") names nothing
            continue
        text = clean_line(line)
        name = strip_period_words(text)[:120].strip()
        if name:
            candidates.append((name != text[:120].strip(), i, name))
    if not candidates:
        return None
    _, i, name = next((c for c in candidates if c[0]), candidates[0])
    return i, name


def report_name(table: RawTable, path: Path) -> str:
    """The report's name: the title line that names it (see :func:`_name_line`), else the file's."""
    if found := _name_line(table):
        return found[1]
    return name_from_file(path)


_FILE_DATE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:19|20)\d\d[-_. ]?(?:0[1-9]|1[0-2])(?:[-_. ]?(?:0[1-9]|[12]\d|3[01]))?"
    r"|(?:0?[1-9]|[12]\d|3[01])[-_. ](?:0?[1-9]|1[0-2])[-_. ](?:19|20)\d\d"
    r"|(?:19|20)\d\d(?:[-_. ](?:19|20)?\d\d)?)(?![0-9])"
)
_FILE_VERSION = re.compile(
    r"(?<![A-Za-z0-9])(?:v\d+(?:\.\d+)*|version[-_. ]?\d+|rev[-_. ]?\d+|final|draft|copy|updated|latest"
    r"|amended|revised|\(\d+\))(?![A-Za-z0-9])",
    re.I,
)
_ACRONYMS = {"kpi": "KPI", "kpis": "KPIs", "pi": "PI", "pis": "PIs", "rag": "RAG", "nhs": "NHS", "uk": "UK"}


def name_from_file(path: Path) -> str:
    """A report's name from its file's name, with dates, quarter and version words taken out, so each
    quarter's file joins one series: ``hart-dc-kpis-2014-09.csv`` -> ``Hart DC KPIs``."""
    stem = _FILE_VERSION.sub(" ", _FILE_DATE.sub(" ", clean_text(path.stem)))
    stem = strip_period_words(re.sub(r"[_\-.]+", " ", stem)).strip()
    if stem == stem.lower():
        words = [
            _ACRONYMS.get(w, w.upper() if not re.search(r"[aeiouy\d]", w) else w.capitalize()) for w in stem.split()
        ]
        stem = " ".join(words)
    return stem or "Scorecard"


def report_subtitle(table: RawTable) -> str | None:
    """The title lines other than the name and the source (e.g. "ILLUSTRATIVE DATA - NOT PUBLISHED"),
    one per line, or None."""
    found = _name_line(table)
    skip = found[0] if found else -1
    lines = [
        line
        for i, line in enumerate(table.title_lines)
        if i != skip and not _SOURCE.match(line) and not is_legend_line(line)  # a key is no subtitle
    ]
    return "\n".join(lines) or None


def _source(table: RawTable) -> str:
    for line in table.title_lines:
        if m := _SOURCE.match(line):
            return clean_line(m["source"])
    return NO_SOURCE


def reading_from_table(
    table: RawTable,
    *,
    family: str,
    path: Path,
    sha256: str,
    period: str | None = None,
    overrides: dict[str, str] | None = None,
    remembered: RememberedMaps | None = None,
) -> Reading:
    """Map a table's columns and read its measures into a Report.

    Args:
        table: What the family's reader found.
        family: What to call the family in messages and ``inspect``.
        path: The file (its name is kept; its stem names a report with no title).
        sha256: Digest of the file.
        period: ``--period``: wins over the report's words.
        overrides: ``--map`` choices for this import.
        remembered: Looks up ``--map`` choices stored for the report's series.

    Raises:
        ScorecardError: no title column, no period, or rows that cannot be read.
    """
    maps, ratings, series = split_choices(overrides)
    name = series or report_name(table, path)
    source = _source(table)
    held: HeldSeries | None = getattr(remembered, "held_series", None)
    found = held(source) if held is not None else []
    series_notes: list[str] = []
    # only a file with no title line: two titled reports of one system (a scorecard and its
    # exceptions) may share columns and codes, and must not replace each other's periods
    new_name = series is None and found and _name_line(table) is None and not any(n == name for n, _, _ in found)
    if new_name and (joined := _joins(table, maps, found)):
        series_notes.append(f"joins the held series {joined[0]!r}: {joined[1]}")
        name = joined[0]
    held_choices = remembered(name, source) if remembered else {}
    if not held_choices and found:
        same = next((n for n, headers, _ in found if n != name and _same_headers(headers, table.header)), None)
        if same is not None and remembered is not None and (held_choices := remembered(same, source)):
            series_notes.append(f"--map and --rating choices remembered from {same!r} (same headers)")
    held_maps, held_ratings, _ = split_choices(held_choices)
    mapped = map_table(table, overrides=maps, remembered=held_maps)
    keys = (*table.title_lines, *table.legend_lines)
    words = {k: (rag, "the file's legend") for line in keys for k, rag in legend_symbols(line).items()}
    words |= {rating_key(w): (_held(r), "remembered --rating") for w, r in held_ratings.items() if _valid(r)}
    words |= {rating_key(w): (parse_rating_name(r), "--rating") for w, r in ratings.items()}
    skip = SKIP in (overrides or {})
    try:
        label, period_from = _period(table, period)
        read = measures_from_table(
            mapped, report_name=name, as_of=period_end(label), rating_words=words, skip_unreadable=skip
        )
    except PeriodMissing as exc:
        raise MappedPeriodMissing(_and_rows(str(exc), mapped, name, words, skip), mapped, name) from exc
    except RatingWordsUnknown as exc:
        raise MappedRatingWordsUnknown(exc, mapped, name) from exc
    except RowsUnreadable as exc:
        raise MappedRowsUnreadable(exc, mapped, name) from exc
    except ScorecardError as exc:
        raise TableReadError(str(exc), mapped, name) from exc
    legend = legend_tolerance((*table.title_lines, *table.legend_lines, *read.legend_lines))
    measures, tolerance_notes = with_tolerance(read.measures, legend)
    report = Report(
        name=name,
        source=source,
        period=label,
        fetched_at=None,  # a table states no fetch time
        pages=table.pages,
        measures=measures,
        file_name=path.name,
        sha256=sha256,
        subtitle=report_subtitle(table),
        unread_rows=read.unread,
        header_row=tuple(table.header),
    )
    used = {rating_key(w.word) for w in read.rating_words}
    unused = tuple(
        f"--rating {f'{w}={r}'!r}: no rating cell says {w!r} (remembered for the series all the same)"
        for w, r in ratings.items()
        if rating_key(w) not in used
    )
    notes = (*series_notes, *table.notes, *mapped.notes, *read.notes, *tolerance_notes, *unused)
    return Reading(
        report,
        family,
        mapped,
        period_from,
        tuple(notes),
        overrides or None,
        table.page_check,
        rating_words=read.rating_words,
        option_notes=unused,
    )


def _same_headers(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two header rows name the same columns (case, spacing and period words aside)."""
    return [normalise_header(h) for h in a] == [normalise_header(h) for h in b]


def _joins(
    table: RawTable, maps: dict[str, str], found: list[tuple[str, tuple[str, ...], set[str]]]
) -> tuple[str, str] | None:
    """The held series a file with another name joins: the same columns, and most of its codes held there."""
    try:
        mapped = map_table(table, overrides=maps)
    except ScorecardError:
        return None
    column = mapped.column(Field.CODE)
    if column is None:
        return None
    codes = {c for row in table.rows if column < len(row.cells) and (c := " ".join(row.cells[column].text.split()))}
    for name, headers, held_codes in found:
        shared = len(codes & held_codes)
        if codes and _same_headers(headers, table.header) and shared * 2 > len(codes):
            return name, f"the same columns, and {shared} of its {len(codes)} codes are held there"
    return None


def _valid(name: str) -> bool:
    """Whether a remembered rating names one (another tool's row may not: it is ignored)."""
    try:
        parse_rating_name(name)
    except ScorecardError:
        return False
    return True


def _held(name: str) -> Rag | None:
    return parse_rating_name(name)


def _and_rows(
    missing: str, mapped: MappedTable, name: str, words: dict[str, tuple[Rag | None, str]], skip: bool
) -> str:
    """The missing period's line, with what the rows would refuse next (unknown rating words, a
    row not read) said after it: both fixes in one go rather than one import each. The rows are read
    as of a stand-in date, only for that."""
    try:
        measures_from_table(mapped, report_name=name, as_of=date.today(), rating_words=words, skip_unreadable=skip)
    except ScorecardError as exc:
        return f"{missing}; and {exc}"
    return missing


def _period(table: RawTable, given: str | None) -> tuple[str, str]:
    if given:
        return check_period(given), "--period"
    found = find_period([*table.title_lines, *table.header])
    if found:
        return found.label, f"the report's words {found.words!r}"
    raise PeriodMissing("no period found in the report's title or headers; give one with --period (like '2023/24 Q2')")
