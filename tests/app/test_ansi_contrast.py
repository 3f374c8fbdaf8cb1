"""The ANSI themes, 16 colours and NO_COLOR (issue 22): measured as the app draws them.

An ANSI theme's colours and a 16-colour terminal's are the terminal's own palette; the app draws
them as ``App.ansi_theme`` says (Textual's Monokai for a dark theme, Alabaster for a light one),
and the common VGA palette is checked beside it. Under NO_COLOR Textual turns every colour into
a grey: the selected row and the ratings must still read, their glyphs carrying the meaning.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import OpenApp
from pilot_helpers import flagged, press, screen_text, select
from rich._palettes import STANDARD_PALETTE
from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.theme import BUILTIN_THEMES
from textual.widgets import OptionList

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.palette import (
    MIN_CONTRAST,
    SIXTEEN,
    SIXTEEN_LIGHT,
    Palette,
    contrast,
    luminance,
    palette_for,
)
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Flag, Rag

VGA = TerminalTheme((0, 0, 0), (170, 170, 170), STANDARD_PALETTE._colors[:8], STANDARD_PALETTE._colors[8:16])
"""The 16 colours as Rich assumes them (and many terminals draw them)."""


def app_ansi(db: Path, *, light: bool) -> TerminalTheme:
    """How the app draws the 16 ANSI colours in a dark or a light theme."""
    app = ScorecardApp(db)
    return app.ansi_theme_light if light else app.ansi_theme_dark


def _rgb(colour: Color, theme: TerminalTheme, *, foreground: bool = True) -> str:
    r, g, b = colour.get_truecolor(theme, foreground=foreground)
    return f"#{r:02x}{g:02x}{b:02x}"


def _pairs(palette: Palette) -> dict[str, tuple[Color, Color | None]]:
    """Each mark's words and fill (None: drawn on the pane)."""
    styles = {rag.value: palette.rag[rag] for rag in Rag}
    styles |= {"raise": palette.raise_flag, "marker": palette.marker, "watch": palette.watch_flag}
    styles |= {"good": palette.good, "bad": palette.bad, "new": palette.new}
    pairs: dict[str, tuple[Color, Color | None]] = {}
    for name, text in styles.items():
        style = Style.parse(text)
        assert style.color is not None
        pairs[name] = (style.color, style.bgcolor)
    return pairs


@pytest.mark.parametrize("name", [n for n, t in BUILTIN_THEMES.items() if t.ansi])
def test_the_ansi_themes_marks_read_in_the_ansi_palette_the_app_draws_with(sample_db: Path, name: str) -> None:
    """ansi-dark and ansi-light: every badge, flag and coloured word at 4.5:1, the ANSI colours
    taken as the app's own ANSI theme draws them (not a default palette)."""
    theme = BUILTIN_THEMES[name]
    ansi = app_ansi(sample_db, light=not theme.dark)
    variables = {**theme.to_color_system().generate(), **theme.variables}
    palette = palette_for(variables, ansi, dark=theme.dark, sixteen=False)
    ground = "#{:02x}{:02x}{:02x}".format(*ansi.background_color)
    low = {}
    for mark, (words, fill) in _pairs(palette).items():
        behind = _rgb(fill, ansi, foreground=False) if fill else ground
        if (ratio := contrast(_rgb(words, ansi), behind)) < MIN_CONTRAST:
            low[mark] = round(ratio, 2)
    assert low == {}


GLYPH_CONTRAST = 3
"""WCAG's minimum for graphics: a glyph drawn alone in a mark's colour, its words in the pane's foreground."""


@pytest.mark.parametrize("light", [False, True], ids=["dark", "light"])
@pytest.mark.parametrize("palette_name", ["app", "VGA"])
def test_sixteen_colour_marks_read_in_the_terminals_palette(sample_db: Path, light: bool, palette_name: str) -> None:
    """Each 16-colour mark as the terminal shows it (Rich downgrades it to its ANSI colour, the
    palette draws that), in the app's ANSI palette (Monokai, Alabaster) and VGA's: its words at 4.5:1
    on its fill or the pane. A mark no ANSI colour lifts to 4.5:1 (Monokai's bright red is 4.15:1 on
    its black and 3.86:1 under its white; no green reads on white) is split: its glyph alone in the
    colour, at 3:1 on the pane, its words in the pane's foreground at 4.5:1."""
    palette = SIXTEEN_LIGHT if light else SIXTEEN
    terminal = VGA if palette_name == "VGA" else app_ansi(sample_db, light=light)

    def shown(colour: Color, *, foreground: bool = True) -> str:
        return _rgb(colour.downgrade(ColorSystem.STANDARD), terminal, foreground=foreground)

    ground = shown(Color.parse("#e0e0e0" if light else "#121212"), foreground=False)
    pane_words = shown(Color.parse("#1f1f1f" if light else "#e0e0e0"))  # the theme's foreground
    low, glyphs = {}, {}
    for mark, (words, fill) in _pairs(palette).items():
        behind = shown(fill, foreground=False) if fill else ground
        if mark in palette.split:
            assert fill is None, mark  # a glyph alone is drawn on the pane
            glyphs[mark] = round(contrast(shown(words), ground), 2)
            words_ratio = contrast(pane_words, ground)
        else:
            words_ratio = contrast(shown(words), behind)
        if words_ratio < MIN_CONTRAST:
            low[mark] = round(words_ratio, 2)
    assert low == {}
    assert glyphs and min(glyphs.values()) >= GLYPH_CONTRAST, glyphs
    assert set(palette.split) <= {rag.value for rag in Rag} | {"raise", "good", "bad", "new"}


