"""SVG snapshots of the scrutiny lens on the three sample periods: the lens view, the detail's
signals and the question editor, at 80x24 and 160x48, and the lens view in 16 colours and NO_COLOR.

Regenerate with ``pytest tests/app --snapshot-update -k lens`` and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import select, settle
from test_colour_snapshots import SixteenColourApp, svg_colours
from textual.pilot import Pilot

from scorecard_tui.app import create_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_lens_snapshots"


async def lens_view(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)


async def signals_detail(pilot: Pilot) -> None:
    await settle(pilot)
    await select(pilot, "SS PM23b")
    if pilot.app.size.width < 120:
        await pilot.press("enter")
        await settle(pilot)


async def question_editor(pilot: Pilot) -> None:
    await settle(pilot)
    await select(pilot, "CP 08f")
    await pilot.press("e")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
class TestLensSnapshots:
    """What the lens shows on the demo's periods (Q3 on screen)."""

    def test_lens_view(self, snap_compare, three_periods_db: Path, size) -> None:
        assert snap_compare(create_app(three_periods_db), terminal_size=size, run_before=lens_view)

    def test_signals_in_detail(self, snap_compare, three_periods_db: Path, size) -> None:
        assert snap_compare(create_app(three_periods_db), terminal_size=size, run_before=signals_detail)

    def test_question_editor(self, snap_compare, three_periods_db: Path, size) -> None:
        assert snap_compare(create_app(three_periods_db), terminal_size=size, run_before=question_editor)

    def test_lens_sixteen_colours(self, snap_compare, three_periods_db: Path, size, request) -> None:
        from rich.terminal_theme import SVG_EXPORT_THEME

        assert snap_compare(SixteenColourApp(three_periods_db), terminal_size=size, run_before=lens_view)
        palette = {"#{:02x}{:02x}{:02x}".format(*rgb) for rgb in SVG_EXPORT_THEME.ansi_colors._colors}
        used = svg_colours(SNAPSHOTS / f"TestLensSnapshots.test_lens_sixteen_colours[{request.node.callspec.id}].svg")
        assert used <= palette, used - palette

    def test_lens_no_colour(self, snap_compare, three_periods_db: Path, size, request, monkeypatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        assert snap_compare(create_app(three_periods_db), terminal_size=size, run_before=lens_view)
        for colour in svg_colours(SNAPSHOTS / f"TestLensSnapshots.test_lens_no_colour[{request.node.callspec.id}].svg"):
            r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert r == g == b, colour
