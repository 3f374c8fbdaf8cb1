"""Rich renderables: badges that read without colour, values with units, review dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text

from scorecard_tui.app import palette
from scorecard_tui.app.detail_view import DetailContext, detail
from scorecard_tui.app.render import (
    change_badge,
    direction_text,
    flag_badge,
    month_label,
    muted,
    rag_badge,
    review_text,
    short_unit,
    value_text,
)
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.widgets.table_cells import review_cell
from scorecard_tui.model import Direction, Flag, Rag, Report, ReviewDate
from scorecard_tui.triage.changes import Change


def test_rag_badges_carry_words_and_symbols() -> None:
    assert rag_badge(Rag.RED).plain == "✖ Red"
    assert rag_badge(Rag.AMBER, letter=True).plain == "▲ A"
    assert rag_badge(Rag.GREEN).plain == "✔ Green"
    assert rag_badge(None).plain == "– N/A"
    assert direction_text(Direction.DETERIORATING).plain == "↓ Deteriorating"
    assert direction_text(Direction.IMPROVING).plain == "↑ Improving"


def _runs(text: Text) -> list[tuple[str, Style]]:
    """Each run of ``text`` with the style it is drawn in."""
    return [(seg.text, seg.style or Style()) for seg in Console().render(text) if seg.text.strip("\n")]


def test_in_sixteen_colours_a_mark_too_dim_for_words_colours_its_glyph_alone(
    sample_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dark, 16 colours: bright red reads at 4.15:1 at best, so ``✖ R`` is a red ``✖`` on the pane and a
    plain bold ``R``; Amber keeps its filled badge; ``⇩ worse``, ``⚑ RAISE``, ``Oct 2018 !`` likewise
    colour only the glyph. Light: ``⇧ better``'s ``⇧`` green, ``better`` plain; ``worse`` red words."""
    monkeypatch.setattr(palette, "_current", palette.SIXTEEN)
    overdue = replace(sample_report.measures[0], review_dates=(ReviewDate("2018-10", None, True),))
    red = _runs(rag_badge(Rag.RED, letter=True))
    assert [t for t, _ in red] == ["✖", " R"]
    assert red[0][1].color is not None and red[0][1].color.triplet is not None
    assert red[0][1].color.triplet.hex == "#ff5555" and red[0][1].bgcolor is None
    assert red[1][1].color is None and red[1][1].bold
    amber = _runs(rag_badge(Rag.AMBER, letter=True))
    assert len(amber) == 1 and amber[0][1].bgcolor is not None
    for text, glyph in [
        (change_badge(Change.WORSE), "⇩"),
        (change_badge(Change.NEW), "✚"),
        (flag_badge(Flag.RAISE), "⚑"),
        (direction_text(Direction.DETERIORATING), "↓"),
        (review_cell(overdue, datetime(2019, 2, 1).date()), "!"),
    ]:
        coloured = "".join(t for t, style in _runs(text) if style.color is not None)
        assert coloured == glyph, (text.plain, coloured)
    monkeypatch.setattr(palette, "_current", palette.SIXTEEN_LIGHT)
    better = _runs(change_badge(Change.BETTER))
    assert [(t, s.color is not None) for t, s in better] == [("⇧", True), (" better", False)]
    worse = _runs(change_badge(Change.WORSE))
    assert len(worse) == 1 and worse[0][1].color is not None  # red words read on a light pane
    assert _runs(rag_badge(Rag.RED))[0][1].bgcolor is not None


def test_values_with_units() -> None:
    assert value_text(90.0, "%") == "90%"
    assert value_text(10.0, "days") == "10 days"
    assert value_text(90.5, "%") == "90.5%"
    assert value_text(-0.0, "%") == "0%"
    assert value_text(3.5, "per 100,000 population") == "3.5/100k"
    assert value_text(3.5, "per 100,000 population", short=False) == "3.5 per 100,000 population"
    assert value_text(2.41, None) == "2.41"
    assert value_text(1234.0, None) == "1,234"  # thousands separated, as in the summary (issue 19)
    assert value_text(12345.5, "days") == "12,345.5 days"
    assert value_text(2400000.0, "£") == "£2,400,000"
    assert value_text("On Track", None) == "On Track"
    assert value_text(None, "%") == "N/A"
    assert short_unit("per 1,500 population") == "/1,500"
    assert month_label("2018-11") == "Nov 2018"
    assert month_label(None) == "–"


def test_review_dates_are_picked_out(sample_report: Report) -> None:
    measure = next(m for m in sample_report.measures if m.code == "SS PM07")
    text = review_text(measure, sample_report.fetched_at)
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles["April 2018"] == muted("strike")  # past: struck through, in the muted colour
    assert styles["November 2018"] == "bold underline"  # coming


def test_review_dates_fall_back_to_the_fetch_month(sample_report: Report) -> None:
    measure = replace(
        sample_report.measures[0],
        review="Seen in March 2018, again in October 2018.",
        review_dates=(ReviewDate("2018-10", None, False),),
    )
    text = review_text(measure, datetime(2018, 8, 24))
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles == {"March 2018": muted("strike"), "October 2018": "bold underline"}


def test_detail_shows_the_whole_measure(sample_report: Report) -> None:
    measure = next(m for m in sample_report.measures if m.code == "SS PM07")
    console = Console(width=70, record=True, color_system=None)
    console.print(detail(measure, DetailContext(fetched_at=sample_report.fetched_at)))
    out = console.export_text()
    for expected in (
        "SS PM07  also EIISS PM05",
        "People Services",
        "Children in Care per 10,000",
        "✖ Red",
        "82.2/10k",
        "↓ Deteriorating",
        "lower is better",
        "Unit       per 10,000 population",
        "Commentary",
        "Actions",
        "Review",
        "◀ Apr 2018 (past)  Performance Surgery",
        "▶ Nov 2018 (coming)  Executive Scrutiny",
    ):
        assert expected in out


def test_clean_strips_controls_and_bidi() -> None:
    assert clean("a\x1b[31mb\x07c\x9bd\u202ee\u2066f\r\ng\th") == "abcdef\ng h"
    assert clean("x\x1b]8;;http://e\x07y\x1b]8;;\x07z") == "xyz"
    assert clean("one\ntwo", newlines=False) == "one two"
    assert literal("[bold]x[/]").plain == "[bold]x[/]"
