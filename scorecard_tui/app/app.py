"""ScorecardApp: the session (database, store thread, read-only status, author); MainScreen shows the report."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from scorecard_tui.app.data import StoreThread, View
from scorecard_tui.app.keys import app_bindings
from scorecard_tui.app.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver
    from textual.worker import Worker

    from scorecard_tui.app.drafts import Draft
    from scorecard_tui.app.palette import Palette
    from scorecard_tui.app.session import UnsavedText


def _scorecard_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens (not before the first frame)."""
    from scorecard_tui.app.commands import ScorecardCommands

    return ScorecardCommands


def _measure_finder() -> type[Provider]:
    """The palette's measure and directorate finder, imported when the palette first opens."""
    from scorecard_tui.app.commands import MeasureFinder

    return MeasureFinder


class ScorecardApp(App[None]):
    """The scorecard browser.

    Args:
        db_path: The database to read.
        demo: Opened by ``scorecard demo`` on a throwaway copy of the sample.
        as_of: Count reviews as past or coming from this date (default: the report's fetch date).
        read_only: True opens the store read-only; None lets the store decide (environment, permissions).
        author: The name flags and notes carry (default: the Unix user).
        store: The store thread, when the command line started it (default: one of its own).
        first_view: The latest period, read by ``store`` before the app started (default: the
            main screen reads it once it is up).
    """

    CSS_PATH = "scorecard.tcss"
    remember_theme = True
    """Restore the theme chosen last time, and keep the one chosen now (the user's settings file);
    never in the browser (``serve``), where the settings would be the server account's."""
    TITLE = "scorecard"
    BINDINGS: ClassVar[list[BindingType]] = [*app_bindings()]
    COMMANDS = App.COMMANDS | {_scorecard_commands, _measure_finder}
    _made = False
    """``__init__`` is done (until then the theme's variables are not worked out: see ``get_css_variables``)."""
    _css_sixteen = False
    """The stylesheet's variables were last worked out for 16 colours (``on_mount`` checks the guess)."""
    _theme_palette: tuple[object, Palette] | None = None
    """The palette worked out for a theme, with what it was worked out for (``use_theme_palette``)."""

    def __init__(
        self,
        db_path: Path,
        *,
        demo: bool = False,
        as_of: date | None = None,
        read_only: bool | None = None,
        author: str | None = None,
        store: StoreThread | None = None,
        first_view: View | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.demo = demo
        """Opened on a throwaway copy of the samples (says so once)."""
        self.author = author
        """The name flags and notes carry, or None for the Unix user."""
        self.data = store or StoreThread(self.db_path, read_only=read_only)
        """The thread that owns the store connections."""
        self._first_view = first_view
        """Handed to the main screen as it is made."""
        self.read_only_reason: str | None = None
        """Why the store cannot be written (from the last load), or None."""
        self.poll_seconds = 3.0
        """How often to look for other people's changes."""
        self._as_of = as_of
        self._main: MainScreen | None = None
        self.open_editors: list[UnsavedText] = []
        """The note and question editors open now (each adds itself, and leaves when closed)."""
        self.crashed = False
        """The app ended with an error (Textual's ``panic`` or an unhandled exception)."""
        self.stopped_by: str | None = None
        """The signal that ended the app (``SIGHUP``: the terminal went away), or None."""
        self.settings_file: Path | None = None
        """Where the chosen theme is kept (``settings.settings_path()``, set as the app mounts), or
        None: nothing is kept (``remember_theme`` off, or in the browser)."""
        self._saved_theme: str | None = None
        self._theme_notices: list[str] = []
        """What was wrong with the settings file, said once the app is up."""
        self.freeze_memory = False
        """After each report loads, move what is held out of the garbage collector's sight
        (``run_app`` sets it): its full passes over a 2,000-measure report's objects took ~120 ms,
        landing on a key press now and then."""
        self._worked_out_variables: dict[tuple[str, bool], dict[str, str]] = {}
        """Each theme's variables as worked out (~3 ms a theme), for 16 colours or not."""
        from textual import constants

        self._made = True
        if self.remember_theme and constants.DRIVER is None:  # a terminal (a named driver: see on_mount)
            # Before the stylesheet is first read: restored once the app had mounted, the theme
            # was parsed and applied to every widget a second time before the first frame.
            self._restore_theme()
        self.stylesheet.set_variables(self.get_css_variables())  # the kept theme's, or the default's

    @property
    def main(self) -> MainScreen:
        """The main screen (the first on the stack)."""
        if self._main is None:
            raise RuntimeError("the app is not running")
        return self._main

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's exit on an error (its input thread's too, which left the return code 0)."""
        self.crashed = True
        super().panic(*renderables)

    @property
    def exit_status(self) -> int:
        """What the process should exit with: 0, or non-zero when the app ended with an error."""
        return self.return_code or (1 if self.crashed else 0)

    def unsaved_drafts(self) -> list[Draft]:
        """What the officer wrote and has not saved: the editors open now, and notes that could not
        be saved (they reopen with ``n`` while the app runs)."""
        drafts = []
        for editor in self.open_editors:
            with contextlib.suppress(Exception):  # as the app ends, whatever ended it: keep what can be kept
                if (draft := editor.unsaved()) is not None:
                    drafts.append(draft)
        if self._main is not None:
            drafts += self._main.unsaved_note_drafts()
        return drafts

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for the platform, except that on Linux and macOS keys from a terminal
        that does not send UTF-8 are read as Windows-1252 rather than ending the app
        (:mod:`scorecard_tui.app.terminal_input`). A driver named in ``TEXTUAL_DRIVER`` (the
        browser's, under ``serve``) is left as it is."""
        from textual import constants

        driver = super().get_driver_class()
        if constants.DRIVER is None and driver.__name__ == "LinuxDriver":
            from scorecard_tui.app.terminal_input import TolerantLinuxDriver

            if driver in TolerantLinuxDriver.__bases__:
                return TolerantLinuxDriver
        return driver

    def get_default_screen(self) -> Screen[None]:
        self._main = MainScreen(self.data, as_of=self._as_of, first_view=self._first_view)
        self._first_view = None
        return self._main

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """One notification at a time: a newer one replaces the one on screen (stacked, they
        covered the detail pane)."""
        self.clear_notifications()
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reached the app after the keyboard moved to a text field (typed
        behind ``/`` before the screen caught up: pasted, or bunched by a slow link) is the
        field's: without this it was dropped, or run as a filter key."""
        focused = self.focused
        if focused is not None and event.is_printable and focused.check_consume_key(event.key, event.character):
            focused.post_message(events.Key(event.key, event.character))

    def settle_memory(self) -> None:
        """Collect what the last report left, then freeze what is held now (``freeze_memory``):
        one pause as a report lands rather than one behind a later key. Unfrozen first, so that
        nothing frozen before stays uncollected."""
        if self.freeze_memory:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def on_ready(self) -> None:
        """The first frame is out: the collector back on (``scorecard open`` switches it off while
        the app starts); ``settle_memory`` collects and freezes once the report's details land."""
        if self.freeze_memory:
            gc.enable()

    @property
    def sixteen_colours(self) -> bool:
        """The terminal shows 16 colours (``TERM=xterm``, no ``COLORTERM``): the palette uses
        colours that each fall on an ANSI colour of their own. A headless app (tests) draws for a
        picture, in 24-bit colour, whatever the terminal it runs in."""
        return not self.is_headless and self.console.color_system in ("standard", "windows")

    def get_css_variables(self) -> dict[str, str]:
        """The theme's design variables, with its text colours made to read at 4.5:1 on the panes and
        rows they are drawn on (some built-in themes' own fall short: Solarized's foreground); in 16
        colours its panes pinned to black or bright white first (:mod:`scorecard_tui.app.sixteen`)."""
        if not self._made:  # asked by Textual's __init__: set once ours has restored the kept theme
            return {}
        from scorecard_tui.app.palette import readable_variables
        from scorecard_tui.app.sixteen import sixteen_variables

        sixteen = self._css_sixteen = self.sixteen_colours and not self.current_theme.ansi
        variables = self._worked_out_variables.get((self.theme, sixteen))
        if variables is None:  # once each
            if sixteen:
                theme, defaults = self.current_theme, self.get_theme_variable_defaults()
                variables = sixteen_variables(theme, defaults, self.ansi_theme)
            else:
                variables = readable_variables(super().get_css_variables())
            self._worked_out_variables[(self.theme, sixteen)] = variables
        self.theme_variables = dict(variables)
        return dict(variables)

    def use_theme_palette(self) -> None:
        """Draw the badges and marks built in code in the current theme's colours."""
        from scorecard_tui.app.palette import palette_for, use

        theme, sixteen = self.current_theme, self.sixteen_colours
        key = (self.theme, sixteen, self.ansi_theme)
        kept = self._theme_palette
        if kept is None or kept[0] != key:  # worked out once a theme (~2.5 ms): at start, a kept theme asked twice
            kept = self._theme_palette = (
                key,
                palette_for(self.get_css_variables(), self.ansi_theme, dark=theme.dark, sixteen=sixteen),
            )
        use(kept[1])

    def watch_theme(self, name: str) -> None:
        """A new theme (the palette's "Change theme", or restored): redraw in it, and keep the choice."""
        self.use_theme_palette()
        if self.settings_file is not None and name != self._saved_theme:
            self._saved_theme = name
            self._save_theme(name)

    def _restore_theme(self) -> None:
        """The theme chosen last time, from the user's settings; a file not usable is said once."""
        from scorecard_tui.app.settings import load_settings, settings_path

        self.settings_file = settings_path()
        settings, notice = load_settings(self.settings_file)
        self._saved_theme = settings.theme or self.theme
        if notice:
            self._theme_notices.append(notice)
        if settings.theme and settings.theme != self.theme:
            if settings.theme in self.available_themes:
                callbacks = getattr(self, "_next_callbacks", None)  # Textual's own: left alone if it changes
                queued = len(callbacks) if isinstance(callbacks, list) else None
                self.theme = settings.theme
                if queued is not None and isinstance(callbacks, list) and not self.is_running:
                    # in __init__ the stylesheet is not read yet and nothing is styled: what the theme's
                    # watcher queued is dropped (Textual's refresh_css, all parsed and styled again: ~5 ms,
                    # and the theme-changed signal, which nothing subscribes to before mounting)
                    del callbacks[queued:]
            else:
                self._theme_notices.append(
                    f"The theme kept in the settings ({settings.theme}) is not known; the default is used"
                )

    def _save_theme(self, name: str) -> None:
        from scorecard_tui.app.settings import Settings, save_settings

        assert self.settings_file is not None
        try:
            save_settings(Settings(theme=name), self.settings_file)
        except OSError as exc:
            self.notify(f"The theme could not be kept for next time: {exc}", severity="warning", markup=False)

    def on_mount(self) -> None:
        """A hang-up (the SSH link dropped) or a polite kill (SIGTERM) ends the app as a quit does,
        so that unsaved text is kept (``run_app``): by default either ended the process on the spot.
        The theme chosen last time came back as the app was made (under a driver named in
        ``TEXTUAL_DRIVER``: now, unless it is the browser's), and what was wrong with the settings
        file is said now. The CSS was worked out before the app knew it was headless (a test: drawn
        in 24-bit colour whatever the terminal): worked out again if so."""
        if self._css_sixteen and not self.sixteen_colours:
            self.refresh_css(animate=False)
        if self.remember_theme and self.settings_file is None and not self.is_web:
            self._restore_theme()  # under a driver named in TEXTUAL_DRIVER, once it is known not the browser's
        self.use_theme_palette()
        for notice in self._theme_notices:
            self.notify(notice, severity="warning", markup=False)
        self._theme_notices.clear()
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self._stop_on_signal, name, int(number))

    def _stop_on_signal(self, name: str, number: int) -> None:
        self.stopped_by = name
        self.exit(return_code=128 + number)

    def on_unmount(self) -> None:
        self.data.close()

    async def action_quit(self) -> None:
        """Quit (``q``, ``ctrl+q``); with a note or questions open and changed, ask first: save
        (then quit once it is written), discard, or keep editing."""
        from scorecard_tui.app.screens.unsaved_dialog import UnsavedDialog

        if isinstance(self.screen, UnsavedDialog):
            return  # asking already
        for editor in reversed(self.open_editors):
            draft = None
            with contextlib.suppress(Exception):
                draft = editor.unsaved()
            if draft is not None:
                writes = {w for w in self.workers if w.group == "annotate"}
                editor.ask(draft, quitting=True, then=partial(self._then_quit, writes=writes))
                return
        self.exit()

    def _then_quit(self, choice: str, *, writes: set[Worker[Any]]) -> None:
        """Carry on quitting once the choice is made: after a save, once the write it started is done."""
        started = [w for w in self.workers if w.group == "annotate" and w not in writes]
        self.call_later(self._quit_after, started if choice == "save" else [])

    async def _quit_after(self, writes: list[Worker[Any]]) -> None:
        """Quit once ``writes`` are done (a failed one leaves its text to be kept as a draft)."""
        if writes:
            with contextlib.suppress(Exception):
                await self.workers.wait_for_complete(writes)
        await self.action_quit()  # another editor may hold changes too

    def action_help(self) -> None:
        """Show every key."""
        from scorecard_tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
