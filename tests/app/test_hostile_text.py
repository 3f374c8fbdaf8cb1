"""Report text is data: markup shows literally, escapes and bidi overrides never reach the screen."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import screen_text, settle
from textual.coordinate import Coordinate

from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.rag_table import RagTable


async def test_markup_and_escapes_show_literally(hostile_db: Path, make_app) -> None:
    app = make_app(hostile_db)
    # wide and tall enough for the detail (signals first, then the commentary) beside the table
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Markup [bold red]x[/] and" in text
        assert "[link=http://e]y[/link]." in text
        assert "Colour red and a link here." in text
        assert "Bidi evil and bell  and C1 31m end." in text
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
            assert bad not in text
        title = app.query_one(RagTable).get_cell_at(Coordinate(0, 1))
        assert title.plain.startswith("Falls [bold red]x[/")
        assert not title.spans
        tree = app.query_one(DirectorateTree)
        tree.root.children[0].expand()
        await pilot.pause()
        leaf = tree.root.children[0].children[0]
        assert "LCT PM03 Falls [bold red]" in str(leaf.label)  # literal, cut to the tree's width
        assert [span.end for span in leaf.label.spans] == [3, 12]  # the badge and the code styled, nothing else
        assert "LCT PM03 Falls [bold red]" in screen_text(app)


async def test_search_text_is_shown_literally(hostile_db: Path, make_app) -> None:
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[link=x]", "enter")
        await settle(pilot)
        assert "'[link=x]'" in screen_text(app)
