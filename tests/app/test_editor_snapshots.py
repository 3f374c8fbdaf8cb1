"""SVG snapshot of the question asked before changed text is closed (issue 22), at 80x24.

Regenerate with ``pytest tests/app/test_editor_snapshots.py --snapshot-update`` and look at the picture.
"""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import select, settle
from textual.pilot import Pilot

from scorecard_tui.app import create_app


async def unsaved_note(pilot: Pilot) -> None:
    await settle(pilot)
    await select(pilot, "SS PM07")
    await pilot.press("n", *"Ask about UASC", "escape")
    await settle(pilot)


def test_unsaved_dialog(snap_compare, two_periods_db: Path) -> None:
    assert snap_compare(create_app(two_periods_db), terminal_size=(80, 24), run_before=unsaved_note)
