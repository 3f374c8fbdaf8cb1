"""Issue 18: the import dialog is cancellable at any time. Escape (or Cancel) stops a running
import at its next page, nothing is written, the box says so, and the app stays responsive."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import SMALL, OpenApp
from pilot_helpers import press, screen_text, settle
from textual.pilot import Pilot
from textual.widgets import Static

from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.store import Store
from tests.conftest import SAMPLE_JSON

COPIES = 8
"""The sample's 20 measures eight times over: about 90 pages, many seconds to read."""


@pytest.fixture(autouse=True)
def in_its_folder(long_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The long PDF's folder as the working one: its path typed short (each key typed costs a pause)."""
    monkeypatch.chdir(long_pdf.parent)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory, builder) -> Path:
    """A DORIS-style report of ``COPIES`` times the sample's measures, each copy with its own codes."""
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    measures = []
    for n in range(COPIES):
        for m in json.loads(json.dumps(source["measures"])):
            first = m["code"].split()[0]
            tag = f"{first}{chr(65 + n)}" if n else first
            m["code"] = m["code"].replace(first, tag, 1)
            m["cells"]["measure"] = m["cells"]["measure"].replace(first, tag, 1)
            measures.append(m)
    order = ["Communities & Place", "Corporate Resources", "People Services"]
    measures.sort(key=lambda m: order.index(m["directorate"]))
    path = tmp_path_factory.mktemp("long") / "long-scorecard.pdf"
    builder.build_scorecard_pdf({**source, "measures": measures}, path)
    return path


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#import-message", Static).content)


async def wait_for(pilot: Pilot[None], needle: str, timeout: float = 60.0) -> float:
    """Pause until the import box's message holds ``needle``; the seconds it took."""
    start = time.monotonic()
    while needle not in message(pilot):
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{needle!r} never showed; the box says {message(pilot)!r}")
        await pilot.pause(0.02)
    return time.monotonic() - start


async def test_escape_cancels_a_running_import_and_nothing_is_written(
    empty_db: Path, long_pdf: Path, open_app: OpenApp
) -> None:
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *long_pdf.name)
        await pilot.press("enter")  # not press(): that waits for the import's worker
        await wait_for(pilot, "Reading page ")
        done, total = (int(n) for n in message(pilot).split()[2:5:2])
        assert total > 40 and done < total / 2
        await pilot.press("escape")
        took = await wait_for(pilot, "Import cancelled: nothing was written.")
        assert took < 5  # the next page, not the rest of the file
        assert isinstance(app.screen, ImportScreen)
        assert not app.screen.query_one("#import-progress").display
        await press(pilot, "escape")  # stopped: escape closes the box
        assert not isinstance(app.screen, ImportScreen)
        assert "No scorecard imported yet" in screen_text(app)
        await press(pilot, "?")  # the app answers keys
        assert "─ Keys ─" in screen_text(app)
    with Store(empty_db) as store:
        assert store.reports() == []


async def test_the_cancel_button_stops_it_and_escape_twice_closes_at_once(
    empty_db: Path, long_pdf: Path, open_app: OpenApp
) -> None:
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *long_pdf.name)
        await pilot.press("enter")
        await wait_for(pilot, "Reading page ")
        await pilot.click("#import-cancel")
        assert "Cancelling the import" in message(pilot) or "Import cancelled" in message(pilot)
        await wait_for(pilot, "Import cancelled")
        await pilot.click("#import-path")  # the same file again, then escape twice: closed at once
        await pilot.press("enter")
        await wait_for(pilot, "Reading page ")
        await pilot.press("escape", "escape")
        await pilot.pause(0.05)
        assert not isinstance(app.screen, ImportScreen)
        await settle(pilot)  # the cancelled reader stops at its next page
        assert not [w for w in app.workers if w.group == "import" and w.is_running]
    with Store(empty_db) as store:
        assert store.reports() == []
