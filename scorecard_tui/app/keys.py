"""Every key the app answers to: one list feeds the bindings, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One app-wide key."""

    id: str
    """Binding id, for keymaps."""
    key: str
    action: str
    short: str
    """Footer label."""
    long: str
    """What it does, for the help screen and the command palette."""
    display: str
    """The key as the help screen shows it."""
    show: bool = True
    group: str = "Filter and sort"
    """The help screen's section."""
    footer_group: Binding.Group | None = None
    """Keys the footer shows together under one label (``r a g  RAG filter``)."""


FILTER = "Filter and sort"
TRIAGE = "Periods, changes and reviews"
OFFICER = "Flags, notes and the briefing"
PANES = "Panes and the app"
GROUPS = (FILTER, TRIAGE, OFFICER, PANES)
"""The help screen's sections, in order."""

REPORT_INFO_KEY = "I"
"""Opens the report's own facts and the rows its import left out: the header and the import say so by it."""

RAG_FILTER = Binding.Group("RAG filter")
"""r, a and g add their rating to the filter or take it out: the footer says so once."""

APP_KEYS: tuple[Key, ...] = (
    Key("help", "question_mark", "app.help", "Help", "Show every key", "?", group=PANES),
    Key(
        "search",
        "slash",
        "open_filter",
        "Search",
        "Search title, code, commentary, actions and review (again: edit it, or bring back one dropped)",
        "/",
    ),
    Key(
        "toggle-red",
        "r",
        "toggle_rag('Red')",
        "Red",
        "Add Red to the RAG filter, or take it out (from all measures: only Red)",
        "r",
        footer_group=RAG_FILTER,
    ),
    Key(
        "toggle-amber",
        "a",
        "toggle_rag('Amber')",
        "Amber",
        "Add Amber to the RAG filter, or take it out (from all measures: only Amber)",
        "a",
        footer_group=RAG_FILTER,
    ),
    Key(
        "toggle-green",
        "g",
        "toggle_rag('Green')",
        "Green",
        "Add Green to the RAG filter, or take it out (from all measures: only Green)",
        "g",
        footer_group=RAG_FILTER,
    ),
    Key(
        "toggle-blue",
        "b",
        "toggle_rag('Blue')",
        "Blue",
        "Add Blue (BRAG: exceeded or complete) to the RAG filter, or take it out",
        "b",
        show=False,
    ),
    Key(
        "switch-basis",
        "f",
        "switch_basis",
        "Qtr/Fcst",
        "Switch RAG filters and sort between quarterly and forecast",
        "f",
    ),
    Key(
        "cycle-direction",
        "d",
        "cycle_direction",
        "Direction",
        "Cycle direction of travel: any, Deteriorating, Stabilised, Improving",
        "d",
    ),
    Key("cycle-sort", "s", "cycle_sort", "Sort", "Cycle sort: as published, worst first, by code, by next review", "s"),
    Key(
        "sort-menu",
        "S",
        "sort_menu",
        "Sort by",
        "Sort by any column (a menu; again on the same column: the other way); a click on a heading does the same",
        "S",
        show=False,
    ),
    Key(
        "changed-only",
        "c",
        "toggle_changed",
        "Changed",
        "Show only measures changed since the previous period (RAG better or worse, or new);"
        " again: worse only; again: all",
        "c",
        group=TRIAGE,
    ),
    Key(
        "cycle-due",
        "w",
        "cycle_due",
        "Due",
        "Show only measures with a review due within 2, 4, 8 or 13 weeks (cycles; off again)",
        "w",
        show=False,
        group=TRIAGE,
    ),
    Key("pick-period", "p", "pick_period", "Period", "Pick a period from the list", "p", group=TRIAGE),
    Key(
        "previous-period",
        "left_square_bracket",
        "step_period(-1)",
        "Prev period",
        "Step to the previous period",
        "[",
        show=False,
        group=TRIAGE,
    ),
    Key(
        "next-period",
        "right_square_bracket",
        "step_period(1)",
        "Next period",
        "Step to the next period",
        "]",
        show=False,
        group=TRIAGE,
    ),
    Key(
        "agenda",
        "v",
        "agenda",
        "Agenda",
        "Review agenda: every review date by month and body, then what to chase; enter jumps to the measure",
        "v",
        group=TRIAGE,
    ),
    Key(
        "lens",
        "l",
        "lens",
        "Lens",
        "Scrutiny lens: measures with signals, most and worst first; enter jumps; m n e c act on one, h hides"
        " the handled",
        "l",
        group=TRIAGE,
    ),
    Key(
        "cycle-flag",
        "m",
        "cycle_flag",
        "Flag",
        "Flag the selected measure for the meeting: none, watch, raise (cycles)",
        "m",
        group=OFFICER,
    ),
    Key("flagged-only", "F", "toggle_flagged", "Flagged", "Show only flagged measures", "F", show=False, group=OFFICER),
    Key("edit-note", "n", "edit_note", "Note", "Write or edit a note on the selected measure", "n", group=OFFICER),
    Key(
        "edit-questions",
        "e",
        "edit_questions",
        "Questions",
        "Edit, drop or add questions for the meeting on the selected measure (the lens suggests them; ctrl+n adds"
        " your own)",
        "e",
        show=False,
        group=OFFICER,
    ),
    Key(
        "edit-history",
        "H",
        "edit_history",
        "Versions",
        "Every earlier version of the selected measure's note, questions and flag: who, when, what (the detail"
        " shows the last 10 of each)",
        "H",
        show=False,
        group=OFFICER,
    ),
    Key(
        "copy-measure",
        "y",
        "copy_measure",
        "Copy",
        "Copy the selected measure to the clipboard as a paragraph: title, ratings, figures, trend, first question",
        "y",
        show=False,
        group=OFFICER,
    ),
    Key(
        "write-briefing",
        "x",
        "write_briefing",
        "Briefing",
        "Write the briefing (whole report, the measures in view or the flagged) as Markdown, Word or CSV, with a"
        " protective marking (the report's own to start with), in the current folder",
        "x",
        group=OFFICER,
    ),
    Key(
        "wide-titles",
        "W",
        "toggle_wide_titles",
        "Wide titles",
        "Wide titles: the Measure column takes all the room the ratings leave (tree hidden, detail below); again: back",
        "W",
        show=False,
        group=PANES,
    ),
    Key("toggle-tree", "t", "toggle_tree", "Tree", "Show or hide the directorate tree", "t", show=False, group=PANES),
    Key("next-pane", "tab", "app.focus_next", "Next pane", "Move to the next pane", "tab", show=False, group=PANES),
    Key(
        "previous-pane",
        "shift+tab",
        "app.focus_previous",
        "Previous pane",
        "Move to the previous pane",
        "shift+tab",
        show=False,
        group=PANES,
    ),
    Key(
        "import",
        "i",
        "import_file",
        "Import",
        "Import a scorecard (PDF, spreadsheet, .csv, tab-separated text, web page); tab completes the path",
        "i",
        show=False,
        group=PANES,
    ),
    Key(
        "report-info",
        REPORT_INFO_KEY,
        "report_info",
        "This report",
        "This report: its file, sha256, source, pages and header row, and every row an import left out (not read)",
        REPORT_INFO_KEY,
        show=False,
        group=PANES,
    ),
    Key(
        "reload",
        "R",
        "reload",
        "Reload",
        "Reload from the database (when someone has imported a report)",
        "R",
        show=False,
        group=PANES,
    ),
    Key(
        "quit",
        "q",
        "app.quit",
        "Quit",
        "Quit (a note or questions changed and not saved: asks first)",
        "q",
        group=PANES,
    ),
)

