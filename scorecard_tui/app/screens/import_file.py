"""ImportScreen: ask for a file, import it in a worker with progress, report the outcome; escape cancels.
Asks for what the file does not say: its period, and what its unknown rating words mean."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.path_completion import complete_path
from scorecard_tui.app.render import muted, tone
from scorecard_tui.app.safe import clean
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.widgets.rating_question import RatingQuestion
from scorecard_tui.errors import PeriodMissing, RatingWordsUnknown, ScorecardError, UnknownWord

if TYPE_CHECKING:
    from scorecard_tui.store import Store


class ImportCancelled(BaseException):
    """Raised from the import's progress callback, and before its save, once the officer cancelled.

    A ``BaseException`` (as ``asyncio.CancelledError`` is): the readers turn their libraries'
    ``Exception``s into one-line reasons, and a cancellation must pass through them untouched.
    """


class ImportScreen(Dialog[str | None]):
    """Dismisses with the import's one-line summary, or None when closed.

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
        self._period: str | None = None
        """The period the officer typed, carried into the next try (the rating question hides its field)."""
        self._ratings: dict[str, str] = {}
        """The meanings the officer gave unknown rating words (word -> Red ... none), as ``--rating``."""

    def compose_body(self) -> ComposeResult:
        yield Label("Path to a PDF, .xlsx, .xls, .ods, .csv, tab-separated .txt or .html:")
        yield Input(placeholder="~/Downloads/scorecard.pdf", id="import-path")
        yield Label("The report states no period. Which quarter is it?", id="import-period-label")
        yield Input(placeholder="2023/24 Q2", id="import-period")
        yield RatingQuestion(id="import-ratings")
        yield ProgressBar(total=None, show_eta=False, id="import-progress")
        yield Static(id="import-message")
        with Horizontal(id="import-buttons"):
            yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self._show_period(False)
        self.query_one(RatingQuestion).display = False

    def _show_period(self, show: bool) -> None:
        self.query_one("#import-period-label").display = show
        self.query_one("#import-period", Input).display = show
        if show:
            self.query_one("#import-period", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_import()

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        """Another file: the meanings given were for the words of the last one; a period typed
        shows again (the question hid it), so it is not carried to the other file unseen."""
        self._ratings = {}
        self.query_one(RatingQuestion).display = False
        if self._period is not None:
            self.query_one("#import-period-label").display = True
            self.query_one("#import-period", Input).display = True

    def action_import(self) -> None:
        """Import the path typed, with the period and the rating words' meanings given so far."""
        path_text = self.query_one("#import-path", Input).value.strip()
        period_input = self.query_one("#import-period", Input)
        if period_input.display:
            self._period = period_input.value.strip() or None
        question = self.query_one(RatingQuestion)
        if not path_text or self._busy or (period_input.display and not self._period):
            return
        if question.display:
            if left := question.unanswered():
                self._say(f"{left} word{'s' if left != 1 else ''} without a meaning: r, a, g, b or n chooses.", "bold")
                return
            self._ratings |= question.meanings()
        self._busy = True
        self._cancel_requested = threading.Event()
        self.query_one(ProgressBar).display = True
        self._say(f"Importing {path_text} ... (escape cancels)")
        self.run_import(Path(path_text).expanduser(), self._period, self._cancel_requested, dict(self._ratings))

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
    def run_import(
        self,
        path: Path,
        period: str | None = None,
        cancel: threading.Event | None = None,
        ratings: dict[str, str] | None = None,
    ) -> str | None:
        """Read the file on this worker; save it on the store's writing thread, which checks the
        file first (never write into a damaged database). ``cancel`` set stops the reader at its
        next progress call, or the save before it starts. ``ratings`` (word -> meaning) are
        given as ``--rating WORD=MEANING`` is, and so remembered for the series.

        Returns:
            The import's one-line summary, or None when it failed or was cancelled (already said).
        """
        from scorecard_tui.importing import RememberedThrough, save_reading
        from scorecard_tui.parse import read_scorecard
        from scorecard_tui.parse.table_report import parse_choices

        worker = get_current_worker()
        store = self._store
        cancel = cancel or threading.Event()

        def stop_if_cancelled() -> None:
            if cancel.is_set() or worker.is_cancelled:
                raise ImportCancelled

        def on_page(done: int, total: int) -> None:
            stop_if_cancelled()
            self.app.call_from_thread(self._progress, done, total)

        remembered = RememberedThrough(store.call)  # --map and --rating choices, and held series

        def save(target: Store) -> str:
            stop_if_cancelled()  # the last moment: once the transaction starts, the import lands whole
            target.verify()
            return save_reading(target, path, reading, choices).line()

        try:
            choices = parse_choices((), tuple(f"{word}={meaning}" for word, meaning in (ratings or {}).items()))
            reading = read_scorecard(path, period=period, on_page=on_page, overrides=choices, remembered=remembered)
            stop_if_cancelled()
            line = store.write(save)
        except ImportCancelled:
            self.app.call_from_thread(self._cancelled)
        except PeriodMissing:
            self.app.call_from_thread(self._ask_period)
        except RatingWordsUnknown as exc:
            self.app.call_from_thread(self._ask_ratings, exc.words)
        except ScorecardError as exc:
            self.app.call_from_thread(self._failed, f"{path.name}: {exc}")
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"{path}: {exc.strerror or exc}")
        except Exception as exc:  # a parser bug must not take the session down
            self.app.call_from_thread(self._failed, f"{path}: import failed ({exc!r})")
        else:
            return line
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Close once the import's worker has finished (closing from inside it would cancel it)."""
        if event.worker.group == "import" and event.state is WorkerState.SUCCESS and event.worker.result:
            self.dismiss(event.worker.result)

    def _stopped(self) -> bool:
        """The import's worker is done: idle again, the progress bar hidden. True when there is
        nothing more to say: the officer cancelled meanwhile (what it found no longer matters), or
        the box is closed."""
        if self._cancel_requested.is_set():
            self._cancelled()
            return True
        self._busy = False
        if self._dismissed:
            return True
        self.query_one(ProgressBar).display = False
        return False

    def _cancelled(self) -> None:
        self._busy = False
        if self._dismissed:
            return
        self.query_one(ProgressBar).display = False
        self._say("Import cancelled: nothing was written.", "bold")

    def _ask_period(self) -> None:
        if self._stopped():
            return
        self._say("Type the period (like 2023/24 Q2) and press enter.", "bold")
        self._show_period(True)

    def _failed(self, message: str) -> None:
        if self._stopped():
            return
        self._say(message, tone("bad", words=True))  # said in the box only: a toast would say it twice

    def _ask_ratings(self, words: tuple[UnknownWord, ...]) -> None:
        if self._stopped():
            return
        self._show_period(False)  # its period is carried (self._period)
        self.call_next(self.query_one(RatingQuestion).ask, words)
        when = f" for {self._period}" if self._period else ""
        self._say(f"Choose each word's meaning; enter imports{when}, escape cancels.", "bold")
