"""EditorArea: the text field of the note and question editors, where ctrl+a selects all."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class EditorArea(TextArea):
    """A soft-wrapped ``TextArea`` without line numbers; ``ctrl+a`` selects every word, so what is
    typed next replaces it (``home`` still goes to the start of the line)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False, id="select-all"),
    ]

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False)
