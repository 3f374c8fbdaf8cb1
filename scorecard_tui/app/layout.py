"""Where the main screen's panes go for a terminal's size: the directorate tree, the table and the
detail, titles first (plain arithmetic; the screen applies it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget

WIDE = 120
"""Narrower terminals open a measure full screen."""
TABLE_ROOM = 95
"""What the table needs (borders included) to show every rating column and a 42-character title,
before a report is loaded (then the table says, from its codes): the tree shows by default only
where it leaves the table this much."""
TABLE_MIN = 80
"""What the table keeps (borders included) when the user asks for the tree (``t``): every rating
column and a 24-character title."""
SIDE_BY_SIDE = 170
"""Narrower terminals show the detail below the table, leaving the table the full width."""
TREE_MAX, DETAIL_MIN, DETAIL_MAX = 44, 36, 44
"""The tree never grows past TREE_MAX; the detail goes beside the table only with DETAIL_MIN to spare."""
TALL = 30
"""Shorter terminals open a measure full screen."""


@dataclass(frozen=True)
class Panes:
    """The panes as laid out for one terminal width."""

    tree_shown: bool
    tree_width: int
    """The tree's width in cells (0 when hidden)."""
    beside: bool
    """The detail goes beside the table (else below it)."""
    detail_width: int | None
    """The detail's width beside the table (None: below it, the stylesheet's)."""


def detail_beside(width: int, tree_width: int, table_room: int = TABLE_ROOM) -> bool:
    """Whether the detail goes beside the table (else below it) in a terminal ``width`` columns
    wide with a tree ``tree_width`` wide, leaving the table ``table_room``."""
    return width >= SIDE_BY_SIDE and width - tree_width - table_room >= DETAIL_MIN


def shows_tree(width: int, chosen: bool | None, wide_titles: bool, fits: bool | None = None) -> bool:
    """Whether the tree shows: as the user chose (``t``; None: not chosen), else where it leaves
    the titles their room (``fits``; before a report, from WIDE columns) and titles are not wide."""
    if chosen is not None:
        return chosen
    if wide_titles:
        return False
    return fits if fits is not None else width >= WIDE


def place_panes(width: int, tree_need: int, room: int, *, chosen: bool | None, wide_titles: bool) -> Panes:
    """Lay the panes out for a terminal ``width`` wide: the tree (``tree_need`` wide at most, its
    longest directorate) only where it leaves the table ``room`` for its titles, the detail beside
    the table when there is room for it too, else below. Wide titles: the table alone across the
    screen, the detail below."""
    tree_need = min(tree_need, TREE_MAX)
    shown = shows_tree(width, chosen, wide_titles, width - tree_need >= room)
    tree_width = min(tree_need, max(20, width - min(room, TABLE_MIN))) if shown else 0
    beside = not wide_titles and detail_beside(width, tree_width, room)
    return Panes(shown, tree_width, beside, min(DETAIL_MAX, width - tree_width - room) if beside else None)


def is_small(width: int, height: int) -> bool:
    """True when a measure opens full screen rather than in the side pane."""
    return width < WIDE or height < TALL


def set_width(widget: Widget, cells: int | None) -> None:
    """Give ``widget`` a width in cells (None: its stylesheet's), laying the screen out again only
    when that changes (Textual's setter lays it out again for every None: three full repaints
    as the app opened)."""
    if cells is not None or widget.styles.inline.has_rule("width"):
        widget.styles.width = cells
