"""The briefing for the meeting pack: Markdown, or CSV rows carrying the same content."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scorecard_tui.model import Annotation, Direction, Flag, Measure, Rag, Report, Value, format_value, shown_time
from scorecard_tui.safe import clean_text
from scorecard_tui.safe_output import csv_cell
from scorecard_tui.triage import AgendaItem, Change, agenda, changes

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store import Store
    from scorecard_tui.store.lens import LensEntry

CSV_FIELDS = (
    "section", "directorate", "code", "title", "rag_quarter", "rag_forecast", "quarter_target",
    "quarter_actual", "forecast_target", "forecast_actual", "direction", "detail",
)  # fmt: skip
_FLAG_ORDER = {Flag.RAISE: 0, Flag.WATCH: 1}
"""Flagged measures lead: those to raise, then those to watch."""


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
    lens: Sequence[LensEntry] = ()
    """The scrutiny lens of the period: measures with signals and their (edited) questions."""
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

    def questions(self) -> list[tuple[Measure, LensEntry]]:
        """The briefed measures with signals, flagged ones first (raise, then watch), then the lens order."""
        by_key = {m.key: m for m in self.measures}
        out = [(by_key[e.key], e) for e in self.lens if e.key in by_key]
        return sorted(out, key=lambda me: _FLAG_ORDER.get(self.flags.get(me[0].key, Flag.NONE), 2))

    def exceptions(self) -> list[tuple[Measure, list[str]]]:
        """Each measure in one or more exception sections, once, in report order, with every reason."""
        reasons: dict[str, list[str]] = {}
        for title, ms in self.sections():
            for m in ms:
                reasons.setdefault(m.key, []).append(title)
        return [(m, reasons[m.key]) for m in self.measures if m.key in reasons]

    def flagged(self) -> list[tuple[Flag, Measure]]:
        """Flagged measures, those to raise first."""
        out = [(self.flags[m.key], m) for m in self.measures if m.key in self.flags]
        return sorted(out, key=lambda fm: _FLAG_ORDER[fm[0]])

    def rag_counts(self) -> tuple[list[Rag], list[tuple[str | None, int, list[int]]]]:
        """The ratings counted (Blue only when a measure has it), and per directorate, then all of
        them (None): the number of measures and the count of each rating this quarter, then forecast."""
        blue = any(Rag.BLUE in (m.rag_quarter, m.rag_forecast) for m in self.measures)
        rags = [rag for rag in Rag if rag is not Rag.BLUE or blue]
        rows = []
        for name in [*dict.fromkeys(m.directorate for m in self.measures), None]:
            ms = [m for m in self.measures if name is None or m.directorate == name]
            q = [sum(m.rag_quarter is rag for m in ms) for rag in rags]
            f = [sum(m.rag_forecast is rag for m in ms) for rag in rags]
            rows.append((name, len(ms), q + f))
        return rags, rows

    def coming(self) -> list[AgendaItem]:
        """The reviews not yet past as of the briefing's date, soonest first."""
        return [i for i in agenda(self.measures, self.as_of) if not i.past]


def _md(text: str | None) -> str:
    """Report text made safe for a Markdown table cell: literal, one line."""
    text = " ".join(clean_text(text or "").split())
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n")
FIRST_SENTENCE_CHARS = 300


def first_sentence(text: str) -> str:
    """The commentary's first sentence (up to the first full stop before a capital, or the first
    line), on one line, cut to :data:`FIRST_SENTENCE_CHARS` characters with an ellipsis."""
    text = clean_text(text or "").strip()
    sentence = " ".join(_SENTENCE_END.split(text, maxsplit=1)[0].split())
    if len(sentence) > FIRST_SENTENCE_CHARS:
        sentence = sentence[: FIRST_SENTENCE_CHARS - 1].rstrip() + "\u2026"
    return sentence


def _md_lines(text: str) -> list[str]:
    """Multi-line text (a note) as Markdown lines that keep its line breaks: each line made
    literal, every line but the last ending in a hard break (a backslash)."""
    lines = [_md(line) for line in clean_text(text).splitlines()] or [""]
    return [line + "\\" for line in lines[:-1]] + [lines[-1]]


def figures(rag: Rag | None, actual: Value, target: Value, unit: str | None, label: str = "target") -> str:
    """``Red, 12 (target 20)``: a rating with its actual and target (``annual target`` for a report with
    only an annual one)."""
    return f"{_rag(rag)}, {format_value(actual, unit)} ({label} {format_value(target, unit)})"


def _target(m: Measure) -> tuple[Value, str | None, str]:
    """The target the quarter's actual is compared with, the unit, and what to call the target."""
    target, label = m.comparison_target
    return target, m.unit, label


def _rag(rag: Rag | None) -> str:
    return rag.value if rag else "N/A"


def month_name(month: str) -> str:
    """``2018-09`` as ``September 2018``."""
    return f"{date.fromisoformat(month + '-01'):%B %Y}"


def _fetched(r: Report) -> str:
    return f"Fetched {r.fetched_at:%d %B %Y %H:%M}. " if r.fetched_at else ""


