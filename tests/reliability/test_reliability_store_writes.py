"""Break tests for the store's writes (issue 8, points 2-4): many processes at once, long
saves, and measures that share a code."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from scorecard_tui.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT)}

OPENER = textwrap.dedent(
    """
    import sys, time
    from scorecard_tui.store import Store
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    with Store(sys.argv[1]) as store:
        print(store.schema_version)
    """
)


def _spawn(script: str, *args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_six_processes_opening_one_new_database_all_succeed(tmp_path: Path):
    for round_ in range(5):
        path = tmp_path / f"round{round_}" / "scorecard.db"
        start = time.time() + 1.5
        procs = [_spawn(OPENER, path, start) for _ in range(6)]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            assert int(out) == SCHEMA_VERSION
        with Store(path) as store:
            assert store.schema_version == SCHEMA_VERSION
            assert {"reports", "measures", "review_dates", "annotations", "measures_fts"} <= set(store.db.table_names())
            triggers = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            assert triggers == {"measures_ai", "measures_ad", "measures_au"}
