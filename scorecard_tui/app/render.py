"""Rich renderables for measures: RAG badges, table cells, tree labels, the detail view."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from rich.console import JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_tui.app.palette import current, readable_on
from scorecard_tui.app.safe import clean, literal
from scorecard_tui.app.view import Basis, rag_counts
from scorecard_tui.model import Direction, Flag, Measure, Rag, ReviewDate, Value, format_value
from scorecard_tui.triage.changes import Change
from scorecard_tui.triage.figures import polarity
from scorecard_tui.triage.reviews import is_past

RAG_SYMBOL = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔", Rag.BLUE: "◆"}
"""A rating's glyph: used for ratings and nothing else (change is ``⇧ ⇩ ✚``, direction ``↑ → ↓``,
flags ``⚑ ⚐``), so each reads without colour."""
DIRECTION_ARROW = {
    Direction.IMPROVING: ("↑", "good"),
    Direction.STABILISED: ("→", ""),
    Direction.DETERIORATING: ("↓", "bad"),
}
CHANGE_MARK = {
    Change.BETTER: ("⇧ better", "good"),
    Change.WORSE: ("⇩ worse", "bad"),
    Change.NEW: ("✚ new", "new"),
}
FLAG_MARK = {Flag.RAISE: "⚑ RAISE", Flag.WATCH: "⚐ watch"}
COMING_REVIEW, PAST_REVIEW = "▶", "◀"
"""A review date's mark in the detail and the agenda: coming (ahead) or past (behind). Not ``✓``,
which read as a rating's ``✔``; the directorate tree folds with ``⊞ ⊟``, not ``▶ ▼``."""
OVERDUE = "!"
"""After a review month that has passed with no later one, or a promise's: the chair should chase it
(the Review column's ``Oct 2018 !``, the agenda's ``! overdue``)."""
"""Each mark's text; its colour is the palette's (``good``, ``bad``, ``new``: see ``tone``)."""


def rag_style(rag: Rag) -> str:
    """A rating badge's style in the current theme."""
    return current().rag[rag]


def tone(name: str, *, bold: bool = True, words: bool = False) -> str:
    """The current theme's ``good``, ``bad`` or ``new`` text colour as a style (``""``: no colour).
    With ``words``, for text without a glyph: no colour where it would not read as words
    (:attr:`~scorecard_tui.app.palette.Palette.split`)."""
    if not name:
        return ""
    colour = "" if words and name in current().split else getattr(current(), name)
    return f"bold {colour}".strip() if bold else colour


_WORDS = re.compile(r"[\w\s,.:;()'\"\u2018\u2019\u201c\u201d/&%£+-]+")
"""Runs of words in a mark's text; what lies between them is its glyphs (``⇧``, ``✖``, ``!``)."""


def marked(text: str, name: str, style: str) -> Text:
    """``text`` in ``style``, the palette's colour for the mark ``name`` (``bad``, ``Red``, ``raise``);
    where that colour would not read as words (:attr:`~scorecard_tui.app.palette.Palette.split`),
    its glyphs alone in it and its words in the pane's foreground (bold if ``style`` is)."""
    if name not in current().split:
        return Text(text, style=style)
    words_style = "bold" if "bold" in style.split() else ""
    out, at = Text(), 0
    for run in _WORDS.finditer(text):
        if run.start() > at:
            out.append(text[at : run.start()], style=style)
        out.append(run.group(), style=words_style)
        at = run.end()
    if at < len(text):
        out.append(text[at:], style=style)
    return out


def selected_line(text: Text, on: str | None) -> Text:
    """``text`` as the selected line of a list: every part in black or white, whichever reads on
    the cursor's background ``on`` (``#rrggbb``), so a mark coloured for the pane (a 16-colour Red
    glyph) never sits on the cursor at under 4.5:1; ``on`` None (a theme of terminal colours, whose
    shades are the terminal's): bold, uncoloured, in the cursor's own foreground."""
    style = f"bold {readable_on(on)} on {on}" if on is not None else "bold"
    return Text(text.plain, style=style, no_wrap=text.no_wrap, overflow=text.overflow)


