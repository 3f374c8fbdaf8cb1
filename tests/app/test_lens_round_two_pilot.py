"""Issue 21 in the app: promises in the detail pane, the new signals' badges in the lens."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import WIDE, OpenApp, build_db
from pilot_helpers import detail_text, notices, opened, press, screen_text, select
from rich.style import Style

from scorecard_tui.app.screens.lens import LensScreen
from scorecard_tui.parse import parse_scorecard
from tests.conftest import OTHER_COUNCILS

PAIR = [OTHER_COUNCILS / f"illustrative-unitary-council-2023-24-q{n}.csv" for n in (2, 3)]


@pytest.fixture
def pair_db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "pair.db", *(parse_scorecard(p) for p in PAIR))


async def test_the_detail_lists_promises_made_due_and_kept_or_not(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await select(pilot, "PLN 08")
        flat = " ".join(detail_text(app).split())
        assert "Promises (2)" in flat
        assert "☒ not kept Dec 2023 in 2023/24 Q3, said in 2023/24 Q2 (commentary)" in flat
        assert "☐ due Mar 2024, said in 2023/24 Q3 (commentary): “The backlog will be cleared by March.”" in flat
        await select(pilot, "LIB 06")
        flat = " ".join(detail_text(app).split())
        assert "☑ kept Nov 2023 in 2023/24 Q3, said in 2023/24 Q2 (commentary)" in flat


async def test_the_lens_shows_a_contradicted_rating_and_a_promise_not_kept(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await opened(pilot, LensScreen, "l")
        text = screen_text(app)
        assert "≠ rated Green at 76% against 90%" in text
        assert "↯ date given passed: Dec 2023, still Red" in text


async def test_the_agenda_lists_a_review_promised_in_the_actions(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        await press(pilot, "v")
        text = screen_text(app)
        assert "Overview and Scrutiny Committee (from the actions)" in text
        assert "HOU 03" in text


async def test_the_agenda_gains_the_chase_list_by_body_and_enter_jumps(open_app: OpenApp, pair_db: Path) -> None:
    from scorecard_tui.app.screens.agenda import AgendaScreen

    async with open_app(pair_db, WIDE) as (app, pilot):
        screen = await opened(pilot, AgendaScreen, "v")
        await pilot.app.workers.wait_for_complete()
        await press(pilot)
        text = screen_text(app)
        assert "── To chase: promises and reviews not yet met ──" in text
        assert "Promises naming no body" in text
        assert "! overdue Dec 2023" in text and "PLN 08" in text
        assert [c.code for c in screen.chase if c.overdue] == ["HOU 03", "PLN 08"]
        options = screen.query_one("#agenda")
        last = max(i for i, o in enumerate(options.options) if not o.disabled)
        options.highlighted = last
        await press(pilot, "enter")
        assert app.screen is not screen
        assert app.main.current_measure.code == "PLN 08"  # the last item: PLN 08's promise for March


async def test_v_lists_a_promise_under_the_body_its_commentary_names_and_no_promise_kept(
    open_app: OpenApp, pair_db: Path
) -> None:
    """FIN 05's Q3 commentary: "The finance director will report a settlement to the Audit Committee by
    March." It is chased under the Audit Committee; LIB 06's "Visits will recover in the autumn" (Q2),
    kept in Q3, is not chased at all."""
    from scorecard_tui.app.screens.agenda import AgendaScreen

    async with open_app(pair_db, WIDE) as (app, pilot):
        screen = await opened(pilot, AgendaScreen, "v")
        await pilot.app.workers.wait_for_complete()
        await press(pilot)
        options = screen.query_one("#agenda").options
        lines = [(" ".join(o.prompt.plain.split()), o.disabled) for o in options]
        start = lines.index(("── To chase: promises and reviews not yet met ──", True))
        chase = lines[start + 1 :]
        body = chase.index(("Audit Committee", True))
        under = [text for text, _ in itertools.takewhile(lambda line: not line[1], chase[body + 1 :])]
        assert under == [
            "▶ coming Mar 2024 ✖ R FIN 05 “The finance director will report a settlement to the Audit Committee"
            " by March.” (2023/24 Q3)"
        ]
        assert not [text for text, _ in chase if "LIB 06" in text]
        assert "LIB 06" not in {c.code for c in screen.chase}
        text = screen_text(app)
        assert "Audit Committee" in text and "FIN 05" in text


# -- 7. the lens as a worklist ---------------------------------------------------------------


async def _open_lens(pilot) -> LensScreen:
    await press(pilot, "l")
    await pilot.app.workers.wait_for_complete()
    await press(pilot)
    assert isinstance(pilot.app.screen, LensScreen)
    return pilot.app.screen


async def test_rows_show_the_current_rating_and_m_flags_the_selected_measure(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        lens = await _open_lens(pilot)
        first = lens.rows[0]
        assert first.rating is not None
        assert f"{first.rating.value[0]} {first.code}" in " ".join(screen_text(app).split())
        await press(pilot, "m")
        await app.workers.wait_for_complete()
        await press(pilot)
        assert app.screen is lens and f"{first.key}: flag watch" in notices(app)
        assert lens.highlighted is not None and lens.highlighted.key == first.key
        assert f"{first.code} ⚐ watch {first.title[:20]}" in " ".join(screen_text(app).split())
        await press(pilot, "h")  # hide the measures already flagged or dismissed
        assert first.key not in [r.key for r in lens.rows]
        assert "(1 flagged or dismissed hidden: h shows them)" in screen_text(app)
        await press(pilot, "h")
        assert first.key in [r.key for r in lens.rows]


async def test_n_writes_a_note_on_the_lens_measure_and_c_copies_it(open_app: OpenApp, pair_db: Path) -> None:
    from scorecard_tui.app.screens.note_editor import NoteEditor

    async with open_app(pair_db, WIDE) as (app, pilot):
        lens = await _open_lens(pilot)
        await press(pilot, "down")
        key = lens.highlighted.key
        await press(pilot, "c")
        assert app.clipboard.startswith(f"{key}: ") and "Q: " in app.clipboard
        assert f"{key}: copied to the clipboard." in notices(app)
        await opened(pilot, NoteEditor, "n")
        await press(pilot, "escape")
        assert app.screen is lens


async def test_returning_to_the_lens_keeps_the_cursor(open_app: OpenApp, pair_db: Path) -> None:
    async with open_app(pair_db, WIDE) as (app, pilot):
        lens = await _open_lens(pilot)
        await press(pilot, "down", "down")
        key = lens.highlighted.key
        await press(pilot, "enter")
        assert app.main.current_measure.key == key
        again = await _open_lens(pilot)
        assert again is not lens and again.highlighted.key == key


def test_every_badge_on_the_selected_row_has_4_5_to_1_contrast_in_every_theme() -> None:
    """The selected row is drawn in black or white on the theme's cursor colour: every span of it is
    checked against that colour, in each built-in theme with colours of its own (the ANSI themes
    take the terminal's, and draw the row in the cursor's own foreground)."""
    from textual.color import Color
    from textual.theme import BUILTIN_THEMES

    from scorecard_tui.app.lens_render import lens_line
    from scorecard_tui.app.palette import contrast
    from scorecard_tui.app.render import selected_line
    from scorecard_tui.model import Flag, Rag
    from scorecard_tui.store.lens import LensRow
    from scorecard_tui.triage.signals import SignalKind

    row = LensRow(
        "CP 08f", "CP 08f", "Sickness absence", "Corporate", 1,
        ("Red for 3 quarters", "off target by 13% (#5)", "rated Green at 76% against 90%", "date given passed"),
        100, (SignalKind.PERSISTENT, SignalKind.OFF_TARGET, SignalKind.MISMATCH, SignalKind.PROMISE), Rag.RED,
    )  # fmt: skip
    checked = 0
    for name, theme in BUILTIN_THEMES.items():
        background = Color.parse(theme.to_color_system().generate()["block-cursor-background"])
        if background.ansi is not None:
            continue
        bg = background.hex6
        for flag in (None, Flag.RAISE, Flag.WATCH):
            text = selected_line(lens_line(row, 12, flag), bg)
            styles = [text.style, *(span.style for span in text.spans)]
            for style in styles:
                style = Style.parse(style) if isinstance(style, str) else style
                fg = style.color.get_truecolor() if style.color else None
                assert fg is not None, name
                assert contrast(Color(*fg).hex6, bg) >= 4.5, (name, style)
        checked += 1
    assert checked >= 15
