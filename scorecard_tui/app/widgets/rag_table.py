"""RagTable: one row per measure, RAG cells coloured and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from scorecard_tui.app.render import change_badge, direction_text, flag_badge, month_label, rag_badge, value_text
from scorecard_tui.app.safe import literal
from scorecard_tui.app.view import Marks, next_review
from scorecard_tui.model import Measure

CODE_WIDTH = 12
FLAG_WIDTH = 5
RAG_WIDTH = 4
CHANGE_WIDTH = 8
DIRECTION_WIDTH = 15
SHORT_DIRECTION_WIDTH = 3
REVIEW_WIDTH = 8
TITLE_MIN, TITLE_MAX, TITLE_ROOMY = 18, 44, 24
COLUMNS = ("Code", "Flag", "Measure", "Qtr", "Fcst", "Change", "Direction", "Review")
WIDTHS = (CODE_WIDTH, FLAG_WIDTH, 0, RAG_WIDTH, RAG_WIDTH, CHANGE_WIDTH, DIRECTION_WIDTH, REVIEW_WIDTH)
NUMBER_COLUMNS = ("Q target", "Q actual", "F target", "F actual")
MARKED_COLUMNS = ("Flag", "Change", "Review")
"""Columns that depend on the marks (flags, changes, the as-of date) rather than the measure."""


def _cut(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis")
    return text


class RagTable(DataTable[Text]):
    """The measures in view; the row key is the measure's position in the report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "screen.clear_filters", "Clear filters", show=False, id="clear-filters"),
    ]

    @dataclass
    class MeasureHighlighted(Message):
        """The cursor is on a measure (None: the table is empty)."""

        position: int | None

    @dataclass
    class MeasureOpened(Message):
        """Enter was pressed on a measure."""

        position: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self._measures: Sequence[Measure] = ()
        self._rows: list[int] = []
        self._marks = Marks()
        self._title_width = 0
        self._short_direction = False
        self._columns_for: Sequence[Measure] | None = None

    def show_measures(
        self, measures: Sequence[Measure], rows: list[int], keep: int | None = None, marks: Marks | None = None
    ) -> None:
        """Show ``rows`` (positions in ``measures``), keeping the cursor on ``keep``.

        When only the marks changed, the marked cells are updated in place.
        """
        marks = marks or Marks()
        if measures is self._measures and rows == self._rows and self.columns:
            if marks != self._marks:
                self._update_marks(marks)
            return
        self._measures, self._rows, self._marks = measures, rows, marks
        self._rebuild(keep)

    def _update_marks(self, marks: Marks) -> None:
        old, self._marks = self._marks, marks
        for position in self._rows:
            before, after = (
                self._marked_cells(self._measures[position], old),
                self._marked_cells(self._measures[position], marks),
            )
            for column, was, now in zip(MARKED_COLUMNS, before, after, strict=True):
                if was != now:
                    self.update_cell(str(position), column, now)

    @property
    def current(self) -> int | None:
        """Position of the measure under the cursor."""
        if not self._rows or not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row]

    def select_measure(self, position: int) -> bool:
        """Move the cursor to a measure; False when it is not in view."""
        if position not in self._rows:
            return False
        self.move_cursor(row=self._rows.index(position))
        return True

    @staticmethod
    def _layout_for(width: int) -> tuple[int, bool]:
        """The title's width, and whether direction shows as an arrow only (to leave the title room)."""
        fixed = sum(WIDTHS) + 2 * len(COLUMNS) + 2
        if width - fixed >= TITLE_ROOMY:
            return min(TITLE_MAX, width - fixed), False
        return max(TITLE_MIN, min(TITLE_MAX, width - fixed + DIRECTION_WIDTH - SHORT_DIRECTION_WIDTH)), True

    def _rebuild(self, keep: int | None) -> None:
        layout = self._layout_for(self.size.width)
        if layout != (self._title_width, self._short_direction) or self._columns_for is not self._measures:
            self._title_width, self._short_direction = layout
            self._columns_for = self._measures
            self._add_columns()
        else:
            self.clear()
        for position in self._rows:
            self.add_row(*self._cells(self._measures[position]), key=str(position))
        if keep is not None and keep in self._rows:
            self.move_cursor(row=self._rows.index(keep), animate=False)
        self.post_message(self.MeasureHighlighted(self.current))

    def _add_columns(self) -> None:
        """Fixed widths, the number columns sized for the whole report (not the rows in view)."""
        self.clear(columns=True)
        widths = [width or self._title_width for width in WIDTHS]
        for key, width in zip(COLUMNS, widths, strict=True):
            label = key
            if key == "Direction" and self._short_direction:
                label, width = "Dir", SHORT_DIRECTION_WIDTH
            self.add_column(label, width=width, key=key)
        rows = [self._cells(m) for m in self._measures]
        for index, label in enumerate(NUMBER_COLUMNS, start=len(COLUMNS)):
            width = max([len(label), *(row[index].cell_len for row in rows)])
            self.add_column(label, width=width, key=label)

    def _marked_cells(self, m: Measure, marks: Marks) -> tuple[Text, Text, Text]:
        return (
            flag_badge(marks.flags.get(m.key)),
            change_badge(marks.changes.get(m.key)),
            Text(month_label(next_review(m, marks.as_of))),
        )

    def _cells(self, m: Measure) -> list[Text]:
        flag, change, review = self._marked_cells(m, self._marks)
        return [
            _cut(literal(m.code, newlines=False), CODE_WIDTH),
            flag,
            _cut(literal(m.title, newlines=False), self._title_width),
            rag_badge(m.rag_quarter, letter=True),
            rag_badge(m.rag_forecast, letter=True),
            change,
            direction_text(m.direction, short=self._short_direction),
            review,
            Text(value_text(m.quarter_target, m.unit), justify="right"),
            Text(value_text(m.quarter_actual, m.unit), justify="right"),
            Text(value_text(m.forecast_target, m.unit), justify="right"),
            Text(value_text(m.forecast_actual, m.unit), justify="right"),
        ]

    def on_resize(self, event: events.Resize) -> None:
        if self._layout_for(event.size.width) != (self._title_width, self._short_direction) and self._measures:
            self._rebuild(self.current)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.MeasureHighlighted(self.current))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (position := self.current) is not None:
            self.post_message(self.MeasureOpened(position))
