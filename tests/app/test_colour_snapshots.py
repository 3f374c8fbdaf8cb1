"""What a 16-colour terminal (TERM=xterm) and a NO_COLOR terminal show, and the main screen in
the default theme and ``textual-light``, pinned as snapshots.

Textual paints in 24-bit colour and the terminal's colour system is applied on the way
out (Rich downgrades each colour to the nearest of the 16 ANSI colours for TERM=xterm).
A screenshot is always exported in 24-bit colour, so the 16-colour app below applies
that same downgrade to the screen before exporting it. ``NO_COLOR`` is read by Textual
when the app is created: it turns every colour into a grey.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pilot_helpers import flagged, settle
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME
from textual.pilot import Pilot

from scorecard_tui.app import app as app_module
from scorecard_tui.app import create_app
from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.model import Flag

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
SVG_COLOUR = re.compile(r"(?:fill|color)[:=]\s*\"?(#[0-9a-fA-F]{6})")
CHROME = {"#ff5f57", "#febc2e", "#28c840", "#292929", "#c5c8c6"}
"""The exported picture's window frame: its buttons, background and default text."""


def sixteen(style: Style | None) -> Style | None:
    """A style as a 16-colour terminal shows it."""
    if style is None or not (style.color or style.bgcolor):
        return style
    color = style.color.downgrade(ColorSystem.STANDARD) if style.color else None
    bgcolor = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None
    return style + Style.from_color(color, bgcolor)


class SixteenColourApp(ScorecardApp):
    """Exports its screen as a TERM=xterm terminal would show it."""

    CSS_PATH = Path(app_module.__file__).with_name("scorecard.tcss")

    @property
    def sixteen_colours(self) -> bool:
        return True  # as a TERM=xterm terminal: the palette whose colours each fall on an ANSI colour of their own

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        width, height = self.size
        console = Console(
            width=width,
            height=height,
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            record=True,
            legacy_windows=False,
            safe_box=False,
        )
        # the styled frame as a terminal gets it: Textual has no public call for it (export_screenshot is SVG)
        update = self.screen._compositor.render_update(
            full=True, screen_stack=self._background_screens, simplify=simplify
        )
        segments = [Segment(text, sixteen(style), control) for text, style, control in console.render(update)]
        console.print(Segments(segments))
        return console.export_svg(title=title or self.title)


@pytest.fixture
def flagged_db(two_periods_db: Path) -> Path:
    return flagged(two_periods_db, ("YA&H PM08", Flag.RAISE), ("CM PM24", Flag.WATCH))


async def history(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press(*["j"] * 15)
    await settle(pilot)


def svg_colours(path: Path) -> set[str]:
    """The colours the picture uses for the app's screen."""
    return {c.lower() for c in SVG_COLOUR.findall(path.read_text())} - CHROME


def snapshot(request, name: str) -> Path:
    size = request.node.callspec.id
    return Path(__file__).parent / "__snapshots__" / "test_colour_snapshots" / f"TestColourSnapshots.{name}[{size}].svg"


@pytest.mark.parametrize("size", SIZES)
class TestColourSnapshots:
    """The default two-period view with flags, a row selected, in 16 colours and without colour."""

    def test_sixteen_colours(self, snap_compare, flagged_db: Path, size, request) -> None:
        app = SixteenColourApp(flagged_db)
        assert snap_compare(app, terminal_size=size, run_before=history)
        palette = {"#{:02x}{:02x}{:02x}".format(*rgb) for rgb in SVG_EXPORT_THEME.ansi_colors._colors}
        path = snapshot(request, "test_sixteen_colours")
        used = svg_colours(path)
        assert used <= palette, used - palette  # only the 16 ANSI colours
        assert len(used) > 5

    def test_no_colour(self, snap_compare, flagged_db: Path, size, request, monkeypatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        app = create_app(flagged_db)
        assert app.no_color
        assert snap_compare(app, terminal_size=size, run_before=history)
        for colour in svg_colours(snapshot(request, "test_no_colour")):
            r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert r == g == b, colour  # a grey


THEME_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 50), id="200x50")]


@pytest.mark.parametrize("size", THEME_SIZES)
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
class TestThemeSnapshots:
    """The main screen (flags, changes, an overdue review, a row selected) in two themes: every colour
    is the theme's (textual-light once showed a black block in the header)."""

    def test_main_screen(self, snap_compare, flagged_db: Path, size, theme: str) -> None:
        async def themed(pilot: Pilot) -> None:
            pilot.app.theme = theme
            await history(pilot)

        assert snap_compare(create_app(flagged_db), terminal_size=size, run_before=themed)


async def test_sixteen_colours_keep_ratings_and_focus_apart(flagged_db: Path) -> None:
    """Green was drawn on grey (ANSI 100m) and the focus border was bright red, the family of
    Red: in 16 colours each rating (its fill, or its glyph's colour) and the focus now get their own
    ANSI colour."""
    from rich.color import Color

    from scorecard_tui.app.palette import SIXTEEN
    from scorecard_tui.model import Rag

    def ansi(colour: Color | None) -> int | None:
        return colour.downgrade(ColorSystem.STANDARD).number if colour else None

    styles = {rag: Style.parse(SIXTEEN.rag[rag]) for rag in Rag}  # a split badge: its glyph's colour
    backgrounds = {rag: ansi(style.bgcolor or style.color) for rag, style in styles.items()}
    assert backgrounds == {Rag.RED: 9, Rag.AMBER: 11, Rag.GREEN: 2, Rag.BLUE: 12}
    app = create_app(flagged_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.query_one("#table-pane")
        assert pane.has_focus_within
        _, colour = pane.styles.border_top
        focus = ansi(colour.rich_color)
        assert focus not in {1, 9, *backgrounds.values()}, focus  # not red, not a rating
