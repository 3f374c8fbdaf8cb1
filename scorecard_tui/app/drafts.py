"""Unsaved text kept when the app ends: each draft in a file of its own in the user's data folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Draft:
    """Text an officer wrote and did not save (or that could not be saved)."""

    what: str
    """``note`` or ``questions``."""
    code: str
    """The measure's code."""
    period: str
    """The period the text belongs to."""
    text: str

    @property
    def label(self) -> str:
        """``note on LCT PM03, 2018/19 Q1``."""
        return f"{self.what} on {self.code}" + (f", {self.period}" if self.period else "")


def drafts_folder() -> Path:
    """``drafts`` in the user data folder (``~/.local/share/scorecard-tui/drafts`` on Linux): the
    user's own, never the folder of a shared database."""
    from platformdirs import user_data_path

    return user_data_path("scorecard-tui", appauthor=False) / "drafts"


def keep_draft(draft: Draft, database: Path, folder: Path | None = None, *, now: datetime | None = None) -> Path:
    """Write ``draft`` to a new file (never over one, never through a link), readable by the user
    alone, in ``folder`` (default: :func:`drafts_folder`), else in the system's temporary folder.
    The file is named by the draft and ``now`` (default: the time now).

    Returns:
        The file written.

    Raises:
        OSError: When neither folder can be written.
    """
    now = now or datetime.now()
    content = (
        f"Unsaved {draft.label} (database {database}), kept when scorecard ended at {now:%Y-%m-%d %H:%M}.\n"
        f"Press n (or e for questions) on the measure and paste it back.\n\n{draft.text}\n"
    )
    stem = "-".join(_safe(part) for part in (draft.what, draft.code, draft.period, f"{now:%Y%m%d-%H%M%S}") if part)
    try:
        target = folder or drafts_folder()
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _write_new(target, stem, content)
    except OSError:
        import tempfile

        return _write_new(Path(tempfile.gettempdir()), f"scorecard-{stem}", content)


def _write_new(folder: Path, stem: str, content: str) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for n in range(1, 100):
        path = folder / (f"{stem}.txt" if n == 1 else f"{stem}-{n}.txt")
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        return path
    raise FileExistsError(f"{folder / stem}.txt and 98 more")


def _safe(part: str) -> str:
    """A file name part of letters, digits, ``.`` and ``-`` (``2018/19 Q1`` -> ``2018-19-Q1``)."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", part).strip("-.")[:40]
