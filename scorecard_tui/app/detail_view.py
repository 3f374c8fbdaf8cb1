"""The whole measure for the detail pane: status, officers' flag and note, history, narrative, reviews."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.console import Group, RenderableType
from rich.text import Text

from scorecard_tui.app.data import LoadedReport
from scorecard_tui.app.history import history_section
from scorecard_tui.app.lens_render import measure_promises, promises_section, signals_section
from scorecard_tui.app.render import (
    change_badge,
    direction_lines,
    flag_badge,
    muted,
    review_list,
    review_text,
    section,
    status_table,
)
from scorecard_tui.app.safe import literal
from scorecard_tui.app.versions_view import MAX_SHOWN, versions_section
from scorecard_tui.model import Annotation, Flag, Measure, ReportInfo, shown_time
from scorecard_tui.store.lens import LensQuestion
from scorecard_tui.triage.changes import Change
from scorecard_tui.triage.signals import PromiseState, is_due


@dataclass(frozen=True)
class DetailContext:
    """What the detail view shows around a measure."""

    fetched_at: datetime | date | None = None
    """When the report was fetched (else its period's end): review months before it are past."""
    as_of: date | None = None
    """Reviews before this date are past (None: as the report says)."""
    period: str | None = None
    history: Sequence[tuple[ReportInfo, Measure]] = ()
    change: Change | None = None
    previous: str | None = None
    """The previous period's label, if held."""
    flag: Flag = Flag.NONE
    note: Annotation | None = None
    note_versions: int = 0
    """Versions the note has had, the current one included."""
    earlier_notes: tuple[Annotation, ...] = ()
    """The note's latest versions before the current one, oldest first."""
    earlier_count: int = 0
    """How many versions came before the current note (more than ``earlier_notes`` when some were not read)."""
    flag_history: tuple[Annotation, ...] = ()
    """The flag's versions (raised, watched, cleared), oldest first, when it was set more than once."""
    flag_count: int = 0
    """How many times the flag was set (more than ``flag_history`` when the oldest were not read)."""
    versions_shown: int = MAX_SHOWN
    """At most this many earlier versions of each note, question and flag are shown."""
    signals: tuple[LensQuestion, ...] = ()
    """The measure's lens signals due as of the view's date, worst first, with their questions."""
    promises: tuple[PromiseState, ...] = ()
    """The dated promises its commentary and actions made in the periods of its history, kept or not."""
    search: str = ""
    """The search in force: its words are highlighted."""


def context_for(report: LoadedReport | None, measure: Measure, as_of: date | None) -> DetailContext:
    """What the detail view shows around a measure of a loaded report."""
    if report is None:
        return DetailContext(as_of=as_of)
    notes = report.annotations
    due_by = as_of or report.info.as_of
    return DetailContext(
        fetched_at=report.info.fetched_at or report.info.as_of,
        as_of=as_of,
        period=report.info.period,
        history=report.history.get(measure.key, ()),
        change=report.changes.get(measure.key),
        previous=report.previous.period if report.previous else None,
        flag=notes.flags.get(measure.key, Flag.NONE),
        note=notes.notes.get(measure.key),
        note_versions=notes.note_versions.get(measure.key, 0),
        earlier_notes=notes.earlier_notes.get(measure.key, ()),
        earlier_count=notes.earlier_counts.get(measure.key, 0),
        flag_history=notes.flag_histories.get(measure.key, ()),
        flag_count=notes.flag_counts.get(measure.key, 0),
        signals=tuple(q for q in report.lens.get(measure.key, ()) if is_due(q.signal, due_by)),
        promises=measure_promises(report.history.get(measure.key, ()), report.info, measure),
    )


def detail(measure: Measure, context: DetailContext | None = None) -> RenderableType:
    """The whole measure: codes, title, RAGs, flag and note, history, narrative and reviews."""
    context = context or DetailContext()
    head = Text.assemble(literal(measure.code, "bold", newlines=False))
    if measure.alt_codes:
        head.append("  also ")
        head.append_text(literal(", ".join(measure.alt_codes), newlines=False))
    head.append("\n")
    head.append_text(literal(measure.directorate, "italic", newlines=False))
    title = literal(measure.title, "bold", newlines=False)
    parts: list[RenderableType] = [head, title, *signals_section(context.signals), *promises_section(context.promises)]
    parts += [Text(""), status_table(measure), direction_lines(measure)]
    if line := change_line(context):
        parts.append(line)
    parts += officer_lines(context)
    parts += versions_section(
        context.earlier_notes,
        context.signals,
        context.earlier_count,
        context.flag_history,
        context.versions_shown,
        context.flag_count,
    )
    if context.history:
        parts += [Text(""), history_section(context.history, context.period)]
    parts += [
        *section("Commentary", literal(measure.commentary)),
        *section("Actions", literal(measure.actions)),
        *section("Review", review_text(measure, context.fetched_at, context.as_of)),
    ]
    highlight(parts, context.search)
    return Group(*parts, review_list(measure, context.as_of))


SEARCH_MATCH = "bold reverse"
"""A search word where it appears in the measure's text: its own colours swapped, which reads in
every theme, in 16 colours and without colour."""


def highlight(parts: Sequence[RenderableType], search: str) -> None:
    """Mark each word of ``search`` (and longer words starting with it, as the search finds them)
    in the plain-text parts."""
    words = [w for w in re.findall(r"\w+", search.lower()) if w]
    if not words:
        return
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    for part in parts:
        if isinstance(part, Text):
            part.highlight_regex(pattern, style=SEARCH_MATCH)


def change_line(context: DetailContext) -> Text | None:
    """``Change     ⇩ worse since 2018/19 Q1``, or None without an earlier period."""
    if context.previous is None or context.change is None:
        return None
    text = Text("Change     ")
    if context.change is Change.SAME:
        text.append(f"RAG unchanged since {context.previous}", style=muted())
    elif context.change is Change.NEW:
        text.append_text(change_badge(context.change))
        text.append(f": not in {context.previous}")
    else:
        text.append_text(change_badge(context.change))
        text.append(f" since {context.previous}")
    return text


def officer_lines(context: DetailContext) -> list[RenderableType]:
    """The flag and the current note, with who wrote it, when, and how many earlier versions."""
    if context.flag is Flag.NONE and context.note is None:
        return []
    text = Text("\n")
    if context.flag is not Flag.NONE:
        text.append("Flag       ")
        text.append_text(flag_badge(context.flag))
        text.append(" for the meeting\n")
    if note := context.note:
        earlier = context.note_versions - 1
        when = shown_time(note.created_at.astimezone() if note.created_at else None)
        text.append("Note", style="bold underline")
        text.append("  by ")
        text.append_text(literal(note.author, newlines=False))
        text.append(f"\n{when}", style=muted())
        if earlier > 0:
            text.append(f" · {earlier} earlier version{'s' if earlier != 1 else ''} below", style=muted())
        text.append("\n")
        text.append_text(literal(note.value))
    text.rstrip()
    return [text]
