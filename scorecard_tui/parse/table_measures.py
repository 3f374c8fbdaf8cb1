"""Turn the rows of a mapped table into Measures (every table family shares this)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date

from scorecard_tui.errors import RatingWordsUnknown, RowsUnreadable, ScorecardError, UnknownWord, UnreadRow
from scorecard_tui.model import Direction, Measure, Rag, Value
from scorecard_tui.parse.cells import (
    AMBIGUOUS_WORDS,
    parse_direction_cell,
    parse_number_cell,
    parse_polarity,
    parse_status,
    parse_value_text,
    rating_from_fill,
    rating_key,
    rating_meaning,
)
from scorecard_tui.parse.furniture import is_legend_entry
from scorecard_tui.parse.headers import Field, MappedTable
from scorecard_tui.parse.reviews import narrative_reviews, review_dates
from scorecard_tui.parse.table_model import TableCell, TableRow
from scorecard_tui.parse.tolerance import cell_tolerance
from scorecard_tui.text.safe import clean_line, clean_text
from scorecard_tui.triage.figures import numbers, polarity

_VALUE_FIELDS = (Field.QUARTER_TARGET, Field.QUARTER_ACTUAL, Field.FORECAST_TARGET, Field.FORECAST_ACTUAL)
_ALT_CODE = re.compile(r"^(?P<code>.*?)\s*\(\s*(?P<alt>[^()]{1,24}?\d[^()]{0,8})\s*\)\s*$")
_EMPTY = TableCell()


@dataclass(frozen=True)
class TableMeasures:
    """The measures a table holds, and what ``inspect`` should say about reading them."""

    measures: tuple[Measure, ...]
    notes: tuple[str, ...] = ()
    derived_codes: bool = False
    """True when the table has no code column and codes were made from the titles."""
    rating_words: tuple[RatingWord, ...] = ()
    """Every distinct rating word in the table, with the rating it stores."""
    unread: tuple[str, ...] = ()
    """With ``skip_unreadable``: each row left out, ``row N: 'its text': why (the fix)``."""
    legend_lines: tuple[str, ...] = ()
    """Each key or legend row skipped, its cells joined (``Amber Within 5% of target``): read for the tolerance."""


@dataclass(frozen=True)
class RatingWord:
    """A word a rating column uses, and what it is stored as."""

    word: str
    meaning: str
    """``Red``, ``Amber``, ``Green``, ``Blue`` or ``none``."""
    rows: int
    how: str
    """``built in``, ``--rating``, ``remembered --rating`` or ``the file's legend``."""


