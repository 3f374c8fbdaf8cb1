"""The RAG table as a line-API widget (issue 12): work per key in proportion to the screen,
not to the report; row moves repaint two lines; mouse, paging and scrollbars."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import WIDE, OpenApp, build_db
from pilot_helpers import codes, press, screen_text, settle
from textual.geometry import Region

from scorecard_tui.app.widgets import rag_table
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.rag_table import RagTable
from scorecard_tui.model import Rag, Report

BIG = 2000


@pytest.fixture
def big_db(tmp_path: Path, sample_report: Report) -> Path:
    """One period of 2,000 measures, distinct codes, the sample's RAGs round and round."""
    base = sample_report.measures
    rags = (Rag.RED, Rag.AMBER, Rag.GREEN)
    measures = tuple(
        replace(base[i % len(base)], code=f"M{i:05d}", title=f"Measure {i}", rag_quarter=rags[i % 3])
        for i in range(BIG)
    )
    return build_db(tmp_path / "big.db", replace(sample_report, measures=measures))


async def test_a_filter_builds_cells_only_for_the_rows_drawn(
    big_db: Path, open_app: OpenApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = rag_table.measure_cells

    def counting(m, plan, marks):  # type: ignore[no-untyped-def]
        built.append(m.code)
        return real(m, plan, marks)

    monkeypatch.setattr(rag_table, "measure_cells", counting)
    async with open_app(big_db, WIDE) as (app, pilot):
        table = app.query_one(RagTable)
        height = table.scrollable_content_region.height
        for key in ("r", "r", "a", "a", "g"):
            built.clear()
            await press(pilot, key)
            assert len(built) <= height, (key, len(built))
        assert table.row_count == BIG // 3  # M00002, M00005, ...: Green
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        assert "M01997" in screen_text(app)


async def test_a_row_move_repaints_the_two_lines(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        table = app.query_one(RagTable)
        regions: list[Region] = []
        real = table.refresh

        def recording(*args: Region, **kwargs: bool) -> RagTable:
            regions.extend(args)
            if not args:
                regions.append(table.size.region)
            return real(*args, **kwargs)

        table.refresh = recording  # type: ignore[method-assign]
        await press(pilot, "j")
        assert table.cursor_row == 1
        assert sorted(r.y for r in regions) == [1, 2] and all(r.height == 1 for r in regions)


async def test_a_click_selects_a_row_and_a_second_click_opens_it(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        table = app.query_one(RagTable)
        await pilot.click(RagTable, offset=(4, 3))  # the header, then rows 0, 1, 2
        assert table.cursor_row == 2
        assert "Regen PM21" in screen_text(app).split("Detail")[-1]
        await pilot.click(RagTable, offset=(4, 0))  # the header: sorts by code (issue 22), the cursor's measure kept
        await settle(pilot)
        assert app.main.measures[table.current].code == "Regen PM21"  # type: ignore[attr-defined]
        await pilot.click(RagTable, offset=(4, table.cursor_row + 1))
        assert app.query_one(DetailPane).has_focus


async def test_page_down_moves_a_screenful_and_keeps_the_cursor_in_sight(big_db: Path, open_app: OpenApp) -> None:
    async with open_app(big_db, WIDE) as (app, pilot):
        table = app.query_one(RagTable)
        page = table.scrollable_content_region.height - 1
        await press(pilot, "pagedown", "pagedown")
        assert table.cursor_row == 2 * page
        assert f" {codes(app)[2 * page]} " in screen_text(app)
        await press(pilot, "pageup")
        assert table.cursor_row == page
        await press(pilot, "k")
        assert f" {codes(app)[page - 1]} " in screen_text(app)
        await press(pilot, "home")
        assert table.cursor_row == 0 and table.scroll_y == 0


async def test_the_columns_make_room_for_the_scrollbar_as_rows_come_and_go(sample_db: Path, open_app: OpenApp) -> None:
    """Wide but short: 20 rows need a scrollbar, one does not; the table never scrolls sideways."""
    async with open_app(sample_db, (200, 24)) as (app, pilot):
        table = app.query_one(RagTable)
        for key in ("g", "g", "r", "escape"):
            await press(pilot, key)
            assert table.max_scroll_x == 0, key
            assert sum(c.width + 2 for c in table.columns.values()) == table.scrollable_content_region.width
