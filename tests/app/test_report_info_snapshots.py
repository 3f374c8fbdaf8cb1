"""SVG snapshot of the report box (``I``) at 80x24: the report's facts and the rows its import left out.

Regenerate with ``pytest -n 0 tests/app/test_report_info_snapshots.py --snapshot-update`` and look at the picture.
"""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import settle
from test_report_info_pilot import UNREAD, left_out
from textual.pilot import Pilot

from scorecard_tui.app import create_app
from scorecard_tui.model import Report


async def report_box(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("I")
    await settle(pilot)


def test_the_report_box(snap_compare, tmp_path: Path, sample_report: Report) -> None:
    second = "row 9: 'K7 | Fly-tipping | 12 | x | Red': Actual 'x' is not a number (check the row)"
    db = left_out(tmp_path, sample_report, UNREAD, second, file_name="derby-scorecard-2018-19-q1.pdf")
    assert snap_compare(create_app(db), terminal_size=(80, 24), run_before=report_box)
