"""ImportScreen: ask for a file, import it in a worker with progress, report the outcome; escape cancels.
Asks for what the file leaves open (:class:`ImportQuestions`), then tries again with the answers."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.import_step import (
    Cancelled,
    Failed,
    ImportCancelled,
    Imported,
    ImportRequest,
    Outcome,
    import_step,
)
from scorecard_tui.app.path_completion import complete_path
from scorecard_tui.app.render import muted, tone
from scorecard_tui.app.safe import clean
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.widgets.import_questions import ImportQuestions


class ImportScreen(Dialog[Imported | None]):
    """Dismisses with what was imported (its one-line summary, how the file was read), or None when closed.

    Escape (or Cancel) stops a running import: the reader stops at its next page (or batch of
    rows), nothing is written (the save starts only after the whole file is read), and the box
    says so. Pressed again, or once the import has stopped, it closes the box.

    Args:
        store: The thread that owns the store connections (the save goes through it).
    """

    DEFAULT_CSS = """
    #import-box {
        width: 76;
        padding: 1 2;
        & > Input {
            margin: 1 0;
        }
        & > #import-message {
            height: auto;
        }
        & > #import-buttons {
            height: auto;
            align-horizontal: right;
        }
    }
    """

    BOX_TITLE = "Import a scorecard"
    BOX_HINT = "enter to import, tab completes, escape to cancel"
    BOX_ID = "import-box"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", id="cancel-import"),
        Binding("tab", "complete_path", "Complete the path", show=False, id="complete-path"),
        Binding("enter", "import", "Import", show=False, id="import-with-ratings"),
    ]

    def __init__(self, store: StoreThread) -> None:
        super().__init__()
        self._store = store
        self._busy = False
        self._cancel_requested = threading.Event()
        """Set when the officer cancels the running import (a new one for each import)."""
        self._dismissed = False

    def compose_body(self) -> ComposeResult:
        yield Label("Path to a PDF, .xlsx, .xls, .ods, .csv, tab-separated .txt or .html:")
        yield Input(placeholder="~/Downloads/scorecard.pdf", id="import-path")
        yield ImportQuestions(id="import-questions")
        yield ProgressBar(total=None, show_eta=False, id="import-progress")
        yield Static(id="import-message")
        with Horizontal(id="import-buttons"):
            yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @property
    def questions(self) -> ImportQuestions:
        return self.query_one(ImportQuestions)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_import()

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        if self.questions.forget():
            self._say("")

    def action_import(self) -> None:
        """Import the path typed, with the answers given so far."""
        path_text = self.query_one("#import-path", Input).value.strip()
        if not path_text or self._busy:
            return
        request = self.questions.request(Path(path_text).expanduser())
        if isinstance(request, str):
            if request:
                self._say(request, "bold")
            return
        self._busy = True
        self._cancel_requested = threading.Event()
        self.query_one(ProgressBar).display = True
        self._say(f"Importing {path_text} ... (escape cancels)")
        self.run_import(request, self._cancel_requested)

    def action_complete_path(self) -> None:
        """Tab in the path field completes the path as far as it can, listing the choices."""
        field = self.query_one("#import-path", Input)
        if not field.has_focus:
            self.focus_next()
            return
        found = complete_path(field.value)
        field.value = found.text
        field.cursor_position = len(found.text)
        if found.choices:
            shown = "  ".join(found.choices[:12]) + ("  ..." if len(found.choices) > 12 else "")
            self._say(shown, muted())
        else:
            self._say("")

    def action_close(self) -> None:
        """Close; while an import runs, cancel it first (pressed again, close at once: the import,
        cancelled, stops in the background and writes nothing)."""
        if self._busy and not self._cancel_requested.is_set():
            self._cancel_requested.set()
            self._say("Cancelling the import ... (escape again closes)", "bold")
            return
        self._dismissed = True
        self.dismiss(None)

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def _say(self, message: str, style: str = "") -> None:
        self.query_one("#import-message", Static).update(Text(clean(message, newlines=False), style=style))

    def _progress(self, done: int, total: int) -> None:
        if self._dismissed or self._cancel_requested.is_set():
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        self._say(f"Reading page {done} of {total} ... (escape cancels)")

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, request: ImportRequest, cancel: threading.Event | None = None) -> Outcome:
        """Read and save on this worker (:func:`import_step`); ``cancel`` set stops the reader at
        its next progress call, or the save before it starts."""
        worker = get_current_worker()
        cancel = cancel or threading.Event()

        def stop_if_cancelled() -> None:
            if cancel.is_set() or worker.is_cancelled:
                raise ImportCancelled

        def on_page(done: int, total: int) -> None:
            stop_if_cancelled()
            self.app.call_from_thread(self._progress, done, total)

        return import_step(self._store, request, stop_if_cancelled, on_page)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Close once the import's worker has finished (closing from inside it would cancel it),
        or say how it stopped, or ask what the file left open."""
        if event.worker.group != "import" or event.state is not WorkerState.SUCCESS:
            return
        outcome = event.worker.result
        if isinstance(outcome, Imported):
            self.dismiss(outcome)
            return
        self._busy = False
        if self._dismissed:
            return
        self.query_one(ProgressBar).display = False
        if isinstance(outcome, Cancelled) or self._cancel_requested.is_set():
            self._say("Import cancelled: nothing was written.", "bold")  # what it found no longer matters
        elif isinstance(outcome, Failed):
            self.questions.drop_rows()
            self._say(outcome.message, tone("bad", words=True))  # said in the box only: a toast would say it twice
        elif outcome is not None:
            self._say(await self.questions.ask(outcome), "bold")
