"""The colours the app's Rich text is drawn in, worked out from the current Textual theme.

Widgets style themselves in CSS with the theme's variables; the badges and marks built in
code (:mod:`scorecard_tui.app.render`) take theirs from the :class:`Palette` here, which the
app rebuilds whenever the theme changes (``use``). Every colour keeps 4.5:1 contrast with
what it is drawn on: a badge is black or white on the theme's Red, Amber, Green or Blue, and
a coloured word is moved towards black or white until it reads on every pane background.
In 16 colours the theme's colours would fall on arbitrary ANSI colours, so fixed ones are
used there, each its own ANSI colour; a mark whose colour cannot reach 4.5:1 as words in the usual
terminal palettes has its glyph alone drawn in it (:attr:`Palette.split`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.terminal_theme import TerminalTheme
from textual.color import Color

from scorecard_tui.model import Rag

MIN_CONTRAST = 4.5
"""WCAG AA for text."""
FOCUS = "#4dd0e1"
"""The border of the pane with the keyboard (``$pane-focus``): bright cyan, even in 16 colours, apart
from Red, Amber, Green and Blue; on a light theme, where it would hardly show, the theme's primary."""
_BLACK, _WHITE = "#000000", "#ffffff"


def luminance(colour: str) -> float:
    """The WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[n : n + 2], 16) / 255 for n in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str) -> str:
    """``#000000`` or ``#ffffff``, whichever has the more contrast on ``background`` (at least 4.58:1)."""
    return _BLACK if contrast(_BLACK, background) >= contrast(_WHITE, background) else _WHITE


def readable(colour: str, backgrounds: Iterable[str]) -> str:
    """``colour``, moved towards black or white (whichever the backgrounds favour) until it has
    4.5:1 contrast with each of ``backgrounds``."""
    grounds = list(backgrounds)
    if not grounds:
        return colour
    dark_grounds = sum(luminance(g) < 0.18 for g in grounds) * 2 >= len(grounds)
    target = Color.parse(_WHITE if dark_grounds else _BLACK)
    start = Color.parse(colour)
    for step in range(21):
        moved = start.blend(target, step / 20).hex6.lower()
        if min(contrast(moved, g) for g in grounds) >= MIN_CONTRAST:
            return moved
    return target.hex6.lower()


@dataclass(frozen=True)
class Palette:
    """Rich styles for the marks drawn in code."""

    rag: Mapping[Rag, str]
    """Each rating's badge: black or white on the rating's colour (a :attr:`split` one: its glyph's colour)."""
    good: str
    """Text colour for better, improving, kept."""
    bad: str
    """Text colour for worse, deteriorating, overdue, not kept."""
    new: str
    """Text colour for new, and for lens signals that are neither good nor bad."""
    raise_flag: str
    """The raise flag's badge."""
    watch_flag: str
    """The watch flag's text style."""
    marker: str
    """Header markers that must stand out: the period, READ-ONLY, NEW: R to reload."""
    muted: str = "#9e9e9e"
    """Text that says less: sources, notes in brackets, past review months (Rich's ``dim`` fell
    under 4.5:1 in light themes)."""
    search: str = "bold reverse"
    """A search match in the detail."""
    split: frozenset[str] = frozenset()
    """Marks whose colour reads at 3:1 but not 4.5:1 as words in the terminal's palettes (a rating's
    name, ``raise``, ``good``, ``bad``, ``new``): their glyph alone is drawn in it, on the pane, and
    their words in the pane's own foreground (WCAG's rule for graphics); the glyph says it without
    colour. Only in 16 colours."""


_THEME_RAG = {Rag.RED: "error", Rag.AMBER: "warning", Rag.GREEN: "success", Rag.BLUE: "primary"}

