"""Titles first (issue 22): the Measure column gets the room, the tree gives way to it, and
``W`` gives the title every cell the ratings leave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import OpenApp
from pilot_helpers import press, read_box_to_end, resize, screen_text

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.rag_table import RagTable

AIMS = [((120, 40), 36), ((200, 50), 42), ((160, 48), 42)]
"""A terminal size, and how long a title reads whole there."""


def titles_on_screen(app: ScorecardApp) -> list[tuple[str, str]]:
    """Each row's full title and the Measure cell as drawn."""
    table = app.query_one(RagTable)
    assert table.plan is not None
    report = app.screen.report  # type: ignore[attr-defined]
    titles = [report.measures[p].title for p in table._rows]
    return list(zip(titles, [str(cell) for cell in table.get_column("Measure")], strict=True))


@pytest.mark.parametrize(("size", "aim"), AIMS, ids=[f"{w}x{h}" for (w, h), _ in AIMS])
async def test_the_demo_titles_read_whole_up_to_the_aim(
    three_periods_db: Path, open_app: OpenApp, size: tuple[int, int], aim: int
) -> None:
    async with open_app(three_periods_db, size) as (app, _pilot):
        text = screen_text(app)
        for title, cell in titles_on_screen(app)[:8]:
            if len(title) <= aim:
                assert cell == title, (size, title)
            elif cell != title:
                assert cell.startswith(title[:aim]) and cell.endswith("…"), (size, title, cell)
            assert cell in text
        assert app.query_one(RagTable).columns["Measure"].width >= aim


async def test_the_tree_gives_way_to_titles_and_t_still_shows_it(three_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(three_periods_db, (120, 40)) as (app, pilot):
        tree = app.query_one(DirectorateTree)
        assert tree.region.width == 0
        await press(pilot, "t")
        assert tree.region.width > 0
        assert "All directorates (20)" in screen_text(app)
        await resize(pilot, 200, 50)
        assert tree.region.width > 0


async def test_W_gives_titles_the_room_and_again_goes_back(three_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(three_periods_db, (200, 50)) as (app, pilot):
        table = app.query_one(RagTable)
        assert table.plan is not None
        before = table.plan.title_width
        await press(pilot, "W")
        assert table.plan.title_width > before + 40
        assert app.query_one(DirectorateTree).region.width == 0
        longest = max(len(m.title) for m in app.screen.report.measures)  # type: ignore[attr-defined]
        whole = [title for title, cell in titles_on_screen(app) if cell == title]
        assert len(whole) > 10, whole
        for key in ("Qtr", "Fcst", "Direction", "Review"):
            assert key in table.plan.keys
        assert table.max_scroll_x == 0
        await press(pilot, "W")
        assert table.plan.title_width == before
        assert app.query_one(DirectorateTree).region.width > 0
        assert longest > before


async def test_overdue_reviews_are_marked_and_every_date_has_its_year(
    three_periods_db: Path, open_app: OpenApp
) -> None:
    async with open_app(three_periods_db, (80, 24)) as (app, _pilot):
        table = app.query_one(RagTable)
        report = app.screen.report  # type: ignore[attr-defined]
        reviews = dict(
            zip([report.measures[p].code for p in table._rows], map(str, table.get_column("Review")), strict=True)
        )
        # L&D PM07b's review note gives December 2018 and nothing after: the chair should chase it.
        assert reviews["L&D PM07b"] == "Dec 2018 !"
        assert reviews["L&I PM23e"] == "Oct 2018 !"  # the issue's own example: due Oct 2018, no update
        assert reviews["YA&H PM08"] == "Jun 2019"
        for text in reviews.values():
            assert text == "–" or re.fullmatch(r"[A-Z][a-z]{2} \d{4}( !)?", text), text
        assert "Dec 2018 !" in screen_text(app)


async def test_help_has_a_legend_of_every_symbol(three_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(three_periods_db, (120, 40)) as (_app, pilot):
        await press(pilot, "question_mark")
        text = await read_box_to_end(pilot)  # down the keys to the legend, a screen at a time
        assert "Symbols and colours" in text
        for shown in ("⇧ better", "RAISE", "watch", "Oct 2018 !", "Review overdue", "no review month", "⊞ / ⊟"):
            assert shown in text, shown
