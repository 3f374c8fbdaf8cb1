"""The boxes that scroll (the keys under ?, every version under H) move with j/k and the arrows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL, OpenApp
from pilot_helpers import press
from test_versions_pilot import CODE, rewritten
from textual.containers import VerticalScroll

from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.versions import VersionsScreen


@pytest.mark.parametrize(("key", "screen"), [("question_mark", HelpScreen), ("H", VersionsScreen)])
async def test_j_and_k_scroll_the_box(three_periods_db: Path, open_app: OpenApp, key: str, screen: type) -> None:
    db = rewritten(three_periods_db, times=40)  # enough versions to overflow the box at 80x24
    async with open_app(db, SMALL, at=CODE) as (app, pilot):
        await press(pilot, key)
        assert isinstance(app.screen, screen)
        box = app.screen.query_one(".dialog-box", VerticalScroll)
        assert box.max_scroll_y > 2
        await press(pilot, "j", "j", "down")
        assert box.scroll_y == 3
        await press(pilot, "k", "up")
        assert box.scroll_y == 1
