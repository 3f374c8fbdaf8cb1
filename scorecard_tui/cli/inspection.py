"""``scorecard inspect``: how a file would import, shown without writing anything.

Every piece of report text is printed as a Rich ``Text`` (never parsed as markup) after
:func:`~scorecard_tui.text.safe.clean_line` has taken out terminal controls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Measure, Report, format_value
from scorecard_tui.parse.headers import MappedTable
from scorecard_tui.parse.table_report import Reading
from scorecard_tui.text.safe import clean_line

if TYPE_CHECKING:
    from scorecard_tui.store import Store

FIRST_ROWS = 5
"""Rows shown as they would be stored."""


def _t(text: object, style: str = "") -> Text:
    return Text(clean_line(str(text)), style=style)


def mapping_table(mapped: MappedTable) -> Table:
    """Each header, the field it maps to (or that it is ignored), and why."""
    table = Table(title="Columns", title_justify="left", show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Header")
    table.add_column("Field")
    table.add_column("How")
    for c in mapped.columns:
        field = _t(c.field.value, "bold") if c.field else Text("ignored", style="dim")
        table.add_row(str(c.index + 1), _t(c.header or "(blank)"), field, _t(c.how))
    return table


def rating_words_table(reading: Reading) -> Table:
    """Every distinct rating word in the file, the rating it will store, how many rows, and why."""
    table = Table(title="Rating words", title_justify="left", show_edge=False)
    for name in ("Word", "Stored as", "Rows", "How"):
        table.add_column(name, justify="right" if name == "Rows" else "left")
    for w in reading.rating_words:
        table.add_row(_t(w.word or "(blank)"), _t(w.meaning, "bold"), str(w.rows), _t(w.how))
    return table


def unread_renderables(report: Report) -> Iterator[RenderableType]:
    """The rows ``--skip-unreadable`` leaves out, each with its text and the fix."""
    if report.unread_rows:
        count = len(report.unread_rows)
        yield Text(f"{count} row{'s' if count != 1 else ''} not read (--skip-unreadable)", style="bold")
        for line in report.unread_rows:
            yield Text.assemble(("  not read: ", "bold"), _t(line))


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def measure_table(m: Measure) -> Table:
    """One measure, field by field, as it would be stored."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    fields = (
        ("directorate", m.directorate),
        ("code", m.code + (f"  (also {', '.join(m.alt_codes)})" if m.alt_codes else "")),
        ("title", m.title),
        ("rag_quarter", m.rag_quarter.value if m.rag_quarter else "none"),
        ("rag_forecast", m.rag_forecast.value if m.rag_forecast else "none"),
        ("quarter_target", format_value(m.quarter_target, m.unit)),
        ("quarter_actual", format_value(m.quarter_actual, m.unit)),
        ("forecast_target", format_value(m.forecast_target, m.unit)),
        ("forecast_actual", format_value(m.forecast_actual, m.unit)),
        ("unit", m.unit or "none"),
        ("direction", m.direction.value if m.direction else "none"),
        *((("long_direction", m.long_direction.value),) if m.long_direction else ()),
        ("polarity", f"{m.polarity.value} is better" if m.polarity else "not stated"),
        *((("tolerance", f"{m.tolerance * 100:g}% of the target"),) if m.tolerance is not None else ()),
        ("commentary", _short(m.commentary) or "none"),
        ("actions", _short(m.actions) or "none"),
        ("review", _short(m.review) or "none"),
        ("review_dates", ", ".join(f"{d.month} {d.body or ''}".strip() for d in m.review_dates) or "none"),
    )
    for name, value in fields:
        table.add_row(name, _t(value))
    return table


def rows_renderables(measures: tuple[Measure, ...], count: int = FIRST_ROWS) -> Iterator[RenderableType]:
    """The first measures as they would be stored."""
    shown = measures[:count]
    yield Text(f"First {len(shown)} of {len(measures)} measures as they would be stored", style="bold underline")
    for number, m in enumerate(shown, start=1):
        yield Text(f"{number}.", style="bold")
        yield measure_table(m)


