"""LensScreen: the measures with scrutiny signals, most and worst first; enter jumps to the measure."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app import data
from scorecard_tui.app.copy_text import lens_copy
from scorecard_tui.app.data import LoadedReport, StoreThread
from scorecard_tui.app.lens_render import lens_line
from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.screens.measure_list import MeasureList
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Flag, ReportInfo
from scorecard_tui.store.lens import LensRow

CODE_WIDTH = 12


@dataclass
class LensLoaded(Message):
    """The lens list was read (``error`` set when it could not be)."""

    rows: list[LensRow]
    error: str | None = None


@dataclass(frozen=True)
class LensMarks:
    """What the officer has done about the lens's measures, as the main screen holds it."""

    flags: Mapping[str, Flag] = field(default_factory=dict)
    """Each flagged measure's flag, by key."""
    dismissed: frozenset[str] = frozenset()
    """Keys of the measures whose every question was dropped from the briefing."""
    questions: Mapping[str, str] = field(default_factory=dict)
    """Each measure's questions as text to copy, by key."""

    @classmethod
    def of(cls, report: LoadedReport | None) -> LensMarks:
        """The flags, dismissals and questions the lens shows for a period (None: none)."""
        if report is None:
            return cls()
        lens = report.lens
        dismissed = frozenset(key for key, qs in lens.items() if qs and all(q.dropped for q in qs))
        by_key = {m.key: m for m in report.measures}
        copied = {key: lens_copy(report.info, by_key.get(key), key, qs) for key, qs in lens.items()}
        return cls(report.annotations.flags, dismissed, copied)


@dataclass(frozen=True)
class LensActions:
    """What the lens asks the main screen to do on its selected measure (by key)."""

    edit_questions: Callable[[str], None]
    flag: Callable[[str], None] = lambda key: None
    note: Callable[[str], None] = lambda key: None
    marks: Callable[[], LensMarks] = LensMarks
    remember: Callable[[str], None] = lambda key: None
    """Told of the measure under the cursor, so that the lens opens on it again."""


