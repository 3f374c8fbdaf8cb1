"""RagTable: one row per measure, RAG cells coloured and labelled.

A line-API widget (a scroll view drawn a line at a time): showing another set of rows
stores the list and the height, and cells are built only for the rows drawn, once per
measure until the columns, the marks or the report change. Filtering 2,000 measures
thus costs what the screen shows, not what the report holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scorecard_tui.app.table_layout import PADDING, Column, TablePlan, needed_width, plan_table
from scorecard_tui.app.view import Marks
from scorecard_tui.app.widgets.table_cells import (
    MARKED_COLUMNS,
    TABLE_CSS,
    ColumnWidths,
    column_widths,
    line_styles,
    marked_cells,
    measure_cells,
    render_line,
)
from scorecard_tui.model import Measure

HEADER = -1
"""The line cache's key for the header."""


class RagTable(ScrollView, can_focus=True):
    """The measures in view, a row each; rows are positions in the report's measures.

    The header stays on top as the rows scroll, and the code, flag and title columns stay
    on the left when the table is too wide for the terminal and scrolls sideways.
    """

    DEFAULT_CSS = TABLE_CSS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rag-table--header",
        "rag-table--fixed",
        "rag-table--odd-row",
        "rag-table--even-row",
        "rag-table--cursor",
        "rag-table--fixed-cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "scroll_top", "First measure", show=False),
        Binding("end", "scroll_bottom", "Last measure", show=False),
        Binding("ctrl+home", "scroll_top", "First measure", show=False),
        Binding("ctrl+end", "scroll_bottom", "Last measure", show=False),
        Binding("enter", "select_cursor", "Open", show=False),
        Binding("escape", "screen.clear_filters", "Clear filters", show=False, id="clear-filters"),
    ]

    @dataclass
    class MeasureHighlighted(Message):
        """The cursor is on a measure (None: the table is empty)."""

        position: int | None

    @dataclass
    class MeasureOpened(Message):
        """Enter was pressed on a measure (or its row clicked again)."""

        position: int

    @dataclass
    class HeaderClicked(Message):
        """A column's heading was clicked (its key): sort by it."""

        column: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._measures: Sequence[Measure] = ()
        self._rows: list[int] = []
        self._marks = Marks()
        self._plan: TablePlan | None = None
        self._cursor = 0
        self._widths_for: Sequence[Measure] | None = None
        self._widths = ColumnWidths()
        self._wide = False
        self._cells: dict[int, list[Text]] = {}
        """Cells per measure position, built when first drawn."""
        self._cells_for: tuple[Sequence[Measure], TablePlan, Marks] | None = None
        """The measures, columns and marks the cells were built for."""
        self._lines: dict[int, tuple[Strip, Strip]] = {}
        """Drawn lines per row (HEADER for the header): the frozen columns, the whole line."""

    # -- what the rest of the app uses -------------------------------------------------

    def show_measures(
        self, measures: Sequence[Measure], rows: list[int], keep: int | None = None, marks: Marks | None = None
    ) -> None:
        """Show ``rows`` (positions in ``measures``), keeping the cursor on ``keep``.

        When only the marks changed, the marked cells are updated in place.
        """
        marks = marks or Marks()
        same = measures is self._measures and rows == self._rows and self._plan is not None
        self._measures = measures
        if same and self._plan == self._plan_for(marks):
            if marks != self._marks:
                self._update_marks(marks)
            return
        self._rows, self._marks = list(rows), marks
        self._rebuild(keep)

    @property
    def current(self) -> int | None:
        """Position of the measure under the cursor."""
        if not 0 <= self._cursor < len(self._rows):
            return None
        return self._rows[self._cursor]

    def select_measure(self, position: int) -> bool:
        """Move the cursor to a measure; False when it is not in view."""
        if position not in self._rows:
            return False
        self.move_cursor(row=self._rows.index(position))
        return True

    @property
    def plan(self) -> TablePlan | None:
        """The columns on show (None before the first report)."""
        return self._plan

    # -- DataTable-like reading, for tests and helpers --------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table holds (on screen or not)."""
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        """The cursor's row (0 when the table is empty)."""
        return self._cursor

    @property
    def columns(self) -> Mapping[str, Column]:
        """The columns by key, left to right, each with its ``label`` and ``width``."""
        return {c.key: c for c in self._plan.columns} if self._plan else {}

    @property
    def fixed_columns(self) -> int:
        """How many columns stay on the left when the table scrolls sideways."""
        return self._plan.frozen if self._plan else 0

    def get_row_at(self, row: int) -> list[Text]:
        """A row's cells, left to right."""
        return self._row_cells(self._rows[row])

    def get_column(self, key: str) -> list[Text]:
        """A column's cells, top to bottom."""
        index = list(self.columns).index(key)
        return [self._row_cells(position)[index] for position in self._rows]

    def get_cell_at(self, coordinate: Coordinate) -> Text:
        """The cell at (row, column)."""
        return self.get_row_at(coordinate.row)[coordinate.column]

    def move_cursor(self, *, row: int | None = None, animate: bool = False) -> None:
        """Put the cursor on ``row`` (kept in range) and scroll it into view."""
        if row is None:
            return
        row = max(0, min(row, len(self._rows) - 1))
        old, self._cursor = self._cursor, row
        self._scroll_to_cursor(animate=animate)
        if row != old:
            for changed in (old, row):
                self._lines.pop(changed, None)
                self.refresh_line(changed + 1)
            self.post_message(self.MeasureHighlighted(self.current))

    # -- building ----------------------------------------------------------------------

    @property
    def wide_titles(self) -> bool:
        """Whether the title takes every cell the rating columns leave (``W``)."""
        return self._wide

    def set_wide_titles(self, wide: bool) -> None:
        """Give the title every cell the rating columns leave, or back to titles first."""
        if wide != self._wide:
            self._wide = wide
            if self._plan is not None:
                self._rebuild(self.current)

    def needed_width(self, measures: Sequence[Measure]) -> int:
        """Cells (scrollbar included) the table needs to show ``measures`` with every rating
        column and a title of ``TITLE_GOOD``: less, and titles are squeezed."""
        return table_needed_width(measures, self._marks, self._widths_of(measures))

    def known_widths(self, measures: Sequence[Measure], widths: ColumnWidths) -> None:
        """The column widths of ``measures``, worked out already (the screen's first layout): not again."""
        self._widths_for, self._widths = measures, widths

    def _widths_of(self, measures: Sequence[Measure]) -> ColumnWidths:
        if self._widths_for is not measures:
            self._widths_for, self._widths = measures, column_widths(measures)
        return self._widths

    def _plan_for(self, marks: Marks) -> TablePlan:
        """The columns for this width; empty columns (no flags, no changes) left out."""
        measures = self._measures
        widths = self._widths_of(measures)
        return plan_table(
            self.scrollable_content_region.width,
            code_width=widths.code,
            flags=any(marks.flags.get(m.key) for m in measures) if marks.flags else False,
            changes=any(marks.changes.get(m.key) for m in measures) if marks.changes else False,
            number_widths=widths.numbers,
            title_need=widths.title,
            wide=self._wide,
            forecast_ratings=not measures or any(m.rag_forecast is not None for m in measures),
            forecast_figures=not measures
            or any(m.forecast_target is not None or m.forecast_actual is not None for m in measures),
        )

    def _rebuild(self, keep: int | None) -> None:
        # The new height first: the scrollbar it brings or removes changes the width the columns get.
        self._set_virtual_size(Size(self.virtual_size.width, len(self._rows) + 1))
        plan = self._plan_for(self._marks)
        old = self._cells_for
        if old is None or old[0] is not self._measures or old[1] != plan or old[2] != self._marks:
            self._cells.clear()
        self._plan, self._cells_for = plan, (self._measures, plan, self._marks)
        self._lines.clear()
        self._cursor = self._rows.index(keep) if keep is not None and keep in self._rows else 0
        self._set_virtual_size(Size(sum(c.width + PADDING for c in plan.columns), len(self._rows) + 1))
        self.scroll_to(0, 0, animate=False, force=True)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.MeasureHighlighted(self.current))

    def _set_virtual_size(self, size: Size) -> None:
        if size == self.virtual_size:
            return
        height = self.styles.height
        full = min(size.height, self.virtual_size.height) > self.container_size.height
        if height is not None and height.is_auto and not full:
            self.virtual_size = size  # the table's height follows its rows: lay the screen out again
        else:
            # Only the scrolling changes (a fixed height, or more rows than fit before and after):
            # skip the screen-wide layout pass.
            self.set_reactive(RagTable.virtual_size, size)
            self._scroll_update(size)

    def _update_marks(self, marks: Marks) -> None:
        """New flags, changes or as-of date: rebuild the marked cells of the rows built so far."""
        plan = self._plan
        assert plan is not None
        self._marks, self._cells_for = marks, (self._measures, plan, marks)
        indexes = [plan.keys.index(key) if key in plan.keys else None for key in MARKED_COLUMNS]
        changed: set[int] = set()
        for position, cells in self._cells.items():
            for index, now in zip(indexes, marked_cells(self._measures[position], marks, plan), strict=True):
                if index is not None and cells[index] != now:
                    cells[index] = now
                    changed.add(position)
        if changed:
            for row, position in enumerate(self._rows):
                if position in changed:
                    self._lines.pop(row, None)
                    self.refresh_line(row + 1)

    def _row_cells(self, position: int) -> list[Text]:
        cells = self._cells.get(position)
        if cells is None:
            assert self._plan is not None
            cells = self._cells[position] = measure_cells(self._measures[position], self._plan, self._marks)
        return cells

    # -- drawing -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._retheme)

    def _retheme(self, _theme: object) -> None:
        """The badges and marks are drawn in the theme's colours: build the cells again."""
        self._cells.clear()
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def _line(self, row: int) -> tuple[Strip, Strip]:
        line = self._lines.get(row)
        if line is None:
            plan = self._plan
            assert plan is not None
            cells = [Text(c.label) for c in plan.columns] if row == HEADER else self._row_cells(self._rows[row])
            width = max(self.virtual_size.width, self.scrollable_content_region.width)
            line = render_line(
                cells,
                plan.columns,
                plan.frozen,
                line_styles(
                    self.get_component_rich_style, header=row == HEADER, odd=row % 2 == 1, cursor=row == self._cursor
                ),
                width,
                self.app.console,
            )
            self._lines[row] = line
        return line

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        row = HEADER if y == 0 else y - 1 + scroll_y
        if self._plan is None or row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        fixed, whole = self._line(row)
        if not scroll_x:
            return whole.crop(0, width)
        frozen = fixed.cell_length
        return Strip.join([fixed, whole.crop(frozen + scroll_x, scroll_x + width)])

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        if self._measures and self._plan_for(self._marks) != self._plan:
            self._rebuild(self.current)

    # -- moving ------------------------------------------------------------------------

    def _scroll_to_cursor(self, *, animate: bool = False) -> None:
        """Scroll the cursor's row into view, below the header."""
        height = self.scrollable_content_region.height - 1
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=animate, force=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=animate, force=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_page_down(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=round(self.scroll_y) + page, animate=False, force=True)
        self.move_cursor(row=self._cursor + page)

    def action_page_up(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=max(0, round(self.scroll_y) - page), animate=False, force=True)
        self.move_cursor(row=self._cursor - page)

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if (position := self.current) is not None:
            self.post_message(self.MeasureOpened(position))

    def column_at(self, x: int) -> str | None:
        """The key of the column drawn at ``x`` cells from the table's left (None: past the last)."""
        plan = self._plan
        if plan is None:
            return None
        if x >= sum(c.width + PADDING for c in plan.columns[: plan.frozen]):
            x += round(self.scroll_offset.x)  # past the frozen columns, the rest scroll sideways
        end = 0
        for column in plan.columns:
            end += column.width + PADDING
            if x < end:
                return column.key
        return None

    def on_click(self, event: events.Click) -> None:
        """A click on a heading sorts by its column; on a row it moves the cursor there, and on
        the cursor's row opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            if (column := self.column_at(offset.x)) is not None:
                event.stop()
                self.post_message(self.HeaderClicked(column))
            return
        row = offset.y - 1 + self.scroll_offset.y
        if row >= len(self._rows):
            return
        event.stop()
        if row == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)


def table_needed_width(measures: Sequence[Measure], marks: Marks, widths: ColumnWidths | None = None) -> int:
    """Cells (scrollbar included) a table marking ``marks`` needs to show ``measures`` with every
    rating column and a title of ``TITLE_GOOD`` (:meth:`RagTable.needed_width`; ``widths``: the
    measures' column widths, when known)."""
    widths = widths or column_widths(measures)
    flags = any(marks.flags.get(m.key) for m in measures) if marks.flags else False
    return needed_width(code_width=widths.code, flags=flags, changes=bool(marks.changes)) + 1