class UnknownRatingWord(ScorecardError):
    """A rating cell whose word is none the import knows."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not a rating: {text[:40]!r}")
        self.word = text[:40]
        self.text = text
        """The whole word (spacing collapsed): what a ``--rating`` for it must name."""


def derived_code(title: str) -> str:
    """A stable code for a measure with none: initials of the title and a short hash of it.

    The same title (whatever its case and spacing) gives the same code every quarter,
    so history, changes and flags carry across.
    """
    words = re.findall(r"[A-Za-z0-9]+", title)
    initials = "".join(w[0] for w in words if w.lower() not in ("of", "the", "and", "to", "in", "a", "for", "on"))
    digest = hashlib.sha1(" ".join(title.lower().split()).encode()).hexdigest()[:4]
    return f"{(initials[:6] or 'M').upper()}-{digest}"


def _paragraphs(text: str) -> str:
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # one line of printable ASCII, single-spaced: nothing below would change it
    lines = (" ".join(line.split()) for line in clean_text(text).splitlines())
    return "\n".join(line for line in lines if line)


def _split_code(text: str) -> tuple[str, tuple[str, ...]]:
    text = clean_line(text)
    alts: list[str] = []
    while (m := _ALT_CODE.match(text)) and m["code"]:
        alts.insert(0, m["alt"].strip())
        text = m["code"]
    return text, tuple(alts)


def _header_unit(header: str) -> str | None:
    m = re.search(r"\(\s*(%|£|days?|per [^)]+)\s*\)", header, re.I)
    return m.group(1) if m else None


class _RowReader:
    """Reads one row; collects notes."""

    def __init__(
        self, mapped: MappedTable, report_name: str, as_of: date, words: dict[str, tuple[Rag | None, str]]
    ) -> None:
        self.mapped = mapped
        self.words = words
        self.ratings = {key: rag for key, (rag, _) in words.items()}
        self.used: dict[str, RatingWord] = {}
        """Each rating word met, as first met (its rows counted in :attr:`uses`)."""
        self.uses: dict[str, int] = {}
        self.report_name = report_name
        self.as_of = as_of
        self.notes: list[str] = []
        self.cols = {f: mapped.column(f) for f in Field}
        self.rating_cols = {self.cols[Field.RAG_QUARTER], self.cols[Field.RAG_FORECAST]}
        self.group: str | None = None
        self.key_rows: list[str] = []
        self.key_texts: list[str] = []
        """Where the rows of a key or legend table among the rows are (skipped)."""

    def cell(self, row: TableRow, field: Field) -> TableCell:
        index = self.cols.get(field)
        if index is None or index >= len(row.cells):
            return _EMPTY
        return row.cells[index]

    def text(self, row: TableRow, field: Field) -> str:
        return clean_text(self.cell(row, field).text)

    def where(self, row: TableRow, number: int) -> str:
        return f"row {row.line}" if row.line else f"row {number}"

    def rating(self, row: TableRow, field: Field, where: str) -> Rag | None:
        """A rating from the status column's words, else from its fill colour."""
        if self.cols.get(field) is None:
            return None
        cell = self.cell(row, field)
        text = clean_text(cell.text)
        if text.strip():
            key = rating_key(text)
            try:
                rag = parse_status(text, self.ratings)
            except ScorecardError:
                if rating_from_fill(cell.fill).rag is None:
                    raise UnknownRatingWord(" ".join(text.split())) from None
            else:
                how = self.words[key][1] if key in self.words else "built in"
                if key not in self.used:
                    self.used[key] = RatingWord(" ".join(text.split())[:40], rating_meaning(rag), 0, how)
                self.uses[key] = self.uses.get(key, 0) + 1
                return rag
        if cell.fill is None:
            return None
        fill = rating_from_fill(cell.fill)
        if not fill.classified:
            hex_colour = "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in cell.fill)
            self.notes.append(f"{where}: {field.value} fill {hex_colour} is no rating colour; left unrated")
        return fill.rag

    def direction(self, cell: TableCell, where: str) -> Direction | None:
        """Words, arrows or a symbol-font letter; other text ("Annual measure") is no direction, noted."""
        text = clean_text(cell.text)
        try:
            return parse_direction_cell(text, cell.font)
        except ScorecardError:
            self.notes.append(f"{where}: direction {' '.join(text.split())[:40]!r} read as no direction")
            return None

    def value(self, row: TableRow, field: Field) -> tuple[Value, str | None]:
        cell = self.cell(row, field)
        value: Value
        if cell.number is not None:
            value, unit = parse_number_cell(cell.number, cell.number_format)
        else:
            value, unit = parse_value_text(clean_text(cell.text))
        if unit is None and isinstance(value, int | float) and (index := self.cols.get(field)) is not None:
            unit = _header_unit(self.mapped.table.header[index])
        return value, unit

    def is_key_row(self, row: TableRow) -> bool:
        """A row of a key or legend table (``Green | On target``) printed above or below the measures."""
        filled: list[TableCell] = []
        for i, c in enumerate(row.cells):
            if c.text.strip() or c.number is not None:
                if not filled and c.number is not None:
                    return False
                if i in self.rating_cols:  # a rated row is a measure ("G | Green spaces | Green")
                    return False
                filled.append(c)
                if len(filled) > 3:  # a key's entry has one to three cells (is_legend_entry)
                    return False
        return bool(filled) and is_legend_entry([" ".join(c.text.split()) for c in filled])

    def tolerance(self, row: TableRow) -> float | None:
        """The row's Tolerance cell as a share of the target (:func:`cell_tolerance`); None when blank or unread."""
        cell = self.cell(row, Field.TOLERANCE)
        if cell.number is not None:
            number, unit = parse_number_cell(cell.number, cell.number_format)
            return cell_tolerance("", number, unit)
        return cell_tolerance(clean_text(cell.text))

    def measure(self, row: TableRow, number: int) -> Measure | None:
        title = _paragraphs(self.text(row, Field.TITLE)).replace("\n", " ")
        where = self.where(row, number)
        if self.is_key_row(row):
            self.key_rows.append(where)
            self.key_texts.append(" ".join(" ".join(c.text.split()) for c in row.cells if c.text.strip()))
            return None
        if not title:
            if not any(c.text.strip() or c.number is not None for c in row.cells):
                return None
            raise ScorecardError(f"{where}: no measure title")
        group = " ".join(self.text(row, Field.GROUP).split())
        if group:
            self.group = group
        directorate = (self.group if self.cols[Field.GROUP] is not None else None) or row.group or self.report_name
        code_text = self.text(row, Field.CODE)
        code, alts = _split_code(code_text) if code_text.strip() else (derived_code(title), ())
        values = [self.value(row, f) for f in _VALUE_FIELDS]
        unit_text = " ".join(self.text(row, Field.UNIT).split())
        unit = unit_text or next((u for _, u in values if u), None)
        review = _paragraphs(self.text(row, Field.REVIEW))
        direction_cell = self.cell(row, Field.DIRECTION)
        polarity_index = self.cols[Field.POLARITY]
        polarity_header = self.mapped.table.header[polarity_index] if polarity_index is not None else ""
        return Measure(
            directorate=directorate,
            code=code,
            alt_codes=alts,
            title=title,
            rag_quarter=self.rating(row, Field.RAG_QUARTER, where),
            rag_forecast=self.rating(row, Field.RAG_FORECAST, where),
            quarter_target=values[0][0],
            quarter_actual=values[1][0],
            forecast_target=values[2][0],
            forecast_actual=values[3][0],
            unit=unit,
            direction=self.direction(direction_cell, where),
            long_direction=self.direction(self.cell(row, Field.LONG_DIRECTION), where),
            previous_actual=self.value(row, Field.PREVIOUS_ACTUAL)[0]
            if self.cols[Field.PREVIOUS_ACTUAL] is not None
            else None,
            commentary=(commentary := _paragraphs(self.text(row, Field.COMMENTARY))),
            actions=(actions := _paragraphs(self.text(row, Field.ACTIONS))),
            review=review,
            review_dates=review_dates(review, self.as_of) + narrative_reviews(commentary, actions, self.as_of),
            pages=row.pages,
            polarity=parse_polarity(self.text(row, Field.POLARITY), polarity_header),
            tolerance=self.tolerance(row),
        )


