"""The briefing's questions: the whole report or the measures in view, which format, and
whether to write over a briefing already there."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.widgets.keyed_option_list import KeyedOptionList
from scorecard_tui.briefing_files import BriefingFormat

WHOLE, VIEW = "whole", "view"
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
    """Whole report (the default) or the measures in view; dismisses with WHOLE, VIEW or None.

    Args:
        total: Measures in the report.
        in_view: Measures in the table.
        scope: The filters in words, e.g. ``Red (quarterly)``.
    """

    BOX_TITLE = "Briefing: which measures?"

    def __init__(self, total: int, in_view: int, scope: str) -> None:
        super().__init__()
        self._total, self._in_view, self._scope = total, in_view, scope

    def options(self) -> list[Option]:
        view = Text(f"The {self._in_view} in view (filter: ")
        view.append_text(literal(self._scope, newlines=False))
        view.append("), flagged measures always included")
        return [Option(Text(f"The whole report ({self._total} measures)"), id=WHOLE), Option(view, id=VIEW)]


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
