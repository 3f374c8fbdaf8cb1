"""The Textual app: ``create_app`` builds it, ``run_app`` runs it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp


def create_app(
    db_path: Path,
    *,
    demo: bool = False,
    as_of: datetime.date | None = None,
    read_only: bool | None = None,
    author: str | None = None,
) -> ScorecardApp:
    """Build the app on a database (for the CLI and for tests).

    Args:
        db_path: The database file.
        demo: Opened on a throwaway copy of the samples.
        as_of: Count reviews as past or coming from this date (default: each report's fetch date).
        read_only: True opens the store read-only; None lets the store decide
            (``SCORECARD_READ_ONLY``, file permissions).
        author: The name flags and notes carry (default: the Unix user); ``serve`` sets it.
    """
    from scorecard_tui.app.app import ScorecardApp

    return ScorecardApp(Path(db_path), demo=demo, as_of=as_of, read_only=read_only, author=author)


def run_app(
    db_path: Path,
    *,
    demo: bool = False,
    as_of: datetime.date | None = None,
    read_only: bool | None = None,
    author: str | None = None,
) -> None:
    """Run the app on a database until the user quits."""
    app = create_app(db_path, demo=demo, as_of=as_of, read_only=read_only, author=author)
    app.freeze_memory = True  # one process, one app: see ScorecardApp.settle_memory
    app.run()
