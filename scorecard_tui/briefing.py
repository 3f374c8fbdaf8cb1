"""The briefing for the meeting pack: Markdown, or CSV rows carrying the same content."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard_tui.model import Annotation, Direction, Flag, Measure, Rag, Report
from scorecard_tui.parse.fields import format_value
from scorecard_tui.safe import clean_text
from scorecard_tui.safe_output import csv_cell
from scorecard_tui.triage import Change, agenda, changes

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store import Store

CSV_FIELDS = (
    "section", "directorate", "code", "title", "rag_quarter", "rag_forecast", "quarter_target",
    "quarter_actual", "forecast_target", "forecast_actual", "direction", "detail",
)  # fmt: skip


@dataclass(frozen=True)
class Briefing:
    """What goes into a briefing: a report (or the view of it), and the triage around it."""

    report: Report
    measures: Sequence[Measure]
    """The measures to brief on: the whole report, or the app's current view."""
    as_of: date
    previous: Report | None = None
    flags: dict[str, Flag] = field(default_factory=dict)
    notes: dict[str, Annotation] = field(default_factory=dict)
    scope: str = ""
    """The filters that chose ``measures`` in words (empty: the whole report)."""

    def sections(self) -> list[tuple[str, list[Measure]]]:
        """The exception sections, in order, each with its measures."""
        moved = changes(self.measures, self.previous.measures if self.previous else None)
        prev = self.previous.period if self.previous else "the previous period"
        return [
            ("Red this quarter", [m for m in self.measures if m.rag_quarter is Rag.RED]),
            ("Red at year end (forecast)", [m for m in self.measures if m.rag_forecast is Rag.RED]),
            ("Deteriorating", [m for m in self.measures if m.direction is Direction.DETERIORATING]),
            (f"Worse since {prev}", [m for m in self.measures if moved.get(m.key) is Change.WORSE]),
        ]

    def flagged(self) -> list[tuple[Flag, Measure]]:
        """Flagged measures, those to raise first."""
        order = {Flag.RAISE: 0, Flag.WATCH: 1}
        out = [(self.flags[m.key], m) for m in self.measures if m.key in self.flags]
        return sorted(out, key=lambda fm: order[fm[0]])


def _md(text: str | None) -> str:
    """Report text made safe for a Markdown table cell: literal, one line."""
    text = " ".join(clean_text(text or "").split())
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _rag(rag: Rag | None) -> str:
    return rag.value if rag else "N/A"


def _fetched(r: Report) -> str:
    return f"Fetched {r.fetched_at:%d %B %Y %H:%M}. " if r.fetched_at else ""


