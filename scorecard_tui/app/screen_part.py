"""ScreenPart: what the main screen's Reader and Writer share: plain steps run on the screen's
workers (off the UI thread), whose messages go back to the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from scorecard_tui.app.data import StoreThread

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen


class ScreenPart:
    """A part of a screen's work that runs off the UI thread.

    Args:
        screen: The screen whose workers run the steps, which their messages reach.
        store: The thread that owns the store connection.
    """

    def __init__(self, screen: Screen[Any], store: StoreThread) -> None:
        self._screen = screen
        self._store = store

    def _run(self, group: str, step: Callable[[], Iterable[Message]], *, exclusive: bool = False) -> None:
        """Run ``step`` in a worker of the screen's (in ``group``; ``exclusive``: a newer one
        replaces one still going) and post the messages it returns to the screen, in order."""

        def work() -> None:
            for message in step():
                self._screen.post_message(message)

        self._screen.run_worker(work, group=group, exclusive=exclusive, thread=True)
