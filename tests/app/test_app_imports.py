"""Screens reach the app through ``session.Session`` (the full-screen detail its owner through
``DetailOwner``, the palette through ``PaletteApp``), never by importing the App class that
imports them: the circle test in ``test_import_hygiene`` counts every import, these name the rule."""

from __future__ import annotations

from tests.test_import_hygiene import _graph

APP = "scorecard_tui.app.app"


def test_no_screen_or_part_of_the_app_imports_the_app_class() -> None:
    graph = _graph()
    importers = sorted(m for m, deps in graph.items() if APP in deps and m.startswith("scorecard_tui.app."))
    assert graph["scorecard_tui.app"] >= {APP} and not importers  # create_app builds it; nothing it shows imports it


def test_the_main_screen_reads_the_app_through_the_session() -> None:
    graph = _graph()
    main = graph["scorecard_tui.app.screens.main"]
    assert "scorecard_tui.app.session" in main
    assert not [m for m in graph["scorecard_tui.app.screens.detail"] if m.endswith(".main")]
    assert "scorecard_tui.app.session" in graph["scorecard_tui.app.screens.editor_dialog"]
