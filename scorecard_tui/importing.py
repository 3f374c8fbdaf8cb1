"""Import scorecard files into the store: parse, then save in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scorecard_tui.model import Report
from scorecard_tui.store import ImportOutcome, Store

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportSummary:
    """What importing one file did."""

    path: Path
    outcome: ImportOutcome
    report: Report

    def line(self) -> str:
        """One line for people: ``imported 20 measures in 3 directorates, 2018/19 Q1, 11 pages``."""
        r = self.report
        what = (
            f"{len(r.measures)} measures in {len(r.directorates)} directorates, "
            f"{r.period}, {r.pages} page{'s' if r.pages != 1 else ''}"
        )
        if self.outcome is ImportOutcome.UNCHANGED:
            return f"already held, unchanged: {what}"
        if self.outcome is ImportOutcome.REPLACED:
            return f"imported {what} (replaced the {r.period} report held before)"
        return f"imported {what}"


def import_file(
    store: Store, path: str | Path, *, period: str | None = None, on_page: ProgressCallback | None = None
) -> ImportSummary:
    """Parse one file and store it; nothing is written unless the whole report is read.

    Raises:
        ScorecardError: with a one-line reason (the caller adds the file name).
    """
    from scorecard_tui.parse import parse_scorecard

    path = Path(path)
    report = parse_scorecard(path, period=period, on_page=on_page)
    outcome = store.save_report(report)
    return ImportSummary(path, outcome, report)
