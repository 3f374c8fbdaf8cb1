"""RatingQuestion: the import dialog's question, for each rating word the import does not know, what it means."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.errors import UnknownWord

MEANINGS: tuple[str, ...] = ("Red", "Amber", "Green", "Blue", "none")
"""What ``--rating WORD=...`` accepts, in the order shown; each chosen by its first letter."""

_GAP = 2


def _choice_offsets() -> list[tuple[int, int]]:
    """Where each meaning sits on a choice's second line (start, end), for a click."""
    spans, x = [], 4
    for meaning in MEANINGS:
        spans.append((x, x + len(meaning) + 2))
        x += len(meaning) + 2 + _GAP
    return spans


class RatingChoice(Widget, can_focus=True):
    """One unknown word: the word, how many rows use it and the first, and its meaning to choose.

    ``r``, ``a``, ``g``, ``b``, ``n`` choose; left and right move along; up and down go to the
    word above or below.
    """

    DEFAULT_CSS = """
    RatingChoice {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus {
            background: $boost;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(m[0].lower(), f"choose({i})", m, show=False) for i, m in enumerate(MEANINGS)),
        Binding("left", "step(-1)", "Previous meaning", show=False),
        Binding("right", "step(1)", "Next meaning", show=False),
        Binding("up", "move(-1)", "Word above", show=False),
        Binding("down", "move(1)", "Word below", show=False),
    ]

    chosen: reactive[int | None] = reactive(None)
    """The index into :data:`MEANINGS`, or None until the officer chooses."""

    def __init__(self, word: UnknownWord, place: str = "") -> None:
        super().__init__()
        self.word = word
        self.place = place
        """``3 of 12`` when the words scroll."""

    @property
    def meaning(self) -> str | None:
        """The meaning chosen, or None."""
        return None if self.chosen is None else MEANINGS[self.chosen]

    def render(self) -> Text:
        w = self.word
        rows = f"{w.rows} row{'s' if w.rows != 1 else ''}"
        first = ", ".join(w.first) + (", ..." if w.rows > len(w.first) else "")
        word = w.word if len(w.word) <= 36 else w.word[:35] + "…"
        line = Text.assemble(
            "▸ " if self.has_focus else "  ",
            literal(repr(word), "bold", newlines=False),
            (f"  {clean(f'{rows}: {first}')}", muted()),
        )
        line.append("\n    ")
        for i, meaning in enumerate(MEANINGS):
            style = "reverse bold" if i == self.chosen else ""
            line.append(" ", style)
            line.append(meaning[0], f"{style} underline")
            line.append(meaning[1:] + " ", style)
            line.append(" " * _GAP)
        if self.place:
            line.append(f"  ({self.place})", muted())
        line.no_wrap = True
        line.overflow = "ellipsis"
        return line

    def on_focus(self) -> None:
        self.refresh()
        self.call_after_refresh(self.scroll_visible, animate=False, top=True)  # whole words in view

    def on_blur(self) -> None:
        self.refresh()

    def action_choose(self, index: int) -> None:
        """Choose a meaning."""
        self.chosen = index

    def action_step(self, by: int) -> None:
        """Choose the meaning beside the one chosen."""
        if self.chosen is None:
            self.chosen = 0 if by > 0 else len(MEANINGS) - 1
        else:
            self.chosen = (self.chosen + by) % len(MEANINGS)

    def action_move(self, by: int) -> None:
        """Go to the word above or below (not past the first or last: enter must not land on Cancel)."""
        siblings = list(self.parent.query_children(RatingChoice)) if self.parent else [self]
        index = siblings.index(self) + by
        if 0 <= index < len(siblings):
            siblings[index].focus()

    def on_click(self, event: events.Click) -> None:
        """A click on a meaning chooses it."""
        if event.y != 1:
            return
        for i, (start, end) in enumerate(_choice_offsets()):
            if start <= event.x < end:
                self.chosen = i


class RatingQuestion(Vertical):
    """The question: a line saying what is asked, then a :class:`RatingChoice` for each word (four
    shown at a time, scrolling as the focus moves; each says which of how many it is)."""

    DEFAULT_CSS = """
    RatingQuestion {
        height: auto;
        & > Label {
            text-style: bold;
        }
        & > VerticalScroll {
            height: auto;
            max-height: 8;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Label()
        yield VerticalScroll(can_focus=False)

    async def ask(self, words: tuple[UnknownWord, ...]) -> None:
        """Ask about these words (none chosen yet), shown, the first word focused."""
        n = len(words)
        asked = f"{'A rating word' if n == 1 else f'{n} rating words'} the import does not know: what does each mean?"
        self.query_one(Label).update(asked)
        choices = self.query_one(VerticalScroll)
        await choices.remove_children()
        await choices.mount_all(RatingChoice(word, f"{i} of {n}" if n > 4 else "") for i, word in enumerate(words, 1))
        self.display = True
        choices.scroll_home(animate=False)
        if words:
            self.query(RatingChoice).first().focus()

    def meanings(self) -> dict[str, str]:
        """Each word answered, with its meaning (``Red`` ... ``none``)."""
        return {c.word.word: c.meaning for c in self.query(RatingChoice) if c.meaning is not None}

    def unanswered(self) -> int:
        """How many words have no meaning chosen yet."""
        return sum(1 for c in self.query(RatingChoice) if c.meaning is None)
