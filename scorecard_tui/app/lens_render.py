"""Rich renderables for the scrutiny lens: signal badges, the lens list's lines, the detail's signals.

Every badge is a symbol and words, so it reads in 16 colours and with NO_COLOR; a word
diff keeps its ``[-removed-]`` and ``{+added+}`` marks for the same reason.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Sequence
from functools import cache

from rich.console import Console, RenderableType
from rich.text import Text

from scorecard_tui.app.palette import current
from scorecard_tui.app.render import FLAG_MARK, RAG_SYMBOL, flag_style, marked, muted, rag_badge, rag_style, tone
from scorecard_tui.app.safe import literal
from scorecard_tui.model import Flag, Measure, Rag, ReportInfo
from scorecard_tui.store.lens import LensQuestion, LensRow
from scorecard_tui.triage.signals import Held, PromiseState, Signal, SignalKind, month_label, promise_states, words

SIGNAL_MARK: dict[SignalKind, tuple[str, str]] = {
    SignalKind.UNCHANGED: ("≡", "new"),
    SignalKind.PERSISTENT: ("●", "bad"),
    SignalKind.MISSED_REVIEW: ("◷", "bad"),
    SignalKind.RECOVERY: ("↗", "new"),
    SignalKind.SLIP: ("↘", "bad"),
    SignalKind.GOALPOSTS: ("⇅", "new"),
    SignalKind.OFF_TARGET: ("◎", "bad"),
    SignalKind.MISMATCH: ("≠", "bad"),
    SignalKind.PROMISE: ("↯", "bad"),
    SignalKind.OWN: ("✎", ""),
}
"""Each kind's symbol and its colour's name in the palette (``tone``)."""
UNKNOWN_MARK = ("•", "")


def removed_style() -> str:
    """A word diff's removed words."""
    return f"strike {tone('bad', bold=False, words=True)}".strip()


def added_style() -> str:
    """A word diff's added words."""
    return f"underline {tone('good', words=True)}"


_RAGS = {r.value: r for r in Rag}


def signal_badge(kind: SignalKind | None, badge: str) -> Text:
    """``≡ commentary unchanged since 2018/19 Q1``: symbol and words, coloured by kind."""
    symbol, name = SIGNAL_MARK.get(kind, UNKNOWN_MARK) if kind is not None else UNKNOWN_MARK
    style = tone(name) or "bold"
    if kind is SignalKind.PERSISTENT and (rag := _RAGS.get(badge.split(" ", 1)[0])) in RAG_SYMBOL:
        symbol, style, name = RAG_SYMBOL[rag], rag_style(rag), rag.value
    words = "bold" if name in current().split else style
    return Text.assemble((f"{symbol} ", style), literal(badge, words, newlines=False))


def lens_line(row: LensRow, code_width: int = 12, flag: Flag | None = None, width: int | None = None) -> Text:
    """A lens list entry: how many signals, the current rating, the code, the officer's flag and the
    title, then each badge on its own line.

    Args:
        flag: The officer's flag on the measure.
        width: The cells the entry has: a long title wraps under its own start (a hanging indent),
            not back at the count.
    """
    text = Text(f"{len(row.badges):>2} ", style="bold")
    text.append_text(rag_badge(row.rating, letter=True))
    text.append(" ")
    text.append_text(literal(row.code.ljust(code_width), "bold", newlines=False))
    text.append(" ")
    if flag is not None and flag in FLAG_MARK:
        text.append_text(marked(f" {FLAG_MARK[flag]} ", flag.value, flag_style(flag)))
        text.append(" ")
    title = literal(row.title, newlines=False)
    indent = text.cell_len
    if width is not None and width - indent >= TITLE_MIN_WRAP and title.cell_len > width - indent:
        lines = title.wrap(_wrapping_console(), width - indent)
        for line in lines:
            line.rstrip()  # the space a line broke at
        title = Text("\n" + " " * indent).join(lines)
    text.append_text(title)
    kinds = row.kinds or (None,) * len(row.badges)
    for kind, badge in zip(kinds, row.badges, strict=False):
        text.append("\n      ")
        text.append_text(signal_badge(kind, badge))
    return text


TITLE_MIN_WRAP = 16
"""Narrower than this beside its code, a title is left to wrap where the list wraps it."""


@cache
def _wrapping_console() -> Console:
    """A console only for measuring where a title's lines break (Text.wrap asks for one)."""
    return Console(width=200, file=io.StringIO(), color_system=None, legacy_windows=False)


