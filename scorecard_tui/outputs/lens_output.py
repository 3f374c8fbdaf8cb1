"""The scrutiny lens as text: Markdown, CSV and JSON for ``scorecard lens``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from scorecard_tui.text import markdown_text as md
from scorecard_tui.text.safe_output import csv_row, json_for_terminal

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store.lens import LensEntry
    from scorecard_tui.triage.chase import ChaseItem

CSV_FIELDS = (
    "code", "key", "directorate", "title", "signal", "badge", "severity", "evidence", "question",
    "question_by", "question_dropped",
)  # fmt: skip


def to_markdown(info: ReportInfo, entries: Sequence[LensEntry], as_of: date) -> str:
    """The lens as Markdown: each measure with signals, its badges, evidence and questions."""
    lines = [
        f"# Scrutiny lens: {md.heading(f'{info.name}, {info.period}')}",
        "",
        f"{len(entries)} measures with signals, most and worst first. Reviews as of {as_of:%d %B %Y}.",
    ]
    if not entries:
        lines += ["", "No signals."]
    for e in entries:
        lines += ["", f"## {md.heading(f'{e.key}: {e.title}')}", "", md.line_start(e.directorate), ""]
        for q in e.questions:
            lines += [
                f"- {md.strong(s.badge)}" + (f": {md.inline(s.evidence)}" if s.evidence else "") for s in q.signals
            ]
            if q.dropped:
                lines.append(f"  - Question dropped by {md.inline(q.edit.author if q.edit else '')}.")
            else:
                by = f" ({md.inline(q.edit.author)}, edited)" if q.edit else ""
                lines.append(f"  - Q: {md.inline(q.text)}{by}")
    return "\n".join(lines) + "\n"


def to_csv(entries: Sequence[LensEntry]) -> str:
    """One row per signal (the signals of one theme share its question); no cell is read as a formula."""
    rows = []
    for e in entries:
        for q in e.questions:
            by = q.edit.author if q.edit else ""
            for s in q.signals:
                row = [e.code, e.key, e.directorate, e.title, s.kind.value, s.badge, s.severity, s.evidence, q.text]
                rows.append([*row, by, "yes" if q.dropped else ""])
    return _csv_text(CSV_FIELDS, rows)


def to_json(info: ReportInfo, entries: Sequence[LensEntry], as_of: date) -> str:
    """``{"report", "period", "as_of", "measures": [{"code", "signals": [...]}]}``, terminal-safe."""
    return _json_text(
        info,
        as_of,
        measures=[
            {
                "code": e.code,
                "key": e.key,
                "title": e.title,
                "directorate": e.directorate,
                "signals": [
                    {
                        "kind": s.kind.value,
                        "badge": s.badge,
                        "severity": s.severity,
                        "evidence": s.evidence,
                        "since": s.since or None,
                        "question": q.text,
                        "suggested_question": q.suggested,
                        "question_by": q.edit.author if q.edit else None,
                        "question_dropped": q.dropped,
                    }
                    for q in e.questions
                    for s in q.signals
                ],
            }
            for e in entries
        ],
    )


CHASE_FIELDS = ("body", "kind", "code", "key", "title", "due", "made", "overdue", "what")


def _month(month: str) -> str:
    from scorecard_tui.triage.signals import month_label

    return month_label(month)


def chase_markdown(info: ReportInfo, items: Sequence[ChaseItem], as_of: date) -> str:
    """The chase list as Markdown: a heading per body, overdue first."""
    lines = [
        f"# Chase list: {md.heading(f'{info.name}, {info.period}')}",
        "",
        f"Promises and reviews not yet met, by body, as of {as_of:%d %B %Y}; carried from earlier quarters "
        "until met or the measure leaves the report.",
    ]
    if not items:
        lines += ["", "Nothing to chase."]
    last: str | None = None
    for c in items:
        if c.body != last:
            lines += ["", f"## {md.heading(c.body) if c.body else 'Promises naming no body'}", ""]
            last = c.body
        state = "**overdue**" if c.overdue else "coming"
        said = f'"{md.inline(c.what)}"' if c.kind == "promise" else md.inline(c.what)
        lines.append(
            f"- {state}, {_month(c.due)}: {md.inline(f'{c.code} {c.title}')}: {said} ({c.kind}, {md.inline(c.made)})"
        )
    return "\n".join(lines) + "\n"


def chase_csv(items: Sequence[ChaseItem]) -> str:
    """One row per item; no cell is read as a formula."""
    rows = [[c.body, c.kind, c.code, c.key, c.title, c.due, c.made, "yes" if c.overdue else "", c.what] for c in items]
    return _csv_text(CHASE_FIELDS, rows)


def chase_json(info: ReportInfo, items: Sequence[ChaseItem], as_of: date) -> str:
    """``{"report", "period", "as_of", "items": [...]}``, terminal-safe."""
    return _json_text(info, as_of, items=[{name: getattr(c, name) for name in CHASE_FIELDS} for c in items])


def _csv_text(fields: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header row and ``rows`` as CSV; no cell is read as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def _json_text(info: ReportInfo, as_of: date, **body: object) -> str:
    """``{"report", "source", "period", "as_of", ...body}`` as indented JSON, terminal-safe."""
    document = {
        "report": info.name,
        "source": info.source,
        "period": info.period,
        "as_of": as_of.isoformat(),
        **body,
    }
    return json_for_terminal(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
