"""Rough edges of a triage session (issue 11): worse only, the RAG keys' words, one
notification at a time, home and end in the table."""

from __future__ import annotations

from pathlib import Path

from conftest import WIDE, OpenApp
from pilot_helpers import by_code, codes, header, notices, press, run_palette, screen_text, settle, status
from textual.widgets import Input
from textual.widgets._toast import Toast

from scorecard_tui.app import create_app
from scorecard_tui.app.keys import APP_KEYS
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.rag_table import RagTable

WORSE = ["Regen PM21", "C PM02a", "L&I PM23c", "AHH 02B"]


async def test_c_cycles_changed_worse_only_and_off(two_periods_db: Path, open_app: OpenApp) -> None:
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        assert "4 worse" in header(app)
        await press(pilot, "c")
        assert status(app) == "11 of 20 measures: changed since 2018/19 Q1"
        assert "worse only" in notices(app)[-1]
        await press(pilot, "c")
        assert status(app) == "4 of 20 measures: worse since 2018/19 Q1"
        assert codes(app) == WORSE
        assert set(by_code(app, "Change").values()) == {"⇩ worse"}
        assert "Showing measures worse only" in notices(app)[-1]
        await press(pilot, "c")
        assert status(app) == "20 of 20 measures: all"


async def test_the_rag_keys_say_what_they_do(sample_db: Path, open_app: OpenApp) -> None:
    """From every measure, r shows only Red (not "hide Red"); r again shows all; a adds Amber."""
    words = {k.key: k.long for k in APP_KEYS}
    assert words["r"] == "Add Red to the RAG filter, or take it out (from all measures: only Red)"
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "r")
        assert status(app) == "15 of 20 measures: Red (quarterly)"
        await press(pilot, "a")
        assert status(app) == "19 of 20 measures: Red+Amber (quarterly)"
        await press(pilot, "r", "a")
        assert status(app) == "20 of 20 measures: all"
        assert "r a g RAG filter" in screen_text(app).splitlines()[-1]  # the footer: one label for the three
        await press(pilot, "question_mark")
        assert "Add Red to the RAG filter" in screen_text(app) and "Show or hide Red" not in screen_text(app)


async def test_one_notification_at_a_time(sample_db: Path) -> None:
    """Three m presses used to stack three toasts over the detail pane; the newest replaces the older."""
    app = create_app(sample_db)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "m", "m", "m")
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        assert "LCT PM03: flag cleared" in screen_text(app)
        assert "flag watch" not in screen_text(app) and "flag raise" not in screen_text(app)


async def test_home_and_end_jump_to_the_first_and_last_measure(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, (80, 24)) as (app, pilot):
        table = app.query_one(RagTable)
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_x == 0
        assert " SS PM28 " in screen_text(app)
        await press(pilot, "home")
        assert table.cursor_row == 0


async def test_x_briefs_the_whole_report_by_default(two_periods_db: Path, tmp_path: Path, monkeypatch) -> None:
    """With Red on, x asks; enter takes the whole report: no filter line, every directorate's
    Amber and Green counted."""
    monkeypatch.chdir(tmp_path)
    app = create_app(two_periods_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "r", "x")
        assert "The whole report (20 measures)" in screen_text(app)
        await press(pilot, "enter")
        assert "Briefing: which format?" in screen_text(app)
        await press(pilot, "enter", "enter")  # Markdown, the default; the report's marking
        await settle(pilot)
        assert any(n.startswith("20 measures: wrote") for n in notices(app))
    text = (tmp_path / "scorecard-briefing-2018-19-Q2.md").read_text(encoding="utf-8")
    assert "20 of 20 measures." in text and "Filter:" not in text
    assert "| People Services | 13 | 9 | 3 | 1 |" in text


async def test_x_asks_before_writing_over_a_briefing(sample_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "scorecard-briefing-2018-19-Q1.md"
    path.write_text("my edited briefing\n")
    app = create_app(sample_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "x", "enter", "enter")
        assert "Briefing already there" in screen_text(app)
        await press(pilot, "enter")  # the default keeps it
        await settle(pilot)
        assert path.read_text() == "my edited briefing\n"
        assert notices(app)[-1] == f"Briefing not written: kept {path}"
        await press(pilot, "x", "enter", "enter", "y")
        await settle(pilot)
    assert path.read_text().startswith("# Briefing: ")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".md"] == [path.name]


