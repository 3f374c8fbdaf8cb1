"""MainScreen: the report on screen, its filters and sort, and every key that acts on it.

The screens and writers a key opens are imported when the key is first pressed: they are not
part of the first frame, which an officer waits for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from scorecard_tui.app import layout
from scorecard_tui.app.data import LoadedReport, PeriodKey, StoreThread, View
from scorecard_tui.app.detail_view import DetailContext
from scorecard_tui.app.keys import WRITE_ACTIONS, view_bindings
from scorecard_tui.app.messages import (
    AnnotationsLoaded,
    DetailsLoaded,
    LensChanged,
    LoadFailed,
    Notice,
    ReportLoaded,
    SearchDone,
    StoreChanged,
)
from scorecard_tui.app.openers import Openers
from scorecard_tui.app.period_view import PeriodView
from scorecard_tui.app.reader import Reader
from scorecard_tui.app.safe import clean
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.session import Session
from scorecard_tui.app.view import ViewState, sort_line, status_line
from scorecard_tui.app.view_control import ViewControl
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.empty_state import EmptyState
from scorecard_tui.app.widgets.filter_bar import FilterBar
from scorecard_tui.app.widgets.key_footer import KeyFooter
from scorecard_tui.app.widgets.main_panes import MainPanes
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.app.widgets.report_header import ReportHeader
from scorecard_tui.app.widgets.status_line import StatusLine
from scorecard_tui.app.write_keys import WriteKeys
from scorecard_tui.app.writer import Writer
from scorecard_tui.model import Measure, Rag

if TYPE_CHECKING:
    from scorecard_tui.app.drafts import Draft


class MainScreen(Screen[None]):
    """The header, directorate tree, RAG table, detail pane, search bar and status line.

    Args:
        store: The thread that owns the store connection (the app's).
        as_of: Count reviews as past or coming from this date (default: the report's fetch date).
        first_view: The latest period, read before the app started (``StoreThread.open_first``):
            shown as the screen mounts, in the first frame (default: read once the screen is up).
    """

    BINDINGS: ClassVar[list[BindingType]] = list(view_bindings())
    AUTO_FOCUS = "#table"
    """The table has the keyboard from the start (Textual focuses it as the screen mounts)."""

    def __init__(self, store: StoreThread, *, as_of: date | None = None, first_view: View | None = None) -> None:
        super().__init__(id="main-screen")
        self.store_thread = store
        self._first_view = first_view
        self.view = ViewControl()
        """The filters, sort and selection (every change to them goes through it)."""
        self.reader = Reader(self, store)
        """The reads off the UI thread, and the look for others' changes."""
        self.period = PeriodView(self)
        """The period on screen, and showing it."""
        self.period.as_of_override = as_of
        self.writer = Writer(self, store)
        """The writing keys' dialogs and writes."""
        self.writing = WriteKeys(self, self.writer)
        """The writing keys on a measure by key (the lens's too)."""
        self.openers = Openers(self)
        """The lists the keys open over the screen: periods, the agenda, the lens."""

    @property
    def report(self) -> LoadedReport | None:
        """The period on screen and everything around it (None before loading, or an empty store)."""
        return self.period.report

    @property
    def state(self) -> ViewState:
        """The filters and sort the user chose."""
        return self.view.state

    @property
    def rows(self) -> list[int]:
        """Positions of the measures the table shows, in its order."""
        return self.view.rows

    @property
    def selected(self) -> int | None:
        """Position of the measure under the table's cursor."""
        return self.view.selected

    @property
    def scorecard(self) -> Session:
        """The app, with its app-wide state (read-only status, author)."""
        return cast("Session", self.app)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout classes as PeriodView.place will most likely find them (the widest tree), so that
        # the panes are styled once as they mount (set after, they restyled every widget: ~15 ms).
        width = self.app.size.width
        self.set_class(not layout.detail_beside(width, layout.TREE_MAX), "-narrow")
        yield ReportHeader(id="header")
        yield EmptyState(id="empty")
        yield MainPanes(width, id="main")
        yield FilterBar(id="filter-bar")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ReportHeader).show_message(f"Opening {self.store_thread.path} ...")
        self.query_one(FilterBar).display = False
        self.period.place()
        view, self._first_view = self._first_view, None
        if view is None:
            self.load_report()
        else:
            self.period.show(*view)
        self.set_interval(self.scorecard.poll_seconds, self.poll_store, name="poll-store")

    def on_screen_suspend(self) -> None:
        """A dialog in front: the footer behind it shows only the keys that still work."""
        self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self.period.place(event.size.width)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a read-only session the writing keys only say why they do nothing; the palette acts
        on this screen only with it (or a measure full screen) in front."""
        in_front = self.app.screen is self or isinstance(self.app.screen, DetailScreen)
        read_only = self.scorecard.read_only_reason is not None
        if action in WRITE_ACTIONS and read_only:
            return False
        if action == "refuse_write":
            return read_only and in_front
        return in_front

    # -- loading and searching (worker threads) ----------------------------------------

    def load_report(self, wanted: PeriodKey | int | None = None) -> None:
        """Read a period (default: the latest) off the UI thread."""
        self.reader.period(wanted)

    @on(DetailsLoaded)
    def _details_loaded(self, message: DetailsLoaded) -> None:
        if self.report is None or message.report_id != self.report.info.id:
            return
        self.period.report = replace(self.report, history=message.details.history, lens=message.details.lens)
        self.period.refresh_detail()
        self.call_after_refresh(self.scorecard.settle_memory)

    def search(self, text: str) -> None:
        """Ask the store which measures match; stale searches are skipped."""
        if self.report is not None:
            self.reader.search(text, self.report.info, lambda: self.view.wanted_query)

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        if self.app.screen_stack:  # else shutting down
            self.period.show(message.loaded, message.read_only_reason, message.version)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if not self.app.screen_stack:
            return
        self.add_class("-empty")
        self.query_one(EmptyState).show_error(message.message)
        self.query_one(ReportHeader).show_message(f"scorecard  {self.store_thread.path}")
        self.notify(message.message, severity="error", markup=False)

    @on(SearchDone)
    def _searched(self, message: SearchDone) -> None:
        if self.view.searched(message.query, message.codes):
            self.period.show_state()

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, title=message.title, severity=message.severity, markup=False)

    # -- the view ----------------------------------------------------------------------

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The current report's measures (empty before loading)."""
        return self.period.measures

    @property
    def current_measure(self) -> Measure | None:
        """The measure under the table's cursor."""
        return self.period.measure_at(self.selected)

    @property
    def as_of(self) -> date:
        """The date reviews count as past or coming from (:attr:`Period.as_of`)."""
        return self.period.as_of

    def detail_context(self, measure: Measure) -> DetailContext:
        """What the detail view shows around a measure of the current report."""
        return self.period.detail_context(measure)

    @on(RagTable.MeasureHighlighted)
    def _highlighted(self, message: RagTable.MeasureHighlighted) -> None:
        self.period.select(message.position)

    @on(RagTable.MeasureOpened)
    def _opened(self, message: RagTable.MeasureOpened) -> None:
        self.action_open_detail()

    @on(DirectorateTree.DirectorateChosen)
    def _directorate(self, message: DirectorateTree.DirectorateChosen) -> None:
        self.period.set_state(replace(self.state, directorate=message.directorate))

    @on(DirectorateTree.DirectorateHighlighted)
    def _directorate_highlighted(self, message: DirectorateTree.DirectorateHighlighted) -> None:
        """The tree may abbreviate a name: the status line gives it in full."""
        if self.report is not None:
            status = status_line(self.state, len(self.rows), len(self.measures), self.period.marks)
            self.query_one(StatusLine).show(f"{status}   ({message.directorate})", sort_line(self.state))

    @on(DirectorateTree.MeasureChosen)
    def _tree_measure(self, message: DirectorateTree.MeasureChosen) -> None:
        self.period.show_position(message.position)

    def show_key(self, key: str) -> None:
        """Put the table's cursor on the measure with this key, and the keyboard on the table."""
        keys = [m.key for m in self.measures]
        if key in keys:
            self.period.show_position(keys.index(key), focus=True)

    @on(FilterBar.Changed)
    def _filter_changed(self, message: FilterBar.Changed) -> None:
        if self.view.typed(message.text):
            self.search(message.text)
        else:
            self.period.show_state()

    @on(FilterBar.Closed)
    def _filter_closed(self, message: FilterBar.Closed) -> None:
        self.query_one(RagTable).focus()

    # -- filters and sort --------------------------------------------------------------

    def action_toggle_rag(self, rag: str) -> None:
        """Add a RAG to the filter or take it out (an empty filter shows every measure)."""
        self.period.set_state(self.state.toggle_rag(Rag(rag)))

    def action_switch_basis(self) -> None:
        """Switch RAG filters and sort between quarterly and forecast."""
        self.period.set_state(self.state.next_basis())

    def action_cycle_direction(self) -> None:
        """Cycle the direction-of-travel filter."""
        self.period.set_state(self.state.next_direction())

    def action_cycle_sort(self) -> None:
        """Cycle the sort order."""
        self.period.set_state(self.state.next_sort())

    def action_sort_menu(self) -> None:
        """Choose a column to sort by (the one sorted by now again: the other way)."""
        self.period.sort_menu()

    @on(RagTable.HeaderClicked)
    def _header_clicked(self, message: RagTable.HeaderClicked) -> None:
        self.period.set_state(self.state.sort_by(message.column))

    def action_clear_filters(self) -> None:
        """Clear every filter, the search included."""
        self.period.clear_filters()

    def action_open_filter(self) -> None:
        """Open the search bar."""
        if self.report is not None:
            self.query_one(FilterBar).open()

    def action_toggle_changed(self) -> None:
        self.period.next_changes()

    def action_toggle_flagged(self) -> None:
        """Show only flagged measures."""
        self.period.set_state(replace(self.state, flagged_only=not self.state.flagged_only))

    def action_cycle_due(self) -> None:
        """Cycle the review-due filter: off, 2, 4, 8, 13 weeks."""
        self.period.set_state(self.state.next_due())

    def action_copy_measure(self) -> None:
        """Copy the selected measure as a paragraph to the officer's clipboard (OSC 52)."""
        from scorecard_tui.app.copy_text import measure_paragraph

        if (measure := self.current_measure) is not None:
            self.app.copy_to_clipboard(measure_paragraph(measure, self.detail_context(measure)))
            self.notify(f"{clean(measure.code, newlines=False)}: copied to the clipboard.", markup=False)

    def action_edit_history(self) -> None:
        """Every earlier version of the selected measure's note, questions and flag."""
        from scorecard_tui.app.screens.versions import VersionsScreen

        if (measure := self.current_measure) is not None and self.report is not None:
            questions = self.detail_context(measure).signals
            self.app.push_screen(VersionsScreen(self.store_thread, self.report.info, measure, questions))

    # -- panes -------------------------------------------------------------------------

    def action_toggle_tree(self) -> None:
        """Show or hide the directorate tree."""
        self.query_one(MainPanes).toggle_tree()
        self.period.place()

    def action_toggle_wide_titles(self) -> None:
        """Wide titles: the Measure column takes every cell the ratings leave; again to go back."""
        self.query_one(MainPanes).toggle_wide_titles()
        self.period.place()

    def action_open_detail(self) -> None:
        """Show the selected measure in full."""
        measure = self.current_measure
        if measure is None:
            return
        if layout.is_small(self.app.size.width, self.app.size.height):
            self.app.push_screen(DetailScreen(measure, self.detail_context(measure), owner=self))
        else:
            self.query_one(DetailPane).focus()

    def action_back_to_table(self) -> None:
        """Leave the detail view for the table."""
        if isinstance(self.app.screen, DetailScreen):
            self.app.pop_screen()
        self.query_one(RagTable).focus()

    # -- periods and the agenda --------------------------------------------------------

    def action_pick_period(self) -> None:
        """Pick a period from every report in the store."""
        self.openers.pick_period()

    def action_step_period(self, step: int) -> None:
        """Show the previous (-1) or next (1) period of the same report."""
        self.openers.step_period(step)

    def action_agenda(self) -> None:
        """Open the review agenda for the period shown."""
        self.openers.agenda()

    def action_lens(self) -> None:
        """Open the scrutiny lens for the period shown, on the measure it was left on."""
        self.openers.lens()

    def action_report_info(self) -> None:
        """Open the report's own facts: its file, source, pages, header row and every row not read."""
        self.openers.report_info()

    def set_as_of(self, as_of: date) -> None:
        """Count reviews as past or coming from this date (the agenda's ``a``)."""
        self.period.count_from(as_of)

    # -- writing: flags, notes, imports, the briefing -----------------------------------

    def action_refuse_write(self, what: str) -> None:
        """Say why a key that writes does nothing here (read-only sessions)."""
        self.writing.writable(what)

    def action_cycle_flag(self) -> None:
        """Cycle the selected measure's flag: none, watch, raise."""
        if (measure := self.current_measure) is not None:
            self.writing.flag(measure.key)

    def action_edit_note(self) -> None:
        """Write or edit the selected measure's note (reopening text that could not be saved)."""
        if (measure := self.current_measure) is not None:
            self.writing.edit_note(measure.key)

    def action_edit_questions(self) -> None:
        """Edit, drop or add the selected measure's questions."""
        if (measure := self.current_measure) is not None:
            self.writing.edit_questions(measure.key)

    def unsaved_note_drafts(self) -> list[Draft]:
        """The notes that could not be saved, as drafts to keep when the app ends."""
        return self.writing.unsaved_note_drafts()

    @on(LensChanged)
    def _lens_changed(self, message: LensChanged) -> None:
        """Show edited questions, if they belong to the period on screen."""
        if self.report is None or message.report_id != self.report.info.id:
            return
        self.period.report = replace(self.report, lens=message.lens)
        self.period.refresh_detail()
        self.openers.redraw_lens()

    @on(AnnotationsLoaded)
    def _annotations_loaded(self, message: AnnotationsLoaded) -> None:
        """Show new flags and notes, if they belong to the period on screen."""
        if self.report is None or message.report_id != self.report.info.id:
            return
        if message.annotations == self.report.annotations:
            return
        self.period.report = replace(self.report, annotations=message.annotations)
        self.period.apply()
        self.period.refresh_detail()
        self.openers.redraw_lens()

    def action_import_file(self) -> None:
        """Ask for a file and import it."""
        self.writing.import_file()

    def action_write_briefing(self) -> None:
        """Write the briefing (:meth:`Writer.briefing`): of the whole report, the view or the flagged."""
        if self.report is None:
            return
        flagged = sum(m.key in self.report.annotations.flags for m in self.measures)
        counts = (len(self.measures), len(self.rows), flagged)
        in_view = lambda: self.view.in_view(self.measures, self.period.marks)  # noqa: E731 - asked as the officer answers
        self.writer.briefing(self.report.info, self.as_of, counts, in_view if self.view.narrowed(counts[0]) else None)

    # -- watching a shared database ----------------------------------------------------

    @property
    def pending_reload(self) -> str | None:
        """What landed in the store since the view was loaded (None: nothing)."""
        return self.reader.watch.pending_reload

    def poll_store(self) -> None:
        """Look for other people's changes, unless the last look is still going (a slow disk)."""
        self.reader.poll(self.report.info if self.report else None)

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """Offer a reload for new reports; show others' flags and notes straight away."""
        changes = message.changes
        if (said := self.reader.watch.landed(changes, self.report.reports if self.report else ())) is not None:
            self.notify(said, title="Reload", markup=False)
            self.period.apply()
        if self.report is not None and changes.annotations is not None:
            self.post_message(AnnotationsLoaded(self.report.info.id, changes.annotations))

    def action_reload(self) -> None:
        """Reload from the database: the latest period if that was on screen, else the same one."""
        if self.report is None or self.report.neighbour(1) is None:
            self.load_report()
        else:
            self.load_report(PeriodKey.of(self.report.info))
