"""SVG snapshots of the import dialog's questions at 80x24: what a council's own rating words mean,
and whether to import the rest of a table whose rows do not all read.

Regenerate with ``pytest -n 0 tests/app/test_import_snapshots.py --snapshot-update`` and look at the picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import settle
from test_import_ratings_pilot import council_csv, wait_asked
from test_import_rest_pilot import kpis, wait_rows
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


async def asking_rows(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("i", *"kpis.csv", "enter")
    await wait_rows(pilot)


def test_the_rows_question(snap_compare, empty_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ["K1,Missed bins,80,72,Green", "K2,,90,95,Green", "K3,Calls answered,85,60,Red"]
    kpis(tmp_path, *rows, *(f"K{n},,{n},{n},Red" for n in range(4, 9)), "K9,Planning,70,71,Amber")
    monkeypatch.chdir(tmp_path)
    assert snap_compare(create_app(empty_db), terminal_size=(80, 24), run_before=asking_rows)
