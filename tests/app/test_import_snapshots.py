"""SVG snapshot of the import dialog asking what a council's own rating words mean, at 80x24.

Regenerate with ``pytest -n 0 tests/app/test_import_snapshots.py --snapshot-update`` and look at the picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import settle
from test_import_ratings_pilot import council_csv, wait_asked
from textual.pilot import Pilot

from scorecard_tui.app import create_app


async def asking_ratings(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("i", *"kpis-2024-25-Q1.csv", "enter")
    await wait_asked(pilot)
    await pilot.press("g", "down", "a")  # two chosen, the second focused
    await settle(pilot)


def test_the_rating_question(snap_compare, empty_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    council_csv(tmp_path, "2024/25 Q1")
    monkeypatch.chdir(tmp_path)  # the path typed is the same every run
    assert snap_compare(create_app(empty_db), terminal_size=(80, 24), run_before=asking_ratings)
