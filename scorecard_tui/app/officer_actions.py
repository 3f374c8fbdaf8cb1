"""Flags (``m``), notes (``n``) and the briefing file (``x``): what an officer adds to a report."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from scorecard_tui.app.data import Annotations, held_now, load_annotations
from scorecard_tui.app.messages import AnnotationsLoaded, Notice
from scorecard_tui.app.safe import clean
from scorecard_tui.app.screens.note_editor import NoteEditor
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Flag
from scorecard_tui.store import ReportInfo, Store

if TYPE_CHECKING:
    from scorecard_tui.app.app import ScorecardApp

    _Base = ScorecardApp
else:
    _Base = object


def briefing_name(period: str) -> str:
    """``scorecard-briefing-2018-19-Q2.md`` for ``2018/19 Q2``: anything but letters, digits, ``.`` and ``-``
    becomes ``-``."""
    return "scorecard-briefing-" + re.sub(r"[^A-Za-z0-9.-]", "-", period).strip(".") + ".md"


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
    from scorecard_tui.files import RefusedTarget, write_file_safely

    name = briefing_name(period)
    folder = folder or Path.cwd()
    protect = [database] if database else []
    if os.access(folder, os.W_OK):
        try:
            return write_file_safely(folder.resolve() / name, text, protect=protect)
        except RefusedTarget:
            raise  # something planted there: say so rather than write elsewhere
        except ScorecardError:
            pass
    from platformdirs import user_data_path

    fallback = user_data_path("scorecard-tui", appauthor=False)
    fallback.mkdir(parents=True, exist_ok=True)
    return write_file_safely(fallback / name, text, protect=protect)


class OfficerActions(_Base):
    """Mixed into the app: write flags and notes through the store thread; write the briefing."""

    read_only_reason: str | None = None
    """Why the store cannot be written, or None."""
    author: str | None = None
    """The name flags and notes carry, or None for the Unix user."""

    def writable(self, what: str) -> bool:
        """Whether writing is possible; if not, say why."""
        if self.read_only_reason is None:
            return True
        self.notify(f"{what} is off: {self.read_only_reason}.", title="Read-only", severity="warning", markup=False)
        return False

    def action_refuse_write(self, what: str) -> None:
        """Say why a key that writes does nothing here (read-only sessions)."""
        self.writable(what)

    def action_cycle_flag(self) -> None:
        """Cycle the selected measure's flag: none, watch, raise."""
        measure = self.current_measure
        if measure is None or self.report is None or not self.writable("Flagging"):
            return
        self.write_flag(self.report.info, measure.key)

    @work(thread=True, group="annotate")
    def write_flag(self, info: ReportInfo, key: str) -> None:
        """Move the flag on from what the store holds now (so quick presses each count)."""

        def cycle(store: Store) -> tuple[Flag, Annotations]:
            flag = Flag(store.cycle_flag(info, key, author=self.author).value)
            return flag, load_annotations(store, info)

        try:
            flag, annotations = self.data.write(cycle)
        except (ScorecardError, sqlite3.Error) as exc:
            self.post_message(Notice(f"Flag not saved: {exc}", severity="error"))
            return
        self.post_message(AnnotationsLoaded(info.id, annotations))
        self.post_message(Notice(f"{key}: flag {flag.value}" if flag is not Flag.NONE else f"{key}: flag cleared"))

    def action_edit_note(self) -> None:
        """Write or edit the selected measure's note (reopening text that could not be saved)."""
        measure = self.current_measure
        if measure is None or self.report is None or not self.writable("Writing notes"):
            return
        info = self.report.info
        note = self.report.annotations.notes.get(measure.key)
        stored = note.value if note else ""
        draft = self._unsaved_notes().pop((info.id, measure.key), None)

        def save(text: str | None) -> None:
            if text is None:
                if draft is not None:
                    self._unsaved_notes()[info.id, measure.key] = draft
                return
            if text == stored:
                self.notify("Note unchanged.", markup=False)
                return
            self.write_note(info, measure.key, text)

        self.push_screen(NoteEditor(measure.key, info.period, stored if draft is None else draft), save)

    def _unsaved_notes(self) -> dict[tuple[int, str], str]:
        """Notes the store refused (busy too long), by report id and measure key: ``n`` reopens them."""
        return vars(self).setdefault("_unsaved_notes_by_key", {})

    @work(thread=True, group="annotate")
    def write_note(self, info: ReportInfo, key: str, text: str) -> None:
        """Save a note as a new version; if it cannot be saved, keep the text for the next ``n``."""

        def save(store: Store) -> Annotations:
            store.add_note(info, key, text, author=self.author)
            return load_annotations(store, info)

        try:
            annotations = self.data.write(save)
        except (ScorecardError, sqlite3.Error) as exc:
            self.call_from_thread(self._unsaved_notes().__setitem__, (info.id, key), text)
            self.post_message(
                Notice(f"Note not saved: {exc}. Your text is kept: press n on {key} to try again.", severity="error")
            )
            return
        self.post_message(AnnotationsLoaded(info.id, annotations))
        self.post_message(Notice(f"{key}: note saved" if text.strip() else f"{key}: note cleared"))

    def on_annotations_loaded(self, message: AnnotationsLoaded) -> None:
        """Show new flags and notes, if they belong to the period on screen."""
        if self.report is None or message.report_id != self.report.info.id:
            return
        if message.annotations == self.report.annotations:
            return
        self.report = replace(self.report, annotations=message.annotations)
        self.apply_view()
        self.refresh_detail()

    def action_write_briefing(self) -> None:
        """Write the briefing for the measures in view as Markdown."""
        if self.report is None:
            return
        keys = {self.measures[i].key for i in self.rows}
        self.write_briefing(self.report.info, keys, self.as_of)

    @work(thread=True, group="briefing")
    def write_briefing(self, info: ReportInfo, keys: set[str], as_of: date) -> None:
        """Gather the briefing on the store thread; write the file on this one."""
        from scorecard_tui.briefing import load_briefing, to_markdown

        try:
            text = self.data.call(lambda s: to_markdown(load_briefing(s, held_now(s, info), as_of, keys)))
            if self.is_web:
                self.call_from_thread(self.send_briefing, text, briefing_name(info.period))
                return
            path = save_briefing(text, info.period, database=self.data.path)
        except (ScorecardError, sqlite3.Error, OSError) as exc:
            self.post_message(Notice(clean(f"Briefing not written: {exc}"), title="Briefing", severity="error"))
            return
        self.post_message(Notice(clean(f"{len(keys)} measures: wrote {path}"), title="Briefing"))

    def send_briefing(self, text: str, name: str) -> None:
        """In a browser session, send the briefing as a download: the server's folders stay untouched."""
        self.deliver_text(io.StringIO(text), save_filename=name, mime_type="text/markdown", encoding="utf-8")
        self.notify(clean(f"Sent {name} to your browser."), title="Briefing", markup=False)
