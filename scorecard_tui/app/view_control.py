"""ViewControl: what the main screen's filter, search, sort and selection keys do to the view, with
no Textual: the filters and sort chosen (:class:`ViewState`), the rows they show, the measure under
the cursor and the search asked for; the screen shows what it holds (``PeriodView.apply``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from scorecard_tui.app.view import Marks, SortMode, ViewState, describe, sort_line, status_line, visible
from scorecard_tui.model import Measure


@dataclass(frozen=True)
class Shown:
    """The rows a state selects, and the status line's two halves for them."""

    rows: list[int]
    status: str
    sort: str


class ViewControl:
    """The view's state: every change to it goes through here."""

    def __init__(self) -> None:
        self.state = ViewState()
        """The filters and sort the user chose."""
        self.rows: list[int] = []
        """Positions of the measures the table shows, in its order."""
        self.selected: int | None = None
        """Position of the measure under the table's cursor."""
        self.wanted_query = ""
        """The search typed last: a search answered for older text is stale."""

    def show(self, measures: Sequence[Measure], marks: Marks) -> Shown:
        """Select the rows of ``measures`` the state shows; what the status line says of them."""
        self.rows = visible(measures, self.state, marks)
        status = status_line(self.state, len(self.rows), len(measures), marks)
        return Shown(self.rows, status, sort_line(self.state))

    def typed(self, text: str) -> bool:
        """The search bar's text changed: whether the store must be asked (else the search is off)."""
        self.wanted_query = text
        if text.strip():
            return True
        self.state = replace(self.state, query="", matches=None)
        return False

    def searched(self, query: str, keys: frozenset[str]) -> bool:
        """The store answered a search: taken (True) unless newer text was typed since."""
        if query != self.wanted_query:
            return False
        self.state = replace(self.state, query=query, matches=keys)
        return True

    def clear(self) -> None:
        """Every filter off, the search included; the basis and sort kept."""
        self.wanted_query = ""
        self.state = self.state.cleared()

    def sort_chosen(self, column: str | None) -> bool:
        """The sort menu's choice (a column key; '': as published; None: closed): whether it changed."""
        if column is None:
            return False
        if column:
            self.state = self.state.sort_by(column)
        else:
            self.state = replace(self.state, column=None, descending=False, sort=SortMode.PUBLISHED)
        return True

    def next_changes(self, period: str, previous: str | None) -> list[str]:
        """``c``: changed since the previous period, worse only, off; what to tell the officer."""
        self.state = self.state.next_changes()
        said = []
        on = self.state.changed_only or self.state.worse_only
        if previous is None and on:
            said.append(f"No period before {period} is held: nothing to compare.")
        if on:
            which = "changed (better, worse or new)" if self.state.changed_only else "worse only"
            again = "worse only" if self.state.changed_only else "all"
            said.append(f"Showing measures {which}; c again for {again}.")
        return said

    def narrowed(self, total: int) -> bool:
        """Whether the filters leave out any of the ``total`` measures."""
        return self.state.filtered and len(self.rows) != total

    def in_view(self, measures: Sequence[Measure], marks: Marks) -> tuple[frozenset[str], str]:
        """The keys of the measures in view, and the filters that chose them in words."""
        return frozenset(measures[i].key for i in self.rows), " - ".join(describe(self.state, marks))
