"""Helpers for driving the app in tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from textual.app import App
from textual.containers import VerticalScroll
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerCancelled

from scorecard_tui.app import data
from scorecard_tui.app.data import LoadedReport, PeriodKey
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Flag
from scorecard_tui.store import Store

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def settle(pilot: Pilot) -> None:
    """Wait until workers are done and their messages handled.

    An exclusive worker (a search, a store poll) replaced by a newer one ends cancelled;
    that is the app working as meant, so waiting carries on past it.
    """
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def resize(pilot: Pilot, width: int, height: int) -> None:
    """Resize the terminal as a user would, and wait for the new layout."""
    await pilot.resize_terminal(width, height)
    await settle(pilot)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys, then settle."""
    await pilot.press(*keys)
    await settle(pilot)


def screen_text(app: App) -> str:
    """Every character on the screen, line by line."""
    # Textual has no public plain-text view of the screen (export_screenshot gives SVG): read the compositor's.
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status(app: App) -> str:
    """The status line's left half: what the table shows."""
    return str(app.query_one("#status-text", Static).content)


def header(app: App) -> str:
    """The two header lines."""
    return str(app.query_one("#header", Static).content)


def codes(app: App) -> list[str]:
    """The codes in the table, top to bottom."""
    table = app.query_one(RagTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def column(app: App, name: str) -> list[str]:
    """One table column's cells as text, top to bottom (all empty when the column is left out
    because nothing would show in it: Flag with nothing flagged, Change with one period)."""
    table = app.query_one(RagTable)
    if name in ("Flag", "Change") and table.plan is not None and name not in table.plan.keys:
        return [""] * table.row_count
    return [str(cell) for cell in table.get_column(name)]


def by_code(app: App, name: str) -> dict[str, str]:
    """One table column's cells by measure code (in full: the code column may cut it)."""
    full = [app.main.measures[i].code for i in app.main.rows]  # type: ignore[attr-defined]
    return dict(zip(full, column(app, name), strict=True))


_SHOWN: WeakKeyDictionary[App, list[Notification]] = WeakKeyDictionary()
"""Notifications seen by :func:`notice_recorder`, per app."""


def notice_recorder(app: App) -> Callable[[Message], None]:
    """A ``message_hook`` for ``run_test`` that keeps every notification the app is asked to show."""
    shown = _SHOWN.setdefault(app, [])

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            shown.append(message.notification)

    return hook


def notices(app: App) -> list[str]:
    """Every notification the app has shown (still on screen or not)."""
    if app in _SHOWN:
        return [str(n.message) for n in _SHOWN[app]]
    # opened without the recorder (a test's own run_test): the app's own list, which drops expired ones
    return [str(n.message) for n in app._notifications]


async def select(pilot: Pilot, code: str) -> None:
    """Put the table's cursor on a measure by code."""
    app = pilot.app
    position = [m.code for m in app.main.measures].index(code)  # type: ignore[attr-defined]
    assert app.query_one(RagTable).select_measure(position)
    await settle(pilot)


async def opened(pilot: Pilot, kind: type[ScreenT], *keys: str) -> ScreenT:
    """Press ``keys``: the screen they open, of ``kind`` (the agenda, the lens, an editor)."""
    await press(pilot, *keys)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def read_box_to_end(pilot: Pilot) -> str:
    """The open dialog's scrolling box read a box's height at a time to its end: every line of it
    once on the screen (the screens, joined). Scrolling by key (j, down) is test_dialog_scroll's."""
    box = pilot.app.screen.query_one(".dialog-box", VerticalScroll)
    seen = screen_text(pilot.app)
    for _ in range(100):
        if box.scroll_y >= box.max_scroll_y:
            break
        box.scroll_to(y=box.scroll_y + box.scrollable_content_region.height - 1, animate=False)
        await settle(pilot)
        seen += "\n" + screen_text(pilot.app)
    assert box.scroll_y == box.max_scroll_y, "the box did not scroll to its end"
    return seen


def detail_text(app: App) -> str:
    """The detail pane's part of the screen (beside or below the table), line by line."""
    box = app.query_one("#detail-box").region
    lines = screen_text(app).splitlines()[box.y : box.bottom]
    parts = [line[box.x : box.right] for line in lines]
    return "\n".join((part[1:] if part.startswith("│") else part).rstrip("│ ") for part in parts)


def load_whole(store: Store, wanted: PeriodKey | int | None = None) -> LoadedReport | None:
    """A period as the app holds it once everything is read: the period, then its history and lens."""
    loaded = data.load_period(store, wanted)
    if loaded is None:
        return None
    details = data.load_details(store, loaded.info)
    return replace(loaded, history=details.history, lens=details.lens)


async def run_palette(pilot: Pilot, query: str) -> None:
    """Open the command palette, type ``query``, and take the first match."""
    await press(pilot, "ctrl+p")
    await pilot.press(*query)
    await pilot.pause(0.3)
    await press(pilot, "enter")
    await pilot.pause(0.1)
    await settle(pilot)


def flagged(db: Path, *flags: tuple[str, Flag]) -> Path:
    """``db`` with these (measure key, flag) set on its latest report by "officer"."""
    with Store(db) as store:
        latest = store.latest_report()
        for key, flag in flags:
            store.annotations.set_flag(latest, key, flag, author="officer")
    return db
