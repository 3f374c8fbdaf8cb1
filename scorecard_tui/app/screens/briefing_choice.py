"""The briefing's questions: the whole report, the measures in view or the flagged ones, which
format, the protective marking, and whether to write over a briefing already there."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.screens.dialog import Dialog, InputDialog
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList
from scorecard_tui.outputs.briefing_files import BriefingFormat
from scorecard_tui.outputs.marking import MARKING_CHARS, marking_text

WHOLE, VIEW, FLAGGED = "whole", "view", "flagged"
KEEP, OVERWRITE = "keep", "overwrite"


class _Choice(Dialog[str | None]):
    """A short list of choices; enter takes the highlighted one (the first, by default)."""

    DEFAULT_CSS = """
    #choice-box {
        width: 90;
        & > OptionList {
            height: auto;
            border: none;
        }
    }
    """
    BOX_ID = "choice-box"
    BOX_HINT = "enter to choose, escape to cancel"

    def options(self) -> list[Option]:
        """The choices, the default first."""
        return []

    def compose_body(self) -> ComposeResult:
        yield KeyedOptionList(*self.options(), id="choices")

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, choice: str) -> None:
        """Choose by key (the subclass's bindings)."""
        self.dismiss(choice)


class BriefingScope(_Choice):
    """Whole report (the default), the measures in view (when filters narrow the table) or the
    flagged measures alone (when any is flagged); dismisses with WHOLE, VIEW, FLAGGED or None.
    The RAG counts are the whole council's whichever is chosen.

    Args:
        total: Measures in the report.
        in_view: Measures in the table.
        scope: The filters in words, e.g. ``Red (quarterly)`` (empty: no choice of the view).
        flagged: Measures flagged (0: no choice of the flagged ones).
    """

    BOX_TITLE = "Briefing: which measures?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('whole')", "All", id="scope-whole"),
        Binding("v", "choose_shown('view')", "In view", id="scope-view"),
        Binding("f", "choose_shown('flagged')", "Flagged", id="scope-flagged"),
    ]

    def __init__(self, total: int, in_view: int, scope: str, flagged: int = 0) -> None:
        super().__init__()
        self._total, self._in_view, self._scope, self._flagged = total, in_view, scope, flagged

    def options(self) -> list[Option]:
        out = [Option(Text(f"The whole report ({self._total} measures) (a)"), id=WHOLE)]
        if self._scope:
            view = Text(f"The {self._in_view} in view (filter: ")
            view.append_text(literal(self._scope, newlines=False))
            view.append("), flagged measures always included (v)")
            out.append(Option(view, id=VIEW))
        if self._flagged:
            out.append(Option(Text(f"Only the {self._flagged} flagged (f)"), id=FLAGGED))
        return out

    def action_choose_shown(self, choice: str) -> None:
        """Choose by key, when that choice is offered."""
        if any(option.id == choice for option in self.query_one(OptionList).options):
            self.dismiss(choice)


class FormatChoice(_Choice):
    """Markdown (the default), Word or CSV; dismisses with the format's extension or None."""

    BOX_TITLE = "Briefing: which format?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('md')", "Markdown", id="format-md"),
        Binding("w", "choose('docx')", "Word", id="format-docx"),
        Binding("c", "choose('csv')", "CSV", id="format-csv"),
    ]

    def options(self) -> list[Option]:
        return [
            Option(Text("Markdown (m)"), id=BriefingFormat.MD.value),
            Option(Text("Word document (w), for the meeting pack"), id=BriefingFormat.DOCX.value),
            Option(Text("CSV (c), for a spreadsheet"), id=BriefingFormat.CSV.value),
        ]


class Overwrite(_Choice):
    """A briefing is already there: keep it (the default) or write over it.

    Args:
        name: The file's path, as shown.
    """

    BOX_TITLE = "Briefing already there"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('overwrite')", "Overwrite", id="overwrite-yes"),
        Binding("n", "choose('keep')", "Keep", id="overwrite-no"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self._file = name

    def options(self) -> list[Option]:
        keep = Text("Keep ")
        keep.append_text(literal(self._file, newlines=False))
        keep.append(" and write nothing (n)")
        return [Option(keep, id=KEEP), Option(Text("Write over it (y)"), id=OVERWRITE)]


class MarkingChoice(InputDialog[str | None]):
    """The protective marking on every page, as the CLI's ``--marking``: the report's own (or the
    one chosen earlier this session) to start with; enter takes it (empty: no marking), escape
    writes nothing. Dismisses with the marking, checked (:func:`marking_text`), or None.

    Args:
        marking: The marking to start with.
    """

    DEFAULT_CSS = """
    #marking-box {
        width: 70;
        & > Input {
            border: tall $accent;
        }
        & > #marking-error {
            color: $error;
        }
    }
    """
    BOX_ID = "marking-box"
    BOX_TITLE = "Briefing: protective marking"
    BOX_HINT = "enter to write, empty for none; escape to cancel"

    def __init__(self, marking: str) -> None:
        super().__init__()
        self._marking = marking

    def compose_body(self) -> ComposeResult:
        yield Static(Text("On every page of the briefing, e.g. OFFICIAL or OFFICIAL-SENSITIVE:"))
        yield Input(clean(self._marking, newlines=False), id="marking", max_length=MARKING_CHARS)
        yield Static(id="marking-error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Input).focus()

    def read(self, text: str) -> str:
        return marking_text(text)

    def refuse(self, why: str) -> None:
        """Under the field, in the error colour."""
        self.query_one("#marking-error", Static).update(literal(why))
