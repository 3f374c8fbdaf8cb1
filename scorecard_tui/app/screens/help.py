"""HelpScreen: every key on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from scorecard_tui.app.keys import APP_KEYS, EDITOR_KEYS, GROUPS, MOVING_KEYS
from scorecard_tui.app.lens_render import SIGNAL_MARK, UNKNOWN_MARK
from scorecard_tui.app.render import (
    COMING_REVIEW,
    OVERDUE,
    PAST_REVIEW,
    change_badge,
    direction_text,
    flag_badge,
    marked,
    rag_badge,
    tone,
)
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.model import Direction, Flag, Rag
from scorecard_tui.triage.changes import Change
from scorecard_tui.triage.signals import SignalKind

KEY_WIDTH = 14
SIGNAL_MEANS = {
    SignalKind.UNCHANGED: "commentary (nearly) unchanged from the last period",
    SignalKind.PERSISTENT: "Red or Amber quarter after quarter (drawn as the rating)",
    SignalKind.MISSED_REVIEW: "review note unchanged and its review date passed",
    SignalKind.RECOVERY: "missed this quarter, forecast to meet the year",
    SignalKind.SLIP: "met this quarter, forecast to miss the year",
    SignalKind.GOALPOSTS: "a target eased",
    SignalKind.OFF_TARGET: "among the furthest off target",
    SignalKind.MISMATCH: "the rating does not match the figures",
    SignalKind.PROMISE: "a dated promise passed",
    SignalKind.OWN: "a question of the officer's own",
}


def _section(title: str, rows: list[tuple[str, str]]) -> list[RenderableType]:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", width=KEY_WIDTH)
    table.add_column("does", ratio=1)
    for keys, does in rows:
        table.add_row(Text(keys), Text(does))
    return [Text(title, style="bold underline"), table, Text("")]


def legend_rows() -> list[tuple[Text, str]]:
    """Every symbol the app draws (in the table, tree, header, detail, lens, agenda and footer) and
    what it means, each as it is drawn. Each glyph means one thing: ratings ``✖ ▲ ✔ ◆``, change since
    the last period ``⇧ ⇩ ✚``, direction of travel ``↑ → ↓``, flags ``⚑ ⚐``, promises ``☑ ☒ ☐``,
    reviews ``▶ ◀ !``, the tree's folds ``⊞ ⊟``; the colours follow the theme."""
    return [
        (rag_badge(Rag.RED, letter=True), "Rating Red: off target (columns Qtr and Fcst, tree and header counts)"),
        (rag_badge(Rag.AMBER, letter=True), "Rating Amber: near target"),
        (rag_badge(Rag.GREEN, letter=True), "Rating Green: on target"),
        (rag_badge(Rag.BLUE, letter=True), "Rating Blue: exceeded a stretch target or completed (counts as met)"),
        (rag_badge(None, letter=True), "Not given: no rating (– alone: no review month, no direction)"),
        (change_badge(Change.BETTER), "Change: a better rating than the previous period (⇧ alone when narrow)"),
        (change_badge(Change.WORSE), "Change: a worse rating than the previous period (⇩ alone when narrow)"),
        (change_badge(Change.NEW), "Change: not in the previous period (✚ alone when narrow)"),
        (direction_text(Direction.IMPROVING, short=True), "Direction of travel the report gives: improving"),
        (direction_text(Direction.STABILISED, short=True), "Direction: stable"),
        (direction_text(Direction.DETERIORATING, short=True), "Direction: deteriorating"),
        (flag_badge(Flag.RAISE), "Flag: raise at the meeting (⚑ alone when narrow; m sets it)"),
        (flag_badge(Flag.WATCH), "Flag: watch (⚐ alone when narrow)"),
        (Text("Mar 2019"), "Review: the next review month the note gives"),
        (
            marked(f"Oct 2018 {OVERDUE}", "bad", tone("bad")),
            "Review overdue: the last month given has passed, none after it (agenda: ! overdue)",
        ),
        (Text(f"{COMING_REVIEW} / {PAST_REVIEW}"), "Review dates in the detail and the agenda: coming / past"),
        (Text("»"), "History and the period list: the period on screen"),
        (marked("☑ kept", "good", tone("good")), "Promise (detail): a dated promise the report kept"),
        (marked("☒ not kept", "bad", tone("bad")), "Promise: its date passed and the report does not say it was done"),
        (Text("☐ due"), "Promise: its date is still to come"),
        *(
            (Text(symbol, style=tone(name)), f"Lens signal: {SIGNAL_MEANS[kind]}")
            for kind, (symbol, name) in SIGNAL_MARK.items()
        ),
        (Text(UNKNOWN_MARK[0]), "Lens signal of a kind this version does not know (written by a newer one)"),
        (
            Text(f"{DirectorateTree.ICON_NODE.strip()} / {DirectorateTree.ICON_NODE_EXPANDED.strip()}"),
            "Directorate tree: a directorate folded / unfolded (enter or a click)",
        ),
        (Text("…"), "Text cut to fit: the detail has it whole"),
        (
            Text("Colours"),
            "the theme's own (ctrl+p, Change theme: kept for next time); every mark reads without colour",
        ),
    ]


def legend() -> list[RenderableType]:
    """The legend in ``?``: :func:`legend_rows` as a table."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("symbol", width=KEY_WIDTH)
    table.add_column("means", ratio=1)
    for symbol, means in legend_rows():
        table.add_row(symbol, Text(means))
    return [Text("Symbols and colours", style="bold underline"), table, Text("")]


def key_table() -> Group:
    """The keys by section, each a two-column table."""
    parts: list[RenderableType] = []
    for group in GROUPS:
        parts += _section(group, [(k.display, k.long) for k in APP_KEYS if k.group == group])
    parts += _section("In the note and question editors", list(EDITOR_KEYS))
    parts += _section("Move and read", list(MOVING_KEYS))
    parts += legend()
    return Group(*parts[:-1])


class HelpScreen(Dialog[None]):
    """Lists every key; escape, q or ? closes it."""

    DEFAULT_CSS = """
    #help-box {
        width: 90;
        max-height: 100%;
        padding: 0 1;
    }
    """

    BOX_TITLE = "Keys"
    BOX_ID = "help-box"
    SCROLLS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close-help"),
        *Dialog.SCROLL_KEYS,
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(key_table())
