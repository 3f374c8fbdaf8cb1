"""The briefing for the meeting pack: Markdown, or CSV rows carrying the same content."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scorecard_tui.model import Annotation, Direction, Flag, Measure, Rag, Report, Value, format_value, shown_time
from scorecard_tui.outputs.marking import report_marking
from scorecard_tui.text import markdown_text as md
from scorecard_tui.text.markdown_text import prose
from scorecard_tui.text.safe import clean_line, clean_text
from scorecard_tui.text.safe_output import csv_cell
from scorecard_tui.triage.changes import Change, changes
from scorecard_tui.triage.reviews import AgendaItem, agenda
from scorecard_tui.triage.signals import shortfall

if TYPE_CHECKING:
    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store import Store
    from scorecard_tui.store.lens import LensEntry

CSV_FIELDS = (
    "section", "directorate", "code", "title", "rag_quarter", "rag_forecast", "quarter_target",
    "quarter_actual", "forecast_target", "forecast_actual", "direction", "detail",
)  # fmt: skip
UNREAD_SECTION = "Row not read"
"""The CSV section of a row ``--skip-unreadable`` left out of the report."""
_FLAG_ORDER = {Flag.RAISE: 0, Flag.WATCH: 1}
"""Flagged measures lead: those to raise, then those to watch."""


@dataclass(frozen=True)
class RagCounts:
    """The RAG table: per directorate, then all of them (None), the number of measures and the
    count of each rating this quarter (Blue only when a measure has it), then of measures not rated
    when any is (so each row adds up), then each rating at year end when the report forecasts any."""

    rags: list[Rag]
    unrated: bool
    """A "Not rated" column this quarter."""
    forecast: bool
    """Year-end columns: some measure has a forecast rating."""
    rows: list[tuple[str | None, int, list[int]]]

    @property
    def quarter_columns(self) -> list[Rag | None]:
        """This quarter's columns in order (None: not rated)."""
        return [*self.rags, *([None] if self.unrated else [])]

    @property
    def columns(self) -> list[Rag | None]:
        """Every count column in order: this quarter's, then the year end's."""
        return [*self.quarter_columns, *(self.rags if self.forecast else [])]

    @property
    def titles(self) -> list[str]:
        """The count columns' titles: ``Red`` ... ``Not rated``, ``Forecast Red`` ..."""
        quarter = [rag.value if rag else "Not rated" for rag in self.quarter_columns]
        return quarter + ([f"Forecast {rag.value}" for rag in self.rags] if self.forecast else [])


