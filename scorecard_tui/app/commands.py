"""The command palette (ctrl+p): every app action (ScorecardCommands), and the measures and
directorates of the period on screen (MeasureFinder)."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from scorecard_tui.app.keys import APP_KEYS, WRITE_ACTIONS

if TYPE_CHECKING:
    from scorecard_tui.app.screens.main import MainScreen


class PaletteApp(Protocol):
    """What the palette reads of the app (``ScorecardApp`` is one)."""

    read_only_reason: str | None
    """Why the store cannot be written, or None."""

    @property
    def main(self) -> MainScreen:
        """The main screen, which the palette's commands act on."""
        ...


EXTRA_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Clear all filters", "Show every measure again (key: escape in the table)", "clear_filters"),
    ("Open the selected measure", "Show it in full", "open_detail"),
    ("Back to the table", "Give the keyboard to the table", "back_to_table"),
)


def _commands() -> list[tuple[str, str, str]]:
    listed = [(k.long, f"key: {k.display}", k.action) for k in APP_KEYS]
    return listed + list(EXTRA_COMMANDS)


class ScorecardCommands(Provider):
    """Finds the main screen's actions by name (not those that write, in a read-only session)."""

    @property
    def _app(self) -> PaletteApp:
        return cast("PaletteApp", self.app)

    def _commands(self) -> list[tuple[str, str, str]]:
        read_only = self._app.read_only_reason is not None
        return [c for c in _commands() if not (read_only and c[2] in WRITE_ACTIONS)]

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self._app.main.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._app.main.run_action, action),
                    text=title,
                    help=help_text,
                )


FOUND_SCORE = 0.8
"""Measures and directorates rank below a command that matches as well."""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _has_words(query: list[str], text: str) -> bool:
    """Every query word starts a word of ``text`` (codes count as words too)."""
    words = _words(text)
    return all(any(w.startswith(q) for w in words) for q in query)


class MeasureFinder(Provider):
    """Finds the period's measures by code or words of the title, and its directorates by name;
    choosing one jumps to it (a directorate filters the table to it)."""

    @property
    def _app(self) -> PaletteApp:
        return cast("PaletteApp", self.app)

    async def search(self, query: str) -> Hits:
        main = self._app.main
        if main.report is None:
            return
        words = _words(query)
        if not words:
            return
        matcher = self.matcher(query)
        names = dict.fromkeys(m.directorate for m in main.measures)
        for name in names:
            title = f"Directorate: {name}"
            if _has_words(words, name):
                score = max(matcher.match(title), 0.1) * FOUND_SCORE
                yield Hit(
                    score, Text(title), partial(main.period.jump_to_directorate, name), text=title, help="Filter to it"
                )
        for m in main.measures:
            title = f"{m.code}  {m.title}"
            if _has_words(words, title):
                score = max(matcher.match(title), 0.1) * FOUND_SCORE
                yield Hit(score, Text(title), partial(main.period.jump_to, m.key), text=title, help=m.directorate)
