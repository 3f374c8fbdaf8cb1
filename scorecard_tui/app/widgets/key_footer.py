"""KeyFooter: Textual's footer, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

try:  # Textual's own (not exported): without it, keys are made as Textual makes them
    from textual.widgets._footer import FooterKey
except ImportError:  # pragma: no cover - a later Textual
    FooterKey = None  # type: ignore[assignment,misc]  # None stands for "not there" in this Textual

Shown = tuple[tuple[object, ...], ...]
"""What the footer shows: each key's binding, whether it is enabled, and its tooltip."""


class KeyFooter(Footer):
    """The footer of keys. Textual's rebuilds every key (each widget mounted and restyled again)
    for each change of focus or bindings, even when the keys shown stay the same: opening the
    app ran six rebuilds of the same keys, ~25 ms each beside the store's first read. This one
    has at most one rebuild queued, which reads the bindings as they are when it runs and does
    nothing when they show what is already shown."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_queued = False
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_queued:
            return
        super().bindings_changed(screen)
        mine = self.is_attached and screen is self.screen
        if mine and not screen.app.app_focus and self._shown is None:
            # Textual's footer waits for the app to have focus; a browser tab (``scorecard serve``) reports
            # none until it is clicked, so the first frame had no keys. The first keys are shown regardless.
            self.call_after_refresh(self.recompose)
            self._rebuild_queued = True
            return
        # queued when the base class queued it (the same test as its own)
        self._rebuild_queued = bool(screen.app.app_focus and mine)

    def _keys_shown(self) -> Shown:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        """Textual's keys, each made in the footer's style: a key started compact and was made
        wide once mounted, every key styled twice at each rebuild (~0.5 ms a key). The palette's
        key is left as Textual makes it (compact, whatever the footer's style)."""
        for widget in super().compose():
            if FooterKey is not None and isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached or self._pruning:
            return  # taken off the screen (the app closing) since the rebuild was queued
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
