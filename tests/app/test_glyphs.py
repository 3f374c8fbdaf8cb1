"""One glyph, one meaning (issue 22): the legend in ``?`` gives each symbol one meaning, and every
symbol the app draws (table, tree, header, detail, lens, agenda, footer) is in it with that meaning."""

from __future__ import annotations

from pathlib import Path

from conftest import OpenApp
from pilot_helpers import flagged, press, screen_text, select

from scorecard_tui.app.screens.agenda import AgendaScreen
from scorecard_tui.app.screens.help import legend_rows
from scorecard_tui.app.screens.lens import LensScreen
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.model import Flag

DRAWN = set("─│├└┬┴┼╭╮╰╯┌┐┘▁▂▃▄▅▆▇█▔▏▕▐▌━╸╺╾")
"""Borders, tree guides, scrollbars, sparklines and the checkbox: drawn, not read."""
PROSE = set("£‘’“”—·×")
"""Punctuation and signs the report's own words carry (a title's dash, a quote's marks)."""


def glyphs(text: str) -> set[str]:
    """The symbols in a text: what is not a letter, digit, space or ASCII punctuation."""
    return {c for c in text if not c.isascii() and not c.isalnum() and c not in DRAWN}


def legend_glyphs() -> dict[str, list[str]]:
    """Each glyph of the legend and the meanings the legend gives it (one each, if all is well)."""
    meanings: dict[str, list[str]] = {}
    for symbol, means in legend_rows():
        for glyph in glyphs(symbol.plain):
            meanings.setdefault(glyph, []).append(means)
    return meanings


def test_the_legend_gives_each_glyph_one_meaning() -> None:
    meanings = legend_glyphs()
    assert {g: m for g, m in meanings.items() if len(m) > 1} == {}
    for needed in "✖▲✔◆⇧⇩✚↑→↓⚑⚐☑☒☐▶◀⊞⊟»…":
        assert needed in meanings, needed
    symbols = [symbol.plain for symbol, _ in legend_rows()]
    assert len(symbols) == len(set(symbols))


def test_the_trees_fold_icons_mean_only_folding() -> None:
    """Textual's own ``▶ ▼`` would have made ``▶`` both a folded directorate and a coming review."""
    meanings = legend_glyphs()
    for icon in (DirectorateTree.ICON_NODE, DirectorateTree.ICON_NODE_EXPANDED):
        assert meanings[icon.strip()] == ["Directorate tree: a directorate folded / unfolded (enter or a click)"]
    assert "▶" in meanings and "Review" in meanings["▶"][0]


async def test_every_glyph_the_app_draws_is_in_the_legend(three_periods_db: Path, open_app: OpenApp) -> None:
    """The main screen with a flag of each kind, a directorate unfolded and a measure with past and
    coming reviews and promises in the detail; the lens; the agenda with its chase list."""
    db = flagged(three_periods_db, ("YA&H PM08", Flag.RAISE), ("CM PM24", Flag.WATCH))
    known = set(legend_glyphs()) | PROSE
    seen: dict[str, str] = {}
    async with open_app(db, (200, 50)) as (app, pilot):
        tree = app.query_one(DirectorateTree)
        tree.root.children[0].expand()
        for code in ("YA&H PM08", "L&D PM07b", "CM PM24"):
            await select(pilot, code)
            seen |= {g: code for g in glyphs(screen_text(app))}
        await press(pilot, "l")
        assert isinstance(app.screen, LensScreen)
        for _ in range(6):
            seen |= {g: "lens" for g in glyphs(screen_text(app))}
            await press(pilot, "pagedown")
        await press(pilot, "escape", "v")
        assert isinstance(app.screen, AgendaScreen)
        for _ in range(8):
            seen |= {g: "agenda" for g in glyphs(screen_text(app))}
            await press(pilot, "pagedown")
    assert {g: where for g, where in seen.items() if g not in known} == {}
    assert {"⊟", "⚑", "⚐", "▶", "◀", "»"} <= set(seen)
