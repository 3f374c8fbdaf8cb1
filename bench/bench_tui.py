"""Benchmark the TUI in a real pseudo-terminal.

Measures, on the sample and on a generated store of 10,000 measures (500 periods):
- process start to the first painted frame, and to the report's data on screen;
- a key press in the filter bar to the table updated on screen.

Run: ``python bench/bench_tui.py [--runs 5] [--big /tmp/scorecard-10k.db]``.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import replace
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scorecard_tui.export import report_from_dict  # noqa: E402
from scorecard_tui.store import Store  # noqa: E402

SAMPLE = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"
COLS, ROWS = 120, 40
LAUNCH = "import sys; from pathlib import Path; from scorecard_tui.app import run_app; run_app(Path(sys.argv[1]))"
QUERY = "children"


class Pty:
    """A child process on a pseudo-terminal; what it writes is kept as raw bytes.

    Needles are found in the raw bytes (cheap) rather than by emulating the screen,
    so the timings are the app's, not a terminal emulator's; ``screen()`` renders
    the bytes with pyte for error messages.
    """

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.raw = bytearray()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = env or {**os.environ, "TERM": "xterm-256color"}
        env = {**env, "PYTHONPATH": str(ROOT)}
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        os.set_blocking(master, False)
        self.master = master

    def pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        while ready:
            try:
                chunk = os.read(self.master, 1 << 16)
            except (BlockingIOError, OSError):
                return
            if not chunk:
                return
            self.raw += chunk
            ready, _, _ = select.select([self.master], [], [], 0)

    def screen(self) -> str:
        screen = pyte.Screen(COLS, ROWS)
        pyte.ByteStream(screen).feed(bytes(self.raw))
        return "\n".join(screen.display)

    def until(self, needle: str, since: int = 0, timeout: float = 20.0) -> float:
        """The time at which ``needle`` has been written (after byte ``since``)."""
        wanted = needle.encode()
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            self.pump(0.001)
            if self.raw.find(wanted, max(0, since - len(wanted))) >= 0:
                return time.perf_counter()
        raise TimeoutError(f"{needle!r} never appeared:\n{self.screen()}")

    def send(self, text: str) -> tuple[float, int]:
        """Type ``text``; returns when, and how many bytes had been read by then."""
        self.pump(0)
        mark = len(self.raw)
        os.write(self.master, text.encode())
        return time.perf_counter(), mark

    def close(self) -> None:
        try:
            self.send("q")
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def start_times(argv: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Start to first painted frame, and start to the data shown, in ms."""
    painted, data = [], []
    for _ in range(runs):
        term = Pty(argv)
        painted.append((term.until("Measures") - term.started) * 1000)
        data.append((term.until(" measures: ") - term.started) * 1000)
        term.close()
    return painted, data


def key_latencies(db: Path, runs: int) -> list[float]:
    """Key press in the filter bar to the status line and table updated, in ms."""
    latencies = []
    for _ in range(runs):
        term = Pty([sys.executable, "-c", LAUNCH, str(db)])
        term.until(" measures: ")
        term.send("/")
        term.until("earch title, code")
        time.sleep(0.2)
        for i, char in enumerate(QUERY, start=1):
            sent, mark = term.send(char)
            latencies.append((term.until(f"'{QUERY[:i]}'", since=mark) - sent) * 1000)
            time.sleep(0.1)
        term.close()
    return latencies


def build_sample(path: Path) -> Path:
    if not path.exists():
        with Store(path) as store:
            store.save_report(report_from_dict(json.loads(SAMPLE.read_text())))
    return path


def build_big(path: Path, reports: int = 500) -> Path:
    """10,000 measures: the sample saved under 500 period labels."""
    if path.exists():
        return path
    report = report_from_dict(json.loads(SAMPLE.read_text()))
    with Store(path) as store, store.writing():
        for n in range(reports):
            year = 1900 + n // 4
            period = f"{year}/{(year + 1) % 100:02d} Q{n % 4 + 1}"
            store.save_report(replace(report, period=period, sha256=f"bench-{n}"))
    return path


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=Path, default=None, help="where to keep the 10k store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = build_sample(Path(tmp) / "sample.db")
        t0 = time.perf_counter()
        big = build_big(args.big or Path(tmp) / "big.db")
        print(f"10,000-measure store ready in {time.perf_counter() - t0:.1f} s: {big}")
        for name, db in (("sample (20 measures)", sample), ("10,000 measures", big)):
            painted, data = start_times([sys.executable, "-c", LAUNCH, str(db)], args.runs)
            print(f"\n{name}")
            print(f"  start -> first painted frame  {summary(painted)}")
            print(f"  start -> report on screen     {summary(data)}")
            print(f"  filter key -> table updated   {summary(key_latencies(db, args.runs))}")
        cli = [sys.executable, "-m", "scorecard_tui", "demo"]
        try:
            painted, data = start_times(cli, args.runs)
        except (TimeoutError, OSError) as exc:
            print(f"\nscorecard demo: not measured ({str(exc).splitlines()[0]})")
        else:
            print("\nscorecard demo (loads both sample periods at start)")
            print(f"  start -> first painted frame  {summary(painted)}")
            print(f"  start -> report on screen     {summary(data)}")


if __name__ == "__main__":
    main()
