"""ScorecardApp: coordinates the header, directorate tree, RAG table, detail pane and filter bar."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from scorecard_tui.app.commands import ScorecardCommands
from scorecard_tui.app.data import LoadedReport, StoreThread, load_latest
from scorecard_tui.app.keys import app_bindings
from scorecard_tui.app.messages import LoadFailed, ReportLoaded, SearchDone
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.view import ViewState, sort_line, status_line, visible
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.empty_state import EmptyState
from scorecard_tui.app.widgets.filter_bar import FilterBar
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.app.widgets.report_header import ReportHeader
from scorecard_tui.app.widgets.status_line import StatusLine
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, Rag

WIDE = 120
"""Terminals at least this wide get three panes side by side."""
TALL = 30
"""Shorter terminals open a measure full screen."""
NO_MATCH = "No measures match. Press escape to clear every filter."


class ScorecardApp(App[None]):
    """The scorecard browser.

    Args:
        db_path: The database to read.
        demo: Opened by ``scorecard demo`` on a throwaway copy of the sample.
    """

    CSS_PATH = "scorecard.tcss"
    TITLE = "scorecard"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {ScorecardCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, db_path: Path, *, demo: bool = False) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.demo = demo
        self.data = StoreThread(self.db_path)
        self.report: LoadedReport | None = None
        self.state = ViewState()
        self.rows: list[int] = []
        self.selected: int | None = None
        self._wanted_query = ""
        self._tree_shown: bool | None = None
        self._tree_basis = self.state.basis

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
                yield DetailPane(id="detail")
        yield FilterBar(id="filter-bar")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ReportHeader).show_message(f"Opening {self.db_path} ...")
        self.query_one(FilterBar).display = False
        self.query_one("#tree").border_title = "Directorates"
        self.query_one("#table-pane").border_title = "Measures"
        self.query_one("#detail").border_title = "Detail"
        self.query_one(RagTable).focus()
        self._place_tree()
        self.load_report()

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

    # -- loading and searching (worker threads) ----------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_report(self) -> None:
        """Read the latest report off the UI thread."""
        try:
            loaded = self.data.call(load_latest)
        except ScorecardError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(ReportLoaded(loaded))

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        """Ask the store which measures match; stale searches are skipped."""
        report = self.report
        if text != self._wanted_query or report is None:
            return
        codes = self.data.call(lambda store: store.search_codes(report.info.id, text))
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(text, frozenset(codes)))

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        self.report = message.loaded
        self.screen.set_class(message.loaded is None, "-empty")
        if message.loaded is None:
            self.query_one(ReportHeader).show_message(f"scorecard  no reports yet in {self.db_path.name}")
            self.query_one(StatusLine).show("The database is empty: press i to import", "")
            return
        self.query_one(DirectorateTree).show_measures(message.loaded.measures, self.state.basis)
        self._tree_basis = self.state.basis
        if self.demo:
            self.notify("Demo: the sample report in a temporary database.", markup=False)
        if self._wanted_query.strip():
            self.search(self._wanted_query)
        self.apply_view()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.screen.add_class("-empty")
        self.query_one(EmptyState).show_error(message.message)
        self.query_one(ReportHeader).show_message(f"scorecard  {self.db_path}")
        self.notify(message.message, severity="error", markup=False)

    @on(SearchDone)
    def _searched(self, message: SearchDone) -> None:
        if message.query == self._wanted_query:
            self.state = replace(self.state, query=message.query, matches=message.codes)
            self.apply_view()

    # -- the view ----------------------------------------------------------------------

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The current report's measures (empty before loading)."""
        return self.report.measures if self.report else ()

    def apply_view(self) -> None:
        """Show what the current state selects, everywhere it shows."""
        if self.report is None:
            return
        measures = self.measures
        self.rows = visible(measures, self.state)
        self.query_one(RagTable).show_measures(measures, self.rows, keep=self.selected)
        in_view = [measures[i] for i in self.rows]
        self.query_one(ReportHeader).show_report(self.report.info, in_view)
        self.query_one(StatusLine).show(status_line(self.state, len(self.rows), len(measures)), sort_line(self.state))
        self.query_one("#table-pane").set_class(not self.rows, "-no-match")
        if self.state.basis is not self._tree_basis:
            self._tree_basis = self.state.basis
            self.query_one(DirectorateTree).set_basis(self.state.basis)

    def _set_state(self, state: ViewState) -> None:
        self.state = state
        self.apply_view()

    @on(RagTable.MeasureHighlighted)
    def _highlighted(self, message: RagTable.MeasureHighlighted) -> None:
        if message.position == self.selected and message.position is not None:
            return
        self.selected = message.position
        measure = self.measures[message.position] if message.position is not None else None
        fetched = self.report.info.fetched_at if self.report else None
        self.query_one(DetailPane).show_measure(measure, fetched)

    @on(RagTable.MeasureOpened)
    def _opened(self, message: RagTable.MeasureOpened) -> None:
        self.action_open_detail()

    @on(DirectorateTree.DirectorateChosen)
    def _directorate(self, message: DirectorateTree.DirectorateChosen) -> None:
        self._set_state(replace(self.state, directorate=message.directorate))

    @on(DirectorateTree.MeasureChosen)
    def _tree_measure(self, message: DirectorateTree.MeasureChosen) -> None:
        table = self.query_one(RagTable)
        if not table.select_measure(message.position):
            self.notify("Filters cleared to show that measure.", markup=False)
            self._clear_search()
            self._set_state(self.state.cleared())
            table.select_measure(message.position)

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
        if self.selected is None or self.report is None:
            return
        if self.small:
            measure = self.measures[self.selected]
            self.push_screen(DetailScreen(measure, self.report.info.fetched_at))
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
        self.push_screen(ImportScreen(self.db_path), self._imported)

    def _imported(self, line: str | None) -> None:
        if line:
            self.notify(line, title="Imported", markup=False)
            self.load_report()
