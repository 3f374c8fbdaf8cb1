"""A theme's design variables as a 16-colour terminal (``TERM=xterm``) should get them.

Textual paints in 24-bit colour and Rich sends each colour as the nearest of the 16 ANSI
colours, which the terminal draws in its own palette. Many themes' panes are dark greys that
land on bright black (ANSI 8), where no red, green or yellow reads (Monokai draws it ``#625e4c``,
VGA ``#555555``); light themes' panels land on white (ANSI 7), VGA's ``#aaaaaa``. So in 16
colours a theme is drawn with its background, surface and panel pinned to greys that land on
black (a dark theme) or bright white (a light one), its other colours generated again from
them; then each text colour is checked as it lands, in the terminal palettes the app assumes
(its own ANSI theme, and VGA's), and one under 4.5:1 on what it is drawn on takes the pane's
foreground, or black or white on a fill. The theme keeps its accents: the cursor, the focus,
the footer's keys where they read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from rich._palettes import STANDARD_PALETTE
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.theme import Theme

from scorecard_tui.app.palette import MIN_CONTRAST, contrast, grounds, readable_variables

_VGA_COLOURS = list(STANDARD_PALETTE._colors[:16])
VGA = TerminalTheme((0, 0, 0), (170, 170, 170), _VGA_COLOURS[:8], _VGA_COLOURS[8:])
"""The 16 colours as Rich assumes them (and many terminals, the Linux console among them, draw them)."""

DARK_GROUNDS = {"background": "#0c0c0c", "surface": "#121212", "panel": "#1a1a1a"}
"""A dark theme's panes: each lands on black, and so does each lightened or tinted as a focused pane is."""
LIGHT_GROUNDS = {"background": "#f8f8f8", "surface": "#ffffff", "panel": "#f0f0f0"}
"""A light theme's panes: each lands on bright white, and so does each darkened or tinted."""
BORDER = "#767676"
"""A pane's edge where it would land on the ground itself (a light theme's): bright black."""
LIGHT_FOCUS = "#aa00aa"
"""The edge of the pane with the keys on a light theme: magenta, apart from the edges' grey and from
every rating's colour (bright cyan, the dark themes' focus, reads at under 3:1 on white)."""
FOREGROUND = {True: "#e0e0e0", False: "#1f1f1f"}
"""The words on a pane where the theme's own would not read: bright white on dark, black on light."""

_ON_PANES = (
    "foreground",
    "text-muted",
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "foreground-muted",
)
"""Text colours drawn on the panes."""
_ON_FILLS = {
    "footer-background": ("footer-foreground", "footer-key-foreground", "footer-description-foreground"),
    "block-cursor-background": ("block-cursor-foreground",),
    "block-cursor-blurred-background": ("block-cursor-blurred-foreground",),
    "primary": ("on-primary", "button-color-foreground"),
    "secondary": ("on-secondary",),
    "success": ("on-success",),
    "warning": ("on-warning",),
    "error": ("on-error",),
}
"""A fill and the text colours drawn on it."""
_MOVABLE = ("footer-background", "block-cursor-background", "block-cursor-blurred-background", "primary", "secondary")
"""Fills moved where neither black nor white reads on one as it lands: the ones that only fill, and the
theme's accents (a light theme's primary can land on bright black). Red, yellow and green keep their
hue (they say error, warning, success): in Monokai's palette nothing reads on its red at 4.5:1 (4.15:1)."""
_FILLS = ("#0000aa", "#00aaaa", "#000000")
"""Fills to move to, the first that reads in both terminals: blue (white on it), cyan (black), black."""


def ansi_number(colour: str) -> int:
    """The ANSI colour (0 to 15) Rich sends for ``#rrggbb`` to a 16-colour terminal."""
    number = RichColor.parse(colour).downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number


def drawn(colour: str, terminal: TerminalTheme) -> str:
    """``#rrggbb`` as ``terminal`` draws the ANSI colour it lands on."""
    return "#{:02x}{:02x}{:02x}".format(*terminal.ansi_colors._colors[ansi_number(colour)])


