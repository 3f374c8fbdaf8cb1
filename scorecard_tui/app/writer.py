"""Writer: what the main screen's writing keys do once the screen has checked the store can be
written: the editor or question each opens, then the write (:mod:`writes`, :mod:`briefing_job`)
in a worker off the UI thread, whose messages go back to the screen.

The editors, dialogs and the briefing's writers are imported when a key is first pressed: they
are not part of the first frame, which an officer waits for.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from scorecard_tui.app import writes
from scorecard_tui.app.data import QuestionChange, StoreThread
from scorecard_tui.app.screen_part import ScreenPart
from scorecard_tui.app.writes import NoteDrafts
from scorecard_tui.model import ReportInfo

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen

    from scorecard_tui.app.briefing_job import BriefingJob, Download
    from scorecard_tui.app.session import Session
    from scorecard_tui.store.lens import LensQuestion

InView = Callable[[], tuple[frozenset[str], str]]
"""The keys of the measures in view, and the filters that chose them in words (asked as the
officer answers, so that they are the view of that moment)."""


class Writer(ScreenPart):
    """The writes of a screen's keys, run on its workers and posting to it; the dialogs open over
    it, and its app is the session (the author the writes carry)."""

    def __init__(self, screen: Screen[Any], store: StoreThread) -> None:
        super().__init__(screen, store)
        self.note_drafts = NoteDrafts()
        """Notes the store refused (busy too long): ``n`` reopens them."""

    @property
    def _author(self) -> str | None:
        return cast("Session", self._screen.app).author

    # -- flags and notes ---------------------------------------------------------------

    def flag(self, info: ReportInfo, key: str) -> None:
        """Move a measure's flag on from what the store holds now (so quick presses each count)."""
        self._run("annotate", lambda: writes.write_flag(self._store, info, key, self._author).messages)

    def edit_note(self, info: ReportInfo, key: str, stored: str) -> None:
        """Open the note editor on a measure's note (``stored``), or on the text that could not be
        saved last time; save what the officer writes as a new version."""
        from scorecard_tui.app.screens.note_editor import NoteEditor

        draft = self.note_drafts.take(info.id, key)

        def save(text: str | None) -> None:
            if text is None:
                if draft is not None and not editor.discarded:
                    self.note_drafts.keep(info.id, key, draft)
                return
            if text == stored:
                self._screen.notify("Note unchanged.", markup=False)
                return
            self.write_note(info, key, text)

        editor = NoteEditor(key, info.period, stored if draft is None else draft, stored)
        self._screen.app.push_screen(editor, save)

    def write_note(self, info: ReportInfo, key: str, text: str) -> None:
        """Save a note as a new version; if it cannot be saved, keep the text for the next ``n``."""

        def step() -> tuple[Message, ...]:
            written = writes.write_note(self._store, info, key, text, self._author)
            if written.kept is not None:
                self._screen.app.call_from_thread(self.note_drafts.keep, info.id, key, written.kept)
            return written.messages

        self._run("annotate", step)

    # -- questions ---------------------------------------------------------------------

    def edit_questions(self, info: ReportInfo, key: str, code: str, questions: Sequence[LensQuestion]) -> None:
        """Open the question editor on a measure's signals; keep each change as a new version."""
        from scorecard_tui.app.screens.question_editor import QuestionEditor

        def save(changes: list[QuestionChange] | None) -> None:
            if changes is None:
                return
            if not changes:
                self._screen.notify("Questions unchanged.", markup=False)
                return
            author = self._author
            self._run("annotate", lambda: writes.write_questions(self._store, info, key, changes, author).messages)

        self._screen.app.push_screen(QuestionEditor(code, info.period, questions), save)

    # -- the briefing ------------------------------------------------------------------

    def briefing(self, info: ReportInfo, as_of: date, counts: tuple[int, int, int], in_view: InView | None) -> None:
        """Write the briefing: the whole report, or (asked when filters narrow the table or a
        measure is flagged) the measures in view with every flagged one, or the flagged alone;
        as Markdown, Word or CSV (asked); never over a briefing without asking.

        Args:
            info: The period on screen.
            as_of: Reviews count as past or coming from this date.
            counts: The period's measures, those in view, and those flagged.
            in_view: The view, when the filters narrow it (None: they do not).
        """
        from scorecard_tui.app.screens.briefing_choice import WHOLE, BriefingScope

        total, shown, flagged = counts
        if in_view is None and not flagged:
            self._brief_on(info, as_of, in_view, WHOLE)
            return
        scope = in_view()[1] if in_view is not None else ""
        chosen = partial(self._brief_on, info, as_of, in_view)
        self._screen.app.push_screen(BriefingScope(total, shown, scope, flagged), chosen)

    def _brief_on(self, info: ReportInfo, as_of: date, in_view: InView | None, choice: str | None) -> None:
        from scorecard_tui.app.briefing_job import BriefingJob
        from scorecard_tui.app.screens.briefing_choice import FLAGGED, VIEW, FormatChoice
        from scorecard_tui.outputs.briefing_files import BriefingFormat

        if choice is None:
            return
        keys, scope = in_view() if in_view is not None and choice == VIEW else (None, "")
        job = BriefingJob(info, as_of, keys=keys, scope=scope, flagged=choice == FLAGGED)

        def formatted(fmt: str | None) -> None:
            if fmt is not None:
                self._brief_as(replace(job, fmt=BriefingFormat(fmt)))

        self._screen.app.push_screen(FormatChoice(), formatted)

    def _brief_as(self, job: BriefingJob) -> None:
        """Write the briefing, asking first when a file of that name is in the way."""
        from scorecard_tui.app import briefing_job
        from scorecard_tui.app.screens.briefing_choice import OVERWRITE, Overwrite

        path = None if self._screen.app.is_web else briefing_job.in_the_way(job)
        if path is None:
            self.write_briefing(job)
            return

        def answered(answer: str | None) -> None:
            if answer == OVERWRITE:
                self.write_briefing(job)
            else:
                self._screen.notify(briefing_job.kept_notice(path), title="Briefing", markup=False)

        self._screen.app.push_screen(Overwrite(str(path)), answered)

    def write_briefing(self, job: BriefingJob) -> None:
        """Gather the briefing on the store thread; write the file (by the safe writer) on a worker,
        or send it to the officer's browser in a browser session."""

        from scorecard_tui.app import briefing_job

        def step() -> tuple[Message, ...]:
            done = briefing_job.write_briefing(self._store, job, web=self._screen.app.is_web)
            if isinstance(done, briefing_job.Download):
                self._screen.app.call_from_thread(self.send_briefing, done)
                return ()
            return (done,)

        self._run("briefing", step)

    def send_briefing(self, download: Download) -> None:
        """In a browser session, send the briefing as a download: the server's folders stay untouched."""
        content, name, mime_type = io.BytesIO(download.content), download.name, download.fmt.mime_type
        self._screen.app.deliver_binary(content, save_filename=name, mime_type=mime_type)
        self._screen.notify(download.notice, title="Briefing", markup=False)
