"""Drive every key through Textual's pilot and check what the user would see."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import codes, column, header, opened, press, read_box_to_end, screen_text, settle, status
from textual.widgets import Input, Static

from scorecard_tui.app.screens.detail import DetailScreen
from scorecard_tui.app.screens.help import HelpScreen
from scorecard_tui.app.screens.import_file import ImportScreen
from scorecard_tui.app.widgets.detail_pane import DetailPane
from scorecard_tui.app.widgets.directorate_tree import DirectorateTree
from scorecard_tui.app.widgets.rag_table import RagTable

WIDE = (160, 48)
SMALL = (80, 24)


@pytest.mark.pythons
async def test_opens_on_the_report(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, _pilot):
        assert len(codes(app)) == 20
        assert codes(app)[:2] == ["LCT PM03", "YA&H PM08"]
        first = app.query_one(RagTable).get_row_at(0)
        # One period and nothing flagged: no Change or Flag column (issue 11).
        assert [str(c) for c in first[:6]] == ["LCT PM03", first[1].plain, "✖ R", "✔ G", "↑", "–"]
        assert first[1].plain.startswith("Number of older")
        assert column(app, "Q target")[0] == "100"  # no ".0" on a whole number (issue 19)
        assert "F actual" not in app.query_one(RagTable).columns  # titles first (issue 22): the detail has it
        assert "2018/19 Q1" in header(app)
        assert "Improvement Report - Council Scorecard" in header(app)
        assert "fetched 24 Aug 2018 11:12" in header(app)
        assert "20 in view   Quarterly ✖15 ▲4 ✔1   Forecast ✖6 ▲4 ✔9 N/A 1" in header(app)
        assert status(app) == "20 of 20 measures: all"
        tree = app.query_one(DirectorateTree)
        labels = [str(n.label) for n in tree.root.children]
        assert labels == [
            "✖2 ▲1 ✔0 Communities & Place (3)",
            "✖4 ▲1 ✔0 Corporate Resources (5)",
            "✖9 ▲2 ✔1 People Services (12)",
        ]
        assert str(tree.root.label) == "✖15 ▲4 ✔1 All directorates (20)"
        screen = screen_text(app)
        assert "LCT PM03" in screen and "Commentary" in screen
        assert app.query_one(RagTable).has_focus


async def test_rag_keys_toggle_and_f_switches_basis(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "r")
        assert len(codes(app)) == 15
        assert set(column(app, "Qtr")) == {"✖ R"}
        assert status(app) == "15 of 20 measures: Red (quarterly)"
        assert "15 in view   Quarterly ✖15 ▲0 ✔0" in header(app)
        await press(pilot, "a")
        assert len(codes(app)) == 19
        assert status(app) == "19 of 20 measures: Red+Amber (quarterly)"
        await press(pilot, "r", "a", "g")
        assert codes(app) == ["L&I PM23c"]
        await press(pilot, "g", "r", "f")
        assert status(app) == "6 of 20 measures: Red (forecast)"
        assert set(column(app, "Fcst")) == {"✖ R"}
        assert str(app.query_one(DirectorateTree).root.label).startswith("✖6 ▲4 ✔9 N/A 1")
        await press(pilot, "escape")
        assert len(codes(app)) == 20
        assert status(app) == "20 of 20 measures: all"


async def test_d_cycles_direction(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "d")
        assert status(app) == "4 of 20 measures: Deteriorating"
        assert set(column(app, "Direction")) == {"↓"}
        await press(pilot, "d")
        assert status(app) == "2 of 20 measures: Stabilised"
        await press(pilot, "d")
        assert status(app).endswith("Improving")
        await press(pilot, "d")
        assert status(app) == "20 of 20 measures: all"


async def test_s_cycles_sort(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        sort = app.query_one("#status-sort", Static)
        assert str(sort.content) == "sorted as published"
        await press(pilot, "s")
        assert str(sort.content) == "sorted worst first (quarterly)"
        assert codes(app)[:2] == ["SS PM28", "YA&H PM08"]
        await press(pilot, "f")
        assert str(sort.content) == "sorted worst first (forecast)"
        assert codes(app)[0] == "L&I PM23e"
        await press(pilot, "s")
        assert codes(app)[:2] == ["AHH 02B", "AHH 02D"]
        await press(pilot, "s")
        assert str(sort.content) == "sorted by next review"
        assert codes(app)[0] == "SS PM07"
        assert column(app, "Review")[0] == "Aug 2018"
        await press(pilot, "s")
        assert codes(app)[0] == "LCT PM03"


@pytest.mark.pythons
async def test_filter_bar_narrows_as_they_type(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "slash")
        assert app.query_one("#filter-input", Input).has_focus
        await press(pilot, "f", "o", "s")
        prefix = codes(app)
        assert "SS PM23b" in prefix and "SS PM28" in prefix
        await press(pilot, *"tering")
        assert status(app).endswith("'fostering'")
        assert set(codes(app)) <= set(prefix)
        await press(pilot, "r")  # a letter typed into the search, not the Red toggle
        assert "'fosteringr'" in status(app)
        assert codes(app) == []
        assert "No measures match" in screen_text(app)
        await press(pilot, "backspace", "enter")
        assert app.query_one(RagTable).has_focus
        assert not app.query_one("#filter-bar").display
        shown = len(codes(app))
        await press(pilot, "r")
        assert status(app).startswith(f"{len(codes(app))} of 20 measures: Red (quarterly)")
        assert len(codes(app)) <= shown
        await press(pilot, "slash", "escape")  # escape in the bar drops the search only
        assert status(app) == "15 of 20 measures: Red (quarterly)"
        await press(pilot, "escape")  # escape in the table clears the rest
        assert status(app) == "20 of 20 measures: all"


async def test_search_ignores_markup_and_quotes(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "slash", *'"[b', "enter")
        assert "'\"[b'" in status(app)
        assert app.is_running


async def test_moving_and_detail(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        table = app.query_one(RagTable)
        await press(pilot, "j", "j")
        assert table.cursor_row == 2
        assert "Regen PM21" in screen_text(app).split("Detail")[-1]
        await press(pilot, "k")
        assert table.cursor_row == 1
        await press(pilot, "down", "down", "up")
        assert table.cursor_row == 2
        await press(pilot, "enter")
        assert app.query_one(DetailPane).has_focus
        await press(pilot, "j")
        await press(pilot, "escape")
        assert table.has_focus
        assert status(app) == "20 of 20 measures: all"


async def test_detail_shows_the_whole_measure(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        app.query_one(RagTable).select_measure(16)  # SS PM07
        await settle(pilot)
        text = screen_text(app)
        for expected in (
            "SS PM07  also EIISS PM05",
            "Children in Care per 10,000",
            "82.2/10k",
            "↓ Deteriorating",
            "lower is better",
            "Commentary",
        ):
            assert expected in text
        pane = app.query_one(DetailPane)
        pane.focus()
        for _ in range(50):  # the history below may still be arriving: end goes to the end of what is there
            await press(pilot, "end")
            text = screen_text(app)
            if "◀ Apr 2018 (past)" in text:
                break
            await pilot.pause(0.1)
        assert "◀ Apr 2018 (past)" in text
        assert "▶ Nov 2018 (coming)" in text


async def test_enter_opens_full_screen_on_a_small_terminal(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, SMALL) as (app, pilot):
        assert not app.query_one(DirectorateTree).display or "-no-tree" in app.query_one("#main").classes
        await opened(pilot, DetailScreen, "j", "enter")
        assert "YA&H PM08  also NI 155" in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, DetailScreen)
        assert app.query_one(RagTable).has_focus
        await press(pilot, "enter", "q")
        assert not isinstance(app.screen, DetailScreen)
        assert app.is_running


async def test_tab_cycles_panes_and_t_toggles_tree(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        focused = []
        for _ in range(3):
            await press(pilot, "tab")
            focused.append(type(app.focused).__name__)
        assert focused == ["DetailPane", "DirectorateTree", "RagTable"]
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, DirectorateTree)
        main = app.query_one("#main")
        assert "-no-tree" not in main.classes
        await press(pilot, "t")
        assert "-no-tree" in main.classes
        assert "Directorates" not in screen_text(app)
        await press(pilot, "t")
        assert "Directorates" in screen_text(app)


async def test_tree_filters_by_directorate_and_selects_measures(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        tree = app.query_one(DirectorateTree)
        tree.focus()
        await press(pilot, "j", "j", "enter")  # Corporate Resources
        assert status(app) == "5 of 20 measures: Corporate Resources"
        assert codes(app)[0] == "CM PM24"
        await press(pilot, "j", "j", "enter")  # its second measure
        assert app.query_one(RagTable).cursor_row == 1
        assert "CP 08f" in screen_text(app).split("Detail")[-1]
        tree.move_cursor(tree.root)
        await press(pilot, "enter")
        assert status(app) == "20 of 20 measures: all"


async def test_tree_measure_hidden_by_filters_clears_them(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "g")  # only L&I PM23c
        tree = app.query_one(DirectorateTree)
        tree.focus()
        await press(pilot, "j", "enter", "j", "enter")  # Communities & Place, LCT PM03
        assert status(app) == "20 of 20 measures: all"
        assert app.query_one(RagTable).cursor_row == 0


async def test_help_lists_every_key(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await opened(pilot, HelpScreen, "question_mark")
        text = screen_text(app)
        for binding in app.BINDINGS:
            assert binding.description  # type: ignore[union-attr]
        for expected in (
            "Search title",
            "Red",
            "Cycle sort",
            "Periods, changes and reviews",
            "Show only measures changed",
            "Pick a period",
            "Review agenda",
            "Flag the selected measure",
            "Show only flagged measures",
            "Write or edit a note",
            "Write the briefing",
            "review due within 2, 4, 8",
        ):
            assert expected in text
        seen = await read_box_to_end(pilot)  # the editors' keys, the moving keys, then the symbols' legend
        for expected in ("In the note and question editors", "ctrl+a", "ctrl+r", "ctrl+n"):
            assert expected in seen, expected
        for expected in ("tab", "ctrl+p", "escape", "j / down", "Symbols and colours", "Lens signal"):
            assert expected in seen, expected
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.pythons
async def test_q_quits(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, SMALL) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_runs_actions(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        await press(pilot, "ctrl+p")
        await pilot.press(*"Add Red to the RAG filter")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause(0.1)
        await settle(pilot)
        assert status(app) == "15 of 20 measures: Red (quarterly)"


async def test_empty_database_says_how_to_import(empty_db: Path, open_app) -> None:
    async with open_app(empty_db, SMALL) as (app, pilot):
        text = screen_text(app)
        assert "No scorecard imported yet" in text
        assert "scorecard import FILE" in text
        assert "press  i  here" in text
        assert "empty" in status(app)
        await press(pilot, "slash", "r", "s")  # nothing to filter: no crash
        assert app.is_running


async def test_unreadable_database_is_a_message(tmp_path: Path, open_app) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database" * 100)
    async with open_app(bad, SMALL) as (app, _pilot):
        assert "Could not open the database" in screen_text(app)


async def test_i_imports_and_reports_errors(
    empty_db: Path, tmp_path: Path, open_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_pdf = tmp_path / "notes.txt"
    not_pdf.write_text("hello")
    monkeypatch.chdir(tmp_path)  # a short relative path: each key typed costs a pause
    async with open_app(empty_db, SMALL) as (app, pilot):
        await opened(pilot, ImportScreen, "i")
        await press(pilot, *not_pdf.name, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "notes.txt" in str(app.screen.query_one("#import-message", Static).content)
        assert not app._notifications and app.is_running  # said once, in the box: no toast repeating it
        await press(pilot, "escape")
        assert not isinstance(app.screen, ImportScreen)
        assert "No scorecard imported yet" in screen_text(app)


SAMPLE_PDF = Path(__file__).parents[2] / "sample_data" / "derby-scorecard-2018-19-q1.pdf"


@pytest.mark.pythons
@pytest.mark.skipif(not SAMPLE_PDF.exists(), reason="sample PDF not built")
async def test_i_imports_the_sample_pdf(empty_db: Path, open_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLE_PDF.parent)  # a short relative path: each key typed costs a pause
    async with open_app(empty_db, SMALL) as (app, pilot):
        await press(pilot, "i", *SAMPLE_PDF.name, "enter")
        told = False  # the toast lasts a few seconds: look for it while waiting, not after the reload
        for _ in range(600):  # parsing takes about a second, longer on a loaded machine
            told = told or any("imported 20 measures" in str(n.message) for n in app._notifications)
            if told and not isinstance(app.screen, ImportScreen):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert told
        assert status(app) == "20 of 20 measures: all"
        assert len(codes(app)) == 20
