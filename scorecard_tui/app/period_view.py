"""PeriodView: the period on the main screen and showing it. :class:`Period` is what is on screen
(the report read, the date reviews count from) and what follows from it with no Textual (the
marks the filters read, the measure the cursor keeps across a reload); :class:`PeriodView` puts a
period read, and every change to the filters and sort, into the screen's widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from scorecard_tui.app.detail_view import DetailContext, context_for
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.view import Marks, ViewState
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.filter_bar import FilterBar
from scorecard_tui.app.widgets.main_panes import MainPanes
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.app.widgets.report_header import ReportHeader
from scorecard_tui.app.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.widget import Widget

    from scorecard_tui.app.data import LoadedReport, StoreThread
    from scorecard_tui.app.reader import Reader
    from scorecard_tui.app.session import Session
    from scorecard_tui.app.view_control import ViewControl
    from scorecard_tui.model import Measure

W = TypeVar("W", bound="Widget")


@dataclass
class Period:
    """The period on screen (None before loading, or an empty store) and the as-of date the user
    gave (``--as-of`` or ``a`` in the agenda; None follows the report)."""

    report: LoadedReport | None = None
    as_of_override: date | None = None

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The report's measures (empty before loading)."""
        return self.report.measures if self.report else ()

    @property
    def as_of(self) -> date:
        """The date reviews count as past or coming from: the user's, else the report's fetch date
        (or its period's end when the report states no fetch time)."""
        if self.as_of_override is not None:
            return self.as_of_override
        return self.report.info.as_of if self.report else date.today()

    @property
    def marks(self) -> Marks:
        """Flags, changes and the as-of date, as the table and filters read them."""
        if self.report is None:
            return Marks(as_of=self.as_of)
        previous = self.report.previous.period if self.report.previous else None
        return Marks(self.report.annotations.flags, self.report.changes, self.as_of, previous)

    def measure_at(self, position: int | None) -> Measure | None:
        """The measure at a position of the report (None: none)."""
        return self.measures[position] if position is not None and self.report else None


def kept_position(before: Measure | None, measures: Sequence[Measure]) -> int | None:
    """Where the measure under the cursor is in a period read again (None: not held there)."""
    keys = [m.key for m in measures]
    return keys.index(before.key) if before is not None and before.key in keys else None


class PeriodHost(Protocol):
    """What showing a period reads and drives of the screen it shows on (the main screen)."""

    @property
    def app(self) -> App[object]:
        """The app (its width places the panes)."""
        ...

    @property
    def store_thread(self) -> StoreThread:
        """The thread that owns the store connection (its path names the database)."""
        ...

    @property
    def scorecard(self) -> Session:
        """The app-wide state (read-only status, demo)."""
        ...

    @property
    def view(self) -> ViewControl:
        """The filters, sort and selection."""
        ...

    @property
    def reader(self) -> Reader:
        """The reads off the UI thread, and the look for others' changes."""
        ...

    def query_one(self, selector: type[W]) -> W:
        """A widget of the screen's."""
        ...

    def set_class(self, add: bool, *class_names: str, update: bool = True) -> object:
        """Style the screen."""
        ...

    def refresh_bindings(self) -> None:
        """Redraw the footer's keys."""
        ...

    def call_after_refresh(self, callback: Callable[..., object], *args: Any) -> bool:
        """Run once the screen has drawn."""
        ...

    def search(self, text: str) -> None:
        """Ask the store which measures match."""
        ...

    def show_key(self, key: str) -> None:
        """Put the table's cursor on the measure with this key."""
        ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key's action acts now."""
        ...

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", markup: bool = True
    ) -> None:
        """Tell the officer."""
        ...