async def test_x_writes_a_word_briefing_for_the_meeting_pack_and_a_csv(
    two_periods_db: Path, tmp_path: Path, monkeypatch, open_app: OpenApp
) -> None:
    """Issue 11, point 10: x offers Word (w) and CSV (c) as well as Markdown."""
    from docx import Document

    from scorecard_tui.outputs.briefing import CSV_FIELDS

    monkeypatch.chdir(tmp_path)
    async with open_app(two_periods_db, WIDE) as (app, pilot):
        await press(pilot, "x")
        assert "Word document (w), for the meeting pack" in screen_text(app)
        await press(pilot, "w", "enter")
        await settle(pilot)
        word = tmp_path / "scorecard-briefing-2018-19-Q2.docx"
        assert f"20 measures: wrote {word}" in notices(app)
        await press(pilot, "x", "c", "enter")
        await settle(pilot)
    document = Document(str(word))
    assert document.paragraphs[0].text.startswith("Briefing: Improvement Report - Council Scorecard")
    assert [p.text for p in document.paragraphs][2:4] == ["RAG by directorate", "Exceptions"]
    rows = (tmp_path / "scorecard-briefing-2018-19-Q2.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == ",".join(CSV_FIELDS) and any(",SS PM28," in row for row in rows[1:])
    assert sorted(p.name for p in tmp_path.glob("scorecard-briefing-*")) == [
        "scorecard-briefing-2018-19-Q2.csv",
        "scorecard-briefing-2018-19-Q2.docx",
    ]


def highlighted_words(app) -> set[str]:
    """Text the detail pane draws in the search-match style, lower-cased."""
    pane = app.query_one(DetailPane)
    pane.scroll_to(0, 0, animate=False, immediate=True)
    found: set[str] = set()
    for top in range(0, pane.virtual_size.height, max(1, pane.size.height)):
        pane.scroll_to(0, top, animate=False, immediate=True)
        for y in range(pane.size.height):
            for segment in pane.render_line(y):
                style = segment.style
                if style and style.reverse:  # the search-match style: reversed, in every theme
                    found.add(segment.text.lower())
    return found


async def test_search_words_are_highlighted_in_the_detail(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        assert highlighted_words(app) == set()
        await press(pilot, "slash", *"falls", "enter")
        assert codes(app)[0] == "LCT PM03"
        assert highlighted_words(app) == {"falls"}
        await press(pilot, "escape")  # every filter cleared: no highlight
        assert highlighted_words(app) == set()


async def test_slash_again_opens_the_previous_search_to_edit(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        field = app.query_one("#filter-input", Input)
        await press(pilot, "slash", *"child", "enter")
        found = len(codes(app))
        await press(pilot, "slash")
        assert field.value == "child" and field.cursor_position == 5
        await press(pilot, *"ren", "enter")
        assert field.value == "children"
        assert status(app).endswith("'children'")
        assert len(codes(app)) <= found
        await press(pilot, "slash", "escape")  # escape drops it
        assert status(app) == "20 of 20 measures: all" and field.value == ""
        await press(pilot, "slash")  # ... and / offers it again, selected
        assert field.value == "children" and field.selected_text == "children"
        assert status(app).endswith("'children'")
        await press(pilot, *"fost")  # typing replaces it
        assert field.value == "fost" and status(app).endswith("'fost'")
        await press(pilot, "enter", "escape", "slash")  # escape on the table drops it too
        assert field.value == "fost" and field.selected_text == "fost"


async def test_keys_typed_behind_slash_faster_than_the_screen_go_to_the_search(
    sample_db: Path, open_app: OpenApp
) -> None:
    """'/care' arriving at once (pasted, typed fast, bunched by a slow link): every letter is the
    search's; none runs as a filter key (c: changed, a: Amber, r: Red, e: questions)."""
    from textual import events

    async with open_app(sample_db, WIDE) as (app, pilot):
        for key, char in [("slash", "/"), ("c", "c"), ("a", "a"), ("r", "r"), ("e", "e")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == "care"
        assert status(app).endswith("'care'") and "Red" not in status(app) and "changed" not in status(app)
        await press(pilot, "escape", "r")  # the bar closed, r is the table's again (not typed into the hidden field)
        assert app.query_one("#filter-input", Input).value == ""
        assert status(app) == "15 of 20 measures: Red (quarterly)"


async def test_the_palette_finds_measures_and_directorates(sample_db: Path, open_app: OpenApp) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "r")  # a filter that hides the Green measure below
        await run_palette(pilot, "foster carer")
        table = app.query_one(RagTable)
        assert app.main.current_measure.code == "SS PM28"  # type: ignore[attr-defined]
        assert table.has_focus
        await run_palette(pilot, "L&I PM23c")  # by code; Green, so the filters clear to show it
        assert app.main.current_measure.code == "L&I PM23c"  # type: ignore[attr-defined]
        await run_palette(pilot, "corporate res")
        assert status(app) == "5 of 20 measures: Corporate Resources"
