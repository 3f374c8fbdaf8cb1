"""The Textual app: ``create_app`` builds it, ``run_app`` runs it.

Owns everything on screen: screens, widgets, keys, and the thread that talks to the store.
May import every package but ``cli``; nothing but ``cli`` imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime
    from typing import TypedDict

    from typing_extensions import Unpack

    from scorecard_tui.app.app import ScorecardApp
    from scorecard_tui.app.data import StoreThread, View

    class AppOptions(TypedDict, total=False):
        """How the app opens, besides its database (each optional)."""

        demo: bool
        """Opened on a throwaway copy of the samples."""
        as_of: datetime.date | None
        """Count reviews as past or coming from this date (default: each report's fetch date)."""
        read_only: bool | None
        """True opens the store read-only; None lets the store decide (``SCORECARD_READ_ONLY``,
        file permissions)."""
        author: str | None
        """The name flags and notes carry (default: the Unix user); ``serve`` sets it."""
        store: StoreThread | None
        """The store thread, when the caller started it (default: the app's own)."""
        first_view: View | None
        """The latest period, read by ``store`` (default: read once the app is up)."""


def create_app(db_path: Path, **options: Unpack[AppOptions]) -> ScorecardApp:
    """Build the app on a database file (for the CLI and for tests), opened as ``options`` say
    (:class:`AppOptions`)."""
    from scorecard_tui.app.app import ScorecardApp

    return ScorecardApp(Path(db_path), **options)


def run_app(db_path: Path, **options: Unpack[AppOptions]) -> int:
    """Run the app on a database until the user quits (``options`` as :func:`create_app`).
    Whatever ends it, text written and not saved is kept in a file, and stderr says where.

    Returns:
        The exit status: 0, or 1 when the app ended with an error.
    """
    app = create_app(db_path, **options)
    app.freeze_memory = True  # one process, one app: see ScorecardApp.settle_memory
    try:
        app.run()
    finally:
        keep_unsaved(app)
    return app.exit_status


def keep_unsaved(app: ScorecardApp) -> None:
    """Write each piece of unsaved text (:meth:`ScorecardApp.unsaved_drafts`) to a draft file of its
    own, and say where on stderr, one line each."""
    import contextlib
    import sys

    from scorecard_tui.app.drafts import keep_draft
    from scorecard_tui.text.safe import clean_line, clean_text
    from scorecard_tui.text.shown_name import shown_name

    if app.stopped_by:
        why = f"the app was stopped ({app.stopped_by}); "
    else:
        why = "the app ended with an error; " if app.crashed or app.return_code else ""
    for draft in app.unsaved_drafts():
        label = clean_line(draft.label)
        try:
            path = keep_draft(draft, app.db_path)
        except OSError as exc:
            reason = exc.strerror or exc
            lines = [
                f"scorecard: {why}your unsaved {label} could not be kept ({reason}); it was:",
                clean_text(draft.text),
            ]
        else:
            lines = [f"scorecard: {why}your unsaved {label} is kept in {shown_name(path)}"]
        with contextlib.suppress(OSError):  # after a hang-up there is no terminal to tell
            print("\n".join(lines), file=sys.stderr, flush=True)
