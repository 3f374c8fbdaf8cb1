"""FilterBar: the `/` search input, docked at the bottom and hidden until asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class FilterBar(Horizontal):
    """Posts ``Changed`` as the user types (coalesced) and ``Closed`` when done.

    A search dropped (escape) comes back the next time the bar opens, selected: typing
    replaces it, an arrow key edits it, enter keeps it.
    """

    DEFAULT_CSS = """
    FilterBar {
        & > #filter-prompt {
            width: 2;
            padding: 0 0 0 1;
            text-style: bold;
        }
        & > #filter-input {
            border: none;
            height: 1;
            padding: 0;
            width: 1fr;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Clear search", id="clear-search"),
        Binding("down", "done", "To table", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The search text changed; a newer one replaces it while still queued."""

        text: str

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, FilterBar.Changed)

    @dataclass
    class Closed(Message):
        """The bar closed: ``cleared`` when the search was abandoned."""

        cleared: bool

    def compose(self) -> ComposeResult:
        yield Label("/", id="filter-prompt")
        yield Input(
            placeholder="search title, code, commentary, actions, review",
            id="filter-input",
            select_on_focus=False,
        )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._dropped = ""
        """The last search dropped, offered again by ``open``."""

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False

    def open(self) -> None:
        """Show the bar and give it the keyboard: the search in force there to edit (not
        selected, so typing adds to it), else the last one dropped (selected, so typing
        replaces it)."""
        field = self.query_one(Input)
        if not field.value and self._dropped:
            field.value = self._dropped
            field.select_all()
        else:
            field.cursor_position = len(field.value)
        self.display = True
        # now, not after the next refresh (as focus() does): keys already queued behind "/" are
        # the search's (ScorecardApp.on_key hands them to it)
        self.screen.set_focus(field)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        """Keep the search, close the bar."""
        self._close()
        self.post_message(self.Closed(cleared=False))

    def action_cancel(self) -> None:
        """Drop the search, close the bar."""
        self._remember()
        self.query_one(Input).value = ""
        self._close()
        self.post_message(self.Closed(cleared=True))

    def _close(self) -> None:
        # the keyboard leaves the hidden field at once: keys typed right behind enter or escape
        # are the screen's (whoever handles Closed gives it to the table), never the field's
        self.display = False
        self.screen.set_focus(None)

    def clear(self) -> None:
        """Empty the input without announcing a change (the search is dropped)."""
        self._remember()
        with self.prevent(Input.Changed):
            self.query_one(Input).value = ""

    def _remember(self) -> None:
        if value := self.query_one(Input).value.strip():
            self._dropped = value