SIXTEEN = Palette(
    rag={
        Rag.RED: "bold #ff5555",
        Rag.AMBER: "bold #000000 on #ffff55",
        Rag.GREEN: "bold #000000 on #00aa00",
        Rag.BLUE: "bold #5555ff",
    },
    good="#00aa00",
    bad="#ff5555",
    new="#aaaa00",
    raise_flag="bold #ff55ff",
    watch_flag="bold #00aaaa",
    marker="bold #000000 on #e0e0e0",
    muted="#c0c0c0",
    split=frozenset({Rag.RED.value, Rag.BLUE.value, "raise", "bad", "new"}),
)
"""16 colours on a dark theme: black on bright yellow and green badges; green words. Bright red,
bright blue, bright magenta and yellow reach 4.5:1 in no usual palette (Textual's Monokai makes
bright red 4.15:1 on black, 3.86:1 under white; VGA's bright blue is 4.13:1, its yellow a brown at
4.01:1), with black or white on them or as words: so Red and Blue, the raise flag, ``bad`` and
``new`` are :attr:`Palette.split`, the glyph coloured (``✖``, ``◆``, ``⚑``, ``⇩``, ``✚``, over 4:1)
and the words in the pane's foreground. Not bright green or yellow for words: many terminal
palettes (Solarized's, the one snapshots are drawn in) make those a dark green or a grey."""
SIXTEEN_LIGHT = Palette(
    rag={**SIXTEEN.rag, Rag.RED: "bold #000000 on #ff5555", Rag.BLUE: "bold #ffffff on #0000aa"},
    good="#00aa00",
    bad="#aa0000",
    new="#aa00aa",
    raise_flag="bold #000000 on #ff55ff",
    watch_flag="bold #0000aa",
    marker="bold #ffffff on #0000aa",
    muted="#000000",
    split=frozenset({"good"}),
)
"""16 colours on a light theme: black on bright red and bright magenta, white on blue; the dark ANSI
colours for words (the bright ones vanish on white). No green reads at 4.5:1 on white (Alabaster's
3.9:1, VGA's 3.11:1): ``good`` is split, its glyph green, its words the pane's foreground. No grey
but black reads there either (bright black is Alabaster's ``#777777``, 4.18:1): text that says less
is black too."""


def _hex(value: str, ansi: TerminalTheme) -> str:
    """A theme variable's colour as ``#rrggbb``: an ANSI colour as ``ansi`` draws it, a translucent
    one as it shows on black (only backgrounds are translucent: ``boost``)."""
    colour = Color.parse(value)
    if colour.ansi is not None:
        number = colour.ansi
        if number < 0:  # ansi_default: the terminal's own background
            return "#{:02x}{:02x}{:02x}".format(*ansi.background_color)
        return "#{:02x}{:02x}{:02x}".format(*ansi.ansi_colors._colors[number % 16])
    return colour.hex6.lower()


def _over(ground: str, value: str) -> str:
    """``value`` (perhaps translucent) as it shows over the opaque ``ground``."""
    colour = Color.parse(value)
    return Color.parse(ground).blend(colour.with_alpha(1), colour.a).hex6.lower()


def grounds(variables: Mapping[str, str]) -> list[str]:
    """The backgrounds text is drawn on, as ``#rrggbb``: the screen, panes, bars, the table's rows
    (plain, striped, frozen columns, the unfocused cursor) and each tinted as a focused pane is."""
    background = Color.parse(variables["background"]).hex6.lower()
    surface = _over(background, variables.get("surface", background))
    found = [background, surface, _over(background, variables.get("panel", surface))]
    found.append(_over(background, variables.get("boost", "#00000000")))
    found.append(_over(surface, variables.get("secondary-muted", surface)))
    found.append(
        Color.parse(surface)
        .blend(Color.parse(_over(surface, variables.get("surface-lighten-1", surface))), 0.5)
        .hex6.lower()
    )
    found.append(_over(surface, variables.get("block-cursor-blurred-background", "#00000000")))
    foreground = Color.parse(variables["foreground"])
    tinted = [Color.parse(g).blend(foreground, 0.05).hex6.lower() for g in found]
    return sorted(set(found + tinted))


_FILLS = ("primary", "secondary", "success", "warning", "error")
"""Theme colours a button or badge is filled with: ``$on-primary`` and so on are the words on them."""


