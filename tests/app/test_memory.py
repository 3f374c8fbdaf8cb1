"""What the app does with memory once a report lands (issue 12: the collector's pauses)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from pilot_helpers import press, settle

from scorecard_tui.app import create_app


class Cycle:
    """An object that only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


async def test_a_landed_report_is_frozen_out_of_the_collectors_way_and_thawed_for_the_next(
    two_periods_db: Path,
) -> None:
    app = create_app(two_periods_db)
    app.freeze_memory = True  # as run_app sets it
    garbage = Cycle()
    gone = weakref.ref(garbage)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.pause(0.2)
            assert gc.get_freeze_count() > 0
            del garbage  # frozen with the first report, now garbage
            gc.collect()
            assert gone() is not None  # frozen: the collector does not see it
            await press(pilot, "left_square_bracket")  # another period lands: thawed, collected, frozen again
            await settle(pilot)
            await pilot.pause(0.2)
            assert gone() is None
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_tests_and_other_hosts_are_not_frozen(two_periods_db: Path) -> None:
    """Only run_app (one process, one app) freezes: a test process running many apps does not."""
    gc.unfreeze()
    app = create_app(two_periods_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert gc.get_freeze_count() == 0


async def test_the_collector_start_up_switched_off_is_back_on_once_the_report_is_up(two_periods_db: Path) -> None:
    """Issue 12: ``scorecard open`` switches the collector off while the app starts (its passes over
    what start-up makes took ~30 ms of the first frame); the app switches it back on once its first
    frame is out, and collects and freezes once the details land."""
    app = create_app(two_periods_db)
    app.freeze_memory = True  # as run_app sets it
    gc.disable()  # as the command line does
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            await settle(pilot)
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()
