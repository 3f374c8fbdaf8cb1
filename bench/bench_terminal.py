"""Bytes the app sends to the terminal at 120x40, per terminal type.

Runs the real app in a pseudo-terminal and counts the bytes read from the master side:
the first screen, a row move (down arrow), a row move that scrolls the table, and a
filter key (a table filter, or a letter typed into the search bar). Each key is sent
when the screen is quiet and counted until it is quiet again. Terminals: ``TERM=xterm``
(16 colours), ``xterm-256color``, truecolor (``COLORTERM=truecolor``) and ``NO_COLOR=1``.

Run: ``python bench/bench_terminal.py [--moves 8]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import COLS, ROOT, ROWS, Pty, app_argv, environment, key_bytes, settle

from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store

SAMPLES = [ROOT / "sample_data" / f"derby-scorecard-2018-19-{name}.json" for name in ("q1", "q2-illustrative")]
DOWN = "\x1b[B"
TABLE_KEYS = ("r", "a", "g", "d", "c", "w", "F", "s")
TERMINALS = {
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
    "256 colours": {"TERM": "xterm-256color"},
    "16 colours (TERM=xterm)": {"TERM": "xterm"},
    "NO_COLOR=1": {"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"},
}


def build(folder: Path) -> tuple[Path, Path]:
    """The two sample periods; and a 60-measure report, long enough for a move to scroll."""
    reports = [report_from_dict(json.loads(path.read_text(encoding="utf-8"))) for path in SAMPLES]
    sample = folder / "sample.db"
    with Store(sample) as store:
        for report in reports:
            store.save_report(report)
    latest = reports[-1]
    copies = [replace(m, code=f"{m.code} /{n}") for n in (2, 3) for m in latest.measures]
    long = folder / "long.db"
    with Store(long) as store:
        store.save_report(replace(latest, measures=latest.measures + tuple(copies), sha256="long"))
    return sample, long


def start(db: Path, env: dict[str, str]) -> tuple[Pty, int]:
    term = Pty(app_argv(db), env=env)  # as an officer starts it: scorecard open --db DB
    term.until(" measures: ")
    settle(term)
    return term, len(term.raw)


def measure(sample: Path, long: Path, env: dict[str, str], moves: int) -> dict[str, object]:
    """One terminal type's figures."""
    term, first = start(sample, env)
    try:
        row = [key_bytes(term, DOWN) for _ in range(moves)]
        filters = {}
        for key in TABLE_KEYS:
            filters[key] = key_bytes(term, key)
            key_bytes(term, "\x1b")  # escape clears the filter again
        key_bytes(term, "/")
        typed = [key_bytes(term, char) for char in "child"]
    finally:
        term.close()
    term, _ = start(long, env)
    try:
        visible = ROWS - 7  # header, borders, table header, status line and footer
        for _ in range(visible):
            key_bytes(term, DOWN)
        scrolling = [key_bytes(term, DOWN) for _ in range(moves)]
    finally:
        term.close()
    return {"first": first, "row": row, "scroll": scrolling, "filters": filters, "typed": typed}


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=8, help="row moves to measure (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample, long = build(Path(tmp))
        print(f"Bytes to the terminal at {COLS}x{ROWS} (row moves: median of {args.moves})\n")
        head = f"{'terminal':<26}{'first screen':>14}{'row move':>11}{'move+scroll':>13}"
        head += f"{'table key':>17}{'search key':>17}"
        print(head)
        print("-" * len(head))
        for name, overrides in TERMINALS.items():
            r = measure(sample, long, environment(overrides), args.moves)
            filters = list(r["filters"].values())  # type: ignore[union-attr]
            print(
                f"{name:<26}{kb(r['first']):>14}{kb(statistics.median(r['row'])):>11}"  # type: ignore[arg-type]
                f"{kb(statistics.median(r['scroll'])):>13}"  # type: ignore[arg-type]
                f"{kb(min(filters)) + '-' + kb(max(filters)):>17}"
                f"{kb(min(r['typed'])) + '-' + kb(max(r['typed'])):>17}"  # type: ignore[arg-type]
            )
            detail = ", ".join(f"{k} {kb(v)}" for k, v in r["filters"].items())  # type: ignore[union-attr]
            print(f"{'':<26}table keys: {detail}")


if __name__ == "__main__":
    main()