@dataclass(frozen=True)
class Briefing:
    """What goes into a briefing: a report (or the view of it), and the triage around it."""

    report: Report
    measures: Sequence[Measure]
    """The measures to brief on: the whole report, the app's current view, or the flagged ones."""
    as_of: date
    previous: Report | None = None
    flags: dict[str, Flag] = field(default_factory=dict)
    notes: dict[str, Annotation] = field(default_factory=dict)
    lens: Sequence[LensEntry] = ()
    """The scrutiny lens of the period: measures with signals and their (edited) questions."""
    scope: str = ""
    """The filters that chose ``measures`` in words (empty: the whole report)."""
    history: dict[str, list[tuple[str, Measure]]] = field(default_factory=dict)
    """Each measure's last four quarters held (this one last), as (period, measure), by key."""
    marking: str | None = None
    """The protective marking (``OFFICIAL``) for every page; None: none."""
    only_flagged: bool = False
    """``measures`` are the flagged measures alone."""

    def _worst_first(self, measures: Iterable[Measure]) -> list[Measure]:
        """Red before Amber, then deteriorating, then Red at year end, then worse since the
        period before, then the largest shortfall against target; else in report order."""
        moved = self._moved()

        def worst(m: Measure) -> tuple[int, bool, int, bool, bool, float]:
            gap = shortfall(m)
            return (
                _RANK[m.rag_quarter],
                m.direction is not Direction.DETERIORATING,
                _RANK[m.rag_forecast],
                moved.get(m.key) is not Change.WORSE,
                gap is None,
                -(gap or 0.0),
            )

        return sorted(measures, key=worst)

    def _moved(self) -> dict[str, Change]:
        return changes(self.measures, self.previous.measures if self.previous else None)

    def sections(self) -> list[tuple[str, list[Measure]]]:
        """The exception sections, in order, each with its measures, worst first."""
        moved = self._moved()
        prev = self.previous.period if self.previous else "the previous period"
        ms = self._worst_first(self.measures)
        return [
            ("Red this quarter", [m for m in ms if m.rag_quarter is Rag.RED]),
            ("Red at year end (forecast)", [m for m in ms if m.rag_forecast is Rag.RED]),
            ("Deteriorating", [m for m in ms if m.direction is Direction.DETERIORATING]),
            (f"Worse since {prev}", [m for m in ms if moved.get(m.key) is Change.WORSE]),
        ]

    def questions(self) -> list[tuple[Measure, list[str]]]:
        """The briefed measures with questions the officers kept (a dropped one never shows, nor
        the same words twice), flagged ones first (raise, then watch), then the lens order."""
        by_key = {m.key: m for m in self.measures}
        out = []
        for e in self.lens:
            kept = list(dict.fromkeys(clean_line(q.text) for q in e.questions if not q.dropped))
            if e.key in by_key and any(kept):
                out.append((by_key[e.key], [q for q in kept if q]))
        return sorted(out, key=lambda mq: _FLAG_ORDER.get(self.flags.get(mq[0].key, Flag.NONE), 2))

    def exceptions(self) -> list[tuple[Measure, list[str]]]:
        """Each measure in one or more exception sections, once, worst first, with its reasons,
        each said once: its Red ratings, deteriorating, worse since the period before (and what it was)."""
        moved = self._moved()
        before = {m.key: m.rag_quarter for m in self.previous.measures} if self.previous else {}
        out = []
        for m in self._worst_first(self.measures):
            reds = [
                when
                for when, rag in (("this quarter", m.rag_quarter), ("at year end", m.rag_forecast))
                if rag is Rag.RED
            ]
            reasons = [f"Red {' and '.join(reds)}"] if reds else []
            if m.direction is Direction.DETERIORATING:
                reasons.append("Deteriorating")
            if moved.get(m.key) is Change.WORSE and self.previous:
                reasons.append(f"Worse since {self.previous.period} ({_rag(before.get(m.key))} then)")
            if reasons:
                out.append((m, reasons))
        return out

    def flagged(self) -> list[tuple[Flag, Measure]]:
        """Flagged measures, those to raise first."""
        out = [(self.flags[m.key], m) for m in self.measures if m.key in self.flags]
        return sorted(out, key=lambda fm: _FLAG_ORDER[fm[0]])

    def rag_counts(self) -> RagCounts:
        """The whole council's ratings, whatever the briefing narrows to (see :class:`RagCounts`)."""
        every = self.report.measures
        blue = any(Rag.BLUE in (m.rag_quarter, m.rag_forecast) for m in every)
        rags = [rag for rag in Rag if rag is not Rag.BLUE or blue]
        unrated = any(m.rag_quarter is None for m in every)
        forecast = any(m.rag_forecast is not None for m in every)
        rows = []
        for name in [*dict.fromkeys(m.directorate for m in every), None]:
            ms = [m for m in every if name is None or m.directorate == name]
            q = [sum(m.rag_quarter is rag for m in ms) for rag in rags]
            q += [sum(m.rag_quarter is None for m in ms)] if unrated else []
            f = [sum(m.rag_forecast is rag for m in ms) for rag in rags] if forecast else []
            rows.append((name, len(ms), q + f))
        return RagCounts(rags, unrated, forecast, rows)

    def quarters(self, m: Measure) -> list[tuple[str, Measure]]:
        """The measure's last four quarters held, oldest first, when more than this one is held."""
        held = self.history.get(m.key, [])
        return held if len(held) > 1 else []

    def coming(self) -> list[AgendaItem]:
        """The reviews not yet past as of the briefing's date, soonest first."""
        return [i for i in agenda(self.measures, self.as_of) if not i.past]

    def in_words(self) -> str:
        """Which measures, when not the whole report: ``Only the flagged measures.``, or the filter."""
        if self.only_flagged:
            return "Only the flagged measures."
        return f"Filter: {self.scope}; flagged measures always included." if self.scope else ""


