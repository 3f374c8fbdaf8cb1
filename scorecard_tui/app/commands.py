"""ScorecardCommands: every app action in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from scorecard_tui.app.keys import APP_KEYS, WRITE_ACTIONS

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp

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
    def _app(self) -> ScorecardApp:
        return cast("ScorecardApp", self.app)

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
