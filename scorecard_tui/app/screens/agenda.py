"""AgendaScreen: every review date by month and body, coming first, then the chase list (promises and
reviews not yet met, by body); enter jumps to the measure."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app import data
from scorecard_tui.app.render import COMING_REVIEW, OVERDUE, PAST_REVIEW, month_label, muted, rag_badge
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import InputDialog
from scorecard_tui.app.screens.measure_list import MeasureList
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, ReportInfo
from scorecard_tui.triage.chase import ChaseItem
from scorecard_tui.triage.reviews import AgendaItem, agenda

if TYPE_CHECKING:
    from scorecard_tui.app.data import StoreThread

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_of(text: str) -> date:
    """A ``YYYY-MM-DD`` date.

    Raises:
        ValueError: With a message to show when the text is not such a date.
    """
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date: type it as YYYY-MM-DD, e.g. 2018-11-30")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date in the calendar") from None


def agenda_options(items: Sequence[AgendaItem], measures: Sequence[Measure]) -> list[Option]:
    """Headings per month and body (disabled), then one selectable line per measure."""
    rags = {m.code: m.rag_quarter for m in measures}
    code_width = min(16, max((len(i.code) for i in items), default=0))
    options: list[Option] = []
    last: tuple[bool, str, str | None] | None = None
    for index, item in enumerate(items):
        group = (item.past, item.month, item.body)
        if group != last:
            if item.past and (last is None or not last[0]):
                options.append(Option(Text("── Past reviews ──", style=muted("bold")), disabled=True))
            if last is None or group[:2] != last[:2]:
                when = "past" if item.past else "coming"
                heading = Text(f"{month_label(item.month)}  ({when})", style="bold underline")
                options.append(Option(heading, disabled=True))
            label = literal(item.body, "bold", newlines=False) if item.body else Text("body not stated", "italic")
            options.append(Option(Text.assemble("  ", label), disabled=True))
            last = group
        line = Text(f"    {PAST_REVIEW if item.past else COMING_REVIEW} ", style=muted() if item.past else "bold")
        line.append_text(rag_badge(rags.get(item.code), letter=True))
        line.append(" ")
        code = literal(item.code, "bold", newlines=False)
        code.align("left", code_width)
        line.append_text(code)
        line.append("  ")
        line.append_text(literal(item.title, muted() if item.past else "", newlines=False))
        line.no_wrap, line.overflow = True, "ellipsis"
        options.append(Option(line, id=str(index)))
    return options


def chase_options(items: Sequence[ChaseItem], measures: Sequence[Measure], first_id: int) -> list[Option]:
    """The chase list under the agenda: a heading per body (disabled), then one line per promise or
    review, ``! overdue`` or ``▶ coming`` with its month; option ids count on from ``first_id``."""
    rags = {m.code: m.rag_quarter for m in measures}
    options = [Option(Text("── To chase: promises and reviews not yet met ──", style="bold"), disabled=True)]
    last: str | None = None
    for n, item in enumerate(items):
        if item.body != last:
            name = literal(item.body, "bold underline", newlines=False) if item.body else None
            options.append(Option(name or Text("Promises naming no body", "bold underline"), disabled=True))
            last = item.body
        mark = (f"  {OVERDUE} overdue ", "bold") if item.overdue else (f"  {COMING_REVIEW} coming  ", "")
        line = Text.assemble(mark, (f"{month_label(item.due)}  ", "bold"))
        line.append_text(rag_badge(rags.get(item.code), letter=True))
        line.append(" ")
        line.append_text(literal(item.code, "bold", newlines=False))
        line.append("  ")
        said = f"\u201c{item.what}\u201d" if item.kind == "promise" else item.what
        line.append_text(literal(f"{said} ({item.made})", "" if item.overdue else muted(), newlines=False))
        line.no_wrap, line.overflow = True, "ellipsis"
        options.append(Option(line, id=str(first_id + n)))
    return options


@dataclass
class ChaseLoaded(Message):
    """The chase list was read (``error`` set when it could not be)."""

    items: list[ChaseItem]
    as_of: date
    error: str | None = None


class AsOfScreen(InputDialog[date | None]):
    """Asks for the as-of date; a bad date is a notification, and the box stays open."""

    DEFAULT_CSS = """
    #as-of-box {
        width: 48;
        padding: 1 2;
    }
    """

    BOX_TITLE = "Reviews as of"
    BOX_HINT = "enter to apply, escape to cancel"
    BOX_ID = "as-of-box"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cancel", id="cancel-as-of")]

    def __init__(self, current: date) -> None:
        super().__init__()
        self._current = current

    def compose_body(self) -> ComposeResult:
        yield Label("Date (YYYY-MM-DD):")
        yield Input(self._current.isoformat(), id="as-of-input")

    def read(self, text: str) -> date:
        return parse_as_of(text)

    def refuse(self, why: str) -> None:
        """A notification: the field keeps the date typed."""
        self.app.notify(why, title="As of", severity="error", markup=False)


class AgendaScreen(MeasureList):
    """Dismisses with the code of the measure chosen, or None.

    Args:
        measures: The period's measures.
        period: The period's label.
        as_of: Reviews ending before this date are past.
        on_as_of: Told of a new as-of date the user sets with ``a`` (it applies to the table too).
    """

    DEFAULT_CSS = """
    AgendaScreen > #agenda {
        border: round #4dd0e1;  /* bright cyan in 16 colours, as the focus: not Red */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option-disabled {
            color: $text;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,v", "dismiss", "Back", id="close-agenda"),
        Binding("a", "ask_as_of", "As of", id="agenda-as-of"),
    ]

    LIST_ID = "agenda"
    LIST_TITLE = "Review agenda"
    HINTS = "enter: go to the measure   a: change the as-of date   escape: back"

    def __init__(
        self,
        measures: Sequence[Measure],
        period: str,
        as_of: date,
        on_as_of: Callable[[date], None],
        store: StoreThread | None = None,
        info: ReportInfo | None = None,
    ) -> None:
        super().__init__(period, as_of)
        self._on_as_of = on_as_of
        self._measures = measures
        self._items: list[AgendaItem] = []
        self._store = store
        self._info = info
        self.chase: list[ChaseItem] = []
        """The chase list shown under the reviews (empty until read)."""
        self._lines: list[Text | None] = []
        """Each option's line as drawn off the cursor (None: a heading)."""

    def fill(self) -> None:
        self._items = agenda(self._measures, self.as_of)
        coming = sum(not i.past for i in self._items)
        self.show_header("as of", f"{coming} coming, {len(self._items) - coming} past")
        options = self.clear_list()
        self._lines = []
        if not self._items:
            self._add([Option(Text("No review dates in this period's review notes.", muted()), disabled=True)])
        else:
            self._add(agenda_options(self._items, self._measures))
            options.highlighted = next(i for i, o in enumerate(options.options) if not o.disabled)
        self.chase = []
        if self._store is not None and self._info is not None:
            self.load_chase(self.as_of)

    def _add(self, options: list[Option]) -> None:
        """Add lines to the list, each one's own look kept for when the cursor leaves it."""
        self.query_one(OptionList).add_options(options)
        self._lines.extend(o.prompt if isinstance(o.prompt, Text) and not o.disabled else None for o in options)

    def prompt_at(self, index: int) -> Text | None:
        return self._lines[index] if index < len(self._lines) else None

    @work(thread=True, exclusive=True, group="chase")
    def load_chase(self, as_of: date) -> None:
        """Read the chase list on the store thread."""
        store, info = self._store, self._info
        assert store is not None and info is not None
        try:
            items = store.call(lambda s: s.lens.chase(data.held_now(s, info), as_of))
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(ChaseLoaded([], as_of, str(exc)))
            return
        self.post_message(ChaseLoaded(items, as_of))

    @on(ChaseLoaded)
    def _chase_loaded(self, message: ChaseLoaded) -> None:
        if message.as_of != self.as_of:
            return
        options = self.query_one(OptionList)
        if message.error is not None:
            self._add([Option(literal(f"The chase list could not be read: {message.error}", "bold"), disabled=True)])
            return
        self.chase = message.items
        if not self.chase:
            self._add([Option(Text("Nothing to chase: no promise or review outstanding.", muted()), disabled=True)])
            return
        self._add(chase_options(self.chase, self._measures, len(self._items)))
        if options.highlighted is None:
            options.highlighted = next(i for i, o in enumerate(options.options) if not o.disabled)

    def action_ask_as_of(self) -> None:
        """Ask for a new as-of date."""
        self.app.push_screen(AsOfScreen(self.as_of), self._as_of_chosen)

    def _as_of_chosen(self, chosen: date | None) -> None:
        if chosen is None or chosen == self.as_of:
            return
        self.as_of = chosen
        self.fill()
        self._on_as_of(chosen)

    def key_at(self, index: int) -> str:
        if index >= len(self._items):
            return self.chase[index - len(self._items)].key
        return self._items[index].key
