"""Helpers for driving the app in tests."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait until workers are done and their messages handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: App) -> str:
    """Every character on the screen, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