_RANK = {Rag.RED: 0, Rag.AMBER: 1, None: 2, Rag.GREEN: 3, Rag.BLUE: 4}
"""Ratings worst first; no rating sorts between Amber and Green."""
QUARTERS = 4
"""How many quarters each exception shows."""


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n")
FIRST_SENTENCE_CHARS = 300


def first_sentence(text: str) -> str:
    """The commentary's first sentence (up to the first full stop before a capital, or the first
    line), on one line, as prose (a source's bullet taken off), cut to
    :data:`FIRST_SENTENCE_CHARS` characters with an ellipsis."""
    text = prose(clean_text(text or "").strip())
    sentence = " ".join(_SENTENCE_END.split(text, maxsplit=1)[0].split())
    if len(sentence) > FIRST_SENTENCE_CHARS:
        sentence = sentence[: FIRST_SENTENCE_CHARS - 1].rstrip() + "\u2026"
    return sentence


def _md_lines(text: str) -> list[str]:
    """Multi-line text (a note) as Markdown lines that keep its line breaks: each line made
    literal, every line but the last ending in a hard break (a backslash)."""
    lines = [md.line_start(line) for line in clean_text(text).strip().splitlines()] or [""]
    return [line + "\\" for line in lines[:-1]] + [lines[-1]]


def figures(rag: Rag | None, actual: Value, target: Value, unit: str | None, label: str = "target") -> str:
    """``Red, 12 (target 20)``: a rating with its actual and target (``annual target`` for a report with
    only an annual one)."""
    return f"{_rag(rag)}, {format_value(actual, unit)} ({label} {format_value(target, unit)})"


def _target(m: Measure) -> tuple[Value, str | None, str]:
    """The target the quarter's actual is compared with, the unit, and what to call the target."""
    target, label = m.comparison_target
    return target, m.unit, label


def forecasts(m: Measure) -> bool:
    """Whether a measure says anything about its year end (a rating, an actual, or a year-end target
    not already shown as the target this quarter is read against): else its "N/A" line is left out."""
    shown_as_target = m.comparison_target[1] == "annual target"
    return (
        m.rag_forecast is not None
        or m.forecast_actual is not None
        or (m.forecast_target is not None and not shown_as_target)
    )


def rag_name(rag: Rag | None) -> str:
    """A rating's name, ``N/A`` for none."""
    return rag.value if rag else "N/A"


_rag = rag_name


def month_name(month: str) -> str:
    """``2018-09`` as ``September 2018``."""
    return f"{date.fromisoformat(month + '-01'):%B %Y}"


def _fetched(r: Report) -> str:
    return f"Fetched {r.fetched_at:%d %B %Y %H:%M}. " if r.fetched_at else ""


def other_direction(m: Measure) -> str | None:
    """The direction of travel when it is stated and not already a reason (Deteriorating)."""
    return m.direction.value if m.direction and m.direction is not Direction.DETERIORATING else None


def _questions_md(b: Briefing) -> list[str]:
    """Each measure with questions kept (flagged first), and those questions."""
    lines = []
    for m, asked in b.questions():
        marked = b.flags.get(m.key)
        mark = f"**{marked.value.upper()}** " if marked else ""
        lines.append(f"- {mark}{md.inline(m.code)}: {md.inline(m.title)}")
        lines += [f"  - {md.inline(text)}" for text in asked]
    return lines or ["None."]


def unread_heading(r: Report) -> str:
    """``2 rows of the file were not read (imported with --skip-unreadable):``."""
    count = len(r.unread_rows)
    return f"{count} row{'s' if count != 1 else ''} of the file were not read (imported with --skip-unreadable):"


