"""Dialogs read at 4.5:1 in every theme (issue 22): the boxes from the one dialog base (the unsaved-
edit question, the sort menu, the marking prompt, the import box, help, the period list, the briefing
choice, the editors, the report box) and Textual's command palette: their text on their background, their buttons,
the option highlighted, the field's text, each character against its own background as the terminal
gets it. The ANSI themes are measured as the app draws them: the ANSI colours in ``App.ansi_theme``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.console import Console
from rich.style import Style
from textual.command import CommandPalette
from textual.geometry import Region
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.widgets import OptionList

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.palette import MIN_CONTRAST, contrast
from scorecard_tui.app.screens.agenda import AsOfScreen
from scorecard_tui.app.screens.briefing_choice import BriefingScope, MarkingChoice
from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.app.screens.periods import PeriodScreen
from scorecard_tui.app.screens.question_editor import QuestionEditor
from scorecard_tui.app.screens.report_info import ReportInfoScreen
from scorecard_tui.app.screens.sort_menu import SortMenu
from scorecard_tui.app.screens.unsaved_dialog import UnsavedDialog
from scorecard_tui.app.screens.versions import VersionsScreen

DRAWN = set("─│├└┬┴┼╭╮╰╯┌┐┘▁▂▃▄▅▆▇█▔▏▕▊▎▐▌▀▄━╸╺╾ ")
"""Borders, scrollbars, a button's edges: drawn, not read."""

DIALOGS: dict[str, Callable[[ScorecardApp], Screen[Any]]] = {
    "unsaved": lambda app: UnsavedDialog("note on YA&H PM08"),
    "sort": lambda app: SortMenu(["Code", "Measure", "Qtr", "Fcst", "Review"], app.main.view.state),  # type: ignore[attr-defined]
    "marking": lambda app: MarkingChoice("OFFICIAL"),
    "import": lambda app: ImportScreen(app.data),
    "help": lambda app: HelpScreen(),
    "periods": lambda app: PeriodScreen(app.main.report.reports, app.main.report.info.id),  # type: ignore[attr-defined]
    "briefing": lambda app: BriefingScope(12, 4, "Red only", flagged=2),
    "note": lambda app: NoteEditor("YA&H PM08", "2018/19 Q2", "A note\nof two lines", saved="A note"),
    "as of": lambda app: AsOfScreen(date(2019, 1, 1)),
    "questions": lambda app: QuestionEditor("YA&H PM08", "2018/19 Q2", next(iter(app.main.report.lens.values()))),  # type: ignore[attr-defined]
    "versions": lambda app: VersionsScreen(app.data, app.main.report.info, app.main.current_measure, ()),  # type: ignore[attr-defined]
    "report": lambda app: ReportInfoScreen(app.data, app.main.report.info),  # type: ignore[attr-defined]
}


def _hex(colour: RichColor | None, app: ScorecardApp, *, foreground: bool) -> str:
    if colour is None:  # the terminal's own
        rgb = app.ansi_theme.foreground_color if foreground else app.ansi_theme.background_color
        return "#{:02x}{:02x}{:02x}".format(*rgb)
    r, g, b = colour.get_truecolor(app.ansi_theme, foreground=foreground)
    return f"#{r:02x}{g:02x}{b:02x}"


