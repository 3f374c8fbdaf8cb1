"""A measure across periods: a table of every period and a sparkline of actual against target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from scorecard_tui.app.render import direction_text, muted, rag_badge, value_text
from scorecard_tui.model import Measure, ReportInfo, Value, previous_period
from scorecard_tui.triage.figures import polarity

BLOCKS = "▁▂▃▄▅▆▇█"
WIDE_COLUMNS = ("Period", "Qtr", "Q target", "Q actual", "Fcst", "F target", "F actual", "Direction")
NARROW_COLUMNS = ("Period", "Qtr", "Target", "Actual", "Dir")


class HistoryView:
    """Every period of a measure: a table as wide as fits (every figure, or the quarter's), else a list.

    Args:
        rows: The measure in each period that has it, oldest first.
        current: The period on screen, marked in the list.
    """

    def __init__(self, rows: Sequence[tuple[ReportInfo, Measure]], current: str | None = None) -> None:
        self.rows = rows
        self.current = current

    def _table(self, every_figure: bool) -> Table:
        """Every figure, or (narrower) the quarter's only with the direction as its arrow."""
        table = Table(box=None, padding=(0, 1, 0, 0), show_edge=False, pad_edge=False, header_style="bold")
        for name in WIDE_COLUMNS if every_figure else NARROW_COLUMNS:
            right = any(word in name.lower() for word in ("target", "actual"))
            table.add_column(name, justify="right" if right else "left", no_wrap=True)
        for info, m in self.rows:
            cells = [
                self._period(info),
                rag_badge(m.rag_quarter, letter=True),
                Text(value_text(m.quarter_target, m.unit)),
                Text(value_text(m.quarter_actual, m.unit)),
            ]
            if every_figure:
                cells += [
                    rag_badge(m.rag_forecast, letter=True),
                    Text(value_text(m.forecast_target, m.unit)),
                    Text(value_text(m.forecast_actual, m.unit)),
                ]
            table.add_row(*cells, direction_text(m.direction, short=not every_figure))
        return table

    def _compact(self) -> Text:
        text = Text()
        for info, m in self.rows:
            text.append_text(self._period(info))
            text.append("  ")
            text.append_text(rag_badge(m.rag_quarter, letter=True))
            text.append(" ")
            text.append_text(rag_badge(m.rag_forecast, letter=True))
            text.append("  ")
            text.append_text(direction_text(m.direction, short=True))
            quarter = f"{value_text(m.quarter_actual, m.unit)} of {value_text(m.quarter_target, m.unit)}"
            forecast = f"{value_text(m.forecast_actual, m.unit)} of {value_text(m.forecast_target, m.unit)}"
            text.append(f"\n  Q {quarter}\n  F {forecast}\n", style=muted() if info.period != self.current else "")
        text.rstrip()
        return text

    def _period(self, info: ReportInfo) -> Text:
        if info.period == self.current:
            return Text(f"»{info.period}", style="bold")  # this period (▶ is a coming review)
        return Text(f" {info.period}")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for table in (self._table(every_figure=True), self._table(every_figure=False)):
            if Measurement.get(console, options.update_width(1000), table).maximum <= options.max_width:
                yield table
                return
        yield self._compact()


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def sparkline(rows: Sequence[tuple[ReportInfo, Measure]]) -> Text:
    """Quarterly actual and target across periods on one scale, one block per period.

    Qualitative measures (``On Track``) have no line: the text says so.
    """
    actuals = [_number(m.quarter_actual) for _, m in rows]
    targets = [_number(m.quarter_target) for _, m in rows]
    numbers = [v for v in actuals + targets if v is not None]
    if not any(a is not None for a in actuals):
        return Text("No sparkline: the values are not numbers (qualitative measure).", style=muted("italic"))
    low, high = min(numbers), max(numbers)

    def line(values: list[float | None]) -> str:
        if high == low:
            return "".join(BLOCKS[3] if v is not None else " " for v in values)
        steps = len(BLOCKS) - 1
        return "".join(BLOCKS[round((v - low) / (high - low) * steps)] if v is not None else " " for v in values)

    unit = rows[-1][1].unit
    first, last = rows[0][1], rows[-1][1]
    text = Text()
    text.append("actual ", style="bold")
    text.append(line(actuals), style="bold")
    text.append(f"  {value_text(first.quarter_actual, unit)} to {value_text(last.quarter_actual, unit)}\n")
    text.append("target ")
    text.append(line(targets))
    text.append(f"  {value_text(first.quarter_target, unit)} to {value_text(last.quarter_target, unit)}")
    scale = f"\nscale {value_text(low, unit)} to {value_text(high, unit)}"
    if sign := polarity(last):
        scale += "; higher is better" if sign > 0 else "; lower is better"
    text.append(scale, style=muted())
    return text


REPORTED = " (reported)"
"""Marks a period the database does not hold, shown from the next report's previous value."""


def with_reported_previous(rows: Sequence[tuple[ReportInfo, Measure]]) -> list[tuple[ReportInfo, Measure]]:
    """The rows, with the period before the first one added from its previous value when the
    report states one and that period is not held: marked as reported, not imported."""
    if not rows or rows[0][1].previous_actual is None:
        return list(rows)
    info, m = rows[0]
    before = previous_period(info.period)
    if before is None:
        return list(rows)
    shown = replace(info, period=before + REPORTED, id=0, measure_count=0)
    reported = replace(
        m, rag_quarter=None, rag_forecast=None, quarter_target=None, quarter_actual=m.previous_actual,
        forecast_target=None, forecast_actual=None, direction=None, long_direction=None, previous_actual=None,
    )  # fmt: skip
    return [(shown, reported), *rows]


def history_section(rows: Sequence[tuple[ReportInfo, Measure]], current: str | None) -> Group:
    """The heading, the periods and the sparkline for the detail view."""
    rows = with_reported_previous(rows)
    count = len(rows)
    title = Text(f"History ({count} period{'s' if count != 1 else ''})", style="bold underline")
    if count <= 1:
        return Group(title, HistoryView(rows, current), Text("Only this period is held so far.", style=muted()))
    return Group(title, HistoryView(rows, current), Text(""), sparkline(rows))
