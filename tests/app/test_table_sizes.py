"""The table and the tree at every size (issue 11): every rating column without sideways
scrolling from 80 columns up, no empty columns, names never cut, and live resizes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import OpenApp, build_db
from pilot_helpers import codes, column, press, resize, screen_text, settle, status

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Flag, Report
from scorecard_tui.store import Store

ALWAYS = ("Code", "Measure", "Qtr", "Fcst", "Direction", "Review")
WIDTHS = (80, 81, 95, 119, 120, 135, 150, 160, 169, 170, 185, 200, 240)


@pytest.fixture
def flagged_two(two_periods_db: Path) -> Path:
    """Two periods (so a Change column) with a flag (so a Flag column): the most columns."""
    with Store(two_periods_db) as store:
        store.annotations.set_flag(store.latest_report(), "AHH Local 2A (i)", Flag.RAISE, author="officer")
    return two_periods_db


def columns(app: ScorecardApp) -> list[str]:
    """The table's column keys, left to right."""
    plan = app.query_one(RagTable).plan
    assert plan is not None
    return list(plan.keys)


def table_reads_whole(app: ScorecardApp) -> None:
    """Every must-have column is on screen, nothing to scroll to, codes whole, title >= 20 (24 from
    84 columns: under that Flag, Change and reviews with four-digit years take up to 4 more)."""
    table = app.query_one(RagTable)
    assert table.plan is not None
    keys = list(table.plan.keys)
    for key in ALWAYS:
        assert key in keys, key
    assert table.max_scroll_x == 0, (app.size, table.virtual_size, table.scrollable_content_region)
    assert table.columns["Measure"].width >= (24 if app.size.width >= 84 else 20)
    lines = screen_text(app)
    for code in codes(app)[:5]:
        assert f" {code} " in lines, code
    assert table.fixed_columns == keys.index("Measure") + 1


async def test_every_width_shows_every_rating_column_without_scrolling(flagged_two: Path, open_app: OpenApp) -> None:
    async with open_app(flagged_two, (80, 24)) as (app, pilot):
        for width in WIDTHS:
            await resize(pilot, width, 40)
            table_reads_whole(app)
            assert "Flag" in columns(app) and "Change" in columns(app)
            # The detail stays in sight at every width: below the table, or beside it from 170.
            detail = app.query_one("#detail-box").region
            assert detail.height >= 6 and detail.width >= 36
            assert "AHH Local 2A (i)" in screen_text(app)
        # Wide enough, the targets and actuals come in, and long forms of change and review.
        assert {"Q target", "Q actual", "F target", "F actual"} <= set(columns(app))


async def test_columns_that_hold_nothing_take_no_width(sample_db: Path, open_app: OpenApp) -> None:
    """One period, nothing flagged: no Flag and no Change column; a flag brings Flag back."""
    async with open_app(sample_db, (120, 40)) as (app, pilot):
        assert "Flag" not in columns(app) and "Change" not in columns(app)
        await press(pilot, "m")
        assert "Flag" in columns(app)
        assert "⚐ watch" in column(app, "Flag")


async def test_sideways_scrolling_keeps_code_and_title(flagged_two: Path, open_app: OpenApp) -> None:
    """Below 80 columns the table scrolls sideways, with code, flag and title held on the left."""
    async with open_app(flagged_two, (64, 24)) as (app, pilot):
        table = app.query_one(RagTable)
        assert table.fixed_columns == 3
        assert columns(app)[:3] == ["Code", "Flag", "Measure"]
        assert table.max_scroll_x > 0
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await settle(pilot)
        row = next(line for line in screen_text(app).splitlines() if " LCT PM03 " in line)
        assert "Number of older" in row and "Review" in screen_text(app)


@pytest.fixture
def long_names_db(tmp_path: Path, sample_report: Report) -> Path:
    """The sample with one directorate renamed to something long."""
    long = "Communities, Environment, Regeneration and Neighbourhood Services"
    measures = tuple(
        replace(m, directorate=long) if m.directorate == "Communities & Place" else m for m in sample_report.measures
    )
    return build_db(tmp_path / "long.db", replace(sample_report, measures=measures))


async def test_tree_never_cuts_a_directorate_where_it_shows(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, (160, 40)) as (app, pilot):
        for width in (160, 200, 240):
            await resize(pilot, width, 40)
            text = screen_text(app)
            for label in ("All directorates (20)", "Communities & Place (3)", "Corporate Resources (4)"):
                assert label in text, (width, label)
            assert "People Services (13)" in text


async def test_a_name_beyond_the_cap_is_abbreviated_and_given_whole_in_the_status(
    long_names_db: Path, open_app: OpenApp
) -> None:
    async with open_app(long_names_db, (160, 40)) as (app, pilot):
        text = screen_text(app)
        assert "Corporate Resources (5)" in text
        tree = app.query_one(DirectorateTree)
        label = str(tree.root.children[0].label)
        assert "…" in label and label.endswith("(3)")
        tree.focus()
        await press(pilot, "j")
        assert "Communities, Environment, Regeneration and Neighbourhood Services" in status(app)
        table_reads_whole(app)


async def test_measure_leaves_are_cut_with_an_ellipsis_not_clipped(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, (160, 40)) as (app, pilot):
        tree = app.query_one(DirectorateTree)
        for node in tree.root.children:
            node.expand()
        for width in (160, 200, 240, 160):
            await resize(pilot, width, 40)
            assert tree.max_scroll_x == 0, width  # nothing off to the right
            leaves = [str(leaf.label) for node in tree.root.children for leaf in node.children]
            assert len(leaves) == 20 and any(label.endswith("…") for label in leaves), width
            assert "SS PM28" in screen_text(app)


def layout(app: ScorecardApp) -> tuple[bool, bool]:
    """(tree shown, detail beside the table)."""
    tree = app.query_one(DirectorateTree)
    detail, table = app.query_one("#detail-box").region, app.query_one("#table-pane").region
    return tree.region.width > 0, detail.x > table.x


RESIZES = [  # (width, height), (tree shown, detail beside the table): back and forth, live
    ((80, 24), (False, False)),
    ((81, 24), (False, False)),
    ((120, 40), (False, False)),  # the tree would squeeze titles: hidden (t shows it)
    ((160, 40), (True, False)),
    ((200, 50), (True, True)),
    ((120, 40), (False, False)),
    ((80, 24), (False, False)),
]


async def test_live_resizes_lay_out_for_the_new_size_both_ways(flagged_two: Path, open_app: OpenApp) -> None:
    async with open_app(flagged_two, (200, 50)) as (app, pilot):
        assert layout(app) == (True, True)
        for size, expected in RESIZES:
            await resize(pilot, *size)
            assert layout(app) == expected, size
            table_reads_whole(app)