def _is_ansi(variables: Mapping[str, str]) -> bool:
    return any(Color.parse(variables[name]).ansi is not None for name in ("background", "foreground"))


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """A theme's variables with each text colour moved, where it must be, to 4.5:1 on what it is drawn
    on: the foreground and muted text on every pane and row, the footer's keys and words on the footer,
    the cursor's text on the cursor; and ``$on-primary``, ``$on-error`` (...): a button's words on its
    fill. An ANSI theme (the terminal's own colours) is left as it is."""
    out = dict(variables)
    out["pane-focus"] = FOCUS
    if _is_ansi(variables):
        out.update((f"on-{name}", variables["foreground"]) for name in _FILLS)
        return out
    for name in _FILLS:  # a button's words on its fill: black or white, whichever reads
        out[f"on-{name}"] = readable_on(_over(Color.parse(variables["background"]).hex6, variables[name]))
    under = grounds(variables)
    foreground = readable(Color.parse(variables["foreground"]).hex6.lower(), under)
    out["foreground"] = foreground
    out["block-cursor-blurred-foreground"] = foreground
    out["text-muted"] = readable(_muted({**out, "text-muted": "auto"}), under)
    background = Color.parse(variables["background"]).hex6
    footer = _over(background, variables.get("footer-background", variables["background"]))
    for name in ("footer-key-foreground", "footer-foreground", "footer-description-foreground"):
        if name in variables and not variables[name].startswith("auto"):
            out[name] = readable(_over(footer, variables[name]), [footer])
    if min(contrast(FOCUS, g) for g in (background.lower(), grounds(variables)[0])) < 3:
        out["pane-focus"] = readable(Color.parse(variables["primary"]).hex6.lower(), [background.lower()])
    cursor = variables.get("block-cursor-background")
    if cursor and not cursor.startswith("auto"):
        cursor_hex = _over(background, cursor)
        text = variables.get("block-cursor-foreground", "auto")
        if text.startswith("auto") or contrast(_over(cursor_hex, text), cursor_hex) < MIN_CONTRAST:
            out["block-cursor-foreground"] = readable_on(cursor_hex)
    return out


def _muted(variables: Mapping[str, str]) -> str:
    """``text-muted`` as ``#rrggbb``: as :func:`readable_variables` leaves it, else the foreground
    a third of the way to the background."""
    value = variables.get("text-muted", "auto")
    if not value.startswith("auto"):
        return Color.parse(value).hex6.lower()
    return Color.parse(variables["foreground"]).blend(Color.parse(variables["background"]), 0.35).hex6.lower()


def palette_for(variables: Mapping[str, str], ansi: TerminalTheme, *, dark: bool, sixteen: bool) -> Palette:
    """The palette for a theme's CSS variables (``App.get_css_variables()``).

    Args:
        variables: The theme's variables.
        ansi: How the terminal draws the ANSI colours (``App.ansi_theme``), for ANSI themes.
        dark: The theme is dark.
        sixteen: The terminal has 16 colours.
    """
    if sixteen:
        return SIXTEEN if dark else SIXTEEN_LIGHT
    under = [_hex(variables["background"], ansi)] if _is_ansi(variables) else grounds(variables)
    rag = {}
    for rating, name in _THEME_RAG.items():
        fill = _hex(variables[name], ansi)
        rag[rating] = f"bold {readable_on(fill)} on {fill}"

    def text(name: str) -> str:
        return readable(_hex(variables.get(f"text-{name}", variables[name]), ansi), under)

    raise_fill = _hex(variables.get("secondary", variables["primary"]), ansi)
    marker_fill = _hex(variables["primary"], ansi)
    return Palette(
        rag=rag,
        good=text("success"),
        bad=text("error"),
        new=text("warning"),
        raise_flag=f"bold {readable_on(raise_fill)} on {raise_fill}",
        watch_flag=f"bold {text('accent')}",
        marker=f"bold {readable_on(marker_fill)} on {marker_fill}",
        muted="dim" if _is_ansi(variables) else readable(_muted(variables), under),
    )


_current: Palette = SIXTEEN
"""The palette in use, set by the app for its theme; before that, the 16-colour one (it reads
on the default dark background)."""


def current() -> Palette:
    """The palette in use now."""
    return _current


def use(palette: Palette) -> None:
    """Draw from now on with ``palette`` (the app calls this as its theme changes)."""
    global _current
    _current = palette
