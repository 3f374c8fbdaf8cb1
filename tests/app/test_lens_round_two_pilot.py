"""Issue 21 in the app: promises in the detail pane, the new signals' badges in the lens."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WIDE, OpenApp, build_db
from pilot_helpers import detail_text, press, screen_text, select

from scorecard_tui.app.screens.lens import LensScreen
from scorecard_tui.parse import parse_scorecard
from tests.conftest import OTHER_COUNCILS

PAIR = [OTHER_COUNCILS / f"illustrative-unitary-council-2023-24-q{n}.csv" for n in (2, 3)]


@pytest.fixture
def pair_db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "pair.db", *(parse_scorecard(p) for p in PAIR))


async def test_the_detail_lists_promises_made_due_and_kept_or_not(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await select(pilot, "PLN 08")
        flat = " ".join(detail_text(app).split())
        assert "Promises (2)" in flat
        assert "✖ not kept Dec 2023 in 2023/24 Q3, said in 2023/24 Q2 (commentary)" in flat
        assert "… due Mar 2024, said in 2023/24 Q3 (commentary): “The backlog will be cleared by March.”" in flat
        await select(pilot, "LIB 06")
        flat = " ".join(detail_text(app).split())
        assert "✔ kept Nov 2023 in 2023/24 Q3, said in 2023/24 Q2 (commentary)" in flat


async def test_the_lens_shows_a_contradicted_rating_and_a_promise_not_kept(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await press(pilot, "l")
        assert isinstance(app.screen, LensScreen)
        text = screen_text(app)
        assert "≠ rated Green at 76.0% against 90.0%" in text
        assert "↯ date given passed: Dec 2023, still Red" in text


async def test_the_agenda_lists_a_review_promised_in_the_actions(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await press(pilot, "v")
        text = screen_text(app)
        assert "Overview and Scrutiny Committee (from the actions)" in text
        assert "HOU 03" in text


async def test_the_agenda_gains_the_chase_list_by_body_and_enter_jumps(open_app: OpenApp, pair_db: Path) -> None:
    from scorecard_tui.app.screens.agenda import AgendaScreen

    async with open_app(pair_db, WIDE) as (app, pilot):
        await press(pilot, "v")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        await pilot.app.workers.wait_for_complete()
        await press(pilot)
        text = screen_text(app)
        assert "── To chase: promises and reviews not yet met ──" in text
        assert "Promises naming no body" in text
        assert "⚠ overdue Dec 2023" in text and "PLN 08" in text
        assert [c.code for c in screen.chase if c.overdue] == ["HOU 03", "PLN 08"]
        options = screen.query_one("#agenda")
        last = max(i for i, o in enumerate(options.options) if not o.disabled)
        options.highlighted = last
        await press(pilot, "enter")
        assert app.screen is not screen
        assert app.main.current_measure.code == "PLN 08"  # the last item: PLN 08's promise for March