def muted(extra: str = "") -> str:
    """The current theme's colour for text that says less, with ``extra`` styles (``strike``)."""
    return f"{extra} {current().muted}".strip()


def flag_style(flag: Flag) -> str:
    """A flag's style in the current theme: raise a badge, watch bold words."""
    palette = current()
    return palette.raise_flag if flag is Flag.RAISE else palette.watch_flag


_MONTHS = "|".join(calendar.month_name[1:])
_MONTH_YEAR = re.compile(rf"\b({_MONTHS})\s+(\d{{4}})\b")
_PER_POPULATION = re.compile(r"^per ([\d,]+) population$")


def rag_badge(rag: Rag | None, *, letter: bool = False) -> Text:
    """A RAG as a coloured badge that also reads without colour: ``✖ Red`` or ``✖ R``."""
    if rag is None:
        return Text("– N/A" if not letter else "– NA", style=muted())
    word = rag.value[0] if letter else rag.value
    return marked(f"{RAG_SYMBOL[rag]} {word}", rag.value, rag_style(rag))


def direction_text(direction: Direction | None, *, short: bool = False) -> Text:
    """Arrow and word, e.g. ``↓ Deteriorating``; the arrow alone when ``short``."""
    if direction is None:
        return Text("–" if short else "– none", style=muted())
    arrow, name = DIRECTION_ARROW[direction]
    style = tone(name, bold=direction is Direction.DETERIORATING)
    return marked(arrow if short else f"{arrow} {direction.value}", name, style)


@lru_cache(maxsize=256)
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
    """A target or actual with its unit: ``90%``, ``90.5%``, ``10 days``, ``1,234``, ``£2,400,000``,
    ``On Track``, ``N/A`` (a whole number without ``.0``, thousands separated)."""
    if value is None:
        return "N/A"
    if isinstance(value, str):
        return clean(value, newlines=False)
    if unit == "£":
        return format_value(value, unit)  # £2,400,000, as the report shows money
    if float(value).is_integer():
        number = f"{value + 0.0:,.0f}"  # + 0.0: no "-0"
    else:
        number = f"{value:,.1f}" if round(value, 1) == value else f"{value:,g}"
    suffix = short_unit(unit) if short else clean(unit or "", newlines=False)
    if not suffix:
        return number
    return number + suffix if suffix.startswith(("%", "/")) else f"{number} {suffix}"


def month_label(month: str | None, *, short: bool = False) -> str:
    """``2018-11`` as ``Nov 2018`` (``Nov 18`` when ``short``); None as ``–``."""
    if not month:
        return "–"
    year, number = month.split("-")[:2]
    return f"{calendar.month_abbr[int(number)]} {year[-2:] if short else year}"


def rag_summary(measures: Sequence[Measure], basis: Basis) -> Text:
    """Counts per RAG, e.g. ``✖ 14  ▲ 5  ✔ 1``, each symbol in its colour (Blue ``◆`` when any)."""
    counts = rag_counts(measures, basis)
    parts = [
        Text.assemble((f"{RAG_SYMBOL[rag]}", rag_style(rag)), f"{counts[rag]}")
        for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
        if rag is not Rag.BLUE or counts[rag]
    ]
    if counts[None]:
        parts.append(Text(f"N/A {counts[None]}", style=muted()))
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


def review_text(measure: Measure, fetched_at: datetime | date | None = None, as_of: date | None = None) -> Text:
    """The review note with its month-year dates picked out: coming bold, past muted and struck through.

    Args:
        measure: The measure.
        fetched_at: When the report was fetched: months before it count as past.
        as_of: When given, past and coming are counted from this date instead.
    """
    text = literal(measure.review)
    past_months = {d.month for d in measure.review_dates if review_past(d, as_of)}
    coming_months = {d.month for d in measure.review_dates if not review_past(d, as_of)}
    when = as_of or fetched_at
    now = f"{when:%Y-%m}" if when else None
    for match in _MONTH_YEAR.finditer(text.plain):
        month = f"{match.group(2)}-{list(calendar.month_name).index(match.group(1)):02d}"
        past = month in past_months or (month not in coming_months and now is not None and month < now)
        text.stylize(muted("strike") if past else "bold underline", *match.span())
    return text


