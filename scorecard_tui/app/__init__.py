"""The Textual app: ``create_app`` builds it, ``run_app`` runs it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp


def create_app(db_path: Path, *, demo: bool = False) -> ScorecardApp:
    """Build the app on a database (for the CLI and for tests)."""
    from scorecard_tui.app.app import ScorecardApp

    return ScorecardApp(Path(db_path), demo=demo)


def run_app(db_path: Path, *, demo: bool = False) -> None:
    """Run the app on a database until the user quits."""
    create_app(db_path, demo=demo).run()
