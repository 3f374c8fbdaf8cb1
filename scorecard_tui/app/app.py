"""ScorecardApp: coordinates the header, directorate tree, RAG table, detail pane and filter bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from scorecard_tui.app.commands import ScorecardCommands
from scorecard_tui.app.data import LoadedReport, PeriodKey, StoreThread, held_now, load_period
from scorecard_tui.app.detail_view import DetailContext, context_for
from scorecard_tui.app.keys import APP_KEYS, WRITE_ACTIONS, app_bindings
from scorecard_tui.app.messages import LoadFailed, Notice, ReportLoaded, SearchDone
from scorecard_tui.app.officer_actions import OfficerActions
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.triage_actions import TriageActions
from scorecard_tui.app.view import Marks, ViewState, sort_line, status_line, visible
from scorecard_tui.app.watch import ReloadWatch
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.empty_state import EmptyState
from scorecard_tui.app.widgets.filter_bar import FilterBar
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.app.widgets.report_header import ReportHeader
from scorecard_tui.app.widgets.status_line import StatusLine
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, Rag
from scorecard_tui.store.watch import data_version

WIDE = 120
"""Terminals at least this wide get three panes side by side."""
TALL = 30
"""Shorter terminals open a measure full screen."""
NO_MATCH = "No measures match. Press escape to clear every filter."
VIEW_ACTIONS = frozenset(k.action.split("(")[0] for k in APP_KEYS) - {"help", "quit"}
"""Actions on the table: off while a dialog or the agenda is in front of it."""


class ScorecardApp(TriageActions, OfficerActions, ReloadWatch, App[None]):
    """The scorecard browser.

    Args:
        db_path: The database to read.
        demo: Opened by ``scorecard demo`` on a throwaway copy of the sample.
        as_of: Count reviews as past or coming from this date (default: the report's fetch date).
        read_only: True opens the store read-only; None lets the store decide (environment, permissions).
        author: The name flags and notes carry (default: the Unix user).
    """

    CSS_PATH = "scorecard.tcss"
    TITLE = "scorecard"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {ScorecardCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        db_path: Path,
        *,
        demo: bool = False,
        as_of: date | None = None,
        read_only: bool | None = None,
        author: str | None = None,
    ) -> None:
        super().__init__()
        self.author = author
        self.db_path = Path(db_path)
        self.demo = demo
        self.as_of_override = as_of
        self.data = StoreThread(self.db_path, read_only=read_only)
        self.report: LoadedReport | None = None
        self.state = ViewState()
        self.rows: list[int] = []
        self.selected: int | None = None
        self._wanted_query = ""
        self._tree_shown: bool | None = None
        self._tree_basis = self.state.basis
        self._said_read_only = False

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ReportHeader(id="header")
        yield EmptyState(id="empty")
        with Horizontal(id="main"):
            yield DirectorateTree(id="tree")
            with Container(id="work"):
                with Vertical(id="table-pane"):
                    yield RagTable(id="table")
                    yield Static(Text(NO_MATCH), id="no-match")
                with Vertical(id="detail-box"):
                    yield DetailPane(id="detail")
        yield FilterBar(id="filter-bar")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ReportHeader).show_message(f"Opening {self.db_path} ...")
        self.query_one(FilterBar).display = False
        self.query_one("#tree").border_title = "Directorates"
        self.query_one("#table-pane").border_title = "Measures"
        self.query_one("#detail-box").border_title = "Detail"
        self.query_one(RagTable).focus()
        self._place_tree()
        self.load_report()
        self.start_watching()

    def on_resize(self) -> None:
        self._place_tree()

    def on_unmount(self) -> None:
        self.data.close()

    def _place_tree(self) -> None:
        shown = self._tree_shown if self._tree_shown is not None else self.size.width >= WIDE
        self.query_one("#main").set_class(not shown, "-no-tree")
        tree = self.query_one(DirectorateTree)
        if not shown and tree.has_focus:
            self.query_one(RagTable).focus()

    @property
    def small(self) -> bool:
        """True when a measure opens full screen rather than in the side pane."""
        return self.size.width < WIDE or self.size.height < TALL

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Table actions only work with the table (or a measure full screen) in front; in a
        read-only session the writing keys only say why they do nothing."""
        in_front = len(self.screen_stack) == 1 or isinstance(self.screen, DetailScreen)
        read_only = self.read_only_reason is not None
        if action in WRITE_ACTIONS and read_only:
            return False
        if action == "refuse_write":
            return read_only and in_front
        return in_front or action not in VIEW_ACTIONS

    # -- loading and searching (worker threads) ----------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_report(self, wanted: PeriodKey | int | None = None) -> None:
        """Read a period (default: the latest) off the UI thread."""
        try:
            loaded, reason, version = self.data.call(
                lambda s: (load_period(s, wanted), s.read_only_reason, data_version(s))
            )
        except ScorecardError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(ReportLoaded(loaded, reason, version))

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        """Ask the store which measures match; stale searches are skipped."""
        report = self.report
        if text != self._wanted_query or report is None:
            return
        try:
            codes = self.data.call(lambda store: store.search_codes(held_now(store, report.info).id, text))
        except ScorecardError:
            codes = set()
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(text, frozenset(codes)))

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        if not self.screen_stack:
            return  # shutting down
        self.read_only_reason = message.read_only_reason
        self.seen_version, self.pending_reload = message.version, None
        if message.read_only_reason and not self._said_read_only:
            self._said_read_only = True
            self.notify(message.read_only_reason, title="Read-only", markup=False)
            self.refresh_bindings()
        before = self.current_measure
        first = self.report is None
        self.report = message.loaded
        self.selected = None
        self.screen.set_class(message.loaded is None, "-empty")
        if message.loaded is None:
            self.query_one(ReportHeader).show_message(f"scorecard  no reports yet in {self.db_path.name}")
            self.query_one(StatusLine).show("The database is empty: press i to import", "")
            return
        self.query_one(DirectorateTree).show_measures(message.loaded.measures, self.state.basis)
        self._tree_basis = self.state.basis
        if self.demo and first:
            self.notify("Demo: the sample reports in a temporary database.", markup=False)
        if self._wanted_query.strip():
            self.search(self._wanted_query)
        keys = [m.key for m in message.loaded.measures]
        keep = keys.index(before.key) if before is not None and before.key in keys else None
        self.apply_view(keep)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if not self.screen_stack:
            return
        self.screen.add_class("-empty")
        self.query_one(EmptyState).show_error(message.message)
        self.query_one(ReportHeader).show_message(f"scorecard  {self.db_path}")
        self.notify(message.message, severity="error", markup=False)

    @on(SearchDone)
    def _searched(self, message: SearchDone) -> None:
        if message.query == self._wanted_query:
            self.state = replace(self.state, query=message.query, matches=message.codes)
            self.apply_view()

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, title=message.title, severity=message.severity, markup=False)

    # -- the view ----------------------------------------------------------------------

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The current report's measures (empty before loading)."""
        return self.report.measures if self.report else ()

    @property
    def current_measure(self) -> Measure | None:
        """The measure under the table's cursor."""
        return self.measures[self.selected] if self.selected is not None and self.report else None

    @property
    def marks(self) -> Marks:
        """Flags, changes and the as-of date, as the table and filters read them."""
        if self.report is None:
            return Marks(as_of=self.as_of)
        previous = self.report.previous.period if self.report.previous else None
        return Marks(self.report.annotations.flags, self.report.changes, self.as_of, previous)

    def apply_view(self, keep: int | None = None) -> None:
        """Show what the current state selects, everywhere it shows."""
        if self.report is None:
            return
        measures, marks = self.measures, self.marks
        self.rows = visible(measures, self.state, marks)
        keep = self.selected if keep is None else keep
        self.query_one(RagTable).show_measures(measures, self.rows, keep=keep, marks=marks)
        in_view = [measures[i] for i in self.rows]
        self.query_one(ReportHeader).show_report(
            self.report.info,
            in_view,
            marks=marks,
            dropped=len(self.report.dropped),
            read_only=self.read_only_reason is not None,
            reload=self.pending_reload,
        )
        status = status_line(self.state, len(self.rows), len(measures), marks)
        self.query_one(StatusLine).show(status, sort_line(self.state))
        self.query_one("#table-pane").set_class(not self.rows, "-no-match")
        if self.state.basis is not self._tree_basis:
            self._tree_basis = self.state.basis
            self.query_one(DirectorateTree).set_basis(self.state.basis)

    def _set_state(self, state: ViewState) -> None:
        self.state = state
        self.apply_view()

    def detail_context(self, measure: Measure) -> DetailContext:
        """What the detail view shows around a measure of the current report."""
        return context_for(self.report, measure, self.as_of)

    def refresh_detail(self) -> None:
        """Redraw the selected measure (its flag, note or dates changed), keeping the scroll."""
        measure = self.current_measure
        if measure is None:
            return
        self.query_one(DetailPane).show_measure(measure, self.detail_context(measure), keep=True)
        if isinstance(self.screen, DetailScreen):
            self.screen.show_measure(measure, self.detail_context(measure))

    @on(RagTable.MeasureHighlighted)
    def _highlighted(self, message: RagTable.MeasureHighlighted) -> None:
        if message.position == self.selected and message.position is not None:
            return
        self.selected = message.position
        measure = self.current_measure
        self.query_one(DetailPane).show_measure(measure, self.detail_context(measure) if measure else None)

    @on(RagTable.MeasureOpened)
    def _opened(self, message: RagTable.MeasureOpened) -> None:
        self.action_open_detail()

    @on(DirectorateTree.DirectorateChosen)
    def _directorate(self, message: DirectorateTree.DirectorateChosen) -> None:
        self._set_state(replace(self.state, directorate=message.directorate))

    @on(DirectorateTree.MeasureChosen)
    def _tree_measure(self, message: DirectorateTree.MeasureChosen) -> None:
        self.show_position(message.position)

    def show_position(self, position: int) -> None:
        """Put the table's cursor on a measure, clearing the filters if they hide it."""
        table = self.query_one(RagTable)
        if not table.select_measure(position):
            self.notify("Filters cleared to show that measure.", markup=False)
            self._clear_search()
            self._set_state(self.state.cleared())
            table.select_measure(position)

    def show_key(self, key: str) -> None:
        """Put the table's cursor on the measure with this key, and the keyboard on the table."""
        keys = [m.key for m in self.measures]
        if key in keys:
            self.show_position(keys.index(key))
            self.query_one(RagTable).focus()

    @on(FilterBar.Changed)
    def _filter_changed(self, message: FilterBar.Changed) -> None:
        self._wanted_query = message.text
        if message.text.strip():
            self.search(message.text)
        else:
            self._set_state(replace(self.state, query="", matches=None))

    @on(FilterBar.Closed)
    def _filter_closed(self, message: FilterBar.Closed) -> None:
        self.query_one(RagTable).focus()

    def _clear_search(self) -> None:
        self._wanted_query = ""
        self.query_one(FilterBar).clear()

    # -- actions -----------------------------------------------------------------------

    def action_toggle_rag(self, rag: str) -> None:
        """Show or hide one RAG."""
        self._set_state(self.state.toggle_rag(Rag(rag)))

    def action_switch_basis(self) -> None:
        """Switch RAG filters and sort between quarterly and forecast."""
        self._set_state(self.state.next_basis())

    def action_cycle_direction(self) -> None:
        """Cycle the direction-of-travel filter."""
        self._set_state(self.state.next_direction())

    def action_cycle_sort(self) -> None:
        """Cycle the sort order."""
        self._set_state(self.state.next_sort())

    def action_clear_filters(self) -> None:
        """Clear every filter, the search included."""
        self._clear_search()
        self._set_state(self.state.cleared())

    def action_open_filter(self) -> None:
        """Open the search bar."""
        if self.report is not None:
            self.query_one(FilterBar).open()

    def action_toggle_tree(self) -> None:
        """Show or hide the directorate tree."""
        self._tree_shown = "-no-tree" in self.query_one("#main").classes
        self._place_tree()

    def action_open_detail(self) -> None:
        """Show the selected measure in full."""
        measure = self.current_measure
        if measure is None:
            return
        if self.small:
            self.push_screen(DetailScreen(measure, self.detail_context(measure)))
        else:
            self.query_one(DetailPane).focus()

    def action_back_to_table(self) -> None:
        """Leave the detail view for the table."""
        if isinstance(self.screen, DetailScreen):
            self.pop_screen()
        self.query_one(RagTable).focus()

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_import_file(self) -> None:
        """Ask for a PDF and import it."""
        if self.writable("Importing"):
            self.push_screen(ImportScreen(self.db_path), self._imported)

    def _imported(self, line: str | None) -> None:
        if line:
            self.notify(line, title="Imported", markup=False)
            self.load_report()