def review_past(review: ReviewDate, as_of: date | None) -> bool:
    """Whether a review is past: by the as-of date when given, else as the report says."""
    return is_past(review.month, as_of) if as_of else review.past


def change_badge(change: Change | None, *, short: bool = False) -> Text:
    """A change since the previous period that reads without colour: ``⇧ better``, ``✚ new``
    (the mark alone when ``short``)."""
    if change is None or change not in CHANGE_MARK:
        return Text("")
    word, name = CHANGE_MARK[change]
    return marked(word[0] if short else word, name, tone(name))


def flag_badge(flag: Flag | None, *, short: bool = False) -> Text:
    """A flag that reads without colour: ``⚑ RAISE``, ``⚐ watch`` (``⚑``, ``⚐`` when ``short``;
    nothing when unflagged)."""
    if flag is None or flag not in FLAG_MARK:
        return Text("")
    word = FLAG_MARK[flag]
    return marked(word[0] if short else word, flag.value, flag_style(flag))


def status_table(measure: Measure) -> Table:
    """Quarter and forecast: RAG, target and actual."""
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("", "left"),
        ("RAG", "left"),
        ("Target", "right"),
        ("Actual", "right"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=True)
    unit = measure.unit
    for label, rag, target, actual in (
        ("Quarter", measure.rag_quarter, measure.quarter_target, measure.quarter_actual),
        ("Forecast", measure.rag_forecast, measure.forecast_target, measure.forecast_actual),
    ):
        table.add_row(Text(label), rag_badge(rag), Text(value_text(target, unit)), Text(value_text(actual, unit)))
    return table


def direction_lines(measure: Measure) -> Text:
    """Direction of travel, polarity (as the report states it, else inferred) and unit."""
    text = Text("Direction  ")
    text.append_text(direction_text(measure.direction))
    if measure.direction_derived:
        text.append(" (derived from the previous value)", style=muted())
    if measure.long_direction is not None:
        text.append(" (short term)", style=muted())
        text.append("\nLong term  ")
        text.append_text(direction_text(measure.long_direction))
    if measure.previous_actual is not None:
        text.append("\nPrevious   ")
        text.append_text(literal(format_value(measure.previous_actual, measure.unit), newlines=False))
        text.append(" (as reported, not imported)", style=muted())
    if sign := polarity(measure):
        better = "higher" if sign > 0 else "lower"
        text.append(f"\nPolarity   {better} is better", style="italic")
        if measure.polarity is None:
            text.append(" (inferred)", style=muted())
    if measure.unit:
        text.append("\nUnit       ")
        text.append_text(literal(measure.unit, newlines=False))
    return text


def section(title: str, body: Text) -> list[RenderableType]:
    """A blank line, an underlined heading and a body ("(none)" when empty)."""
    if not body.plain.strip():
        body = Text("(none)", style=muted())
    return [Text(""), Text(title, style="bold underline"), body]


def review_list(measure: Measure, as_of: date | None = None) -> RenderableType:
    """Each review date, marked past or coming."""
    if not measure.review_dates:
        return Text("")
    text = Text("\nReview dates\n", style="bold underline")
    for review in measure.review_dates:
        past = review_past(review, as_of)
        mark, when, style = (PAST_REVIEW, "past", muted()) if past else (COMING_REVIEW, "coming", "bold")
        text.append(f"{mark} {month_label(review.month)} ({when})", style=style)
        if review.body:
            text.append("  ")
            text.append_text(literal(review.body, newlines=False))
        text.append("\n")
    text.rstrip()
    return text