def lowest_contrast(text: str, ground: str, terminals: Iterable[TerminalTheme]) -> float:
    """The contrast of ``text`` on ``ground`` as 16-colour terminals show it, in the worst of them."""
    return min(contrast(drawn(text, t), drawn(ground, t)) for t in terminals)


def opaque(value: str, under: str) -> str | None:
    """A variable's colour as ``#rrggbb`` over the opaque ``under`` (None: ``auto`` or not a colour)."""
    try:
        colour = Color.parse(value.split()[0])
    except Exception:
        return None
    if colour.ansi is not None:
        return None
    alpha = colour.a
    if len(value.split()) == 2 and value.split()[1].endswith("%"):
        alpha *= float(value.split()[1][:-1]) / 100
    return Color.parse(under).blend(colour.with_alpha(1), alpha).hex6.lower()


def sixteen_variables(theme: Theme, defaults: Mapping[str, str], terminal: TerminalTheme) -> dict[str, str]:
    """``theme``'s variables for a 16-colour terminal: its panes pinned to black or bright white,
    its text made to read as :func:`~scorecard_tui.app.palette.readable_variables` does, then every
    text colour checked at 4.5:1 where it is drawn, as it lands in ``terminal`` and VGA.

    Args:
        theme: The theme chosen (not an ANSI one: those are the terminal's own colours already).
        defaults: The app's own variables (``App.get_theme_variable_defaults``).
        terminal: How the terminal draws the 16 colours (``App.ansi_theme``).
    """
    pins = DARK_GROUNDS if theme.dark else LIGHT_GROUNDS
    pinned = dataclasses.replace(theme, background=pins["background"], surface=pins["surface"], panel=pins["panel"])
    variables = {**defaults, **pinned.to_color_system().generate(), **theme.variables}
    variables["secondary-muted"] = pins["panel"]  # the table's frozen columns: the theme's accent, greyed
    footer = opaque(variables.get("footer-background", pins["panel"]), pins["background"])
    if footer is None or ansi_number(footer) in (7, 8):  # a grey footer (the theme's own): the panes' ground
        variables["footer-background"] = pins["panel"]
    border = opaque(variables["panel-lighten-2"], pins["background"])  # $pane-border: a pane's edge
    if border is None or ansi_number(border) == ansi_number(pins["background"]):
        variables["panel-lighten-2"] = BORDER
    variables = readable_variables(variables)
    terminals = (terminal, VGA)
    if not theme.dark:  # the theme's primary, taken for the focus on light, can land on the edges' grey
        variables["pane-focus"] = LIGHT_FOCUS
    panes = grounds(variables)
    for name in _ON_PANES:
        colour = opaque(variables.get(name, "auto"), pins["background"])
        if colour is not None and min(lowest_contrast(colour, g, terminals) for g in panes) < MIN_CONTRAST:
            variables[name] = FOREGROUND[theme.dark]
    for fill_name, text_names in _ON_FILLS.items():
        fill = opaque(variables.get(fill_name, "auto"), pins["background"])
        if fill is None:
            continue
        if fill_name in _MOVABLE and not _reads_on(fill, terminals):
            fill = variables[fill_name] = next(f for f in _FILLS if _reads_on(f, terminals))
        for name in text_names:
            colour = opaque(variables.get(name, "auto"), fill)
            if colour is not None and lowest_contrast(colour, fill, terminals) < MIN_CONTRAST:
                variables[name] = _on(fill, terminals)
    return variables


def _on(fill: str, terminals: Sequence[TerminalTheme]) -> str:
    """Black or white (as they land), whichever reads better on ``fill`` in the worst terminal."""
    return max(("#000000", "#ffffff"), key=lambda text: lowest_contrast(text, fill, terminals))


def _reads_on(fill: str, terminals: Sequence[TerminalTheme]) -> bool:
    """Black or white reads on ``fill`` at 4.5:1 in every terminal."""
    return lowest_contrast(_on(fill, terminals), fill, terminals) >= MIN_CONTRAST
