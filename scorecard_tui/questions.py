"""Suggested questions for the meeting: one per signal, from plain templates (no network, no model)."""

from __future__ import annotations

from collections.abc import Sequence

from scorecard_tui.signals import Signal, SignalKind, month_label


def _unchanged_actions(others: Sequence[Signal]) -> Signal | None:
    return next((s for s in others if s.kind is SignalKind.UNCHANGED and s.subject == "actions"), None)


def question(signal: Signal, others: Sequence[Signal] = ()) -> str:
    """The question a scrutiny chair might ask about one signal.

    Args:
        signal: The signal.
        others: The measure's other signals in the period, which some questions draw on
            (a long Red run whose actions are unchanged asks about the plan).
    """
    s = signal
    match s.kind:
        case SignalKind.UNCHANGED:
            verb = "are" if s.subject == "actions" else "is"
            return f"The {s.subject} {verb} the same as in {s.since_short}: what has happened since then?"
        case SignalKind.PERSISTENT:
            if (actions := _unchanged_actions(others)) is not None:
                return (
                    f"{s.subject} for {s.count} quarters and the actions are unchanged since {actions.since_short}: "
                    "what is different about the plan now?"
                )
            return f"{s.subject} for {s.count} quarters: what would bring it back on target, and by when?"
        case SignalKind.MISSED_REVIEW:
            return f"The review was due in {month_label(s.due)}: what did it find, and when will we see it?"
        case SignalKind.RECOVERY:
            return f"{s.before} this quarter but forecast {s.after} at year end: what changes to get there?"
        case SignalKind.SLIP:
            return f"{s.before} this quarter but forecast {s.after} at year end: what is expected to go wrong?"
        case SignalKind.GOALPOSTS:
            return f"The {s.subject} has moved from {s.before} to {s.after}: who agreed it, and why?"
        case SignalKind.OFF_TARGET:
            return f"{s.after} against a target of {s.before}: what is the gap down to, and what closes it?"
    return f"{s.badge}: what is the explanation?"


def questions(signals: Sequence[Signal]) -> list[tuple[Signal, str]]:
    """Each of a measure's signals with its suggested question."""
    return [(s, question(s, [o for o in signals if o is not s])) for s in signals]
