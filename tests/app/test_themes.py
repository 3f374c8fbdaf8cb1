"""Themes: every colour is the theme's and reads at 4.5:1 in each built-in theme; the chosen theme is kept.

The contrast is measured on what the app draws: the screen as the terminal gets it (the
compositor's output, every colour resolved), each character against its own background.
The ANSI themes take the terminal's own colours, which the app cannot know: they are
measured as Textual's default terminal palette draws them.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from pilot_helpers import notices, select, settle
from rich.console import Console
from rich.style import Style
from textual.css.stylesheet import Stylesheet
from textual.theme import BUILTIN_THEMES

from scorecard_tui.app.app import ScorecardApp
from scorecard_tui.app.palette import MIN_CONTRAST, contrast, grounds, palette_for, readable_variables
from scorecard_tui.app.settings import Settings, load_settings, save_settings, settings_path
from scorecard_tui.model import Flag, Rag
from scorecard_tui.store import Store

LINES = set("─│├└┬┴┼╭╮╰╯▁▂▃▄▅▆▇█▔▏▕ ")
"""Borders, tree guides, scrollbars and sparkline bars: drawn, not read."""


@pytest.fixture
def flagged_db(two_periods_db: Path) -> Path:
    with Store(two_periods_db) as store:
        q2 = store.latest_report()
        store.annotations.set_flag(q2, "YA&H PM08", Flag.RAISE, author="officer")
        store.annotations.set_flag(q2, "CM PM24", Flag.WATCH, author="officer")
    return two_periods_db


def _hex(colour, app: ScorecardApp, *, foreground: bool) -> str:
    r, g, b = colour.get_truecolor(app.ansi_theme, foreground=foreground)
    return f"#{r:02x}{g:02x}{b:02x}"


def unreadable(app: ScorecardApp) -> list[str]:
    """Each run of text on the screen with less than 4.5:1 contrast: ``ratio fg on bg 'text' (line)``."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found: list[str] = []
    y = 0
    for text, style, control in console.render(update):
        if control:
            continue
        if "\n" in text:
            y += text.count("\n")
            continue
        if set(text) <= LINES or style is None:
            continue
        assert style.color is not None and style.bgcolor is not None, (text, y)
        fg, bg = _hex(style.color, app, foreground=True), _hex(style.bgcolor, app, foreground=False)
        if style.reverse:
            fg, bg = bg, fg
        if (ratio := contrast(fg, bg)) < MIN_CONTRAST:
            found.append(f"{ratio:.2f} {fg} on {bg} {text.strip()!r} (line {y})")
    return found