def measures_from_table(
    mapped: MappedTable,
    *,
    report_name: str,
    as_of: date,
    rating_words: dict[str, tuple[Rag | None, str]] | None = None,
    skip_unreadable: bool = False,
) -> TableMeasures:
    """Read every row of a mapped table into a Measure.

    Args:
        mapped: The table with its columns mapped (:func:`~scorecard_tui.parse.headers.map_table`).
        report_name: Directorate for rows with no grouping column, section row or heading.
        as_of: The date review months are judged past against (the period's end, or the fetch date).
        rating_words: The report's own rating words (``--rating``, remembered, its legend), keyed by
            :func:`~scorecard_tui.parse.cells.rating_key`: the rating and where the word came from.
        skip_unreadable: Leave out the rows that cannot be read, each recorded in ``unread``
            (``--skip-unreadable``), rather than refuse the table.

    Raises:
        RatingWordsUnknown: when the only rows that cannot be read are for their rating words.
        RowsUnreadable: when other rows cannot be read (a file mixing families, a damaged table):
            nothing is imported, and the message names the rows.
    """
    reader = _RowReader(mapped, report_name, as_of, rating_words or {})
    measures: list[Measure] = []
    errors: list[str] = []
    unknown: dict[str, tuple[str, list[str]]] = {}
    whole: dict[str, str] = {}  # the whole word of each unknown one, by its key
    unread: list[UnreadRow] = []
    for number, row in enumerate(mapped.table.rows, start=1):
        try:
            measure = reader.measure(row, number)
        except UnknownRatingWord as exc:
            unknown.setdefault(rating_key(exc.word), (exc.word, []))[1].append(reader.where(row, number))
            whole.setdefault(rating_key(exc.word), exc.text)
            fix = f"add --rating {(exc.word + '=Red|Amber|Green|Blue|none')!r}"
            unread.append(UnreadRow(reader.where(row, number), _row_text(row), str(exc), fix))
            continue
        except ScorecardError as exc:
            text = str(exc)
            errors.append(text if text.startswith("row ") else f"{reader.where(row, number)}: {text}")
            reason = text.split(": ", 1)[1] if text.startswith("row ") and ": " in text else text
            fix = "check the row, or its column's --map"
            unread.append(UnreadRow(reader.where(row, number), _row_text(row), reason, fix))
            continue
        if measure is not None:
            measures.append(_derive_direction(measure) if mapped.column(Field.DIRECTION) is None else measure)
    words = [_unknown_word(word, wheres) for word, wheres in list(unknown.values())[:3]]
    if extra := list(unknown.values())[3:]:
        named = ", ".join(f"{w[:40]!r} ({len(wh)} row{'s' if len(wh) != 1 else ''})" for w, wh in extra[:4])
        more = f", and {len(extra) - 4} more" if len(extra) > 4 else ""
        words.append(f"also not rating words: {named}{more}")
    if skip_unreadable and measures:
        errors, words = [], []
    if errors or words:
        shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        rest = " (or --skip-unreadable to import the rest, the rows left out recorded with the report)"
        asked = tuple(UnknownWord(whole[k], len(wh), tuple(wh[:3])) for k, (_, wh) in unknown.items())
        if not errors:
            raise RatingWordsUnknown("; ".join(words) + "; nothing imported" + (rest if measures else ""), asked)
        rows = len(mapped.table.rows)
        raise RowsUnreadable(
            f"{len(errors)} of {rows} rows cannot be read, nothing imported: "
            + "; ".join([*words, shown])
            + (rest if measures else ""),
            tuple(unread),
            len(measures),
            asked,
        )
    if not measures:
        raise ScorecardError("the table has a header row but no measures under it")
    # a repeated code keeps its code: the Report numbers repeats CODE#2 as every family does (model.number_repeats)
    derived = mapped.column(Field.CODE) is None
    notes = list(reader.notes)
    if reader.key_rows:
        shown = ", ".join(reader.key_rows[:4]) + (
            f" and {len(reader.key_rows) - 4} more" if len(reader.key_rows) > 4 else ""
        )
        notes.append(f"{shown}: a key or legend, not measures: skipped")
    if derived:
        notes.insert(0, "no code column: codes are made from titles (initials, short hash), stable across quarters")
    used = tuple(replace(word, rows=reader.uses[key]) for key, word in reader.used.items())
    uses_blue = any(rating_key(u.word) in ("blue", "b") for u in used)
    for u in used:
        if rating_key(u.word) in AMBIGUOUS_WORDS and u.how == "built in" and not uses_blue:
            notes.append(
                f"rating {u.word!r} is stored as Blue (the README's meaning), though this report uses no Blue; "
                f"if it means Green here, add --rating {(u.word + '=Green')!r}"
            )
    if unread and skip_unreadable:
        notes.append(f"--skip-unreadable: {len(unread)} row{'s' if len(unread) != 1 else ''} not read, recorded")
    return TableMeasures(
        tuple(measures),
        tuple(notes),
        derived,
        used,
        tuple(u.line() for u in unread) if skip_unreadable else (),
        tuple(reader.key_texts),
    )


