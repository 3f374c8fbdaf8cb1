"""DetailPane: the selected measure in full, scrollable.

The measure is rendered to lines once per change and drawn a line at a time (a
scroll view, not a static widget in a scrolling container): showing another measure
repaints the pane once, with no layout pass, which halves what a row move sends to
the terminal.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scorecard_tui.app.detail_view import DetailContext, detail
from scorecard_tui.app.render import muted
from scorecard_tui.model import Measure

NOTHING = "No measure selected."


class DetailPane(ScrollView, can_focus=True):
    """Shows one measure; escape hands the keyboard back to the table."""

    DEFAULT_CSS = """
    DetailPane {
        scrollbar-size-vertical: 0;
        overflow-x: hidden;
        &:focus {
            scrollbar-size-vertical: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("escape", "screen.back_to_table", "Back to table", id="back-to-table"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable: RenderableType = Text(NOTHING, style=muted())
        self._lines: list[Strip] = []
        self._rendered_width = 0
        self._rewrap_pending = False
        self._shown: tuple[Measure | None, DetailContext | None] = (None, None)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._retheme)

    def _retheme(self, _theme: object) -> None:
        """The detail is drawn in the theme's colours: draw it again, where it was scrolled to."""
        if self._shown[0] is not None:
            self.show_measure(*self._shown, keep=True)

    def show_measure(
        self, measure: Measure | None, context: DetailContext | None = None, *, keep: bool = False
    ) -> None:
        """Show a measure (None: say nothing is selected).

        Args:
            measure: The measure.
            context: History, flag, note and dates around it.
            keep: Keep the scroll position (the same measure, refreshed); else go to the top.
        """
        self._shown = (measure, context)
        self._renderable = Text(NOTHING, style=muted()) if measure is None else detail(measure, context)
        self._render_lines()
        if not keep:
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _render_lines(self) -> None:
        self._wrap()
        self._fit_scrolling()
        self.refresh()

    def _wrap(self) -> None:
        """Render the measure to lines at the pane's width; nothing else, so that it can run as
        a frame is drawn."""
        width = self.scrollable_content_region.width
        self._rendered_width = width
        if width <= 0:
            self._lines = []
            return
        console = self.app.console
        options = console.options.update_width(width)
        segments = console.render(self._renderable, options)
        lines = Segment.split_and_crop_lines(segments, width, pad=True, include_new_lines=False)
        self._lines = [Strip(line, width) for line in lines]

    def _fit_scrolling(self) -> None:
        """Scroll over the lines as wrapped."""
        self._rewrap_pending = False
        size = Size(self._rendered_width, len(self._lines))
        if size != self.virtual_size:
            # Only this pane's scrolling changes: skip the screen-wide layout pass that
            # setting ``virtual_size`` asks for (it repaints every other scrollbar too).
            self.set_reactive(DetailPane.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._rendered_width:
            self._render_lines()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if width != self._rendered_width:
            # Drawn at another width than wrapped for: shown as the app mounted (before the first
            # layout), or the scrollbar came or went (focus). Wrapped again now, for this frame;
            # the scrolling follows after it.
            self._wrap()
            if not self._rewrap_pending:
                self._rewrap_pending = True
                self.call_after_refresh(self._fit_scrolling)
        style = self.rich_style  # worked out from every ancestor's style: once a line, not twice
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style).simplify()
