"""Fixtures for the app tests: databases built from the sample's structured source."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from pilot_helpers import notice_recorder, select, settle
from textual.pilot import Pilot

from scorecard_tui.app import create_app
from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.model import Report
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store

WIDE = (160, 48)
"""Three panes side by side."""
SMALL = (80, 24)
"""Table over detail; a measure opens full screen."""

SAMPLE = Path(__file__).parents[2] / "sample_data" / "derby-scorecard-2018-19-q1.json"
SAMPLE_Q2 = SAMPLE.with_name("derby-scorecard-2018-19-q2-illustrative.json")
SAMPLE_Q3 = SAMPLE.with_name("derby-scorecard-2018-19-q3-illustrative.json")


@pytest.fixture(scope="session")
def sample_report() -> Report:
    """The sample report, as the importer would hand it to the store."""
    return report_from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def q2_report() -> Report:
    """The illustrative second period: a quarter on, one measure dropped and one new."""
    return report_from_dict(json.loads(SAMPLE_Q2.read_text(encoding="utf-8")))


def build_db(path: Path, *reports: Report) -> Path:
    """A database holding ``reports``."""
    with Store(path) as store:
        for report in reports:
            store.save_report(report)
    return path


@pytest.fixture
def sample_db(tmp_path: Path, sample_report: Report) -> Path:
    """A database holding the sample report."""
    return build_db(tmp_path / "sample.db", sample_report)


@pytest.fixture
def two_periods_db(tmp_path: Path, sample_report: Report, q2_report: Report) -> Path:
    """Q1 (fetched 24 Aug 2018) and the illustrative Q2 (fetched 23 Nov 2018), as ``scorecard demo`` loads."""
    return build_db(tmp_path / "two.db", sample_report, q2_report)


@pytest.fixture
def three_periods_db(tmp_path: Path, sample_report: Report, q2_report: Report) -> Path:
    """Q1, Q2 and the illustrative Q3, as ``scorecard demo`` loads: every lens signal shows on Q3."""
    q3 = report_from_dict(json.loads(SAMPLE_Q3.read_text(encoding="utf-8")))
    return build_db(tmp_path / "three.db", sample_report, q2_report, q3)


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A database with no reports."""
    return build_db(tmp_path / "empty.db")


@pytest.fixture
def hostile_db(tmp_path: Path, sample_report: Report) -> Path:
    """The sample with markup and terminal escapes in the first measure's text."""
    first = replace(
        sample_report.measures[0],
        title="Falls [bold red]x[/] programme",
        commentary=(
            "Markup [bold red]x[/] and [link=http://e]y[/link].\n"
            "Colour \x1b[31mred\x1b[0m and a link \x1b]8;;http://e\x07here\x1b]8;;\x07.\n"
            "Bidi \u202eevil\u202c and bell \x07 and C1 \x9b31m end."
        ),
    )
    report = replace(sample_report, measures=(first, *sample_report.measures[1:]))
    return build_db(tmp_path / "hostile.db", report)


@pytest.fixture
def make_app() -> Callable[[Path], ScorecardApp]:
    """Build the app on a database."""
    return lambda path: create_app(path)


OpenApp = Callable[..., AbstractAsyncContextManager[tuple[ScorecardApp, Pilot[None]]]]


@pytest.fixture
def open_app() -> OpenApp:
    """Open the app on a database at a terminal size, loaded and settled (``at``: with the table's
    cursor on that measure): ``async with open_app(db, SMALL, read_only=True) as (app, pilot): ...``."""

    @asynccontextmanager
    async def opened(
        path: Path, size: tuple[int, int] = WIDE, *, at: str | None = None, **options: object
    ) -> AsyncIterator[tuple[ScorecardApp, Pilot[None]]]:
        app = create_app(path, **options)  # type: ignore[arg-type]  # options are create_app's keywords
        async with app.run_test(size=size, message_hook=notice_recorder(app)) as pilot:
            await settle(pilot)
            if at is not None:
                await select(pilot, at)
            yield app, pilot

    return opened


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app keeps drafts, under a data home of the test's own (``XDG_DATA_HOME``)."""
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home / "scorecard-tui" / "drafts"