class PeriodView(Period):
    """The period shown on ``host``."""

    def __init__(self, host: PeriodHost) -> None:
        super().__init__()
        self._host = host
        self._tree_basis = host.view.state.basis
        self._said_read_only = False
        self._search_shown = ""
        """The search the detail highlights."""

    def show(self, loaded: LoadedReport | None, read_only_reason: str | None, version: int) -> None:
        """Show a period as read (None: the database is empty), with why the store is read-only
        (or None) and the store's data version when it was read."""
        host = self._host
        host.scorecard.read_only_reason = read_only_reason
        host.reader.watch.caught_up(version)
        if read_only_reason and not self._said_read_only:
            self._said_read_only = True
            host.notify(read_only_reason, title="Read-only", markup=False)
            host.refresh_bindings()
        before = self.measure_at(host.view.selected)
        first = self.report is None
        self.report = loaded
        host.view.selected = None
        host.set_class(loaded is None, "-empty")
        if loaded is None:
            host.query_one(ReportHeader).show_message(f"scorecard  no reports yet in {host.store_thread.path.name}")
            host.query_one(StatusLine).show("The database is empty: press i to import", "")
            return
        basis = host.view.state.basis
        host.query_one(DirectorateTree).show_measures(loaded.measures, basis)
        self._tree_basis = basis
        self.place()
        if host.scorecard.demo and first:
            host.notify("Demo: the sample reports in a temporary database.", markup=False)
        if host.view.wanted_query.strip():
            host.search(host.view.wanted_query)
        self.apply(kept_position(before, loaded.measures))
        self.select(host.query_one(RagTable).current)  # in this frame, not after the table's message
        host.call_after_refresh(host.reader.details, loaded.info)

    def apply(self, keep: int | None = None) -> None:
        """Show what the current filters and sort select, everywhere it shows."""
        if self.report is None:
            return
        host, view = self._host, self._host.view
        measures, marks = self.measures, self.marks
        shown = view.show(measures, marks)
        keep = view.selected if keep is None else keep
        host.query_one(RagTable).show_measures(measures, view.rows, keep=keep, marks=marks)
        host.query_one(ReportHeader).show_report(
            self.report.info,
            [measures[i] for i in view.rows],
            marks=marks,
            dropped=len(self.report.dropped),
            read_only=host.scorecard.read_only_reason is not None,
            reload=host.reader.watch.pending_reload,
        )
        host.query_one(StatusLine).show(shown.status, shown.sort)
        host.query_one(MainPanes).show_no_match(not view.rows)
        if view.state.basis is not self._tree_basis:
            self._tree_basis = view.state.basis
            host.query_one(DirectorateTree).set_basis(view.state.basis)

    def set_state(self, state: ViewState) -> None:
        """Take new filters or sort, and show them."""
        self._host.view.state = state
        self.show_state()

    def show_state(self) -> None:
        """Show the filters and sort the view controller holds now."""
        self.apply()
        if (query := self._host.view.state.query) != self._search_shown:
            self._search_shown = query
            self.refresh_detail()  # the search words it highlights

    def clear_filters(self) -> None:
        """Clear every filter, the search included."""
        self._host.view.clear()
        self._host.query_one(FilterBar).clear()
        self.show_state()

    def detail_context(self, measure: Measure) -> DetailContext:
        """What the detail view shows around a measure of the report."""
        return replace(context_for(self.report, measure, self.as_of), search=self._host.view.state.query)

    def refresh_detail(self) -> None:
        """Redraw the selected measure (its flag, note or dates changed), keeping the scroll."""
        measure = self.measure_at(self._host.view.selected)
        if measure is None:
            return
        self._host.query_one(DetailPane).show_measure(measure, self.detail_context(measure), keep=True)
        if isinstance(screen := self._host.app.screen, DetailScreen):
            screen.show_measure(measure, self.detail_context(measure))

    def select(self, position: int | None) -> None:
        """Show the measure at ``position`` (None: no measure) in the detail pane."""
        view = self._host.view
        if position == view.selected and position is not None:
            return
        view.selected = position
        measure = self.measure_at(position)
        self._host.query_one(DetailPane).show_measure(measure, self.detail_context(measure) if measure else None)

    def show_position(self, position: int, *, focus: bool = False) -> None:
        """Put the table's cursor on a measure, clearing the filters if they hide it (``focus``:
        and the keyboard on the table)."""
        table = self._host.query_one(RagTable)
        if not table.select_measure(position):
            self._host.notify("Filters cleared to show that measure.", markup=False)
            self.clear_filters()
            table.select_measure(position)
        if focus:
            table.focus()

    def jump_to(self, key: str) -> None:
        """The palette's measure: put the table's cursor on it."""
        if self._back_from_palette():
            self._host.show_key(key)

    def jump_to_directorate(self, name: str) -> None:
        """The palette's directorate: filter the table to it."""
        if self._back_from_palette():
            self.set_state(replace(self._host.view.state, directorate=name))
            self._host.query_one(RagTable).focus()

    def _back_from_palette(self) -> bool:
        """Whether a palette's jump acts (from the full-screen detail too, which closes; nothing
        behind a dialog)."""
        if not self._host.check_action("open_detail", ()):
            return False
        if isinstance(self._host.app.screen, DetailScreen):
            self._host.app.pop_screen()
        return True

    def sort_menu(self) -> None:
        """Choose a column to sort by (the one sorted by now again: the other way)."""
        from scorecard_tui.app.screens.sort_menu import SortMenu

        if self.report is not None:
            columns = list(self._host.query_one(RagTable).columns)
            self._host.app.push_screen(SortMenu(columns, self._host.view.state), self._sort_chosen)

    def _sort_chosen(self, column: str | None) -> None:
        if self._host.view.sort_chosen(column):
            self.show_state()

    def next_changes(self) -> None:
        """Cycle the change filter: changed since the previous period, worse only, off."""
        if self.report is None:
            return
        previous = self.report.previous.period if self.report.previous else None
        said = self._host.view.next_changes(self.report.info.period, previous)
        self.show_state()
        for line in said:
            self._host.notify(line, markup=False)

    def count_from(self, as_of: date) -> None:
        """Count reviews as past or coming from this date, and say so."""
        self.as_of_override = as_of
        self._host.notify(f"Reviews now counted as of {as_of:%d %b %Y}.", markup=False)
        self.apply()
        self.refresh_detail()

    def place(self, width: int | None = None) -> None:
        """Lay the panes out for the terminal's width (:meth:`MainPanes.place`)."""
        width = self._host.app.size.width if width is None else width
        self._host.query_one(MainPanes).place(width, self.report.measures if self.report else None)
