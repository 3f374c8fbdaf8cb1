"""SVG snapshots of what a new user sees, at 80x24, 120x40 and 160x48.

Regenerate with ``pytest tests/app --snapshot-update`` and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import flagged, select, settle
from textual.pilot import Pilot

from scorecard_tui.app import create_app
from scorecard_tui.model import Flag

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((160, 48), id="160x48"),
]


async def default_view(pilot: Pilot) -> None:
    await settle(pilot)


async def filtered_view(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("r", "s", "slash", *"child", "enter")
    await settle(pilot)


async def detail_view(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press(*["j"] * 16, "enter")
    await settle(pilot)


async def help_view(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
class TestSnapshots:
    """One picture per state a new user meets first."""

    @pytest.mark.pythons
    def test_default(self, snap_compare, sample_db: Path, size) -> None:
        assert snap_compare(create_app(sample_db), terminal_size=size, run_before=default_view)

    def test_filtered(self, snap_compare, sample_db: Path, size) -> None:
        assert snap_compare(create_app(sample_db), terminal_size=size, run_before=filtered_view)

    def test_detail(self, snap_compare, sample_db: Path, size) -> None:
        assert snap_compare(create_app(sample_db), terminal_size=size, run_before=detail_view)

    def test_help(self, snap_compare, sample_db: Path, size) -> None:
        assert snap_compare(create_app(sample_db), terminal_size=size, run_before=help_view)

    def test_empty_database(self, snap_compare, empty_db: Path, size) -> None:
        assert snap_compare(create_app(empty_db), terminal_size=size, run_before=default_view)


async def history_view(pilot: Pilot) -> None:
    await settle(pilot)
    await select(pilot, "SS PM07")
    if pilot.app.size.width < 120:
        await pilot.press("enter", *["j"] * 9)
        await settle(pilot)


async def agenda_view(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)


@pytest.fixture
def flagged_db(two_periods_db: Path) -> Path:
    """The two periods with flags on three Q2 measures."""
    return flagged(two_periods_db, ("YA&H PM08", Flag.RAISE), ("CM PM24", Flag.WATCH), ("SS PM07", Flag.RAISE))


@pytest.mark.parametrize("size", SIZES)
class TestTriageSnapshots:
    """Two periods: history in the detail, the review agenda, and flagged rows."""

    def test_history(self, snap_compare, two_periods_db: Path, size) -> None:
        assert snap_compare(create_app(two_periods_db), terminal_size=size, run_before=history_view)

    def test_agenda(self, snap_compare, two_periods_db: Path, size) -> None:
        assert snap_compare(create_app(two_periods_db), terminal_size=size, run_before=agenda_view)

    def test_flag_column(self, snap_compare, flagged_db: Path, size) -> None:
        assert snap_compare(create_app(flagged_db), terminal_size=size, run_before=default_view)