async def test_every_text_on_the_main_screen_reads_at_4_5_to_1_in_every_built_in_theme(flagged_db: Path) -> None:
    """The whole main screen (header, tree, table with badges, flags, changes and overdue reviews, the
    detail, status and footer), with the cursor on a flagged row, in every built-in theme, with the
    table focused and then the tree (the table's cursor then unfocused)."""
    app = ScorecardApp(flagged_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await select(pilot, "YA&H PM08")
        checked = 0
        for name in BUILTIN_THEMES:
            app.theme = name
            await settle(pilot)
            app.query_one("#table").focus()
            await settle(pilot)
            assert unreadable(app) == [], name
            app.query_one("#tree").focus()
            await settle(pilot)
            assert unreadable(app) == [], f"{name}, tree focused"
            checked += 1
    assert checked == len(BUILTIN_THEMES) >= 20


@pytest.mark.parametrize("key", ["l", "v"], ids=["lens", "agenda"])
async def test_the_lens_and_the_agenda_read_at_4_5_to_1_in_every_theme_chosen_while_open(
    three_periods_db: Path, key: str
) -> None:
    """The list screens, every signal in the demo's Q3 on them: the theme changed while each is open
    (its rows are drawn again in the new theme's colours)."""
    app = ScorecardApp(three_periods_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        for name in BUILTIN_THEMES:
            app.theme = name
            await settle(pilot)
            await pilot.pause(0.1)
            assert app.screen is screen
            assert unreadable(app) == [], name


def test_badges_and_marks_read_on_every_row_and_the_selected_row_in_every_theme() -> None:
    """Each rating badge's text on its fill, and each coloured word (better, worse, new, overdue,
    watch, muted) on every pane and row background, and the cursor's text on the cursor."""
    for name, theme in BUILTIN_THEMES.items():
        if theme.ansi:
            continue
        variables = readable_variables({**theme.to_color_system().generate(), **theme.variables})
        palette = palette_for(variables, ScorecardApp.ansi_theme_dark, dark=theme.dark, sixteen=False)
        for rag in Rag:
            badge = Style.parse(palette.rag[rag])
            assert badge.color and badge.bgcolor
            fg, bg = (c.get_truecolor().hex for c in (badge.color, badge.bgcolor))
            assert contrast(fg, bg) >= MIN_CONTRAST, (name, rag)
        words = {"good": palette.good, "bad": palette.bad, "new": palette.new, "muted": palette.muted}
        words["watch"] = palette.watch_flag.split()[-1]
        for role, colour in words.items():
            for ground in grounds(variables):
                assert contrast(colour, ground) >= MIN_CONTRAST, (name, role, colour, ground)
        cursor, text = variables["block-cursor-background"], variables["block-cursor-foreground"]
        assert contrast(text[:7], cursor[:7]) >= MIN_CONTRAST, name
        raise_flag = Style.parse(palette.raise_flag)
        assert raise_flag.color and raise_flag.bgcolor
        assert contrast(raise_flag.color.get_truecolor().hex, raise_flag.bgcolor.get_truecolor().hex) >= 4.5


async def test_the_chosen_theme_is_kept_and_restored(flagged_db: Path, own_config_folder: Path) -> None:
    """Chosen in the palette (the app's theme set), written to the user's settings, mode 0600; the
    next start opens in it, its badges in its colours."""
    path = settings_path()
    assert path.is_relative_to(own_config_folder)  # XDG_CONFIG_HOME respected
    first = ScorecardApp(flagged_db)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not path.exists()  # nothing chosen, nothing written
        first.theme = "textual-light"
        await settle(pilot)
    assert load_settings(path) == (Settings(theme="textual-light"), None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = ScorecardApp(flagged_db)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
        light = palette_for(again.get_css_variables(), again.ansi_theme, dark=False, sixteen=False)
        cell = again.query_one("#table").get_row_at(0)  # type: ignore[attr-defined]
        badges = [str(c.style) for c in cell if c.plain.startswith(("✖", "▲", "✔"))]
        assert badges and set(badges) <= set(light.rag.values())


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b'["textual-light"]', "not a JSON object"),
        (b'{"theme": "[bold red]x\\u001b[2J"}', "the theme is not a theme name"),
        (b'{"theme": 12}', "the theme is not a theme name"),
        (b'{"theme": "' + b"a" * 5000 + b'"}', "more than a settings file holds"),
    ],
)
def test_bad_settings_are_ignored_with_one_line(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings, notice = load_settings(path)
    assert settings == Settings()
    assert notice is not None and says in notice and "\n" not in notice and "\x1b" not in notice


def test_settings_are_never_read_or_written_through_a_link(tmp_path: Path) -> None:
    """A link in the settings' place (to a file of someone else's): not read, not followed, not replaced."""
    target = tmp_path / "theirs.json"
    target.write_text('{"theme": "nord"}')
    link = tmp_path / "settings.json"
    link.symlink_to(target)
    settings, notice = load_settings(link)
    assert settings == Settings() and notice is not None and "is a link" in notice
    with pytest.raises(OSError, match="is a link; not replacing it"):
        save_settings(Settings(theme="dracula"), link)
    assert target.read_text() == '{"theme": "nord"}' and link.is_symlink()


def test_a_pipe_in_the_settings_place_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "settings.json"
    os.mkfifo(pipe)
    settings, notice = load_settings(pipe)
    assert settings == Settings() and notice is not None and "is a pipe" in notice


def test_settings_are_written_for_the_user_alone_and_replace_the_old(tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.json"
    save_settings(Settings(theme="nord"), path)
    save_settings(Settings(theme="dracula"), path)
    assert load_settings(path) == (Settings(theme="dracula"), None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left


async def test_a_bad_or_unknown_theme_in_the_settings_says_so_and_opens_in_the_default(
    flagged_db: Path,
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"theme": "no-such-theme"}')
    app = ScorecardApp(flagged_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n and "not known" in n for n in notices(app))
    path.write_text("{broken")
    app = ScorecardApp(flagged_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("not valid JSON; ignored" in n for n in notices(app))
    assert path.read_text() == "{broken"  # left for the user to mend, not overwritten


async def test_a_kept_theme_is_the_first_frame_s_styled_once(flagged_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The theme chosen last time is set before the stylesheet is first read: the first frame is drawn
    in it, and the whole stylesheet is not parsed and applied a second time as the app starts (~5 ms
    of every start-up); a theme chosen later still redraws everything in it."""
    save_settings(Settings(theme="textual-light"), settings_path())
    monkeypatch.setenv("COLORTERM", "truecolor")  # a test's app draws in 24-bit colour: so does this terminal
    reparsed: list[str] = []
    reparse = Stylesheet.reparse

    def counted(stylesheet: Stylesheet) -> None:
        reparsed.append("reparse")
        reparse(stylesheet)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = ScorecardApp(flagged_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert reparsed == []
        light = BUILTIN_THEMES["textual-light"].background
        assert app.screen.styles.background.hex.lower() == str(light).lower()
        assert app.has_class("-light-mode") and app.has_class("-theme-textual-light")
        assert notices(app) == []
        app.theme = "nord"
        await settle(pilot)
        assert reparsed == ["reparse"]
        assert app.screen.styles.background.hex.lower() == str(BUILTIN_THEMES["nord"].background).lower()
    assert load_settings(settings_path()) == (Settings(theme="nord"), None)
