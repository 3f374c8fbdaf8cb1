"""A long title in the lens wraps under its own start (a hanging indent), at every width and after a
live resize: the count, rating and code column stay clear for the eye to run down."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import OpenApp
from pilot_helpers import press, resize, screen_text, settle

TITLE_START = "Average working days per employee"


def continuation(app) -> tuple[int, list[str]]:
    """The column CP 08f's title starts at, and the lines that follow it up to its first badge."""
    lines = screen_text(app).splitlines()
    at = next(i for i, line in enumerate(lines) if TITLE_START in line)
    column = lines[at].index(TITLE_START)
    rest = []
    for line in lines[at + 1 :]:
        inner = line.split("│")[1] if "│" in line else line
        if inner.strip().startswith(("✖", "↯", "◎", "≡")):
            break
        rest.append(line)
    return column, rest


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
async def test_a_long_title_wraps_under_itself_and_again_after_a_resize(
    three_periods_db: Path, open_app: OpenApp, size: tuple[int, int]
) -> None:
    async with open_app(three_periods_db, size) as (app, pilot):
        await press(pilot, "l")
        await settle(pilot)
        for width, height in (size, (100, 30)):
            await resize(pilot, width, height)
            await pilot.pause()
            await settle(pilot)
            column, rest = continuation(app)
            assert rest, "the title wraps at this width"
            for line in rest:
                assert line[:column].strip("│ ") == "", line  # nothing left of the title's column
                assert line[column] != " ", line  # and the words start there
