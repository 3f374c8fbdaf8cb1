"""The briefing file that ``x`` writes: its name, and where it goes."""

from __future__ import annotations

import os
from pathlib import Path

from scorecard_tui.briefing_files import briefing_file_name
from scorecard_tui.errors import ScorecardError
from scorecard_tui.files import RefusedTarget, write_file_safely


def briefing_path(period: str, folder: Path | None = None) -> Path:
    """Where ``save_briefing`` would write: ``folder`` (default: the current one) when it can be
    written, else the user data folder."""
    folder = folder or Path.cwd()
    if os.access(folder, os.W_OK):
        return folder.resolve() / briefing_file_name(period)
    from platformdirs import user_data_path

    return user_data_path("scorecard-tui", appauthor=False) / briefing_file_name(period)


def is_plain_briefing(path: Path) -> bool:
    """True when ``path`` holds an ordinary file (not a link, a folder or a database) that
    writing a briefing would replace: the app asks first."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("rb") as f:
            return f.read(16) != b"SQLite format 3\x00"
    except OSError:
        return False


def save_briefing(text: str, period: str, folder: Path | None = None, *, database: Path | None = None) -> Path:
    """Write a briefing into ``folder`` (default: the current one), else the user data folder.

    Args:
        text: The briefing.
        period: Its period, which names the file.
        folder: Where to write it.
        database: The open database, which is never written over.

    Returns:
        The full path written.

    Raises:
        ScorecardError: When the file there is a link, a database or not a regular file
            (refused, not written elsewhere instead), or neither folder can be written.
        OSError: When the fallback folder cannot be made.
    """
    name = briefing_file_name(period)
    folder = folder or Path.cwd()
    if os.access(folder, os.W_OK):
        try:
            return write_file_safely(folder.resolve() / name, text, protect=[database] if database else [])
        except RefusedTarget:
            raise  # something planted there: say so rather than write elsewhere
        except ScorecardError:
            pass
    from platformdirs import user_data_path

    fallback = user_data_path("scorecard-tui", appauthor=False)
    fallback.mkdir(parents=True, exist_ok=True)
    return write_file_safely(fallback / name, text, protect=[database] if database else [])