def word_diff_text(before: str, after: str) -> Text:
    """The words of ``after`` with what changed since ``before`` marked: ``[-removed-]`` struck
    through and ``{+added+}`` underlined (the brackets say it without colour)."""
    old, new = words(before), words(after)
    text = Text()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            text.append_text(literal(" ".join(old[a1:a2]) + " ", newlines=False))
            continue
        if a2 > a1:
            text.append_text(literal("[-" + " ".join(old[a1:a2]) + "-]", removed_style(), newlines=False))
            text.append(" ")
        if b2 > b1:
            text.append_text(literal("{+" + " ".join(new[b1:b2]) + "+}", added_style(), newlines=False))
            text.append(" ")
    text.rstrip()
    return text


def run_text(evidence: str) -> Text:
    """``2018/19 Q1 Red -> 2018/19 Q2 Red`` as ``2018/19 Q1 ✖ R, then 2018/19 Q2 ✖ R`` (``→`` is a direction)."""
    parts = []
    for step in evidence.split(" -> "):
        period, _, rag_name = step.rpartition(" ")
        rag = _RAGS.get(rag_name)
        if rag is None or not period:
            parts.append(literal(step, newlines=False))
            continue
        parts.append(Text.assemble(literal(period, newlines=False), " ", rag_badge(rag, letter=True)))
    return Text(", then ").join(parts)


def evidence_text(signal: Signal) -> Text:
    """What shows a signal: a word diff for nearly unchanged text, the run for a persistent rating."""
    if signal.kind is SignalKind.UNCHANGED and words(signal.before) != words(signal.after):
        return word_diff_text(signal.before, signal.after)
    if signal.kind is SignalKind.PERSISTENT:
        return run_text(signal.evidence)
    return literal(signal.evidence)


def signals_section(questions: Sequence[LensQuestion]) -> list[RenderableType]:
    """The detail pane's ``Signals`` section: each badge, its evidence and its question for the meeting."""
    if not questions:
        return []
    text = Text("\n")
    count = sum(1 for q in questions for s in q.signals if s.kind is not SignalKind.OWN)
    text.append(f"Signals ({count})" if count else "Questions", style="bold underline")
    text.append("  e: edit or drop the questions", style=muted())
    for q in questions:
        for s in q.signals:
            text.append("\n")
            text.append_text(signal_badge(s.kind, s.badge))
            if s.kind is not SignalKind.OWN:
                text.append("\n  ")
                text.append_text(evidence_text(s))
        text.append("\n  Q: ", style="bold")
        if q.dropped:
            text.append_text(literal(q.text or q.suggested, muted("strike"), newlines=False))
            text.append(" (dropped from the briefing", style="italic")
        else:
            text.append_text(literal(q.text, newlines=False))
            asked = "asked" if q.signal.kind is SignalKind.OWN and not q.earlier else "edited"
            text.append(f" ({asked}" if q.edit else "", style="italic")
        if q.edit:
            text.append(" by ", style="italic")
            text.append_text(literal(q.edit.author, "italic", newlines=False))
        if q.edit or q.dropped:
            text.append(")", style="italic")
    return [text]


PROMISE_STATE = {
    "kept": ("☑ kept", "good"),
    "not kept": ("☒ not kept", "bad"),
    "open": ("☐ due", ""),
}
"""How each promise's state reads: a symbol and words (not a rating's ``✔``/``✖``), and its colour's name."""


def measure_promises(
    history: Sequence[tuple[ReportInfo, Measure]], info: ReportInfo, measure: Measure
) -> tuple[PromiseState, ...]:
    """The dated promises a measure made in its history up to ``info``'s period, kept or not."""
    series = [Held(r.period, {measure.key: m}) for r, m in history if r.period <= info.period]
    if not series or series[-1].period != info.period:
        series.append(Held(info.period, {measure.key: measure}))
    return tuple(promise_states(series, len(series) - 1, measure.key))


def promises_section(states: Sequence[PromiseState]) -> list[RenderableType]:
    """The detail pane's ``Promises`` section: when each was made, when due, kept or not, its words."""
    if not states:
        return []
    text = Text("\n")
    text.append(f"Promises ({len(states)})", style="bold underline")
    for p in states:
        words_, name = PROMISE_STATE.get(p.state, (p.state, ""))
        text.append("\n")
        text.append_text(marked(words_, name, tone(name) or "bold"))
        when = f" in {p.when}" if p.when else ""
        text.append_text(literal(f" {month_label(p.due)}{when}, said in {p.made} ({p.field}): ", newlines=False))
        text.append_text(literal(f"\u201c{p.quote}\u201d", "italic", newlines=False))
    return [text]
