"""ImportQuestions: what a file leaves the import dialog to ask, one question at a time: its period,
what its unknown rating words mean, whether to import the rows that read without those that do not.
The answers carry into the next try, as the command line's ``--period``, ``--rating`` and
``--skip-unreadable`` would be given."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from scorecard_tui.app.import_step import ImportRequest, PeriodAsked, RatingsAsked, RowsAsked
from scorecard_tui.app.widgets.rating_question import RatingQuestion
from scorecard_tui.app.widgets.rows_question import RowsQuestion

Question = PeriodAsked | RatingsAsked | RowsAsked


class ImportQuestions(Vertical):
    """The period's field, the :class:`RatingQuestion` and the :class:`RowsQuestion`, each shown
    only while asked."""

    DEFAULT_CSS = """
    ImportQuestions {
        height: auto;
        & > Input {
            margin: 1 0;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.period: str | None = None
        """The period the officer typed, carried into the next try (the other questions hide its field)."""
        self.ratings: dict[str, str] = {}
        """The meanings the officer gave unknown rating words (word -> Red ... none), as ``--rating``."""

    def compose(self) -> ComposeResult:
        yield Label("The report states no period. Which quarter is it?", id="import-period-label")
        yield Input(placeholder="2023/24 Q2", id="import-period")
        yield RatingQuestion(id="import-ratings")
        yield RowsQuestion(id="import-rows")

    def on_mount(self) -> None:
        self._show_period(False)
        self.query_one(RatingQuestion).display = False
        self.query_one(RowsQuestion).display = False

    def _show_period(self, show: bool) -> None:
        self.query_one("#import-period-label").display = show
        self.query_one("#import-period", Input).display = show

    async def ask(self, question: Question) -> str:
        """Show the question (the others hidden, the period typed kept) and focus it.

        Returns:
            What the dialog says under it: how to answer.
        """
        when = f" for {self.period}" if self.period else ""
        ratings, rows = self.query_one(RatingQuestion), self.query_one(RowsQuestion)
        self._show_period(isinstance(question, PeriodAsked))
        ratings.display = False
        rows.display = False
        if isinstance(question, RatingsAsked):
            await ratings.ask(question.words)
            return f"Choose each word's meaning; enter imports{when}, escape cancels."
        if isinstance(question, RowsAsked):
            rows.ask(question.rows, question.readable)
            return f"Enter imports the rest{when}; escape cancels, writing nothing."
        self.query_one("#import-period", Input).focus()
        return "Type the period (like 2023/24 Q2) and press enter."

    def request(self, path: Path) -> ImportRequest | str:
        """The import of ``path`` with the answers given so far.

        Returns:
            The request; or, while a question is not answered, what to say ("" when nothing).
        """
        period_input = self.query_one("#import-period", Input)
        if period_input.display:
            self.period = period_input.value.strip() or None
            if not self.period:
                return ""
        question = self.query_one(RatingQuestion)
        if question.display:
            if left := question.unanswered():
                return f"{left} word{'s' if left != 1 else ''} without a meaning: r, a, g, b or n chooses."
            self.ratings |= question.meanings()
        skip = self.query_one(RowsQuestion).display
        return ImportRequest(path, self.period, dict(self.ratings), skip_unreadable=skip)

    def forget(self) -> bool:
        """Another file: the meanings and the rows were the last one's; a period typed shows
        again (a question hid it), so it is not carried to the other file unseen.

        Returns:
            Whether a question about the words or the rows was showing (what it said no longer holds).
        """
        ratings, rows = self.query_one(RatingQuestion), self.query_one(RowsQuestion)
        asked = bool(ratings.display or rows.display)
        self.ratings = {}
        ratings.display = False
        rows.display = False
        if self.period is not None:
            self._show_period(True)
        return asked

    def drop_rows(self) -> None:
        """Stop offering the rest of the rows (the import with them left out did not go ahead)."""
        self.query_one(RowsQuestion).display = False