def _quarters_md(b: Briefing, m: Measure) -> list[str]:
    """The measure's last four quarters (or fewer, as held) as a small table (none when only this one is held)."""
    held = b.quarters(m)
    if not held:
        return []
    lines = [f"Last {len(held)} quarters:", "", "| Period | Rating | Actual | Target |", "|---|---|---:|---:|"]
    for period, then in held:
        lines.append(
            f"| {md.cell(period)} | {rag_name(then.rag_quarter)} "
            f"| {md.cell(format_value(then.quarter_actual, then.unit))} "
            f"| {md.cell(format_value(then.quarter_target, then.unit))} |"
        )
    return [*lines, ""]


def _exceptions_md(b: Briefing) -> list[str]:
    exceptions = b.exceptions()
    lines = [] if exceptions else ["None.", ""]
    for m, reasons in exceptions:
        lines += [
            f"### {md.inline(m.code)}: {md.heading(m.title)}",
            "",
            f"- **Why:** {'; '.join(reasons)}",
            f"- **Directorate:** {md.inline(m.directorate)}",
            f"- **This quarter:** {md.inline(figures(m.rag_quarter, m.quarter_actual, *_target(m)))}",
        ]
        if forecasts(m):
            lines.append(
                f"- **Year end (forecast):** "
                f"{md.inline(figures(m.rag_forecast, m.forecast_actual, m.forecast_target, m.unit))}"
            )
        if direction := other_direction(m):
            lines.append(f"- **Direction:** {direction}")
        if sentence := first_sentence(m.commentary):
            lines.append(f"- **Commentary:** {md.inline(sentence)}")
        lines += ["", *_quarters_md(b, m)]
    return lines


def to_markdown(b: Briefing) -> str:
    """The briefing as Markdown."""
    r = b.report
    marking = [md.strong(b.marking), ""] if b.marking else []
    lines = [*marking, f"# Briefing: {md.inline(r.name)}, {md.heading(r.period)}", ""]
    for line in (r.subtitle or "").splitlines():
        if clean_line(line) != b.marking:
            lines += [md.strong(line), ""]
    if r.unread_rows:
        lines += [md.strong(unread_heading(r)), "", *(f"- {md.inline(line)}" for line in r.unread_rows), ""]
    lines += [
        f"Source: {md.inline(r.source)}{', ' + md.inline(r.organisation) if r.organisation else ''}. "
        f"{_fetched(r)}Reviews as of {b.as_of:%d %B %Y}. "
        f"{len(b.measures)} of {len(r.measures)} measures.",
        "",
        *([md.inline(b.in_words()), ""] if b.in_words() else []),
        "## RAG by directorate",
        "",
    ]
    if b.in_words():
        lines += ["The whole council, whichever measures the briefing covers.", ""]
    table = b.rag_counts()
    lines += [
        "| Directorate | Measures | " + " | ".join(table.titles) + " |",
        "|---|---:|" + "---:|" * len(table.titles),
    ]
    for name, count, counts in table.rows:
        label = md.cell(name) if name else "**All**"
        lines.append(f"| {label} | {count} | " + " | ".join(map(str, counts)) + " |")
    lines += ["", "## Exceptions", "", *_exceptions_md(b)]
    lines += ["## Flagged for the meeting", ""]
    flagged = b.flagged()
    if not flagged:
        lines.append("None.")
    for flag, m in flagged:
        lines.append(f"- **{flag.value.upper()}** {md.inline(m.code)}: {md.inline(m.title)}")
        if note := b.notes.get(m.key):
            lines.append(f"  - Note ({md.inline(note.author)}, {shown_time(note.created_at)}):\\")
            lines += [f"    {line}" for line in _md_lines(note.value)]
    lines += ["", "## Questions for the meeting", "", *_questions_md(b)]
    lines += ["", "## Coming reviews", ""]
    coming = b.coming()
    if coming:
        lines += ["| Month | Body | Code | Measure |", "|---|---|---|---|"]
        lines += [
            f"| {month_name(i.month)} | {md.cell(i.body or 'not stated')} | {md.cell(i.code)} | {md.cell(i.title)} |"
            for i in coming
        ]
    else:
        lines.append("None.")
    if b.marking:
        lines += ["", md.strong(b.marking)]
    return "\n".join(lines) + "\n"