def _questions_md(b: Briefing) -> list[str]:
    """Each measure with signals (flagged first), its signals' badges and the questions kept."""
    lines = []
    for m, entry in b.questions():
        marked = b.flags.get(m.key)
        mark = f"**{marked.value.upper()}** " if marked else ""
        lines.append(f"- {mark}{_md(m.code)}: {_md(m.title)}")
        for asked in entry.questions:
            ask = "" if asked.dropped else f". Q: {_md(asked.text)}"
            lines.append(f"  - {_md(asked.signal.badge)}{ask}")
    return lines or ["None."]


def unread_heading(r: Report) -> str:
    """``2 rows of the file were not read (imported with --skip-unreadable):``."""
    count = len(r.unread_rows)
    return f"{count} row{'s' if count != 1 else ''} of the file were not read (imported with --skip-unreadable):"


def to_markdown(b: Briefing) -> str:
    """The briefing as Markdown."""
    r = b.report
    lines = [f"# Briefing: {_md(r.name)}, {r.period}", ""]
    for line in (r.subtitle or "").splitlines():
        lines += [f"**{_md(line)}**", ""]
    if r.unread_rows:
        lines += [f"**{unread_heading(r)}**", "", *(f"- {_md(line)}" for line in r.unread_rows), ""]
    lines += [
        f"Source: {_md(r.source)}{', ' + _md(r.organisation) if r.organisation else ''}. "
        f"{_fetched(r)}Reviews as of {b.as_of:%d %B %Y}. "
        f"{len(b.measures)} of {len(r.measures)} measures.",
        "",
        *([f"Filter: {_md(b.scope)}; flagged measures always included.", ""] if b.scope else []),
        "## RAG by directorate",
        "",
    ]
    rags, rows = b.rag_counts()
    lines += [
        "| Directorate | Measures | "
        + " | ".join([rag.value for rag in rags] + [f"Forecast {rag.value}" for rag in rags])
        + " |",
        "|---|---:|" + "---:|" * (2 * len(rags)),
    ]
    for name, count, counts in rows:
        label = _md(name) if name else "**All**"
        lines.append(f"| {label} | {count} | " + " | ".join(map(str, counts)) + " |")
    lines += ["", "## Exceptions", ""]
    exceptions = b.exceptions()
    if not exceptions:
        lines.append("None.")
    for m, reasons in exceptions:
        lines += [
            f"### {_md(m.code)}: {_md(m.title)}",
            "",
            f"- **Why:** {'; '.join(reasons)}",
            f"- **Directorate:** {_md(m.directorate)}",
            f"- **This quarter:** {_md(figures(m.rag_quarter, m.quarter_actual, *_target(m)))}",
            f"- **Year end (forecast):** {_md(figures(m.rag_forecast, m.forecast_actual, m.forecast_target, m.unit))}",
            f"- **Direction:** {m.direction.value if m.direction else 'not stated'}",
        ]
        if sentence := first_sentence(m.commentary):
            lines.append(f"- **Commentary:** {_md(sentence)}")
        lines.append("")
    lines += ["", "## Flagged for the meeting", ""]
    flagged = b.flagged()
    if not flagged:
        lines.append("None.")
    for flag, m in flagged:
        lines.append(f"- **{flag.value.upper()}** {_md(m.code)}: {_md(m.title)}")
        if note := b.notes.get(m.key):
            lines.append(f"  - Note ({_md(note.author)}, {shown_time(note.created_at)}):\\")
            lines += [f"    {line}" for line in _md_lines(note.value)]
    lines += ["", "## Questions for the meeting", "", *_questions_md(b)]
    lines += ["", "## Coming reviews", ""]
    coming = b.coming()
    if coming:
        lines += ["| Month | Body | Code | Measure |", "|---|---|---|---|"]
        lines += [
            f"| {month_name(i.month)} | {_md(i.body or 'not stated')} | {_md(i.code)} | {_md(i.title)} |"
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
            write(title, m, first_sentence(m.commentary))
    for flag, m in b.flagged():
        note = b.notes.get(m.key)
        write(f"Flagged: {flag.value}", m, note.value if note else "")
    for m, entry in b.questions():
        for asked in entry.questions:
            write("Question", m, asked.signal.badge if asked.dropped else f"{asked.signal.badge}. Q: {asked.text}")
    by_key = {m.key: m for m in b.measures}
    for item in b.coming():
        write("Coming review", by_key[item.key], f"{item.month} {item.body or ''}".strip())
    return out.getvalue()


def load_briefing(
    store: Store, info: ReportInfo, as_of: date | None = None, keys: set[str] | None = None, scope: str = ""
) -> Briefing:
    """Gather a briefing from the store: the report (or the measures whose keys are in ``keys``,
    chosen by the filters ``scope``, with every flagged measure), the previous period, the
    current flags and notes, and the scrutiny lens."""
    report = store.load_report(info.id)
    previous_info = store.previous_report(info)
    flags = store.annotations.flags(info)
    day = as_of or report.as_of
    return Briefing(
        report=report,
        measures=[m for m in report.measures if keys is None or m.key in keys or m.key in flags],
        scope=scope if keys is not None else "",
        as_of=day,
        previous=store.load_report(previous_info.id) if previous_info else None,
        flags=flags,
        notes=store.annotations.notes(info),
        lens=store.lens.entries(info, day),
    )
