"""Rich renderables for measures: RAG badges, table cells, tree labels, the detail view."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.view import Basis, polarity, rag_counts
from scorecard_tui.model import Direction, Measure, Rag, Value

RAG_STYLE = {
    Rag.RED: "bold #ffffff on #b71c1c",
    Rag.AMBER: "bold #000000 on #ffb300",
    Rag.GREEN: "bold #ffffff on #1b5e20",
}
RAG_SYMBOL = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔"}
DIRECTION_ARROW = {
    Direction.IMPROVING: ("↑", "green"),
    Direction.STABILISED: ("→", ""),
    Direction.DETERIORATING: ("↓", "bold red"),
}
_MONTHS = "|".join(calendar.month_name[1:])
_MONTH_YEAR = re.compile(rf"\b({_MONTHS})\s+(\d{{4}})\b")
_PER_POPULATION = re.compile(r"^per ([\d,]+) population$")


def rag_badge(rag: Rag | None, *, letter: bool = False) -> Text:
    """A RAG as a coloured badge that also reads without colour: ``✖ Red`` or ``✖ R``."""
    if rag is None:
        return Text("– N/A" if not letter else "– NA", style="dim")
    word = rag.value[0] if letter else rag.value
    return Text(f"{RAG_SYMBOL[rag]} {word}", style=RAG_STYLE[rag])


def direction_text(direction: Direction | None) -> Text:
    """Arrow and word, e.g. ``↓ Deteriorating``."""
    if direction is None:
        return Text("– none", style="dim")
    arrow, style = DIRECTION_ARROW[direction]
    return Text(f"{arrow} {direction.value}", style=style)


def short_unit(unit: str | None) -> str:
    """A unit short enough for a table cell: ``per 100,000 population`` is ``/100k``."""
    if not unit:
        return ""
    unit = clean(unit, newlines=False)
    if match := _PER_POPULATION.match(unit):
        number = int(match.group(1).replace(",", ""))
        return f"/{number // 1000}k" if number % 1000 == 0 else f"/{number:,}"
    return unit


def value_text(value: Value, unit: str | None, *, short: bool = True) -> str:
    """A target or actual with its unit: ``90.0%``, ``10.0 days``, ``On Track``, ``N/A``."""
    if value is None:
        return "N/A"
    if isinstance(value, str):
        return clean(value, newlines=False)
    number = f"{value:.1f}" if round(value, 1) == value else f"{value:g}"
    suffix = short_unit(unit) if short else clean(unit or "", newlines=False)
    if not suffix:
        return number
    return number + suffix if suffix.startswith(("%", "/")) else f"{number} {suffix}"


def month_label(month: str | None) -> str:
    """``2018-11`` as ``Nov 2018``; None as ``–``."""
    if not month:
        return "–"
    year, number = month.split("-")[:2]
    return f"{calendar.month_abbr[int(number)]} {year}"


def rag_summary(measures: Sequence[Measure], basis: Basis) -> Text:
    """Counts per RAG, e.g. ``✖ 14  ▲ 5  ✔ 1``, each symbol in its colour."""
    counts = rag_counts(measures, basis)
    parts = [
        Text.assemble((f"{RAG_SYMBOL[rag]}", RAG_STYLE[rag]), f"{counts[rag]}")
        for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
    ]
    if counts[None]:
        parts.append(Text(f"N/A {counts[None]}", style="dim"))
    return Text(" ").join(parts)


def directorate_label(name: str, measures: Sequence[Measure], basis: Basis) -> Text:
    """A tree label: RAG counts and count first (they stay visible in a narrow pane), then name."""
    return Text.assemble(
        rag_summary(measures, basis),
        " ",
        literal(name, "bold", newlines=False),
        f" ({len(measures)})",
    )


def measure_label(measure: Measure, basis: Basis) -> Text:
    """A tree leaf: RAG badge, code and title."""
    rag = measure.rag_quarter if basis is Basis.QUARTERLY else measure.rag_forecast
    return Text.assemble(
        rag_badge(rag, letter=True),
        " ",
        literal(measure.code, "bold", newlines=False),
        " ",
        literal(measure.title, newlines=False),
    )


def header(name: str, period: str, source: str, fetched_at: datetime, measures: Sequence[Measure]) -> Text:
    """Two header lines: the report, then RAG counts for the measures in view."""
    text = Text.assemble(literal(period, "bold reverse", newlines=False), "  ", literal(name, "bold", newlines=False))
    text.append(f"  fetched {fetched_at:%d %b %Y %H:%M} from ", style="dim")
    text.append_text(literal(source, "dim", newlines=False))
    text.append(f"\n{len(measures)} in view   Quarterly ")
    text.append_text(rag_summary(measures, Basis.QUARTERLY))
    text.append("   Forecast ")
    text.append_text(rag_summary(measures, Basis.FORECAST))
    return text


def detail(measure: Measure, fetched_at: datetime | None = None) -> RenderableType:
    """The whole measure: codes, title, RAGs, data block, narrative and reviews."""
    head = Text.assemble(literal(measure.code, "bold", newlines=False))
    if measure.alt_codes:
        head.append("  also ")
        head.append_text(literal(", ".join(measure.alt_codes), newlines=False))
    head.append("\n")
    head.append_text(literal(measure.directorate, "italic", newlines=False))
    title = literal(measure.title, "bold", newlines=False)
    return Group(
        head,
        title,
        Text(""),
        _status(measure),
        _direction_line(measure),
        *_section("Commentary", literal(measure.commentary)),
        *_section("Actions", literal(measure.actions)),
        *_section("Review", review_text(measure, fetched_at)),
        _review_list(measure),
    )


def review_text(measure: Measure, fetched_at: datetime | None = None) -> Text:
    """The review note with its month-year dates picked out: coming bold, past dim."""
    text = literal(measure.review)
    past_months = {d.month for d in measure.review_dates if d.past}
    coming_months = {d.month for d in measure.review_dates if not d.past}
    now = f"{fetched_at:%Y-%m}" if fetched_at else None
    for match in _MONTH_YEAR.finditer(text.plain):
        month = f"{match.group(2)}-{list(calendar.month_name).index(match.group(1)):02d}"
        past = month in past_months or (month not in coming_months and now is not None and month < now)
        text.stylize("dim strike" if past else "bold underline", *match.span())
    return text


def _status(measure: Measure) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False)
    for name, justify in (("", "left"), ("RAG", "left"), ("Target", "right"), ("Actual", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    unit = measure.unit
    for label, rag, target, actual in (
        ("Quarter", measure.rag_quarter, measure.quarter_target, measure.quarter_actual),
        ("Forecast", measure.rag_forecast, measure.forecast_target, measure.forecast_actual),
    ):
        table.add_row(Text(label), rag_badge(rag), Text(value_text(target, unit)), Text(value_text(actual, unit)))
    return table


def _direction_line(measure: Measure) -> Text:
    text = Text("Direction  ")
    text.append_text(direction_text(measure.direction))
    if sign := polarity(measure):
        better = "higher" if sign > 0 else "lower"
        text.append(f"\nPolarity   {better} is better", style="italic")
        text.append(" (inferred)", style="dim")
    if measure.unit:
        text.append("\nUnit       ")
        text.append_text(literal(measure.unit, newlines=False))
    return text


def _section(title: str, body: Text) -> list[RenderableType]:
    if not body.plain.strip():
        body = Text("(none)", style="dim")
    return [Text(""), Text(title, style="bold underline"), body]


def _review_list(measure: Measure) -> RenderableType:
    if not measure.review_dates:
        return Text("")
    text = Text("\nReview dates\n", style="bold underline")
    for date in measure.review_dates:
        mark, when, style = ("✓", "past", "dim") if date.past else ("▶", "coming", "bold")
        text.append(f"{mark} {month_label(date.month)} ({when})", style=style)
        if date.body:
            text.append("  ")
            text.append_text(literal(date.body, newlines=False))
        text.append("\n")
    text.rstrip()
    return text
