"""MainScreen: the report on screen, its filters and sort, and every key that acts on it.

The screens and writers a key opens are imported when the key is first pressed: they are not
part of the first frame, which an officer waits for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from scorecard_tui.app import layout
from scorecard_tui.app.data import LoadedReport, PeriodKey, StoreThread, View
from scorecard_tui.app.detail_view import DetailContext, context_for
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
from scorecard_tui.app.reader import Reader
from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.session import Session
from scorecard_tui.app.view import Marks, ViewState, describe, sort_line, status_line, visible
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.empty_state import EmptyState
from scorecard_tui.app.widgets.filter_bar import FilterBar
from scorecard_tui.app.widgets.key_footer import KeyFooter
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.app.widgets.report_header import ReportHeader
from scorecard_tui.app.widgets.status_line import StatusLine
from scorecard_tui.app.writer import Writer
from scorecard_tui.model import Measure, Rag

if TYPE_CHECKING:
    from scorecard_tui.app.drafts import Draft

NO_MATCH = "No measures match. Press escape to clear every filter."


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
        self.report: LoadedReport | None = None
        """The period on screen and everything around it (None before loading, or an empty store)."""
        self.state = ViewState()
        """The filters and sort the user chose."""
        self.rows: list[int] = []
        """Positions of the measures the table shows, in its order."""
        self.selected: int | None = None
        """Position of the measure under the table's cursor."""
        self.as_of_override = as_of
        """The as-of date the user gave (``--as-of`` or ``a`` in the agenda); None follows the report."""
        self.reader = Reader(self, store)
        """The reads off the UI thread, and the look for others' changes."""
        self.writer = Writer(self, store)
        """The writing keys' dialogs and writes."""
        self.lens_cursor: dict[int, str] = {}
        """Where the lens was left in each period (report id -> measure key): it opens there again."""
        self._wanted_query = ""
        self._tree_shown: bool | None = None
        self._tree_basis = self.state.basis
        self._said_read_only = False

    @property
    def scorecard(self) -> Session:
        """The app, with its app-wide state (read-only status, author)."""
        return cast("Session", self.app)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout classes as _place_tree will most likely find them (the widest tree), so that
        # the panes are styled once as they mount (set after, they restyled every widget: ~15 ms).
        width = self.app.size.width
        self.set_class(not layout.detail_beside(width, layout.TREE_MAX), "-narrow")
        yield ReportHeader(id="header")
        yield EmptyState(id="empty")
        shown = layout.shows_tree(width, self._tree_shown, wide_titles=False)
        with Horizontal(id="main", classes="" if shown else "-no-tree"):
            yield DirectorateTree(id="tree")
            with Container(id="work"):
                with Vertical(id="table-pane"):
                    yield RagTable(id="table")
                    yield Static(Text(NO_MATCH), id="no-match")
                with Vertical(id="detail-box"):
                    yield DetailPane(id="detail")
        yield FilterBar(id="filter-bar")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ReportHeader).show_message(f"Opening {self.store_thread.path} ...")
        self.query_one(FilterBar).display = False
        self.query_one("#tree").border_title = "Directorates"
        self.query_one("#table-pane").border_title = "Measures"
        self.query_one("#detail-box").border_title = "Detail"
        self._place_tree()
        view, self._first_view = self._first_view, None
        if view is None:
            self.load_report()
        else:
            self.show_view(*view)
        self.set_interval(self.scorecard.poll_seconds, self.poll_store, name="poll-store")

    def on_screen_suspend(self) -> None:
        """A dialog in front: the footer behind it shows only the keys that still work."""
        self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self._place_tree(event.size.width)

    def _place_tree(self, width: int | None = None) -> None:
        """Lay the panes out for the terminal's width (:func:`layout.place_panes`)."""
        width = self.app.size.width if width is None else width
        tree, table = self.query_one(DirectorateTree), self.query_one(RagTable)
        room = table.needed_width(self.report.measures) + 2 if self.report else layout.TABLE_ROOM
        panes = layout.place_panes(
            width, tree.needed_width(), room, chosen=self._tree_shown, wide_titles=table.wide_titles
        )
        self.query_one("#main").set_class(not panes.tree_shown, "-no-tree")
        layout.set_width(tree, panes.tree_width or None)
        tree.fit(panes.tree_width)
        self.set_class(not panes.beside, "-narrow")
        layout.set_width(self.query_one("#detail-box"), panes.detail_width)
        if not panes.tree_shown and tree.has_focus:
            table.focus()

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
        self.report = replace(self.report, history=message.details.history, lens=message.details.lens)
        self.refresh_detail()
        self.call_after_refresh(self.scorecard.settle_memory)

    def search(self, text: str) -> None:
        """Ask the store which measures match; stale searches are skipped."""
        if self.report is not None:
            self.reader.search(text, self.report.info, lambda: self._wanted_query)

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        if self.app.screen_stack:  # else shutting down
            self.show_view(message.loaded, message.read_only_reason, message.version)

    def show_view(self, loaded: LoadedReport | None, read_only_reason: str | None, version: int) -> None:
        """Show a period as read (None: the database is empty), with why the store is read-only
        (or None) and the store's data version when it was read."""
        self.scorecard.read_only_reason = read_only_reason
        self.reader.watch.caught_up(version)
        if read_only_reason and not self._said_read_only:
            self._said_read_only = True
            self.notify(read_only_reason, title="Read-only", markup=False)
            self.refresh_bindings()
        before = self.current_measure
        first = self.report is None
        self.report = loaded
        self.selected = None
        self.set_class(loaded is None, "-empty")
        if loaded is None:
            self.query_one(ReportHeader).show_message(f"scorecard  no reports yet in {self.store_thread.path.name}")
            self.query_one(StatusLine).show("The database is empty: press i to import", "")
            return
        self.query_one(DirectorateTree).show_measures(loaded.measures, self.state.basis)
        self._tree_basis = self.state.basis
        self._place_tree()
        if self.scorecard.demo and first:
            self.notify("Demo: the sample reports in a temporary database.", markup=False)
        if self._wanted_query.strip():
            self.search(self._wanted_query)
        keys = [m.key for m in loaded.measures]
        keep = keys.index(before.key) if before is not None and before.key in keys else None
        self.apply_view(keep)
        self.show_selected(self.query_one(RagTable).current)  # in this frame, not after the table's message
        self.call_after_refresh(self.reader.details, loaded.info)

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
        if message.query == self._wanted_query:
            self.set_state(replace(self.state, query=message.query, matches=message.codes))

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
            read_only=self.scorecard.read_only_reason is not None,
            reload=self.pending_reload,
        )
        status = status_line(self.state, len(self.rows), len(measures), marks)
        self.query_one(StatusLine).show(status, sort_line(self.state))
        self.query_one("#table-pane").set_class(not self.rows, "-no-match")
        if self.state.basis is not self._tree_basis:
            self._tree_basis = self.state.basis
            self.query_one(DirectorateTree).set_basis(self.state.basis)

    def set_state(self, state: ViewState) -> None:
        """Take new filters or sort, and show them."""
        searched, self.state = self.state.query, state
        self.apply_view()
        if state.query != searched:
            self.refresh_detail()  # the search words it highlights

    def detail_context(self, measure: Measure) -> DetailContext:
        """What the detail view shows around a measure of the current report."""
        return replace(context_for(self.report, measure, self.as_of), search=self.state.query)

    def refresh_detail(self) -> None:
        """Redraw the selected measure (its flag, note or dates changed), keeping the scroll."""
        measure = self.current_measure
        if measure is None:
            return
        self.query_one(DetailPane).show_measure(measure, self.detail_context(measure), keep=True)
        if isinstance(self.app.screen, DetailScreen):
            self.app.screen.show_measure(measure, self.detail_context(measure))

    @on(RagTable.MeasureHighlighted)
    def _highlighted(self, message: RagTable.MeasureHighlighted) -> None:
        self.show_selected(message.position)

    def show_selected(self, position: int | None) -> None:
        """Show the measure at ``position`` (None: no measure) in the detail pane."""
        if position == self.selected and position is not None:
            return
        self.selected = position
        measure = self.current_measure
        self.query_one(DetailPane).show_measure(measure, self.detail_context(measure) if measure else None)

    @on(RagTable.MeasureOpened)
    def _opened(self, message: RagTable.MeasureOpened) -> None:
        self.action_open_detail()

    @on(DirectorateTree.DirectorateChosen)
    def _directorate(self, message: DirectorateTree.DirectorateChosen) -> None:
        self.set_state(replace(self.state, directorate=message.directorate))

    @on(DirectorateTree.DirectorateHighlighted)
    def _directorate_highlighted(self, message: DirectorateTree.DirectorateHighlighted) -> None:
        """The tree may abbreviate a name: the status line gives it in full."""
        if self.report is not None:
            status = status_line(self.state, len(self.rows), len(self.measures), self.marks)
            self.query_one(StatusLine).show(f"{status}   ({message.directorate})", sort_line(self.state))

    @on(DirectorateTree.MeasureChosen)
    def _tree_measure(self, message: DirectorateTree.MeasureChosen) -> None:
        self.show_position(message.position)

    def show_position(self, position: int) -> None:
        """Put the table's cursor on a measure, clearing the filters if they hide it."""
        table = self.query_one(RagTable)
        if not table.select_measure(position):
            self.notify("Filters cleared to show that measure.", markup=False)
            self._clear_search()
            self.set_state(self.state.cleared())
            table.select_measure(position)

    def show_key(self, key: str) -> None:
        """Put the table's cursor on the measure with this key, and the keyboard on the table."""
        keys = [m.key for m in self.measures]
        if key in keys:
            self.show_position(keys.index(key))
            self.query_one(RagTable).focus()

    def jump_to(self, key: str) -> None:
        """The palette's measure: put the table's cursor on it."""
        if self._back_from_palette():
            self.show_key(key)

    def jump_to_directorate(self, name: str) -> None:
        """The palette's directorate: filter the table to it."""
        if self._back_from_palette():
            self.set_state(replace(self.state, directorate=name))
            self.query_one(RagTable).focus()

    def _back_from_palette(self) -> bool:
        """Whether a palette's jump acts (from the full-screen detail too, which closes; nothing
        behind a dialog)."""
        if not self.check_action("open_detail", ()):
            return False
        if isinstance(self.app.screen, DetailScreen):
            self.app.pop_screen()
        return True

    @on(FilterBar.Changed)
    def _filter_changed(self, message: FilterBar.Changed) -> None:
        self._wanted_query = message.text
        if message.text.strip():
            self.search(message.text)
        else:
            self.set_state(replace(self.state, query="", matches=None))

    @on(FilterBar.Closed)
    def _filter_closed(self, message: FilterBar.Closed) -> None:
        self.query_one(RagTable).focus()

    def _clear_search(self) -> None:
        self._wanted_query = ""
        self.query_one(FilterBar).clear()

    # -- filters and sort --------------------------------------------------------------

    def action_toggle_rag(self, rag: str) -> None:
        """Add a RAG to the filter or take it out (an empty filter shows every measure)."""
        self.set_state(self.state.toggle_rag(Rag(rag)))

    def action_switch_basis(self) -> None:
        """Switch RAG filters and sort between quarterly and forecast."""
        self.set_state(self.state.next_basis())

    def action_cycle_direction(self) -> None:
        """Cycle the direction-of-travel filter."""
        self.set_state(self.state.next_direction())

    def action_cycle_sort(self) -> None:
        """Cycle the sort order."""
        self.set_state(self.state.next_sort())

    def action_clear_filters(self) -> None:
        """Clear every filter, the search included."""
        self._clear_search()
        self.set_state(self.state.cleared())

    def action_open_filter(self) -> None:
        """Open the search bar."""
        if self.report is not None:
            self.query_one(FilterBar).open()

    def action_toggle_changed(self) -> None:
        """Cycle the change filter: changed since the previous period, worse only, off."""
        if self.report is None:
            return
        state = self.state.next_changes()
        if self.report.previous is None and (state.changed_only or state.worse_only):
            self.notify(f"No period before {self.report.info.period} is held: nothing to compare.", markup=False)
        self.set_state(state)
        if state.changed_only or state.worse_only:
            which = "changed (better, worse or new)" if state.changed_only else "worse only"
            self.notify(
                f"Showing measures {which}; c again for {'worse only' if state.changed_only else 'all'}.", markup=False
            )

    def action_toggle_flagged(self) -> None:
        """Show only flagged measures."""
        self.set_state(replace(self.state, flagged_only=not self.state.flagged_only))

    def action_cycle_due(self) -> None:
        """Cycle the review-due filter: off, 2, 4, 8, 13 weeks."""
        self.set_state(self.state.next_due())

    # -- panes -------------------------------------------------------------------------

    def action_toggle_tree(self) -> None:
        """Show or hide the directorate tree."""
        self._tree_shown = "-no-tree" in self.query_one("#main").classes
        self._place_tree()

    def action_toggle_wide_titles(self) -> None:
        """Wide titles: the Measure column takes every cell the ratings leave; again to go back."""
        table = self.query_one(RagTable)
        self._tree_shown = None
        table.set_wide_titles(not table.wide_titles)
        self._place_tree()

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
        from scorecard_tui.app.screens.periods import PeriodScreen

        if self.report is not None:
            self.app.push_screen(PeriodScreen(self.report.reports, self.report.info.id), self._period_chosen)

    def _period_chosen(self, report_id: int | None) -> None:
        if report_id is not None and self.report is not None and report_id != self.report.info.id:
            self.load_report(report_id)

    def action_step_period(self, step: int) -> None:
        """Show the previous (-1) or next (1) period of the same report."""
        if self.report is None:
            return
        info = self.report.neighbour(step)
        if info is None:
            where = "earliest" if step < 0 else "latest"
            self.notify(f"{self.report.info.period} is the {where} period held.", markup=False)
            return
        self.load_report(info.id)

    def action_agenda(self) -> None:
        """Open the review agenda for the period shown."""
        from scorecard_tui.app.screens.agenda import AgendaScreen

        if self.report is not None:
            report = self.report
            screen = AgendaScreen(
                report.measures, report.info.period, self.as_of, self.set_as_of, self.store_thread, report.info
            )
            self.app.push_screen(screen, self._chosen)

    def _chosen(self, key: str | None) -> None:
        """The measure chosen in the agenda or the lens (None: closed with none)."""
        if key is not None:
            self.show_key(key)

    def action_lens(self) -> None:
        """Open the scrutiny lens for the period shown, on the measure it was left on."""
        from scorecard_tui.app.screens.lens import LensActions, LensMarks, LensScreen

        if self.report is not None:
            info = self.report.info
            actions = LensActions(
                self.edit_questions,
                self.flag_key,
                self.edit_note_key,
                lambda: LensMarks.of(self.report),
                lambda key: self.lens_cursor.__setitem__(info.id, key),
            )
            screen = LensScreen(self.store_thread, info, self.as_of, actions, self.lens_cursor.get(info.id))
            self.app.push_screen(screen, self._chosen)

    def _redraw_lens(self) -> None:
        from scorecard_tui.app.screens.lens import LensScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, LensScreen) and screen.is_mounted:
                screen.redraw()

    def set_as_of(self, as_of: date) -> None:
        """Count reviews as past or coming from this date (the agenda's ``a``)."""
        self.as_of_override = as_of
        self.notify(f"Reviews now counted as of {as_of:%d %b %Y}.", markup=False)
        self.apply_view()
        self.refresh_detail()

    # -- writing: flags, notes, imports, the briefing -----------------------------------

    def writable(self, what: str) -> bool:
        """Whether writing is possible; if not, say why."""
        reason = self.scorecard.read_only_reason
        if reason is None:
            return True
        self.notify(f"{what} is off: {reason}.", title="Read-only", severity="warning", markup=False)
        return False

    def action_refuse_write(self, what: str) -> None:
        """Say why a key that writes does nothing here (read-only sessions)."""
        self.writable(what)

    def action_cycle_flag(self) -> None:
        """Cycle the selected measure's flag: none, watch, raise."""
        if (measure := self.current_measure) is not None:
            self.flag_key(measure.key)

    def flag_key(self, key: str) -> None:
        """Cycle a measure's flag, by key (the lens's ``m`` too)."""
        if self.report is not None and self.writable("Flagging"):
            self.writer.flag(self.report.info, key)

    def action_edit_note(self) -> None:
        """Write or edit the selected measure's note (reopening text that could not be saved)."""
        if (measure := self.current_measure) is not None:
            self.edit_note_key(measure.key)

    def edit_note_key(self, key: str) -> None:
        """Write or edit a measure's note, by key (the lens's ``n`` too)."""
        measure = next((m for m in self.measures if m.key == key), None)
        if measure is None or self.report is None or not self.writable("Writing notes"):
            return
        note = self.report.annotations.notes.get(measure.key)
        self.writer.edit_note(self.report.info, measure.key, note.value if note else "")

    def unsaved_note_drafts(self) -> list[Draft]:
        """The notes that could not be saved, as drafts to keep when the app ends."""
        return self.writer.note_drafts.drafts(self.report.reports if self.report is not None else ())

    def action_edit_questions(self) -> None:
        """Edit or drop the selected measure's suggested questions."""
        if (measure := self.current_measure) is not None:
            self.edit_questions(measure.key)

    def edit_questions(self, key: str) -> None:
        """Open the question editor on a measure's signals (the lens view's ``e`` too)."""
        if self.report is None or not self.writable("Editing questions"):
            return
        measure = next((m for m in self.measures if m.key == key), None)
        if measure is None:
            return
        questions = self.detail_context(measure).signals  # none: the editor opens on one of the officer's own
        self.writer.edit_questions(self.report.info, key, measure.code, questions)

    @on(LensChanged)
    def _lens_changed(self, message: LensChanged) -> None:
        """Show edited questions, if they belong to the period on screen."""
        if self.report is None or message.report_id != self.report.info.id:
            return
        self.report = replace(self.report, lens=message.lens)
        self.refresh_detail()
        self._redraw_lens()

    @on(AnnotationsLoaded)
    def _annotations_loaded(self, message: AnnotationsLoaded) -> None:
        """Show new flags and notes, if they belong to the period on screen."""
        if self.report is None or message.report_id != self.report.info.id:
            return
        if message.annotations == self.report.annotations:
            return
        self.report = replace(self.report, annotations=message.annotations)
        self.apply_view()
        self.refresh_detail()
        self._redraw_lens()

    def action_import_file(self) -> None:
        """Ask for a file and import it."""
        from scorecard_tui.app.screens.import_file import ImportScreen

        if self.writable("Importing"):
            self.app.push_screen(ImportScreen(self.store_thread), self._imported)

    def _imported(self, line: str | None) -> None:
        if line:
            self.notify(line, title="Imported", markup=False)
            self.load_report()

    def action_write_briefing(self) -> None:
        """Write the briefing (:meth:`Writer.briefing`): of the whole report, the view or the flagged."""
        if self.report is None:
            return
        narrowed = self.state.filtered and len(self.rows) != len(self.measures)
        flagged = sum(m.key in self.report.annotations.flags for m in self.measures)
        counts = (len(self.measures), len(self.rows), flagged)
        self.writer.briefing(self.report.info, self.as_of, counts, self._in_view if narrowed else None)

    def _in_view(self) -> tuple[frozenset[str], str]:
        """The keys of the measures in view, and the filters that chose them in words."""
        return frozenset(self.measures[i].key for i in self.rows), " - ".join(describe(self.state, self.marks))

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
            self.apply_view()
        if self.report is not None and changes.annotations is not None:
            self.post_message(AnnotationsLoaded(self.report.info.id, changes.annotations))

    def action_reload(self) -> None:
        """Reload from the database: the latest period if that was on screen, else the same one."""
        if self.report is None or self.report.neighbour(1) is None:
            self.load_report()
        else:
            self.load_report(PeriodKey.of(self.report.info))
