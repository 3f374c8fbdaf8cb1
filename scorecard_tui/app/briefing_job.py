"""The briefing the main screen's ``x`` writes, once the officer has chosen what and how: whether a
file is in the way, and the writing itself off the UI thread (to a file by the safe writer, or, in
a browser session, as a download that leaves the server's folders untouched)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.messages import Notice
from scorecard_tui.app.safe import clean
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import ReportInfo
from scorecard_tui.outputs.briefing_files import (
    BriefingFormat,
    briefing_file_name,
    briefing_path,
    is_plain_briefing,
    save_briefing,
)


@dataclass(frozen=True)
class BriefingJob:
    """A briefing to write: which period, which measures, in which format."""

    info: ReportInfo
    as_of: date
    """Reviews count as past or coming from this date."""
    fmt: BriefingFormat = BriefingFormat.MD
    keys: frozenset[str] | None = None
    """The measures in view (every flagged one joins them); None: the whole report."""
    scope: str = ""
    """The filters that chose ``keys``, as the briefing states them."""
    flagged: bool = False
    """The flagged measures alone."""


@dataclass(frozen=True)
class Download:
    """A briefing to send to the officer's browser."""

    content: bytes = field(repr=False)
    name: str
    fmt: BriefingFormat

    @property
    def notice(self) -> str:
        """What to say once it is sent."""
        return clean(f"Sent {self.name} to your browser.")


def in_the_way(job: BriefingJob) -> Path | None:
    """The briefing file that writing ``job`` would replace (an ordinary file: ask first), or None."""
    path = briefing_path(job.info.period, fmt=job.fmt)
    return path if is_plain_briefing(path) else None


def kept_notice(path: Path) -> str:
    """What to say when the officer keeps the file in the way."""
    return clean(f"Briefing not written: kept {path}")


def write_briefing(store: StoreThread, job: BriefingJob, *, web: bool = False) -> Notice | Download:
    """Gather the briefing on the store thread and write it on this one (off the UI thread).

    Args:
        store: The thread that owns the store connection.
        job: What to write.
        web: A browser session: return the file as a download rather than write it.

    Returns:
        What to tell the officer, or (``web``) the download to send.
    """
    keys = set(job.keys) if job.keys is not None else None
    try:
        content, count = store.call(
            lambda s: data.briefing_and_count(s, job.info, job.as_of, keys, job.scope, fmt=job.fmt, flagged=job.flagged)
        )
        if web:
            return Download(content, briefing_file_name(job.info.period, job.fmt), job.fmt)
        path = save_briefing(content, job.info.period, fmt=job.fmt, database=store.path)
    except (ScorecardError, sqlite3.Error, OSError) as exc:
        return Notice(clean(f"Briefing not written: {exc}"), title="Briefing", severity="error")
    return Notice(clean(f"{count} measure{'' if count == 1 else 's'}: wrote {path}"), title="Briefing")
