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
from scorecard_tui.app.table_layout import CODE_MAX, NUMBER_COLUMNS, TablePlan, plan_table
from scorecard_tui.app.view import Marks, next_review
from scorecard_tui.model import Measure

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
        Binding("home", "scroll_top", "First measure", show=False),
        Binding("end", "scroll_bottom", "Last measure", show=False),
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
        self._plan: TablePlan | None = None
        self._columns_for: Sequence[Measure] | None = None

    def show_measures(
        self, measures: Sequence[Measure], rows: list[int], keep: int | None = None, marks: Marks | None = None
    ) -> None:
        """Show ``rows`` (positions in ``measures``), keeping the cursor on ``keep``.

        When only the marks changed, the marked cells are updated in place.
        """
        marks = marks or Marks()
        if measures is self._measures and rows == self._rows and self.columns and self._plan == self._plan_for(marks):
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
                if was != now and self._plan is not None and column in self._plan.keys:
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

    def _plan_for(self, marks: Marks, width: int | None = None) -> TablePlan:
        """The columns for this width; empty columns (no flags, no changes) left out."""
        measures = self._measures
        numbers = {
            label: max([len(label), *(len(self._number(m, label)) for m in measures)]) for label in NUMBER_COLUMNS
        }
        width = self.scrollable_content_region.width if width is None else width
        return plan_table(
            width,
            code_width=max([0, *(literal(m.code, newlines=False).cell_len for m in measures)]),
            flags=any(marks.flags.get(m.key) for m in measures),
            changes=any(marks.changes.get(m.key) for m in measures),
            number_widths=numbers,
        )

    @property
    def plan(self) -> TablePlan | None:
        """The columns on show (None before the first report)."""
        return self._plan

    def _rebuild(self, keep: int | None) -> None:
        plan = self._plan_for(self._marks)
        if plan != self._plan or self._columns_for is not self._measures:
            self._plan = plan
            self._columns_for = self._measures
            self.clear(columns=True)
            for column in plan.columns:
                self.add_column(column.label, width=column.width, key=column.key)
            self.fixed_columns = plan.frozen
        else:
            self.clear()
        for position in self._rows:
            self.add_row(*self._cells(self._measures[position]), key=str(position))
        if keep is not None and keep in self._rows:
            self.move_cursor(row=self._rows.index(keep), animate=False)
        self.post_message(self.MeasureHighlighted(self.current))

    def _marked_cells(self, m: Measure, marks: Marks) -> tuple[Text, Text, Text]:
        plan = self._plan
        short = plan or TablePlan((), True, True, True)
        return (
            flag_badge(marks.flags.get(m.key), short=short.short_flag),
            change_badge(marks.changes.get(m.key), short=short.short_change),
            Text(month_label(next_review(m, marks.as_of), short=short.short_review)),
        )

    @staticmethod
    def _number(m: Measure, label: str) -> str:
        value = {
            "Q target": m.quarter_target,
            "Q actual": m.quarter_actual,
            "F target": m.forecast_target,
            "F actual": m.forecast_actual,
        }[label]
        return value_text(value, m.unit)

    def _cells(self, m: Measure) -> list[Text]:
        assert self._plan is not None
        flag, change, review = self._marked_cells(m, self._marks)
        cells = {
            "Code": _cut(literal(m.code, newlines=False), CODE_MAX),
            "Flag": flag,
            "Measure": _cut(literal(m.title, newlines=False), self._plan.title_width),
            "Qtr": rag_badge(m.rag_quarter, letter=True),
            "Fcst": rag_badge(m.rag_forecast, letter=True),
            "Change": change,
            "Direction": direction_text(m.direction, short=True),
            "Review": review,
        }
        return [cells[key] if key in cells else Text(self._number(m, key), justify="right") for key in self._plan.keys]

    def on_resize(self, event: events.Resize) -> None:
        if self._measures and self._plan_for(self._marks) != self._plan:
            self._rebuild(self.current)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.MeasureHighlighted(self.current))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (position := self.current) is not None:
            self.post_message(self.MeasureOpened(position))