def _no_colour_frame(app: ScorecardApp) -> list[list[tuple[str, Style | None]]]:
    """The screen as a NO_COLOR terminal gets it: the compositor's frame through the app's filters."""
    console = Console(width=app.size.width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    update = app.screen._compositor.render_update(full=True)
    lines: list[list[Segment]] = [[]]
    for segment in console.render(update):
        if segment.control:
            continue
        if segment.text == "\n":
            lines.append([])
        else:
            lines[-1].append(segment)
    background = app.screen.styles.background
    out = []
    for line in lines:
        for line_filter in app._filters:
            line = line_filter.apply(line, background)
        out.append([(s.text, s.style) for s in line])
    return out


async def test_without_colour_the_selected_row_and_the_ratings_still_read(
    two_periods_db: Path, open_app: OpenApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: every colour a grey; the selected row stands apart from the rows around it (its
    grey is another), its words at 4.5:1 on it, and each rating says itself by its glyph and letter."""
    db = flagged(two_periods_db, ("YA&H PM08", Flag.RAISE))
    monkeypatch.setenv("NO_COLOR", "1")
    async with open_app(db, (160, 48)) as (app, pilot):
        assert app.no_color
        await select(pilot, "YA&H PM08")
        table = app.query_one(RagTable)
        frame = _no_colour_frame(app)
        row_y = table.region.y + 1 + table.cursor_row - int(table.scroll_y)  # below the header row
        left, right = table.region.x, table.region.right

        def in_table(line: list[tuple[str, Style | None]]) -> list[tuple[str, Style]]:
            """The row's runs inside the table (the tree beside it left out)."""
            x, runs = 0, []
            for text, style in line:
                if left <= x < right and style is not None:
                    runs.append((text, style))
                x += cell_len(text)
            return runs

        selected, other = in_table(frame[row_y]), in_table(frame[row_y + 1])

        def colours(style: Style) -> tuple[str, str]:
            assert style.color and style.bgcolor
            fg = _rgb(style.color, app.ansi_theme)
            bg = _rgb(style.bgcolor, app.ansi_theme, foreground=False)
            return (bg, fg) if style.reverse else (fg, bg)

        def ground(line: list[tuple[str, Style]]) -> str:
            """The background most of the row's cells have."""
            cells: dict[str, int] = {}
            for text, style in line:
                bg = colours(style)[1]
                cells[bg] = cells.get(bg, 0) + cell_len(text)
            return max(cells, key=lambda c: cells[c])

        assert contrast(ground(selected), ground(other)) >= 3, (ground(selected), ground(other))
        for text, style in selected:
            if text.strip():
                fg, bg = colours(style)
                assert contrast(fg, bg) >= MIN_CONTRAST, (text, fg, bg)
        shown = screen_text(app)
        for mark in ("✖ R", "▲ A", "✔ G", "⚑"):
            assert mark in shown, mark


@pytest.mark.parametrize("key", ["l", "v"], ids=["lens", "agenda"])
async def test_without_colour_the_lens_and_agenda_highlight_reads(
    three_periods_db: Path, open_app: OpenApp, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """NO_COLOR: the highlighted line a light band, its words dark on it at 4.5:1 (Textual's greys
    made black on a mid grey, 3.4:1)."""
    monkeypatch.setenv("NO_COLOR", "1")
    async with open_app(three_periods_db, (120, 40)) as (app, pilot):
        await press(pilot, key)
        region = app.screen.query_one(OptionList).region
        frame = _no_colour_frame(app)
        banded = 0
        for y in range(region.y, region.bottom):
            x, runs = 0, []
            for text, style in frame[y]:
                if region.x < x < region.right - 2 and style is not None and text.strip():
                    runs.append((text, style))
                x += cell_len(text)
            pairs = []
            for text, style in runs:
                assert style.color and style.bgcolor
                fg, bg = _rgb(style.color, app.ansi_theme), _rgb(style.bgcolor, app.ansi_theme, foreground=False)
                pairs.append((text, *((bg, fg) if style.reverse else (fg, bg))))
            if any(luminance(bg) > 0.5 for _, _, bg in pairs):  # the light band: the highlighted line
                banded += 1
                assert [p for p in pairs if contrast(p[1], p[2]) < MIN_CONTRAST] == [], y
        assert banded >= 1
