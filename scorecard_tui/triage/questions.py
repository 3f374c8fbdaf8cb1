"""Suggested questions for the meeting: one per theme of a measure's signals, from plain templates
(no network, no model).

A measure's signals that ask the same thing share a theme and become one question naming
all their evidence: unchanged commentary and unchanged actions ask what has happened; a
run of Red with its actions unchanged asks about the plan; a run of Red, a shortfall and
a broken promise ask what closes the gap. Each theme's template is worded apart from the
others, so no two questions on one measure read alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from scorecard_tui.triage.signals import WITHIN_TOLERANCE, Signal, SignalKind, month_label, short_period


def theme(signal: Signal, others: Sequence[Signal] = ()) -> str:
    """Which theme a signal's question belongs to (a run of a rating joins unchanged actions)."""
    match signal.kind:
        case SignalKind.MISMATCH:
            return "rating"
        case SignalKind.PROMISE:
            return "gap"
        case SignalKind.UNCHANGED:
            return "narrative"
        case SignalKind.PERSISTENT:
            return "narrative" if _unchanged(others, "actions") else "gap"
        case SignalKind.OFF_TARGET:
            return "gap"
        case SignalKind.MISSED_REVIEW:
            return "review"
        case SignalKind.RECOVERY | SignalKind.SLIP:
            return "forecast"
        case SignalKind.GOALPOSTS:
            return "target"
    return signal.slug


def _unchanged(signals: Sequence[Signal], field: str) -> Signal | None:
    return next((s for s in signals if s.kind is SignalKind.UNCHANGED and s.subject == field), None)


def _of(signals: Sequence[Signal], kind: SignalKind) -> Signal | None:
    return next((s for s in signals if s.kind is kind), None)


def grouped(signals: Sequence[Signal]) -> list[tuple[Signal, ...]]:
    """A measure's signals (worst first) by theme: each group's first signal is its worst, and the
    groups keep the order of their worst signals."""
    groups: dict[str, list[Signal]] = {}
    for s in signals:
        groups.setdefault(theme(s, signals), []).append(s)
    return [tuple(group) for group in groups.values()]


def ask(group: Sequence[Signal]) -> str:
    """The one question a theme's signals raise, naming each signal's evidence."""
    lead = group[0]
    commentary, actions = _unchanged(group, "commentary"), _unchanged(group, "actions")
    run, short = _of(group, SignalKind.PERSISTENT), _of(group, SignalKind.OFF_TARGET)
    made = [s for s in group if s.kind is SignalKind.PROMISE]
    if made:
        dates = " and ".join(f"{month_label(s.after)} (in {s.since_short})" for s in made)
        now = [f"{run.subject} for {run.count} quarters"] if run else []
        now += [f"{short.after} against {short.before}"] if short else []
        still = f"; it is {', '.join(now)}" if now else ""
        return f"The service gave {dates} as its date{still}: why was the date missed, and what is the new one?"
    match lead.kind:
        case SignalKind.UNCHANGED | SignalKind.PERSISTENT if run is not None and actions is not None:
            texts = "the commentary and actions" if commentary else "the actions"
            return (
                f"{run.subject} for {run.count} quarters and {texts} are unchanged since {actions.since_short}: "
                "what is different about the plan now?"
            )
        case SignalKind.UNCHANGED if commentary is not None and actions is not None:
            since = commentary.since_short if commentary.since == actions.since else "last quarter"
            return f"Commentary and actions both repeat {since}'s wording: what has actually moved since?"
        case SignalKind.PERSISTENT | SignalKind.OFF_TARGET if run is not None and short is not None:
            return (
                f"{run.subject} for {run.count} quarters, {short.after} against {short.before}: "
                "what would close the gap, and by when?"
            )
        case SignalKind.GOALPOSTS if len(group) > 1:
            moves = " and ".join(f"the {s.subject} from {s.before} to {s.after}" for s in group)
            return f"Targets were eased, {moves}: who agreed them, and on what grounds?"
    return question(lead)


def question(signal: Signal, others: Sequence[Signal] = ()) -> str:
    """The question a scrutiny chair might ask about one signal.

    Args:
        signal: The signal.
        others: The measure's other signals in the period, which some questions draw on
            (a long Red run whose actions are unchanged asks about the plan).
    """
    s = signal
    match s.kind:
        case SignalKind.UNCHANGED if s.subject == "actions":
            return f"The actions read as they did in {s.since_short}: have they been carried out, and did they work?"
        case SignalKind.UNCHANGED:
            return f"The commentary is the same as in {s.since_short}: what has happened since then?"
        case SignalKind.PERSISTENT:
            if (actions := _unchanged(others, "actions")) is not None:
                return (
                    f"{s.subject} for {s.count} quarters and the actions are unchanged since {actions.since_short}: "
                    "what is different about the plan now?"
                )
            return f"{s.subject} for {s.count} quarters: what would bring it back on target, and by when?"
        case SignalKind.MISSED_REVIEW:
            return f"The review was due in {month_label(s.due)}: what did it find, and when will we see it?"
        case SignalKind.PROMISE:
            when = short_period(s.since, s.period) if s.period else s.since
            return f"In {when} the service gave {month_label(s.after)} as its date: why was it missed?"
        case SignalKind.MISMATCH if s.subject == WITHIN_TOLERANCE:
            return f"R{s.badge[1:]}: why Red rather than Amber?"
    template = _ASKED.get(s.kind, "{s.badge}: what is the explanation?")
    return template.format(s=s)


_ASKED = {
    SignalKind.RECOVERY: "{s.before} this quarter but forecast {s.after} at year end: what changes to get there?",
    SignalKind.SLIP: "{s.before} this quarter but forecast {s.after} at year end: what is expected to go wrong?",
    SignalKind.GOALPOSTS: "The {s.subject} has moved from {s.before} to {s.after}: who agreed it, and why?",
    SignalKind.OFF_TARGET: "{s.after} against a target of {s.before}: what is the gap down to, and what closes it?",
    SignalKind.MISMATCH: "Rated {s.subject} at {s.after} against {s.before}: what makes it {s.subject}?",
}
"""The question of each kind of signal that needs only the signal's own words (see :func:`question`)."""


def questions(signals: Sequence[Signal]) -> list[tuple[tuple[Signal, ...], str]]:
    """A measure's questions: each theme's signals (worst first) with the one question they raise."""
    return [(group, ask(group)) for group in grouped(signals)]
