"""DirectorateTree: "All directorates", each directorate with its counts, then its measures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from scorecard_tui.app.render import directorate_label, measure_label
from scorecard_tui.app.view import Basis
from scorecard_tui.model import Measure

ROOT_INDENT, CHILD_INDENT, LEAF_INDENT = 2, 4, 6
"""Cells before a label: the root's expander; a directorate's guide and expander; a measure's guides."""
FRAME = 3
"""The border (two cells) and the scrollbar."""


@dataclass(frozen=True)
class NodeData:
    """What a tree node stands for: a directorate (None for all) or a measure."""

    directorate: str | None = None
    position: int | None = None


class DirectorateTree(Tree[NodeData]):
    """Choosing a directorate filters the table; choosing a measure selects it."""

    ICON_NODE = "⊞ "
    ICON_NODE_EXPANDED = "⊟ "
    """Folded and unfolded: not Textual's ``▶ ▼``, as ``▶`` is a coming review (one glyph, one meaning)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class DirectorateChosen(Message):
        """A directorate (None: all of them) was chosen."""

        directorate: str | None

    @dataclass
    class DirectorateHighlighted(Message):
        """The cursor is on a directorate (its full name, which the tree may abbreviate)."""

        directorate: str

    @dataclass
    class MeasureChosen(Message):
        """A measure was chosen."""

        position: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("All directorates"), data=NodeData(), id=id)
        self._measures: Sequence[Measure] = ()
        self._groups: dict[str, list[int]] = {}
        """Each directorate's measures (positions in the report), in report order."""
        self._room: int | None = None
        self._leaf_room: int | None = None
        self._basis = Basis.QUARTERLY
        self.guide_depth = 2

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._retheme)

    def _retheme(self, _theme: object) -> None:
        """The labels' badges are drawn in the theme's colours: label again."""
        if self._measures:
            self.set_basis(self._basis)

    def show_measures(self, measures: Sequence[Measure], basis: Basis) -> None:
        """Rebuild the tree for a report's measures: a node per directorate, whose measure
        leaves are added when it is first expanded (a report of thousands stays quick)."""
        self._measures = measures
        self._groups = {}
        for position, m in enumerate(measures):
            self._groups.setdefault(m.directorate, []).append(position)
        self.clear()
        for name in self._groups:
            self.root.add(Text(), data=NodeData(directorate=name), allow_expand=True)
        self.root.expand()
        self.set_basis(basis)

    def set_basis(self, basis: Basis) -> None:
        """Relabel every node with RAG counts on a basis."""
        self._basis = basis
        label = directorate_label("All directorates", self._measures, basis)
        self.root.set_label(label)
        for node in self.root.children:
            self._relabel(node, basis)

    def _members(self, name: str) -> list[Measure]:
        return [self._measures[p] for p in self._groups.get(name, ())]

    def needed_width(self) -> int:
        """Columns the tree needs to show every directorate's label whole (border and scrollbar included)."""
        return tree_needed_width(self._measures, self._basis)

    def fit(self, width: int) -> None:
        """Abbreviate directorate names, and cut measure titles (with an ellipsis), that would
        not fit a tree ``width`` columns wide: the tree never scrolls sideways."""
        room = width - FRAME - CHILD_INDENT if width and width < self.needed_width() else None
        leaf_room = max(1, width - FRAME - LEAF_INDENT) if width else None
        if (room, leaf_room) != (self._room, self._leaf_room):
            self._room, self._leaf_room = room, leaf_room
            self.set_basis(self._basis)

    def _relabel(self, node: TreeNode[NodeData], basis: Basis) -> None:
        name = node.data.directorate if node.data else None
        members = self._members(name or "")
        label = directorate_label(name or "", members, basis)
        if self._room is not None and label.cell_len > self._room and name:
            cut = max(1, len(name) - (label.cell_len - self._room) - 1)
            label = directorate_label(name[:cut].rstrip() + "…", members, basis)
        node.set_label(label)
        for leaf in node.children:
            if leaf.data and leaf.data.position is not None:
                leaf.set_label(self._leaf_label(leaf.data.position, basis))

    def _leaf_label(self, position: int, basis: Basis) -> Text:
        label = measure_label(self._measures[position], basis)
        if self._leaf_room is not None:
            label.truncate(self._leaf_room, overflow="ellipsis")
        return label

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        event.stop()
        node, data = event.node, event.node.data
        if node.children or data is None or data.directorate is None or data.position is not None:
            return
        for position in self._groups.get(data.directorate, ()):
            node.add_leaf(
                self._leaf_label(position, self._basis), data=NodeData(directorate=data.directorate, position=position)
            )

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        event.stop()
        data = event.node.data or NodeData()
        if data.position is None and data.directorate is not None:
            self.post_message(self.DirectorateHighlighted(data.directorate))

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        data = event.node.data or NodeData()
        if data.position is not None:
            self.post_message(self.MeasureChosen(data.position))
        else:
            self.post_message(self.DirectorateChosen(data.directorate))


def tree_needed_width(measures: Sequence[Measure], basis: Basis) -> int:
    """Columns a tree of ``measures`` needs to show every directorate's label whole, its counts on
    ``basis`` (border and scrollbar included): :meth:`DirectorateTree.needed_width`."""
    groups: dict[str, list[Measure]] = {}
    for m in measures:
        groups.setdefault(m.directorate, []).append(m)
    root = directorate_label("All directorates", measures, basis).cell_len + ROOT_INDENT
    children = [directorate_label(name, members, basis).cell_len + CHILD_INDENT for name, members in groups.items()]
    return max([root, *children]) + FRAME
