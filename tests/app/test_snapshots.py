"""SVG snapshots of what a new user sees, at 80x24 and 160x48.

Regenerate with ``pytest tests/app --snapshot-update`` and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import settle
from textual.pilot import Pilot

from scorecard_tui.app import create_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


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
