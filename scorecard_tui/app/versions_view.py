"""The detail pane's ``Earlier versions``: every note and question an officer rewrote, who and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text

from scorecard_tui.app.lens_render import signal_badge
from scorecard_tui.app.render import flag_badge, muted
from scorecard_tui.app.safe import literal
from scorecard_tui.model import Annotation, Flag, shown_time
from scorecard_tui.store.lens import LensQuestion
from scorecard_tui.triage.signals import SignalKind

MAX_SHOWN = 10
"""At most this many earlier versions of one note, question or flag in the pane, newest first (the
rest are counted, and ``H`` shows every one)."""


@dataclass(frozen=True)
class Version:
    """One earlier version as the pane shows it."""

    author: str | None
    """Who wrote it; None: the lens suggested it."""
    when: datetime | None
    words: str
    dropped: bool = False


def versions_section(
    notes: Sequence[Annotation],
    questions: Sequence[LensQuestion],
    notes_before: int = 0,
    flags: Sequence[Annotation] = (),
    shown: int | None = MAX_SHOWN,
    flags_set: int = 0,
) -> list[RenderableType]:
    """The earlier versions of a measure's note, of its questions and of its flag, newest first;
    nothing when none was rewritten. Every word is the officers' and the store's: shown as data,
    never markup.

    Args:
        notes: The note's versions before the current one, oldest first.
        questions: The measure's questions (:attr:`LensQuestion.earlier` holds their versions).
        notes_before: How many versions the note had before its current one, when more than
            ``notes`` (the oldest were not read).
        flags: The flag's versions, the current one last, when it was set more than once.
        shown: At most this many of each (None: every one).
        flags_set: How many times the flag was set, when more than ``flags`` (the oldest were not read).
    """
    rewritten = [q for q in questions if q.earlier or (q.edit and q.signal.kind is not SignalKind.OWN)]
    flags = flags if len(flags) > 1 else ()
    if not notes and not rewritten and not flags:
        return []
    text = Text("\n")
    count = (
        max(len(notes), notes_before)
        + sum(len(q.earlier) + (q.signal.kind is not SignalKind.OWN) for q in rewritten)
        + max(0, max(len(flags), flags_set) - 1)
    )
    text.append(f"Earlier versions ({count})", style="bold underline")
    if notes:
        text.append("\nNote", style="bold")
        _versions(text, [Version(n.author, n.created_at, n.value) for n in notes], notes_before, shown)
    for q in rewritten:
        text.append("\n")
        text.append_text(signal_badge(q.signal.kind, q.badge))
        kept = [Version(v.author, v.created_at, v.text, v.dropped) for v in q.earlier]
        suggested = [Version(None, None, q.suggested)] if q.signal.kind is not SignalKind.OWN else []
        _versions(text, [*suggested, *kept], shown=shown)
    if flags:
        text.append("\nFlag", style="bold")
        _flags(text, flags, shown, flags_set)
    return [text]


def _versions(text: Text, versions: Sequence[Version], total: int = 0, shown: int | None = MAX_SHOWN) -> None:
    """Each version newest first: ``07 Dec 2026 20:15 by alice`` then its words, indented; at most
    ``shown``, then how many older ones there are (of ``total``, when more than ``versions``)."""
    for v in list(reversed(versions))[:shown]:
        text.append("\n  ")
        if v.author is None:
            text.append("suggested by the lens", style=muted())
        else:
            _by(text, v.when, v.author)
            if v.dropped:
                text.append(" (dropped from the briefing)", style=muted("italic"))
        if v.words.strip():
            text.append("\n    ")
            text.append_text(literal(v.words.strip().replace("\n", "\n    ")))
        elif not v.dropped:
            text.append("\n    (empty)", style=muted("italic"))
    _older(text, max(len(versions), total), shown)


def _flags(text: Text, flags: Sequence[Annotation], shown: int | None, total: int = 0) -> None:
    """Each setting of the flag newest first, one a line: ``⚑ RAISE  07 Dec 2026 20:15 by alice``,
    the current one marked ``(now)``; at most ``shown`` before it (of ``total``, when more than ``flags``)."""
    newest = list(reversed(flags))
    for n, flag in enumerate(newest[: None if shown is None else shown + 1]):
        text.append("\n  ")
        value = Flag(flag.value) if flag.value in _FLAGS else Flag.NONE
        text.append_text(flag_badge(value) if value is not Flag.NONE else Text("cleared", style="italic"))
        text.append("  ")
        _by(text, flag.created_at, flag.author)
        if n == 0:
            text.append(" (now)", style=muted("italic"))
    _older(text, max(len(flags), total) - 1, shown)


_FLAGS = frozenset(f.value for f in Flag)


def _by(text: Text, when: datetime | None, author: str | None) -> None:
    text.append(f"{shown_time(when.astimezone() if when else None)} by ", style=muted())
    text.append_text(literal(author or "unknown", muted(), newlines=False))


def _older(text: Text, total: int, shown: int | None) -> None:
    """How many versions are not shown, and where to see them."""
    if shown is not None and (older := total - shown) > 0:
        text.append(f"\n  … and {older} older (H shows every version)", style=muted())
