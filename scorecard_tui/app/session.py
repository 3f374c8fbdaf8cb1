"""Session: what the screens use of the app (read-only state, author, open editors, ...), so that
they reach the app through this small interface rather than importing the App class that imports them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Callable

    from scorecard_tui.app.drafts import Draft
    from scorecard_tui.app.screens.unsaved_dialog import Choice


class UnsavedText(Protocol):
    """An editor open now: what it holds and has not saved."""

    def unsaved(self) -> Draft | None:
        """The text edited and not saved yet, or None."""
        ...

    def ask(self, draft: Draft, *, quitting: bool = False, then: Callable[[Choice], object] | None = None) -> None:
        """Ask whether to save, discard or keep editing ``draft``; ``then`` hears the answer."""
        ...


@runtime_checkable
class Session(Protocol):
    """The app-wide state the screens read and keep (``ScorecardApp`` is one)."""

    demo: bool
    """Opened on a throwaway copy of the samples (says so once)."""
    author: str | None
    """The name flags and notes carry, or None for the Unix user."""
    read_only_reason: str | None
    """Why the store cannot be written (from the last load), or None."""
    poll_seconds: float
    """How often to look for other people's changes."""
    open_editors: list[UnsavedText]
    """The note and question editors open now (each adds itself, and leaves when closed)."""

    def settle_memory(self) -> None:
        """Collect what the last report left, now that a report has landed."""
        ...
