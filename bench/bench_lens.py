"""Scrutiny lens speed: 2,000 measures over 8 periods.

Builds a series of 8 quarterly reports of 2,000 measures each from the sample's measures
(each copied 100 times under new codes, a quarter of them with a tolerance of their own; each
quarter a measure keeps its rating with probability 3/4 and its forecast matches the quarter's
with 4/5, a quarter of the commentary is carried over word for word, a quarter with a figure
changed, half rewritten, and 1 in 20 year-end targets move), about as many signals per measure
as the Q3 sample has,
then prints:
- the time an import of the 8th period spends computing and storing its signals
  (target: under 1 s), and the whole import for comparison;
- the time to open the lens on the 8th period, a query (target: under 100 ms);
- the time opening to write takes to compute again every period's signals kept by earlier rules
  (after RULES_VERSION is bumped), the same for a reader (a temporary copy, on its first read of the
  lens), and what looking for stale signals costs every open to write;
- the time the upgrade migration takes to compute every period's signals once.

    python bench/bench_lens.py [--measures 2000] [--periods 8] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scorecard_tui.cli.samples import load_sample_reports  # noqa: E402
from scorecard_tui.model import Measure, Rag, Report, ReportInfo  # noqa: E402
from scorecard_tui.store import (  # noqa: E402
    Store,
    lens_signals,
    saving,
)
from scorecard_tui.triage.promises import promises  # noqa: E402

PERIODS = [f"{2015 + q // 4}/{(16 + q // 4) % 100:02d} Q{q % 4 + 1}" for q in range(16)]


def _moved_text(rng: random.Random, text: str, period: int) -> str:
    """A quarter of texts carried over, a quarter with a figure changed, half rewritten."""
    roll = rng.random()
    if roll > 1 / 2:
        return f"Rewritten for period {period}: " + " ".join(rng.sample(text.split(), k=min(12, len(text.split()))))
    if roll > 1 / 4:
        return text.replace(text.split()[-1], f"{rng.randint(1, 99)}%", 1)
    return text


def series(n_measures: int, n_periods: int) -> list[Report]:
    """``n_periods`` quarterly reports of ``n_measures`` measures each."""
    rng = random.Random(13)
    base = load_sample_reports()[0]
    seeds = [m for m in base.measures if isinstance(m.quarter_target, float)]
    copies = [
        replace(
            seeds[i % len(seeds)],
            code=f"{seeds[i % len(seeds)].code} x{i}",
            alt_codes=(),
            tolerance=0.1 if i % 4 == 0 else None,  # a quarter with a tolerance of their own
        )
        for i in range(n_measures)
    ]
    reports = []
    previous: list[Measure] = copies
    ratings = list(Rag)[:3]
    for p in range(n_periods):
        measures = []
        for m in previous:
            commentary, actions = (_moved_text(rng, text, p) for text in (m.commentary, m.actions))
            quarter = m.rag_quarter if rng.random() < 0.75 else rng.choice(ratings)
            forecast = quarter if rng.random() < 0.8 else rng.choice(ratings)
            target = m.forecast_target
            if isinstance(target, float) and rng.random() < 0.05:
                target = round(target * rng.choice((0.9, 1.1)), 1)
            measures.append(
                replace(
                    m,
                    commentary=commentary,
                    actions=actions,
                    rag_quarter=quarter,
                    rag_forecast=forecast,
                    quarter_actual=round(float(m.quarter_target) * rng.uniform(0.6, 1.3), 1),
                    forecast_target=target,
                )
            )
        previous = measures
        reports.append(replace(base, period=PERIODS[p], measures=tuple(measures), sha256=f"{p:064x}"))
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reports = series(args.measures, args.periods)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        spent: list[float] = []
        spent_cpu: list[float] = []
        original = lens_signals.store_signals

        def timed(*a, **k):
            t, c = time.perf_counter(), time.process_time()
            try:
                return original(*a, **k)
            finally:
                spent.append(time.perf_counter() - t)
                spent_cpu.append(time.process_time() - c)

        saving.store_signals = timed
        with Store(path) as store:
            for report in reports[:-1]:
                store.save_report(report)
            promises.cache_clear()  # as in a fresh process: every earlier period's promises read again
            t = time.perf_counter()
            store.save_report(reports[-1])
            whole = time.perf_counter() - t
            info = store.latest_report()
            opens, cpu, whole_lens, one = [], [], [], []
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                rows = store.lens.lens_rows(info)
                opens.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                t = time.perf_counter()
                entries = store.lens.entries(info)
                whole_lens.append(time.perf_counter() - t)
                t = time.perf_counter()
                store.lens.signals(info, rows[0].key)
                one.append(time.perf_counter() - t)
        saving.store_signals = original
        n_signals = sum(len(e.signals) for e in entries)
        print(f"{args.measures} measures x {args.periods} periods; latest: {len(entries)} measures with signals")
        print(
            f"import of the latest period: {whole * 1000:.0f} ms, of which signals {spent[-1] * 1000:.0f} ms"
            f" ({spent_cpu[-1] * 1000:.0f} ms of CPU)"
        )
        print(
            f"open the lens (lens_rows: measures and badges, {n_signals} signals): "
            f"median {statistics.median(opens) * 1000:.1f} ms"
            f" ({statistics.median(cpu) * 1000:.1f} ms of CPU)"
        )
        print(f"one measure's signals with evidence (detail pane): median {statistics.median(one) * 1000:.1f} ms")
        print(f"the whole lens with evidence (CLI, briefing): median {statistics.median(whole_lens) * 1000:.1f} ms")
        refresh(path, info, args.repeat)
        # what migration 7 does for a store made before the lens: every period's signals, computed once
        conn = sqlite3.connect(path)
        conn.executescript("DROP TABLE signals; DROP TABLE questions;")
        conn.close()
        import sqlite_utils

        db = sqlite_utils.Database(path)
        t = time.perf_counter()
        with db.conn:
            lens_signals.migrate_lens(db)
        db.close()
        print(f"upgrade migration, every period's signals once: {(time.perf_counter() - t) * 1000:.0f} ms")


def _kept_by_earlier_rules(path: Path) -> None:
    """Every report's signals as an earlier version kept them: no rules version."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM signals WHERE kind = ?", [lens_signals.RULES])
    conn.close()


def refresh(path: Path, info: ReportInfo, repeat: int) -> None:
    """Signals kept by earlier rules: computed again on opening to write, and by a reader."""
    looks = []
    with Store(path) as store:
        for _ in range(repeat):
            t = time.perf_counter()
            lens_signals.stale_series(store.conn)
            looks.append(time.perf_counter() - t)
    opens = []
    for _ in range(repeat):
        t = time.perf_counter()
        Store(path).close()
        opens.append(time.perf_counter() - t)
    _kept_by_earlier_rules(path)
    with Store(path, read_only=True) as reader:
        t = time.perf_counter()
        reader.lens.lens_rows(info)
        first_read = time.perf_counter() - t
        t = time.perf_counter()
        reader.lens.lens_rows(info)
        next_read = time.perf_counter() - t
    t = time.perf_counter()
    Store(path).close()
    stale_open = time.perf_counter() - t
    print(
        f"open to write, every period's signals kept by earlier rules computed again: {stale_open * 1000:.0f} ms"
        f" (an open with nothing stale: median {statistics.median(opens) * 1000:.1f} ms, of which looking for"
        f" stale signals {statistics.median(looks) * 1000:.2f} ms)"
    )
    print(
        f"a reader of the same file (read-only): first lens read {first_read * 1000:.0f} ms (a temporary copy),"
        f" the next {next_read * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
