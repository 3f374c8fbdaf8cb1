"""The printed summary of a report, for people who do not want the app."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_tui.model import Measure, Rag, Report, format_value
from scorecard_tui.text.safe import clean_text

RAG_STYLE = {
    Rag.RED: "bold white on red",
    Rag.AMBER: "bold black on yellow",
    Rag.GREEN: "bold white on green",
    Rag.BLUE: "bold white on blue",
}


def rag_text(rag: Rag | None) -> Text:
    """A RAG status as a coloured word that also reads without colour."""
    if rag is None:
        return Text("N/A", style="dim")
    return Text(f" {rag.value} ", style=RAG_STYLE[rag])


def _actual_and_target(m: Measure) -> str:
    """``72.0% (80.0%)``; ``212.0 (annual target 250.0)`` for a report with only an annual target."""
    target, label = m.comparison_target
    shown = format_value(target, m.unit)
    return f"{format_value(m.quarter_actual, m.unit)} ({shown if label == 'target' else f'{label} {shown}'})"


def summary_renderables(report: Report) -> Iterator[RenderableType]:
    """A heading, RAG counts per directorate, then every measure Red this quarter."""
    yield Text.assemble(
        (clean_text(report.name), "bold"),
        " - ",
        clean_text(report.period),
        f" (fetched {report.fetched_at:%d %b %Y %H:%M}, " if report.fetched_at else " (",
        f"source {clean_text(report.source)})",
    )
    if report.subtitle:
        yield Text(clean_text(report.subtitle), style="bold")
    if report.unread_rows:
        count = len(report.unread_rows)
        yield Text(f"{count} row{'s' if count != 1 else ''} not read (imported with --skip-unreadable):", style="bold")
        for line in report.unread_rows:
            yield Text(f"  {clean_text(line)}")
    counts = Table(title="Quarterly RAG by directorate", title_justify="left")
    counts.add_column("Directorate")
    rags: list[Rag | None] = [r for r in Rag if r is not Rag.BLUE or any(m.rag_quarter is r for m in report.measures)]
    for column in ("Measures", *(r.value for r in rags if r), "N/A"):
        counts.add_column(column, justify="right")
    for name in [*report.directorates, None]:
        ms = [m for m in report.measures if name is None or m.directorate == name]
        tally = [sum(1 for m in ms if m.rag_quarter is rag) for rag in [*rags, None]]
        label = Text(clean_text(name)) if name else Text("All directorates", style="bold")
        counts.add_row(label, str(len(ms)), *map(str, tally), end_section=name == report.directorates[-1])
    yield counts
    reds = Table(title="Red this quarter", title_justify="left", expand=True)
    reds.add_column("Code", no_wrap=True)
    reds.add_column("Measure", ratio=2, overflow="fold")
    reds.add_column("Actual (target)", ratio=1, overflow="fold")
    reds.add_column("Forecast", no_wrap=True)
    for m in report.measures:
        if m.rag_quarter is Rag.RED:
            reds.add_row(
                Text(clean_text(m.code)),
                Text(clean_text(m.title)),
                Text(clean_text(_actual_and_target(m))),
                rag_text(m.rag_forecast),
            )
    yield reds
