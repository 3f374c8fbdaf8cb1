"""ReportHeader: report name, period, fetch time and RAG counts of the measures in view.

Each line is laid out for the header's width by priority: the period, the report's name
(its short form when the full one does not fit), the report's own warning lines and the
count of measures that got worse always stay; the fetch time, the long labels and the
other counts give way first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import Static

from scorecard_tui.app.keys import REPORT_INFO_KEY
from scorecard_tui.app.palette import current
from scorecard_tui.app.render import muted, rag_summary
from scorecard_tui.app.safe import literal
from scorecard_tui.app.view import Basis, Marks
from scorecard_tui.model import NO_SOURCE, Measure, ReportInfo
from scorecard_tui.triage.changes import Change

SHORT_NAME_MAX = 30
"""A short name longer than this is cut with an ellipsis."""
SUBTITLE_MIN = 6
"""The subtitle keeps at least this many cells (its two spaces and a word's start) when cut to make room."""
_NAME_PARTS = re.compile(r"\s+[-–—|]\s+|:\s+")
_SUBTITLE_PARTS = re.compile(r":\s+")


def short_name(name: str) -> str:
    """A report name's short form: its last part ("Improvement Report - Council Scorecard":
    "Council Scorecard"), at most ``SHORT_NAME_MAX`` cells."""
    parts = [p for p in _NAME_PARTS.split(name.strip()) if p.strip()]
    short = parts[-1].strip() if parts else name.strip()
    return short if len(short) <= SHORT_NAME_MAX else short[: SHORT_NAME_MAX - 1].rstrip() + "…"


Variants = list[Text | None]
"""One part of a header line, longest form first; None: left out."""


def fit_line(parts: Sequence[Variants], steps: Sequence[int], width: int, elastic: int | None = None) -> Text:
    """A header line of ``parts`` within ``width`` cells: while it is too wide, each step in
    turn moves a part (by index) to its next, shorter form; then the ``elastic`` part is cut
    with an ellipsis, then the line itself."""
    chosen = [0] * len(parts)

    def line() -> Text:
        return Text("").join(t for p, i in zip(parts, chosen, strict=True) if (t := p[i]) is not None)

    text = line()
    for index in steps:
        if text.cell_len <= width:
            break
        chosen[index] = min(chosen[index] + 1, len(parts[index]) - 1)
        text = line()
    if text.cell_len > width and elastic is not None and (part := parts[elastic][chosen[elastic]]) is not None:
        over = text.cell_len - width
        if part.cell_len - over >= min(SUBTITLE_MIN, part.cell_len):
            cut = part.copy()
            cut.truncate(part.cell_len - over, overflow="ellipsis")
            variants = list(parts[elastic])
            variants[chosen[elastic]] = cut
            parts = [*parts[:elastic], variants, *parts[elastic + 1 :]]
            text = line()
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


@dataclass(frozen=True)
class HeaderFacts:
    """What the header says, before it is laid out for a width."""

    info: ReportInfo
    measures: Sequence[Measure]
    marks: Marks
    dropped: int = 0
    read_only: bool = False
    reload: str | None = None


def report_line(facts: HeaderFacts, width: int) -> Text:
    """The first line: markers, period, the report's warning lines, its name, the as-of date, where from."""
    info, marks = facts.info, facts.marks
    name = info.name.strip()
    markers = Text()
    if facts.reload:
        markers.append(" NEW: R to reload ", style=current().marker)
        markers.append(" ")
    if facts.read_only:
        markers.append(" READ-ONLY ", style=current().marker)
        markers.append(" ")
    if unread := info.unread_count:  # rows left out by --skip-unreadable: never out of sight, and where to see them
        rows = f"{unread} row{'s' if unread != 1 else ''}"
        markers.append(f" {rows} not read: {REPORT_INFO_KEY} to see ", style=current().marker)
        markers.append(" ")
    period = literal(info.period, current().marker, newlines=False)
    # The report's own lines ("ILLUSTRATIVE DATA - NOT PUBLISHED: Improvement Report - ..."), less
    # the parts that repeat its name (said once, below).
    pieces = [p.strip() for ln in (info.subtitle or "").splitlines() for p in _SUBTITLE_PARTS.split(ln)]
    lines = [p for p in pieces if p and name.casefold() not in p.casefold()]
    subtitle = Text("  ").append_text(literal(" / ".join(lines), "bold underline", newlines=False)) if lines else None
    names: Variants = [Text("  ").append_text(literal(name, "bold", newlines=False))]
    if short_name(name) != name:
        names.append(Text("  ").append_text(literal(short_name(name), "bold", newlines=False)))
    as_of: Variants = [None]
    if marks.as_of and (info.fetched_at is None or marks.as_of != info.fetched_at.date()):
        as_of = [Text(f"  reviews as of {marks.as_of:%d %b %Y}", style="bold")]
    fetched = info.fetched_at
    source = Text(f"  fetched {fetched:%d %b %Y %H:%M}" if fetched else "", style=muted())
    if info.source == NO_SOURCE:
        source.append(", source not stated" if fetched else "  source not stated")
    else:
        source.append("  from " if not fetched else " from ")
        source.append_text(literal(info.source, muted(), newlines=False))
    sources: Variants = [source, Text(f"  fetched {fetched:%d %b %Y}", style=muted()) if fetched else None, None]
    parts: list[Variants] = [[markers], [period], [subtitle], names, as_of, sources]
    return fit_line(parts, [5, 5, 3], width, elastic=2)


def counts_line(facts: HeaderFacts, width: int) -> Text:
    """The second line: how many in view, their RAG counts, and what moved since the previous period
    (worse first)."""
    measures, marks = facts.measures, facts.marks
    quarterly, forecast = rag_summary(measures, Basis.QUARTERLY), rag_summary(measures, Basis.FORECAST)
    forecasts = any(m.rag_forecast is not None for m in measures)  # a report that forecasts nothing: no noughts
    parts: list[Variants] = [
        [Text(f"{len(measures)} in view")],
        [Text("   Quarterly ").append_text(quarterly), Text("  Qtr ").append_text(quarterly)],
        [Text("   Forecast ").append_text(forecast), Text("  Fcst ").append_text(forecast), None]
        if forecasts
        else [None],
    ]
    if marks.previous:
        moved = Counter(marks.changes.get(m.key) for m in measures)
        counts = [f"{moved[Change.WORSE]} worse", f"{moved[Change.BETTER]} better", f"{moved[Change.NEW]} new"]
        if facts.dropped:
            counts.append(f"{facts.dropped} dropped")
        parts.append([Text(f"   since {marks.previous}: " + ", ".join(counts[:n])) for n in range(len(counts), 0, -1)])
        changes = len(parts) - 1
        steps = [1, 2, *[changes] * (len(counts) - 1), 2]
    else:
        steps = [1, 2, 2]
    return fit_line(parts, steps, width)


class ReportHeader(Static):
    """Two lines at the top of the screen, laid out for its width."""

    _shown: Text | None = None
    _facts: HeaderFacts | None = None

    def show_report(
        self,
        info: ReportInfo,
        measures: Sequence[Measure],
        *,
        marks: Marks | None = None,
        dropped: int = 0,
        read_only: bool = False,
        reload: str | None = None,
    ) -> None:
        """Describe a report and the measures currently in view."""
        self._facts = HeaderFacts(info, measures, marks or Marks(), dropped, read_only, reload)
        self._show()

    def _show(self) -> None:
        if self._facts is None:
            return
        width = self.content_region.width or max(1, self.app.size.width - 2)
        text = Text("\n").join([report_line(self._facts, width), counts_line(self._facts, width)])
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)

    def on_resize(self, event: events.Resize) -> None:
        self._show()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._retheme)

    def _retheme(self, _theme: object) -> None:
        self._shown = None
        self._show()

    def show_message(self, message: str) -> None:
        """Plain text in place of a report (loading, empty)."""
        self._facts = None
        self._shown = Text(message)
        self.update(self._shown)