def to_csv(b: Briefing) -> str:
    """The same content as rows: one per row the import left out ("Row not read", its line as the
    detail), per measure per section (worst first), per exception's quarter held (its figures then,
    the period as the detail), flag, kept question or review; no cell is read as a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()

    def write(section: str, m: Measure, detail: str = "") -> None:
        row = {
            "section": section,
            "directorate": m.directorate,
            "code": m.code,
            "title": m.title,
            "rag_quarter": rag_name(m.rag_quarter),
            "rag_forecast": rag_name(m.rag_forecast),
            "quarter_target": format_value(m.quarter_target, m.unit),
            "quarter_actual": format_value(m.quarter_actual, m.unit),
            "forecast_target": format_value(m.forecast_target, m.unit),
            "forecast_actual": format_value(m.forecast_actual, m.unit),
            "direction": m.direction.value if m.direction else "",
            "detail": detail,
        }
        writer.writerow({k: csv_cell(v) for k, v in row.items()})

    for line in b.report.unread_rows:
        unread = {**dict.fromkeys(CSV_FIELDS, ""), "section": UNREAD_SECTION, "detail": line}
        writer.writerow({k: csv_cell(v) for k, v in unread.items()})
    for title, ms in b.sections():
        for m in ms:
            write(title, m, first_sentence(m.commentary))
    for m, _ in b.exceptions():
        for period, then in b.quarters(m):
            write("Last quarters", then, period)
    for flag, m in b.flagged():
        note = b.notes.get(m.key)
        write(f"Flagged: {flag.value}", m, note.value if note else "")
    for m, asked in b.questions():
        for text in asked:
            write("Question", m, text)
    by_key = {m.key: m for m in b.measures}
    for item in b.coming():
        write("Coming review", by_key[item.key], f"{item.month} {item.body or ''}".strip())
    return out.getvalue()


def load_briefing(
    store: Store,
    info: ReportInfo,
    as_of: date | None = None,
    keys: set[str] | None = None,
    scope: str = "",
    *,
    flagged: bool = False,
    marking: str | None = None,
) -> Briefing:
    """Gather a briefing from the store: the report, the previous period, the current flags and
    notes, the scrutiny lens, and each measure's last four quarters.

    Args:
        store: The open store.
        info: The report.
        as_of: Which reviews are past (default: the report's date).
        keys: Brief on these measures (the view, chosen by the filters ``scope``) and every
            flagged one; None: the whole report.
        scope: The filters in words.
        flagged: Brief on the flagged measures alone.
        marking: The protective marking for every page; None: the report's own (a line of its
            subtitle such as ``OFFICIAL``), ``""``: none.
    """
    report = store.load_report(info.id)
    previous_info = store.previous_report(info)
    flags = store.annotations.flags(info)
    day = as_of or report.as_of
    if flagged:
        keys, scope = set(), ""
    measures = [m for m in report.measures if keys is None or m.key in keys or m.key in flags]
    return Briefing(
        report=report,
        measures=measures,
        scope=scope if keys is not None else "",
        as_of=day,
        previous=store.load_report(previous_info.id) if previous_info else None,
        flags=flags,
        notes=store.annotations.notes(info),
        lens=store.lens.entries(info, day),
        history=_last_quarters(store, info, {m.key for m in measures}),
        marking=(report_marking(report.subtitle) if marking is None else marking) or None,
        only_flagged=flagged,
    )


def _last_quarters(store: Store, info: ReportInfo, keys: set[str]) -> dict[str, list[tuple[str, Measure]]]:
    """The measures' last :data:`QUARTERS` quarters held, up to this one, oldest first."""
    periods = store.history_periods(info, QUARTERS)
    upto = next((n for n, (report, _) in enumerate(periods) if report.id == info.id), len(periods) - 1)
    out: dict[str, list[tuple[str, Measure]]] = {}
    for report, measures in periods[: upto + 1]:
        for m in measures:
            if m.key in keys:
                out.setdefault(m.key, []).append((report.period, m))
    return out
