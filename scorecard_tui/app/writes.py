"""The main screen's writes: a flag, a note, a measure's questions.

Each is a plain step the screen runs off the UI thread: it writes through the store thread and
returns the messages to post (the period's new state first, then what to tell the officer). A note
the store refused is kept (``NoteDrafts``) for the next ``n``, and as a draft file if the app ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message

from scorecard_tui.app import data
from scorecard_tui.app.data import QuestionChange, StoreThread
from scorecard_tui.app.drafts import Draft
from scorecard_tui.app.messages import AnnotationsLoaded, LensChanged, Notice
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Flag, ReportInfo

NOT_WRITTEN = (ScorecardError, sqlite3.Error)
"""What a write that did not land raises (busy too long, read-only, damaged)."""


@dataclass(frozen=True)
class Written:
    """What a write leaves for the screen."""

    messages: tuple[Message, ...]
    """To post, in order."""
    kept: str | None = None
    """A note's text the store refused, to keep for the next ``n`` (None: nothing to keep)."""


def write_flag(store: StoreThread, info: ReportInfo, key: str, author: str | None) -> Written:
    """Move a measure's flag on from what the store holds now (so quick presses each count)."""
    try:
        flag, annotations = store.write(lambda s: data.cycle_flag(s, info, key, author))
    except NOT_WRITTEN as exc:
        return Written((Notice(f"Flag not saved: {exc}", severity="error"),))
    said = f"{key}: flag {flag.value}" if flag is not Flag.NONE else f"{key}: flag cleared"
    return Written((AnnotationsLoaded(info.id, annotations), Notice(said)))


def write_note(store: StoreThread, info: ReportInfo, key: str, text: str, author: str | None) -> Written:
    """Save a note as a new version; if it cannot be saved, say so and keep the text."""
    try:
        annotations = store.write(lambda s: data.save_note(s, info, key, text, author))
    except NOT_WRITTEN as exc:
        said = f"Note not saved: {exc}. Your text is kept: press n on {key} to try again."
        return Written((Notice(said, severity="error"),), kept=text)
    said = f"{key}: note saved" if text.strip() else f"{key}: note cleared"
    return Written((AnnotationsLoaded(info.id, annotations), Notice(said)))


def write_questions(
    store: StoreThread, info: ReportInfo, key: str, changes: Sequence[QuestionChange], author: str | None
) -> Written:
    """Keep each changed question as a new version with its author."""
    try:
        lens = store.write(lambda s: data.save_questions(s, info, key, changes, author))
    except NOT_WRITTEN as exc:
        return Written((Notice(f"Questions not saved: {exc}", severity="error"),))
    dropped = sum(c.dropped for c in changes)
    said = f"{len(changes)} question{'s' if len(changes) != 1 else ''} saved"
    return Written(
        (LensChanged(info.id, lens), Notice(f"{key}: {said}" + (f" ({dropped} dropped)" if dropped else "")))
    )


class NoteDrafts:
    """Notes the store refused (busy too long), by report id and measure key: ``n`` reopens them."""

    def __init__(self) -> None:
        self._texts: dict[tuple[int, str], str] = {}

    def keep(self, report_id: int, key: str, text: str) -> None:
        """Hold a note's text for the next ``n`` on it."""
        self._texts[report_id, key] = text

    def take(self, report_id: int, key: str) -> str | None:
        """The text held for a measure's note (no longer held), or None."""
        return self._texts.pop((report_id, key), None)

    def drafts(self, reports: Sequence[ReportInfo]) -> list[Draft]:
        """The notes held, as drafts to keep when the app ends (``reports`` name their periods)."""
        periods = {i.id: i.period for i in reports}
        return [Draft("note", key, periods.get(at, ""), text) for (at, key), text in self._texts.items()]
