"""16 colours (issue 22): every word at 4.5:1 and every glyph drawn alone at 3:1 as the terminal
shows them, on the panes actually drawn, in every built-in theme.

Rich sends each colour as the nearest of the 16 ANSI colours. Many themes' panes are dark greys
that landed on bright black (Monokai draws it ``#625e4c``), where the Red glyph read at 1.55:1 and
the footer's keys too; light themes' panels landed on VGA's ``#aaaaaa``. The frames below are the
app's own, each colour downgraded as a TERM=xterm terminal gets it, measured in the app's ANSI
palette (Monokai, Alabaster) and VGA's.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pilot_helpers import flagged, press, settle
from rich.console import Console
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from test_colour_snapshots import SixteenColourApp, sixteen
from textual.screen import ModalScreen
from textual.theme import BUILTIN_THEMES
from textual.widgets import Checkbox, OptionList

from scorecard_tui.app.palette import MIN_CONTRAST, contrast, grounds
from scorecard_tui.app.sixteen import VGA, ansi_number, lowest_contrast, opaque, sixteen_variables
from scorecard_tui.model import Flag

GLYPH_CONTRAST = 3
"""WCAG's minimum for graphics: a mark's glyph drawn alone in its colour."""
DRAWING = set("─│┌┐└┘├┤┬┴┼━┃┏┓┗┛╭╮╰╯▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▔▕▐╸╺╹╻╴╶╵╷ ")
"""Borders, scrollbars and the toggle's box: not text."""
THEMES = [name for name, theme in BUILTIN_THEMES.items() if not theme.ansi]


def _terminals(dark: bool) -> tuple[TerminalTheme, TerminalTheme]:
    app = SixteenColourApp(Path("unused.db"))
    return (app.ansi_theme_dark if dark else app.ansi_theme_light), VGA


@pytest.mark.parametrize("name", THEMES)
def test_a_themes_panes_land_on_black_or_bright_white_and_its_text_reads_there(name: str) -> None:
    """Each pane, row and tint lands on black (dark) or bright white (light): the colour every
    16-colour mark is chosen against; the theme's text colours read on all of them, and the words
    on the cursors (the table's, and its grey band when another pane has the keys), the footer and
    a primary button on theirs."""
    theme = BUILTIN_THEMES[name]
    terminals = _terminals(theme.dark)
    variables = sixteen_variables(theme, {}, terminals[0])
    panes = grounds({**variables, "block-cursor-blurred-background": "#00000000"})  # a fill: its words below
    assert {ansi_number(g) for g in panes} == {0 if theme.dark else 15}, panes
    border = opaque(variables["panel-lighten-2"], variables["background"])  # $pane-border: an unfocused pane's edge
    assert border is not None and ansi_number(border) not in {0, 15}, "a pane's edge lost on the ground"
    focus = variables["pane-focus"]
    assert ansi_number(focus) not in {ansi_number(border), 0, 15, 1, 9, 11, 2, 4, 12}, (
        "the focus like an edge or a rating"
    )
    assert min(lowest_contrast(focus, g, terminals) for g in panes) >= 3, "the focus hardly shows"
    for text in ("foreground", "text-muted"):
        assert min(lowest_contrast(variables[text], g, terminals) for g in panes) >= MIN_CONTRAST, text
    for fill, text in [
        ("block-cursor-background", "block-cursor-foreground"),
        ("block-cursor-blurred-background", "block-cursor-blurred-foreground"),
        ("footer-background", "footer-key-foreground"),
        ("primary", "on-primary"),
    ]:
        behind = opaque(variables[fill], variables["surface"])
        assert behind is not None
        assert lowest_contrast(variables[text], behind, terminals) >= MIN_CONTRAST, (fill, text)


def _low(app: SixteenColourApp) -> dict[tuple[str, int, int], float]:
    """The runs of the screen's frame under their contrast (words 4.5:1, a glyph alone 3:1), as the
    terminal shows them in the worst of its palettes; behind a dialog, only the dialog's own."""
    terminals = (app.ansi_theme, VGA)
    console = Console(width=app.size.width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    screen = app.screen
    inside = [w.region for w in screen.children] if isinstance(screen, ModalScreen) else None
    toggles = [c.region for c in screen.query(Checkbox) if not c.value]  # its X unticked: hidden on purpose
    low: dict[tuple[str, int, int], float] = {}
    x = y = 0
    for segment in console.render(screen._compositor.render_update(full=True)):
        if segment.control:
            continue
        if segment.text == "\n":
            x, y = 0, y + 1
            continue
        at, x = x, x + len(segment.text)
        words = "".join(c for c in segment.text if c not in DRAWING)
        style = sixteen(segment.style)
        if not words or style is None or style.color is None or style.bgcolor is None:
            continue
        if inside is not None and not any(r.contains(at, y) for r in inside):
            continue
        if any(r.contains(at, y) and at < r.x + 4 for r in toggles):
            continue
        fg, bg = style.color.number, style.bgcolor.number
        if fg is None or bg is None:  # the terminal's own default colour
            continue
        if style.reverse:
            fg, bg = bg, fg
        ratio = min(contrast(_drawn(fg, t), _drawn(bg, t)) for t in terminals)
        glyph = len(words) == 1 and not words.isalnum()
        if ratio < (GLYPH_CONTRAST if glyph else MIN_CONTRAST):
            low[(words, fg, bg)] = round(ratio, 2)
    return low


def _drawn(number: int, terminal: TerminalTheme) -> str:
    return "#{:02x}{:02x}{:02x}".format(*terminal.ansi_colors._colors[number])


@pytest.mark.parametrize("name", ["nord", "atom-one-dark", "textual-light", "rose-pine-dawn"])
async def test_every_word_and_glyph_reads_on_the_panes_drawn(three_periods_db: Path, name: str) -> None:
    """Themes whose panes landed on grey: the main screen (the table focused, then the detail), the
    agenda and the lens (the cursor on a Red measure) and the question editor, each run measured as
    the terminal shows it."""
    db = flagged(three_periods_db, ("YA&H PM08", Flag.RAISE), ("CM PM24", Flag.WATCH))
    app = SixteenColourApp(db)
    async with app.run_test(size=(160, 48)) as pilot:
        app.theme = name
        await settle(pilot)
        await press(pilot, *["j"] * 14)
        found = {"table": _low(app)}
        await press(pilot, "tab")
        found["detail"] = _low(app)
        await press(pilot, "shift+tab")
        for key in ("v", "l", "e"):
            await press(pilot, key)
            if key in "vl":  # the cursor on a Red measure: a 16-colour Red glyph on the cursor read at 1.35:1
                options = app.screen.query_one(OptionList)
                options.highlighted = next(n for n, o in enumerate(options.options) if "✖" in str(o.prompt))
                await settle(pilot)
            found[key] = _low(app)
            await press(pilot, "escape")
        assert {where: low for where, low in found.items() if low} == {}


def test_style_is_downgraded_as_a_terminal_would() -> None:
    """The measure's own premise: a grey pane's colour goes to bright black, and a style keeps it."""
    assert ansi_number("#2e3440") == 8  # Nord's background, as it landed before the panes were pinned
    style = sixteen(Style.parse("#ff5555 on #2e3440"))
    assert style is not None and style.bgcolor is not None and style.bgcolor.number == 8