def _derive_direction(m: Measure) -> Measure:
    """With no direction column: the direction from the previous value and the polarity (stated,
    else inferred from target, actual and rating), marked derived; none when either cannot be told."""
    sign = polarity(m)
    pair = numbers(m.previous_actual, m.quarter_actual)
    if sign == 0 or pair is None:
        return m
    change = (pair[1] - pair[0]) * sign
    direction = Direction.IMPROVING if change > 0 else Direction.DETERIORATING if change < 0 else Direction.STABILISED
    return replace(m, direction=direction, direction_derived=True)


def _row_text(row: TableRow) -> str:
    """A row's cells as one short line, for naming a row that was not read."""
    cells = (" ".join((c.text or ("" if c.number is None else f"{c.number:g}")).split()) for c in row.cells)
    text = " | ".join(cell or "(blank)" for cell in cells)
    return repr(text if len(text) <= 80 else text[:79] + "…")


def _unknown_word(word: str, wheres: list[str]) -> str:
    """One line for a rating word no row could be read with: how many rows, the first few, the fix."""
    first = ", ".join(wheres[:3]) + (", ..." if len(wheres) > 3 else "")
    rows = f"{len(wheres)} row{'s' if len(wheres) != 1 else ''}"
    return f"{word!r} is not a rating word ({rows}: {first}): add --rating {(word + '=Red|Amber|Green|Blue|none')!r}"
