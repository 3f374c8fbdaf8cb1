"""MainPanes: the main screen's three panes, the directorate tree, the RAG table (with its "no
measures match" line) and the detail, and where they go for the terminal's width
(:func:`layout.place_panes`): the tree as the officer chose (``t``) or where it leaves the titles
their room, the detail beside the table or below it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Static

from scorecard_tui.app import layout
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Measure

NO_MATCH = "No measures match. Press escape to clear every filter."


class MainPanes(Horizontal):
    """The tree, the table and the detail; the screen's ``-narrow`` class puts the detail below.

    Args:
        width: The terminal's width as the panes are composed.
        tree_shown: Whether :meth:`place` will first show the tree (default: from ``width``, as
            for the widest tree): the panes start laid out so, to be styled once.
    """

    def __init__(self, width: int, *, tree_shown: bool | None = None, id: str | None = None) -> None:
        shown = layout.shows_tree(width, None, wide_titles=False) if tree_shown is None else tree_shown
        super().__init__(id=id, classes="" if shown else "-no-tree")
        self.tree_chosen: bool | None = None
        """Whether the officer chose to show the tree (``t``); None: not chosen."""

    def compose(self) -> ComposeResult:
        yield DirectorateTree(id="tree")
        with Container(id="work"):
            with Vertical(id="table-pane"):
                yield RagTable(id="table")
                yield Static(Text(NO_MATCH), id="no-match")
            with Vertical(id="detail-box"):
                yield DetailPane(id="detail")

    def on_mount(self) -> None:
        self.query_one("#tree").border_title = "Directorates"
        self.query_one("#table-pane").border_title = "Measures"
        self.query_one("#detail-box").border_title = "Detail"

    def place(self, width: int, measures: Sequence[Measure] | None) -> None:
        """Lay the panes out for a terminal ``width`` wide, the table showing ``measures`` (None:
        before a report, room for any)."""
        tree, table = self.query_one(DirectorateTree), self.query_one(RagTable)
        room = table.needed_width(measures) + 2 if measures is not None else layout.TABLE_ROOM
        panes = layout.place_panes(
            width, tree.needed_width(), room, chosen=self.tree_chosen, wide_titles=table.wide_titles
        )
        self.set_class(not panes.tree_shown, "-no-tree")
        layout.set_width(tree, panes.tree_width or None)
        tree.fit(panes.tree_width)
        self.screen.set_class(not panes.beside, "-narrow")
        layout.set_width(self.query_one("#detail-box"), panes.detail_width)
        if not panes.tree_shown and tree.has_focus:
            table.focus()

    def toggle_tree(self) -> None:
        """Show the tree if hidden, else hide it (laid out by the next :meth:`place`)."""
        self.tree_chosen = "-no-tree" in self.classes

    def toggle_wide_titles(self) -> None:
        """Wide titles on or off: the tree goes back to showing where it fits."""
        table = self.query_one(RagTable)
        self.tree_chosen = None
        table.set_wide_titles(not table.wide_titles)

    def show_no_match(self, none: bool) -> None:
        """Say "no measures match" in place of the table (``none``), or show the table."""
        self.query_one("#table-pane").set_class(none, "-no-match")