def inspect_renderables(reading: Reading, file_name: str) -> Iterator[RenderableType]:
    """What ``inspect`` prints for a file that reads."""
    r = reading.report
    yield Text.assemble(("File ", "dim"), _t(file_name, "bold"), ("  family ", "dim"), _t(reading.family, "bold"))
    yield from looked_renderables(reading.looked)
    yield Text.assemble(
        ("Report ", "dim"),
        _t(r.name, "bold"),
        ("  source ", "dim"),
        _t(r.source),
        ("  period ", "dim"),
        _t(r.period, "bold"),
        ("  from ", "dim"),
        _t(reading.period_from),
    )
    if r.subtitle:
        yield Text.assemble(("Subtitle ", "dim"), _t(r.subtitle.replace("\n", " / "), "bold"))
    fetched = f", fetched {r.fetched_at:%d %B %Y %H:%M}" if r.fetched_at else ", no fetch time"
    plural = "s" if len(r.directorates) != 1 else ""
    yield _t(f"{len(r.measures)} measures in {len(r.directorates)} directorate{plural}{fetched}")
    if reading.page_check:
        yield Text.assemble(("Pages ", "dim"), _t(f"{r.pages}, {reading.page_check}"))
    if reading.mapped is not None:
        yield mapping_table(reading.mapped)
    else:
        yield Text(
            "Columns: fixed DORIS layout (Directorate headings, Quarterly and Forecast data blocks)", style="dim"
        )
    if reading.rating_words:
        yield rating_words_table(reading)
    for note in reading.notes:
        yield Text.assemble(("note: ", "bold"), _t(note))
    yield from unread_renderables(r)
    yield from rows_renderables(r.measures)
    yield Text("Dry run: nothing was written.", style="dim")


def looked_renderables(looked: tuple[str, ...]) -> Iterator[RenderableType]:
    """The readers asked, in order: why each before the last declined, and the one that read the file."""
    if looked:
        yield Text("Readers that looked", style="dim")
        for line in looked:
            yield Text.assemble(("  ", ""), _t(line))


def failed_mapping_renderables(mapped: MappedTable, name: str) -> Iterator[RenderableType]:
    """What ``inspect`` prints before the error, when the columns mapped but the rows did not read."""
    yield Text.assemble(("Report ", "dim"), _t(name, "bold"))
    yield mapping_table(mapped)


def run_inspect(
    path: Path,
    db_path: Path,
    *,
    period: str | None,
    maps: tuple[str, ...],
    ratings: tuple[str, ...] = (),
    series: str | None = None,
    skip_unreadable: bool = False,
) -> None:
    """Read a file as ``import`` would and print how; the database is only read (if it exists).

    Raises:
        ScorecardError: when the file would not import (after showing the mapping, if it got that far).
    """
    from rich.console import Console

    from scorecard_tui.parse import NotClaimed, read_scorecard
    from scorecard_tui.parse.table_report import TableReadError, parse_choices, with_series

    overrides = parse_choices(maps, ratings, series, skip_unreadable)
    console = Console(highlight=False, emoji=False)
    remembered, store = _remembered_maps(db_path)
    try:
        reading = with_series(
            read_scorecard(path, period=period, overrides=overrides, remembered=remembered), overrides
        )
    except TableReadError as exc:
        for part in failed_mapping_renderables(exc.mapped, exc.name):
            console.print(part)
        raise
    except NotClaimed as exc:
        for part in looked_renderables(exc.looked):
            console.print(part)
        raise
    finally:
        if store is not None:
            store.close()
    for part in inspect_renderables(reading, path.name):
        console.print(part)


def _remembered_maps(db_path: Path) -> tuple[Callable[[str, str], dict[str, str]] | None, Store | None]:
    """The store's remembered ``--map`` choices, read-only; none when there is no usable database."""
    from scorecard_tui.store import Store

    if not db_path.is_file():
        return None, None
    try:
        store = Store(db_path, read_only=True)
    except ScorecardError:
        return None, None
    from scorecard_tui.importing import remembered

    return remembered(store), store
