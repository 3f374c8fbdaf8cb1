"""Blue (BRAG) ratings in the app: the table's badge, the header counts, the ``b`` filter and the sort."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import build_db
from pilot_helpers import by_code, codes, header, press, screen_text, status

from scorecard_tui.model import Rag, Report

WIDE = (160, 48)


@pytest.fixture
def blue_db(tmp_path: Path, sample_report: Report) -> Path:
    """The sample with two measures rated Blue this quarter (one of them Blue at year end too)."""
    measures = list(sample_report.measures)
    measures[0] = replace(measures[0], rag_quarter=Rag.BLUE, rag_forecast=Rag.BLUE)
    measures[5] = replace(measures[5], rag_quarter=Rag.BLUE)
    return build_db(tmp_path / "blue.db", replace(sample_report, measures=tuple(measures)))


async def test_blue_shows_filters_and_sorts(blue_db: Path, open_app) -> None:
    async with open_app(blue_db, WIDE) as (app, pilot):
        blue = [m.code for m in app.main.measures if m.rag_quarter is Rag.BLUE]
        assert len(blue) == 2
        assert by_code(app, "Qtr")[blue[0]] == "◆ B"
        assert "◆2" in header(app).replace(" ", "")
        await press(pilot, "b")
        assert sorted(app.main.measures[i].code for i in app.main.rows) == sorted(blue)
        assert len(codes(app)) == 2
        assert status(app).startswith("2 of 20 measures: Blue (quarterly)")
        await press(pilot, "b", "s")  # Blue off again; worst first
        order = [app.main.measures[i].rag_quarter for i in app.main.rows]
        rated = [r for r in order if r is not None]
        assert rated[-2:] == [Rag.BLUE, Rag.BLUE]
        assert "◆ B" in screen_text(app)


async def test_blue_badge_reads_in_sixteen_colours_and_without_colour(blue_db: Path, monkeypatch, open_app) -> None:
    """In 16 colours on a dark theme the ◆ alone is bright blue, its letter in the pane's own words (no
    ANSI fill gives the letter 4.5:1 in every palette); under NO_COLOR the ◆ and letter still say it."""
    import io

    from rich.color import ColorSystem
    from rich.console import Console

    from scorecard_tui.app.app import ScorecardApp

    # as a TERM=xterm terminal (a headless app otherwise draws in the theme's 24-bit colours)
    monkeypatch.setattr(ScorecardApp, "sixteen_colours", property(lambda _app: True))
    async with open_app(blue_db, WIDE) as (app, _pilot):
        console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=160)
        # the styled frame as a terminal gets it: Textual has no public call for it (export_screenshot is SVG)
        update = app.screen._compositor.render_update(full=True)
        badges = [(t, s) for t, s, _ in console.render(update) if "◆" in t and s is not None and s.bgcolor]
        shown = {
            (s.bgcolor.downgrade(ColorSystem.STANDARD).number, s.color.downgrade(ColorSystem.STANDARD).number)
            for _, s in badges
        }
        assert (0, 12) in shown, shown  # a bright blue ◆ on the black pane (black on bright blue was 4.13:1 in VGA)
    monkeypatch.setenv("NO_COLOR", "1")
    async with open_app(blue_db, WIDE) as (app, _pilot):
        assert app.no_color
        assert "◆ B" in screen_text(app) and "✔ G" in screen_text(app)