def unreadable_in(app: ScorecardApp, region: Region) -> list[str]:
    """Each run of text inside ``region`` of the screen with less than 4.5:1 contrast."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found: list[str] = []
    x = y = 0
    for segment in console.render(update):
        text, style, control = segment
        if control:
            for code, *args in control:
                if code.name == "CURSOR_MOVE_TO":
                    x, y = args[0], args[1]
            continue
        if text == "\n":
            x, y = 0, y + 1
            continue
        start, x = x, x + cell_len(text)
        if y < region.y or y >= region.bottom or x <= region.x or start >= region.right:
            continue
        inside = text[max(0, region.x - start) : max(0, region.right - start)]
        if set(inside) <= DRAWN or style is None or inside == "X":  # a check box's X: faint when unticked,
            continue  # on purpose; its words say the state
        style = style or Style()
        fg = _hex(style.color, app, foreground=True)
        bg = _hex(style.bgcolor, app, foreground=False)
        if style.reverse:
            fg, bg = bg, fg
        if (ratio := contrast(fg, bg)) < MIN_CONTRAST:
            found.append(f"{ratio:.2f} {fg} on {bg} {inside.strip()!r} (line {y})")
    return found


def box(app: ScorecardApp) -> Region:
    """The open dialog's box."""
    screen = app.screen
    if isinstance(screen, CommandPalette):
        return screen.query_one("#--container").region
    return screen.query_one(".dialog-box").region


SWITCHED_TO = ("textual-light", "nord", "solarized-light", "solarized-dark", "rose-pine-dawn", "ansi-light")
"""Themes changed to while a dialog is open: the light ones and those whose own colours fell short."""


async def _each_theme(
    app: ScorecardApp, pilot: Any, what: str, themes: Sequence[str] = tuple(BUILTIN_THEMES)
) -> list[str]:
    found = []
    for name in themes:
        app.theme = name
        await settle(pilot)
        await pilot.pause(0.05)
        found += [f"{name}, {what}: {line}" for line in unreadable_in(app, box(app))]
    return found


async def _states(app: ScorecardApp, pilot: Any, name: str, theme: str) -> list[str]:
    """The open dialog measured as it opens, then with its next option highlighted (a list) or
    each button focused in turn (the unsaved question)."""
    found = [f"{theme}, {name}: {line}" for line in unreadable_in(app, box(app))]
    options = app.screen.query(OptionList)
    if options:
        options.first().focus()
        await pilot.press("down")
        found += [f"{theme}, {name}, second option: {line}" for line in unreadable_in(app, box(app))]
    if name == "unsaved":
        for _ in range(2):
            await pilot.press("tab")
            found += [f"{theme}, {name}, {app.focused}: {line}" for line in unreadable_in(app, box(app))]
    return found


@pytest.mark.parametrize("theme", list(BUILTIN_THEMES))
async def test_every_dialog_reads_at_4_5_to_1_in_every_built_in_theme(two_periods_db: Path, theme: str) -> None:
    """Each dialog opened in the theme (its marks drawn in that theme's colours): one theme change,
    then every dialog in turn (a theme change redraws the whole app: the slow part)."""
    app = ScorecardApp(two_periods_db)
    found: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = theme
        await settle(pilot)
        for shown, (name, make) in enumerate(DIALOGS.items()):
            # each over the main screen: the first pushed, the next put in its place (the main screen,
            # not shown again between them, is not redrawn for nothing)
            if shown:
                app.switch_screen(make(app))
            else:
                app.push_screen(make(app))
            await app.workers.wait_for_complete()  # the versions box reads the store on a worker
            await pilot.pause()
            assert box(app).area > 0, name  # laid out, so there is something to measure
            assert len(app.screen_stack) == 2, name  # over the main screen alone
            found += await _states(app, pilot, name, theme)  # a field's preset words selected, or its placeholder
    assert found == []


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_is_redrawn_when_the_theme_changes_while_it_is_open(two_periods_db: Path, name: str) -> None:
    """The theme changed while a dialog is open (through the palette: ctrl+p works over a dialog):
    each drawn again in the new one."""
    app = ScorecardApp(two_periods_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DIALOGS[name](app))
        await settle(pilot)
        found = await _each_theme(app, pilot, f"{name}, theme changed while open", SWITCHED_TO)
    assert found == []


async def test_the_command_palette_reads_at_4_5_to_1_in_every_built_in_theme(two_periods_db: Path) -> None:
    app = ScorecardApp(two_periods_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        found = await _each_theme(app, pilot, "palette")
    assert found == []
