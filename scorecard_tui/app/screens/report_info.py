"""ReportInfoScreen: what the store keeps of the period's report (``I``): its name, period, source and
file, and every row an import left out, read from the store and shown as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from scorecard_tui.app import data
from scorecard_tui.app.data import StoreThread
from scorecard_tui.app.import_step import HowRead
from scorecard_tui.app.keys import REPORT_INFO_KEY
from scorecard_tui.app.render import muted
from scorecard_tui.app.safe import literal
from scorecard_tui.app.screens.dialog import Dialog
from scorecard_tui.app.screens.store_box import StoreBox
from scorecard_tui.model import NO_SOURCE, ReportInfo, shown_time
from scorecard_tui.outputs.marking import report_marking
from scorecard_tui.store.report_facts import ReportFacts

if TYPE_CHECKING:
    from scorecard_tui.store import Store

LABEL_WIDTH = 12
ROWS_SHOWN = 500
"""At most this many rows not read are listed (a box of 3,000 takes seconds to draw); the rest are counted."""
NOT_KEPT = (
    "How the period was found and what the import noted are not kept with the report "
    "(`scorecard inspect FILE` reads the file again and says)."
)
SHORT_SHA = 12
"""Hex digits of the digest shown before the whole of it."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _percent(share: float) -> str:
    return f"{share * 100:.4g}%"


def fact_rows(info: ReportInfo, facts: ReportFacts) -> list[tuple[str, Text]]:
    """The report's facts, one label and value each, the stored text literal."""
    source = literal(info.source, newlines=False) if info.source != NO_SOURCE else Text("not stated")
    owners = [literal(o, newlines=False) for o in (info.organisation, info.team) if o]
    if owners:
        source.append(" (").append_text(Text(", ").join(owners)).append(")")
    rows = [
        ("Period", literal(info.period, newlines=False)),
        ("Source", source),
        ("Fetched", Text(shown_time(info.fetched_at) if info.fetched_at else "the report does not say")),
        ("Imported", Text(shown_time(facts.imported_at, "%d %b %Y %H:%M UTC"))),
        ("File", literal(info.file_name or "not recorded", newlines=False)),
    ]
    if facts.sha256:
        digest = literal(facts.sha256, newlines=False)
        short = digest[:SHORT_SHA] + ("…" if len(digest) > SHORT_SHA else "")
        rows.append(("sha256", Text("\n").join([short, digest]) if len(digest) > SHORT_SHA else digest))
    pages = Text(str(info.pages) if info.pages > 0 else "not recorded")  # a report saved from its JSON: none
    rows += [("Pages", pages), ("Measures", Text(str(info.measure_count)))]
    if marking := report_marking(info.subtitle):
        rows.append(("Marking", literal(marking, newlines=False)))
    if facts.header_row:
        rows.append(("Header row", Text(" | ").join(literal(h, newlines=False) for h in facts.header_row)))
    if facts.tolerances:
        said = [f"{_percent(share)} of target ({_count(n, 'measure')})" for share, n in facts.tolerances]
        rows.append(("Tolerance", Text("; ".join(said))))
    return rows


def _listed(lines: Sequence[str]) -> Padding:
    """Lines, each as written, indented (their wrapped parts too): one block, so thousands draw at once."""
    return Padding(Text("\n").join(literal(line, newlines=False) for line in lines), (0, 0, 0, 2))


def how_read_rows(how: HowRead) -> list[tuple[str, Text]]:
    """How this session's import read the file, as ``inspect`` says it, the file's text literal."""
    rows = [("Read as", literal(how.family, newlines=False)), ("Period from", literal(how.period_from, newlines=False))]
    if how.page_check:
        rows.append(("Pages", literal(how.page_check, newlines=False)))
    return rows


def _facts_table(rows: list[tuple[str, Text]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("fact", style="bold", width=LABEL_WIDTH, no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    for label, value in rows:
        table.add_row(label, value)
    return table


def report_facts_text(info: ReportInfo, facts: ReportFacts, how: HowRead | None = None) -> RenderableType:
    """The box's content: the name and subtitle, the facts, every row not read (the first
    :data:`ROWS_SHOWN`, and how many more), the choices remembered, and how the file was read
    (``how``: imported in this session) or where to find it."""
    parts: list[RenderableType] = [literal(info.name, "bold", newlines=False)]
    if info.subtitle:
        parts.append(literal(info.subtitle))
    parts += [Text(""), _facts_table(fact_rows(info, facts))]
    unread = facts.unread_rows
    parts.append(Text(""))
    if unread:
        parts.append(Text(f"{_count(len(unread), 'row')} not read (left out by the import):", style="bold"))
        parts.append(_listed(unread[:ROWS_SHOWN]))
        if len(unread) > ROWS_SHOWN:
            more = f"and {len(unread) - ROWS_SHOWN:,} more (`scorecard export` lists every one)"
            parts.append(Text(more, style="bold"))
    else:
        parts.append(Text("Every row of the file was read.", style=muted()))
    remembered = [f"--map {a} = {b}" for a, b in facts.header_maps]
    remembered += [f"--rating {a} = {b}" for a, b in facts.rating_words]
    if remembered:
        parts += [Text(""), Text("Remembered for this series (its next import uses them):", style="bold")]
        parts.append(_listed(remembered))
    parts.append(Text(""))
    if how is None:
        parts.append(Text(NOT_KEPT, style=muted()))
    else:
        parts += [Text("How it was read (imported in this session):", style="bold"), _facts_table(how_read_rows(how))]
        if how.notes:
            parts.append(_listed(how.notes))
    return Group(*parts)


class ReportInfoScreen(StoreBox[tuple[ReportInfo, ReportFacts]]):
    """The period's report: its facts and every row not read, in a box that scrolls; escape, q or I closes it.

    Args:
        store: The thread that owns the store connection.
        info: The period on screen.
        read_here: How each file imported in this session was read, by its digest.
    """

    BOX_TITLE = "This report"
    BOX_ID = "report-info-box"
    BODY_ID = "report-info"
    READING = "Reading the report…"
    FAILED = "The report"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"escape,q,{REPORT_INFO_KEY}", "close", "Close", id="close-report-info"),
        *Dialog.SCROLL_KEYS,
    ]

    def __init__(self, store: StoreThread, info: ReportInfo, read_here: Mapping[str, HowRead] | None = None) -> None:
        super().__init__(store)
        self._info, self._read_here = info, read_here or {}

    def read(self, store: Store) -> tuple[ReportInfo, ReportFacts]:
        """The report as held now, and its facts."""
        return data.report_facts(store, self._info)

    def shown(self, value: tuple[ReportInfo, ReportFacts]) -> RenderableType:
        info, facts = value
        how = self._read_here.get(facts.sha256) if facts.sha256 else None
        return report_facts_text(info, facts, how)