class LensScreen(MeasureList):
    """Dismisses with the chosen measure's key, or None when closed.

    A worklist: ``m``, ``n``, ``e`` and ``c`` act on the selected measure (flag, note, questions,
    copy); ``h`` hides the measures already flagged or dismissed (every question dropped).

    Args:
        store: The thread that owns the store connection.
        info: The report on screen.
        as_of: Reviews due before this date count as missed.
        on_edit: Opens the question editor for a measure key (the main screen's), or every action.
        start: The key of the measure to put the cursor on (where the lens was left).
    """

    DEFAULT_CSS = """
    LensScreen > #lens {
        border: round $accent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "dismiss", "Back", id="close-lens"),
        Binding("e", "edit_questions", "Questions", id="lens-edit-questions"),
        Binding("m", "flag", "Flag", id="lens-flag"),
        Binding("n", "note", "Note", id="lens-note"),
        Binding("c", "copy", "Copy", id="lens-copy"),
        Binding("h", "toggle_handled", "Hide handled", id="lens-hide-handled"),
    ]

    LIST_ID = "lens"
    LIST_TITLE = "Scrutiny lens"
    HINTS = (
        "enter: go to the measure   m: flag   n: note   e: questions   c: copy   h: hide flagged or dismissed"
        "   escape: back"
    )

    def __init__(
        self,
        store: StoreThread,
        info: ReportInfo,
        as_of: date,
        on_edit: Callable[[str], None] | LensActions,
        start: str | None = None,
    ) -> None:
        super().__init__(info.period, as_of)
        self._store = store
        self._info = info
        self._actions = on_edit if isinstance(on_edit, LensActions) else LensActions(on_edit)
        self._start = start
        self._all: list[LensRow] = []
        self._width = CODE_WIDTH
        self._flags: Mapping[str, Flag] = {}
        self.hide_handled = False
        """Whether measures already flagged or dismissed are left out."""
        self.rows: list[LensRow] = []
        """The measures listed, in order (empty until read)."""

    def fill(self) -> None:
        self._header("reading ...")
        self.load_rows()

    def retheme(self, _theme: object) -> None:
        """A new theme: the rows again, in its colours, the cursor where it was (not read again)."""
        if self._all:
            self.redraw()
        else:
            super().retheme(_theme)

    def _header(self, count: str) -> None:
        self.show_header("reviews as of", count)

    @work(thread=True, exclusive=True, group="lens")
    def load_rows(self) -> None:
        """Read the lens list on the store thread (one query of the signals kept at import)."""
        info, as_of = self._info, self.as_of
        try:
            rows = self._store.call(lambda s: data.lens_rows(s, info, as_of))
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(LensLoaded([], str(exc)))
            return
        self.post_message(LensLoaded(rows))

    def on_resize(self, _event: events.Resize) -> None:
        """A new width: the titles wrapped to it again, once the list has its new size."""
        if self.rows:
            self.call_after_refresh(self.redraw)

    @on(LensLoaded)
    def _loaded(self, message: LensLoaded) -> None:
        options = self.clear_list()
        self._all = message.rows
        if message.error is not None:
            self.rows = []
            self._header("")
            options.add_option(Option(literal(f"The lens could not be read: {message.error}", "bold"), disabled=True))
            return
        self.redraw(self._start)

    def redraw(self, keep: str | None = None) -> None:
        """List the rows again (flags and dismissals may have changed), the cursor on ``keep`` (else
        where it was)."""
        options = self.query_one(OptionList)
        keep = keep or (row.key if (row := self.highlighted) is not None else None)
        marks = self._actions.marks()
        handled = set(marks.flags) | marks.dismissed
        self.rows = [r for r in self._all if not (self.hide_handled and r.key in handled)]
        self.clear_list()
        n, hidden = len(self.rows), len(self._all) - len(self.rows)
        shown = f"{n} measure{'s' if n != 1 else ''} with signals, most and worst first"
        self._header(shown + (f" ({hidden} flagged or dismissed hidden: h shows them)" if hidden else ""))
        if not self.rows:
            empty = "Every measure with signals is flagged or dismissed." if hidden else "No signals in this period."
            options.add_option(Option(Text(empty, muted()), disabled=True))
            return
        self._width = min(CODE_WIDTH, max(len(r.code) for r in self.rows))
        self._flags = marks.flags
        options.add_options([Option(self._line(row), id=str(i)) for i, row in enumerate(self.rows)])
        keys = [r.key for r in self.rows]
        options.highlighted = keys.index(keep) if keep in keys else 0

    def _line(self, row: LensRow) -> Text:
        """A row, its title wrapped to the list's width."""
        options = self.query_one(OptionList)  # room for the scrollbar the list will have, if not yet drawn:
        width = (options.content_region.width - options.styles.scrollbar_size_vertical) or None
        return lens_line(row, self._width, self._flags.get(row.key), width)

    def prompt_at(self, index: int) -> Text | None:
        return self._line(self.rows[index]) if index < len(self.rows) else None

    def highlight_moved(self, index: int) -> None:
        if (row := self.highlighted) is not None:
            self._actions.remember(row.key)

    @property
    def highlighted(self) -> LensRow | None:
        """The measure under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def action_edit_questions(self) -> None:
        """Edit or drop the highlighted measure's questions."""
        if (row := self.highlighted) is not None:
            self._actions.edit_questions(row.key)

    def action_flag(self) -> None:
        """Cycle the highlighted measure's flag (none, watch, raise)."""
        if (row := self.highlighted) is not None:
            self._actions.flag(row.key)

    def action_note(self) -> None:
        """Write or edit the highlighted measure's note."""
        if (row := self.highlighted) is not None:
            self._actions.note(row.key)

    def action_copy(self) -> None:
        """Copy the highlighted measure, its signals and its questions to the clipboard."""
        if (row := self.highlighted) is None:
            return
        text = self._actions.marks().questions.get(row.key)
        if text is None:
            text = "\n".join([f"{row.code}: {row.title}", *(f"- {b}" for b in row.badges)])
        self.app.copy_to_clipboard(clean(text))
        self.notify(f"{row.key}: copied to the clipboard.", markup=False)

    def action_toggle_handled(self) -> None:
        """Hide the measures already flagged or dismissed, or show them again."""
        self.hide_handled = not self.hide_handled
        self.redraw()

    def key_at(self, index: int) -> str:
        return self.rows[index].key
