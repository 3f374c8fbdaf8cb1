"""KeyFooter: Textual's footer, rebuilt once however many times the keys change before it is."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """The footer of keys. Textual's queues a rebuild of every key (each restyled) for each change
    of focus or bindings, and runs them all: opening the app ran six rebuilds of the same keys.
    This one has at most one queued; it reads the bindings as they are when it runs."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_queued = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_queued:
            return
        super().bindings_changed(screen)
        # queued when the base class queued it (the same test as its own)
        self._rebuild_queued = bool(screen.app.app_focus and self.is_attached and screen is self.screen)

    async def recompose(self) -> None:
        self._rebuild_queued = False
        await super().recompose()