def _row(m: Measure) -> str:
    cells = [
        m.code, m.title, _rag(m.rag_quarter), f"{format_value(m.quarter_actual, m.unit)} "
        f"(target {format_value(m.quarter_target, m.unit)})", _rag(m.rag_forecast),
        m.direction.value if m.direction else "-",
    ]  # fmt: skip
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def to_markdown(b: Briefing) -> str:
    """The briefing as Markdown."""
    r = b.report
    lines = [
        f"# Briefing: {_md(r.name)}, {r.period}",
        "",
        f"Source: {_md(r.source)}{', ' + _md(r.organisation) if r.organisation else ''}. "
        f"{_fetched(r)}Reviews as of {b.as_of:%d %B %Y}. "
        f"{len(b.measures)} of {len(r.measures)} measures.",
        "",
        *([f"Filter: {_md(b.scope)}; flagged measures always included.", ""] if b.scope else []),
        "## RAG by directorate",
        "",
    ]
    blue = any(Rag.BLUE in (m.rag_quarter, m.rag_forecast) for m in b.measures)
    rags = [rag for rag in Rag if rag is not Rag.BLUE or blue]
    lines += [
        "| Directorate | Measures | "
        + " | ".join([rag.value for rag in rags] + [f"Forecast {rag.value}" for rag in rags])
        + " |",
        "|---|---:|" + "---:|" * (2 * len(rags)),
    ]
    names = list(dict.fromkeys(m.directorate for m in b.measures))
    for name in [*names, None]:
        ms = [m for m in b.measures if name is None or m.directorate == name]
        q = [sum(m.rag_quarter is rag for m in ms) for rag in rags]
        f = [sum(m.rag_forecast is rag for m in ms) for rag in rags]
        label = _md(name) if name else "**All**"
        lines.append(f"| {label} | {len(ms)} | " + " | ".join(map(str, q + f)) + " |")
    lines += ["", "## Exceptions"]
    header = ["| Code | Measure | RAG | Actual (target) | Forecast | Direction |", "|---|---|---|---|---|---|"]
    for title, ms in b.sections():
        lines += ["", f"### {title}", ""]
        lines += [*header, *map(_row, ms)] if ms else ["None."]
    lines += ["", "## Flagged for the meeting", ""]
    flagged = b.flagged()
    if not flagged:
        lines.append("None.")
    for flag, m in flagged:
        lines.append(f"- **{flag.value.upper()}** {_md(m.code)}: {_md(m.title)}")
        if note := b.notes.get(m.key):
            lines.append(f"  - Note ({_md(note.author)}, {note.created_at:%d %b %Y %H:%M}): {_md(note.value)}")
    lines += ["", "## Coming reviews", ""]
    coming = [i for i in agenda(b.measures, b.as_of) if not i.past]
    if coming:
        lines += ["| Month | Body | Code | Measure |", "|---|---|---|---|"]
        lines += [
            f"| {date.fromisoformat(i.month + '-01'):%B %Y} | {_md(i.body or 'not stated')} | {_md(i.code)} | "
            f"{_md(i.title)} |"
            for i in coming
        ]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def to_csv(b: Briefing) -> str:
    """The same content as rows: one per measure per section, flag or review; no cell is read as a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()

    def write(section: str, m: Measure, detail: str = "") -> None:
        row = {
            "section": section,
            "directorate": m.directorate,
            "code": m.code,
            "title": m.title,
            "rag_quarter": _rag(m.rag_quarter),
            "rag_forecast": _rag(m.rag_forecast),
            "quarter_target": format_value(m.quarter_target, m.unit),
            "quarter_actual": format_value(m.quarter_actual, m.unit),
            "forecast_target": format_value(m.forecast_target, m.unit),
            "forecast_actual": format_value(m.forecast_actual, m.unit),
            "direction": m.direction.value if m.direction else "",
            "detail": detail,
        }
        writer.writerow({k: csv_cell(v) for k, v in row.items()})

    for title, ms in b.sections():
        for m in ms:
            write(title, m)
    for flag, m in b.flagged():
        note = b.notes.get(m.key)
        write(f"Flagged: {flag.value}", m, note.value if note else "")
    by_key = {m.key: m for m in b.measures}
    for item in agenda(b.measures, b.as_of):
        if not item.past:
            write("Coming review", by_key[item.key], f"{item.month} {item.body or ''}".strip())
    return out.getvalue()


def load_briefing(
    store: Store, info: ReportInfo, as_of: date | None = None, keys: set[str] | None = None, scope: str = ""
) -> Briefing:
    """Gather a briefing from the store: the report (or the measures whose keys are in ``keys``,
    chosen by the filters ``scope``, with every flagged measure), the previous period, and the
    current flags and notes."""
    report = store.load_report(info.id)
    previous_info = store.previous_report(info)
    flags = store.annotations.flags(info)
    return Briefing(
        report=report,
        measures=[m for m in report.measures if keys is None or m.key in keys or m.key in flags],
        scope=scope if keys is not None else "",
        as_of=as_of or report.as_of,
        previous=store.load_report(previous_info.id) if previous_info else None,
        flags=flags,
        notes=store.annotations.notes(info),
    )


def write_briefing(path: Path, text: str, *, database: Path | None = None) -> Path:
    """Write a briefing file whole (the CLI's ``--output`` and the app's ``x`` both come here): readers see
    the old file or the new, never half; never through a link, nor over the database.

    Returns:
        The full path written.

    Raises:
        ScorecardError: When the target is refused (a link, a database, not a regular file) or cannot be written.
    """
    from scorecard_tui.files import write_file_safely

    return write_file_safely(path, text, protect=[database] if database else [])
