"""ScorecardCommands: every app action in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from scorecard_tui.app.keys import APP_KEYS

EXTRA_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Clear all filters", "Show every measure again (key: escape in the table)", "clear_filters"),
    ("Open the selected measure", "Show it in full", "open_detail"),
    ("Back to the table", "Give the keyboard to the table", "back_to_table"),
)


def _commands() -> list[tuple[str, str, str]]:
    listed = [(k.long, f"key: {k.display}", k.action) for k in APP_KEYS]
    return listed + list(EXTRA_COMMANDS)


class ScorecardCommands(Provider):
    """Finds app actions by name."""

    async def discover(self) -> Hits:
        for title, help_text, action in _commands():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in _commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    text=title,
                    help=help_text,
                )