MOVING_KEYS: tuple[tuple[str, str], ...] = (
    ("j / down", "Next row (scroll down in the detail pane)"),
    ("k / up", "Previous row (scroll up in the detail pane)"),
    ("left / right", "Scroll the table sideways (only when the terminal is too narrow for every column)"),
    ("pgup / pgdn", "Page down and up in the table or detail pane"),
    ("home / end", "First and last measure in the table; top and bottom of the detail pane"),
    ("enter", "Table: open the measure in the detail pane (full screen when small); tree: choose"),
    ("escape", "Table: clear every filter; detail: back to the table; search: drop the search; dialogs: close"),
    ("enter (in search)", "Keep the search and go back to the table"),
    ("ctrl+p", "Command palette: every action by name"),
)

EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+s", "Editor: save the note or questions (a new version; the earlier ones stay, listed in the detail)"),
    (
        "escape (in editor)",
        "Editor: close; when something changed it asks: s save, d discard, escape (or k) keep editing",
    ),
    ("ctrl+a", "Editor: select all the text, so what you type replaces it (home: start of the line)"),
    ("ctrl+r", "Question editor: drop the question being edited from the briefing, or keep it again"),
    ("ctrl+n", "Question editor: add a question of your own (on any measure; it goes to the briefing as the others)"),
)
"""The keys of the note and question editors (their own bindings: listed for the help screen and README)."""


WRITE_ACTIONS = {
    "cycle_flag": "Flagging",
    "edit_note": "Writing notes",
    "edit_questions": "Editing questions",
    "import_file": "Importing",
}
"""Actions that change the database, and what to call them when the store is read-only."""


def view_bindings() -> list[Binding]:
    """The main screen's bindings, with ids; in a read-only session the writing keys say why they do nothing."""
    bindings = [Binding(k.key, k.action, k.short, show=k.show, id=k.id, group=k.footer_group) for k in APP_KEYS]
    refusals = [
        Binding(k.key, f"refuse_write('{WRITE_ACTIONS[k.action]}')", k.short, show=False, id=f"{k.id}-read-only")
        for k in APP_KEYS
        if k.action in WRITE_ACTIONS
    ]
    return bindings + refusals


def forwarded_bindings() -> list[Binding]:
    """The main screen's bindings for a screen in front of it that passes them on (a measure full screen)."""
    return [
        Binding(b.key, f"forward({b.action!r})", b.description, show=b.show, id=f"{b.id}-forwarded", group=b.group)
        for b in view_bindings()
    ]


def app_bindings() -> list[Binding]:
    """The app-wide keys (help, quit, moving between panes): every screen that does not take them has them."""
    return [Binding(k.key, k.action, k.short, show=k.show, id=k.id) for k in APP_KEYS if k.action.startswith("app.")]
