"""Start-up styles the main screen once: the panes are composed laid out as the first period will
place them, and the footer's keys made in its style, so that nothing mounted is restyled for a
class changed before the first frame (each such change restyled a whole pane: ~15 ms)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pilot_helpers import settle
from textual.dom import DOMNode

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.widgets.main_panes import MainPanes
from scorecard_tui.store.checks import precheck

LAYOUT = {"-narrow", "-no-tree", "-compact"}
"""The classes start-up used to change on mounted widgets: where the panes go, the footer keys' style."""


@contextmanager
def class_changes() -> Iterator[list[str]]:
    """Each class of LAYOUT added to or taken off a mounted widget meanwhile (Textual's own calls, watched)."""
    seen: list[str] = []
    add, remove = DOMNode.add_class, DOMNode.remove_class

    def watched(change, sign: str):  # type: ignore[no-untyped-def]
        def call(node: DOMNode, *names: str, update: bool = True) -> DOMNode:
            before = set(node.classes)
            result = change(node, *names, update=update)
            if node.is_mounted:
                seen.extend(f"{sign}{name} on {type(node).__name__}" for name in (before ^ set(node.classes)) & LAYOUT)
            return result

        return call

    mp = pytest.MonkeyPatch()
    mp.setattr(DOMNode, "add_class", watched(add, "+"))
    mp.setattr(DOMNode, "remove_class", watched(remove, "-"))
    try:
        yield seen
    finally:
        mp.undo()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48), (200, 50), (240, 60)])
async def test_the_first_period_is_styled_once_at_every_width(sample_db: Path, size: tuple[int, int]) -> None:
    """As ``scorecard open`` starts it: the period read before the app (the first frame shows it)."""
    store = StoreThread(sample_db)
    first = store.open_first(lambda: precheck(sample_db, None)).result()
    app = ScorecardApp(sample_db, store=store, first_view=first)
    with class_changes() as changes:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.main.report is not None and len(app.main.rows) == 20
            panes = app.query_one(MainPanes)
            laid_out = ("-narrow" in app.main.classes, "-no-tree" in panes.classes)
    assert changes == [], (size, laid_out)


async def test_an_app_that_reads_its_own_first_period_still_lays_out_for_it(sample_db: Path) -> None:
    """No period read before the app (tests, ``create_app``): the panes are placed once it is read."""
    app = ScorecardApp(sample_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert len(app.main.rows) == 20
        assert "-narrow" not in app.main.classes  # the detail beside the table at 200 columns
