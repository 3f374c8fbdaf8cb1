"""How each measure moved since the last period, and which measures it no longer reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scorecard_tui.compat import StrEnum
from scorecard_tui.model import Measure, Rag


class Change(StrEnum):
    """How a measure moved since the previous period (by its quarterly RAG; Green and Blue are both met)."""

    NEW = "new"
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


def _rank(rag: Rag | None) -> int | None:
    return None if rag is None else rag.rank


def changes(current: Iterable[Measure], previous: Iterable[Measure] | None) -> dict[str, Change]:
    """Each current measure's change against the previous period, by measure key (the Nth
    measure with a repeated code is matched with the Nth before); empty when there is none."""
    if previous is None:
        return {}
    return changes_since(current, {m.key: m.rag_quarter for m in previous})


def changes_since(current: Iterable[Measure], before: Mapping[str, Rag | None]) -> dict[str, Change]:
    """:func:`changes`, given the previous period's quarterly ratings by measure key."""
    out: dict[str, Change] = {}
    for m in current:
        if m.key not in before:
            out[m.key] = Change.NEW
            continue
        old = before[m.key]
        a, b = _rank(old), _rank(m.rag_quarter)
        both_met = old is not None and m.rag_quarter is not None and old.met and m.rag_quarter.met
        if a is None or b is None or a == b or both_met:
            out[m.key] = Change.SAME
        else:
            out[m.key] = Change.BETTER if b > a else Change.WORSE
    return out


def dropped(current: Iterable[Measure], previous: Iterable[Measure] | None) -> list[Measure]:
    """Measures of the previous period that this one no longer reports."""
    keys = {m.key for m in current}
    return [m for m in previous or () if m.key not in keys]
