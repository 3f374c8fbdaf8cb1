"""The Textual app: ``create_app`` builds it, ``run_app`` runs it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp
    from scorecard_tui.app.data import StoreThread, View


def create_app(
    db_path: Path,
    *,
    demo: bool = False,
    as_of: datetime.date | None = None,
    read_only: bool | None = None,
    author: str | None = None,
    store: StoreThread | None = None,
    first_view: View | None = None,
) -> ScorecardApp:
    """Build the app on a database (for the CLI and for tests).

    Args:
        db_path: The database file.
        demo: Opened on a throwaway copy of the samples.
        as_of: Count reviews as past or coming from this date (default: each report's fetch date).
        read_only: True opens the store read-only; None lets the store decide
            (``SCORECARD_READ_ONLY``, file permissions).
        author: The name flags and notes carry (default: the Unix user); ``serve`` sets it.
        store: The store thread, when the caller started it (default: the app's own).
        first_view: The latest period, read by ``store`` (default: read once the app is up).
    """
    from scorecard_tui.app.app import ScorecardApp

    return ScorecardApp(
        Path(db_path),
        demo=demo,
        as_of=as_of,
        read_only=read_only,
        author=author,
        store=store,
        first_view=first_view,
    )


def run_app(
    db_path: Path,
    *,
    demo: bool = False,
    as_of: datetime.date | None = None,
    read_only: bool | None = None,
    author: str | None = None,
    store: StoreThread | None = None,
    first_view: View | None = None,
) -> None:
    """Run the app on a database until the user quits (``store`` and ``first_view`` as :func:`create_app`)."""
    app = create_app(
        db_path, demo=demo, as_of=as_of, read_only=read_only, author=author, store=store, first_view=first_view
    )
    app.freeze_memory = True  # one process, one app: see ScorecardApp.settle_memory
    app.run()
