"""The detail pane's ``Earlier versions``: every note and question an officer rewrote, who and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text

from scorecard_tui.app.lens_render import signal_badge
from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.model import Annotation, shown_time
from scorecard_tui.store.lens import LensQuestion
from scorecard_tui.triage.signals import SignalKind

MAX_SHOWN = 50
"""At most this many earlier versions of one note or question, newest first (the rest are counted)."""


@dataclass(frozen=True)
class Version:
    """One earlier version as the pane shows it."""

    author: str | None
    """Who wrote it; None: the lens suggested it."""
    when: datetime | None
    words: str
    dropped: bool = False


def versions_section(
    notes: Sequence[Annotation], questions: Sequence[LensQuestion], notes_before: int = 0
) -> list[RenderableType]:
    """The earlier versions of a measure's note and of its questions, newest first; nothing when
    none was rewritten. Every word is the officers' and the store's: shown as data, never markup.

    Args:
        notes: The note's versions before the current one, oldest first.
        questions: The measure's questions (:attr:`LensQuestion.earlier` holds their versions).
        notes_before: How many versions the note had before its current one, when more than
            ``notes`` (the oldest were not read).
    """
    rewritten = [q for q in questions if q.earlier or (q.edit and q.signal.kind is not SignalKind.OWN)]
    if not notes and not rewritten:
        return []
    text = Text("\n")
    count = max(len(notes), notes_before) + sum(
        len(q.earlier) + (q.signal.kind is not SignalKind.OWN) for q in rewritten
    )
    text.append(f"Earlier versions ({count})", style="bold underline")
    if notes:
        text.append("\nNote", style="bold")
        _versions(text, [Version(n.author, n.created_at, n.value) for n in notes], notes_before)
    for q in rewritten:
        text.append("\n")
        text.append_text(signal_badge(q.signal.kind, q.badge))
        kept = [Version(v.author, v.created_at, v.text, v.dropped) for v in q.earlier]
        suggested = [Version(None, None, q.suggested)] if q.signal.kind is not SignalKind.OWN else []
        _versions(text, [*suggested, *kept])
    return [text]


def _versions(text: Text, versions: Sequence[Version], total: int = 0) -> None:
    """Each version newest first: ``07 Dec 2026 20:15 by alice`` then its words, indented; at most
    :data:`MAX_SHOWN`, then how many older ones there are (of ``total``, when more than ``versions``)."""
    for v in list(reversed(versions))[:MAX_SHOWN]:
        text.append("\n  ")
        if v.author is None:
            text.append("suggested by the lens", style=muted())
        else:
            text.append(f"{shown_time(v.when.astimezone() if v.when else None)} by ", style=muted())
            text.append_text(literal(v.author, muted(), newlines=False))
            if v.dropped:
                text.append(" (dropped from the briefing)", style=muted("italic"))
        if v.words.strip():
            text.append("\n    ")
            text.append_text(literal(v.words.strip().replace("\n", "\n    ")))
        elif not v.dropped:
            text.append("\n    (empty)", style=muted("italic"))
    if (older := max(len(versions), total) - MAX_SHOWN) > 0:
        text.append(
            f"\n  … and {older} older (every version stays in the database: its annotations and questions tables)",
            style=muted(),
        )
