"""Benchmark the TUI in a real pseudo-terminal, side by side with a bare Textual app (issue 12).

One run starts every app in a pty at 120x40 (``TERM=xterm-256color``): ours as an officer does,
``scorecard open --db DB`` (``python -m scorecard_tui``), the bare app by ``python -c``;
the cases taking turns each round so that a busy machine slows them alike, and measures:
- a bare Textual app (Header, one Static, Footer): process start to its first frame;
- the 20-measure sample (the JSON saved into a store): start to the first frame (layout drawn:
  the "Measures" border) and to the report's data on screen (the status line's "N of N measures");
- one period of 500 and one of 2,000 measures (distinct codes, 10 directorates, titles and
  commentary as long as the sample's; four periods of each, the latest opened): start to data
  on screen, and filter key to table updated: ``r``/``a``/``g`` (RAG), ``c`` (changes) and
  ``d`` (direction) pressed in a cycle that changes the rows shown at every press, and a word
  typed into the ``/`` search letter by letter then rubbed out (a word whose every prefix shows
  other rows than the one before). A key counts as answered when the status line's
  "N of M measures: ..." with the new state is among the bytes written after it; a press whose
  count did not change is reported as not a real update;
- bytes per row move (``j`` down to the last row on screen, then ``k`` back, so none scrolls;
  each counted until the screen is quiet) and idle bytes (sent in ``--idle`` seconds once
  start-up has been quiet for a second), on the sample (the table's row) and each size.

Our package's bytecode is written first (``compileall``), as ``pip install .`` does and as
Textual's already is: with ``PYTHONDONTWRITEBYTECODE`` set, a source tree compiled every module
again at every start, which the bare app never pays.

It prints issue 12's table (now, aim, met?) with ratios to the bare app, then the raw numbers;
``--json`` prints them as JSON instead. The generated stores are built through
``Store.save_report`` and kept in ``$TMPDIR/scorecard-bench/`` by size (and schema version),
so a rerun starts at once.

The old "10,000 measures" case (500 periods of the same 20 measures) is gone: its table never
held more than 20 rows, so it did not measure what a large report costs; the 2,000 case does.
So is the ``scorecard demo`` start-up (the sample case times the same start). Delete the cache
folder (or pass ``--cache``) if the store's way of saving changes without a schema version.

    python bench/bench_tui.py [--runs 5] [--sizes 500,2000] [--keys 26] [--moves 20] [--json]
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import json
import math
import os
import pty
import random
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scorecard_tui.model import Direction, Measure, Rag, Report, ReviewDate  # noqa: E402
from scorecard_tui.records import report_from_dict  # noqa: E402
from scorecard_tui.store import Store  # noqa: E402
from scorecard_tui.store.schema import SCHEMA_VERSION  # noqa: E402

SAMPLE = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"
COLS, ROWS = 120, 40
BARE_TEXT = "bare textual app"
BARE = (
    "from textual.app import App\n"
    "from textual.widgets import Footer, Header, Static\n"
    "class Bare(App):\n"
    "    BINDINGS = [('q', 'quit', 'Quit')]\n"
    "    def compose(self):\n"
    "        yield Header()\n"
    f"        yield Static({BARE_TEXT!r})\n"
    "        yield Footer()\n"
    "Bare().run()\n"
)
QUIET = 0.3
"""Seconds without output that count as a settled screen."""
SETTLED = 1.0
"""Seconds without output after start-up that count as start-up over (idle is counted after it)."""
STATUS = re.compile(rb"(\d[\d,]*) of (\d[\d,]*) measures?: ([^\x1b\r\n]*)(?=[\x1b\r\n])")
"""The status line: rows in view, rows in the period, and the filters in words."""
TABLE_CYCLE = "rraaggcccdddd"
"""Red on and off, Amber, Green, changed -> worse -> all, direction x3 -> any: every press changes the rows."""
GENERATOR = 1
"""Bump when the generated data changes, so cached stores are rebuilt."""


def environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without colour settings, plus ``overrides`` (default: 256 colours)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM")}
    overrides = {"TERM": "xterm-256color"} if overrides is None else overrides
    return {**env, **overrides, "COLUMNS": str(COLS), "LINES": str(ROWS)}


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
        env = env or environment()
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

    def until(self, needle: str, since: int = 0, timeout: float = 30.0) -> float:
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


def settle(term: Pty, quiet: float = QUIET, timeout: float = 20.0) -> float:
    """Read until nothing has come for ``quiet`` seconds; returns when the last byte came (``perf_counter``)."""
    deadline = time.perf_counter() + timeout
    size = len(term.raw)
    last = time.perf_counter()
    while time.perf_counter() < deadline:
        term.pump(0.02)
        if len(term.raw) != size:
            size, last = len(term.raw), time.perf_counter()
        elif time.perf_counter() - last >= quiet:
            break
    return last


def key_bytes(term: Pty, key: str) -> int:
    """Bytes written in answer to one key (sent on a quiet screen, counted until it is quiet again)."""
    settle(term)
    mark = len(term.raw)
    term.send(key)
    settle(term)
    return len(term.raw) - mark


# -- the stores ------------------------------------------------------------------------------

DIRECTORATES = {
    "Adults, Health & Housing": "AHH",
    "Children & Young People": "CYP",
    "Communities & Place": "C&P",
    "Corporate Resources": "CR",
    "Economy & Regeneration": "E&R",
    "Environment & Transport": "E&T",
    "Finance & Commercial": "FIN",
    "People Services": "PS",
    "Public Health": "PH",
    "Strategy & Governance": "S&G",
}
SUBJECTS = (
    "older people still at home 91 days after discharge from hospital into reablement services",
    "new affordable homes provided (gross)",
    "new Housing Benefit claims processed within target",
    "working days per employee lost through sickness absence - excluding schools",
    "children placed with independent fostering agencies",
    "16-17 year-olds not in education, training or employment (NEET)",
    "household waste sent for reuse, recycling and composting",
    "principal roads where maintenance should be considered",
    "planning applications decided within statutory timescales",
    "council tax collected in year",
    "business rates collected in year",
    "Education, Health and Care Plans issued within 20 weeks",
    "adults with learning disabilities in paid employment",
    "carers receiving a direct payment",
    "homeless households in temporary accommodation",
    "fly-tipping incidents cleared within two working days",
    "library visits per 1,000 population",
    "leisure centre attendances",
    "invoices paid within 30 days",
    "freedom of information requests answered within 20 working days",
    "complaints resolved at stage one",
    "smoking quitters at four weeks",
    "health checks offered to the eligible population",
    "children in care with three or more placements in the year",
    "care leavers in suitable accommodation",
    "repeat referrals to children's social care within 12 months",
    "delayed transfers of care attributable to adult social care",
    "new businesses established arising from council interventions",
    "jobs created through regeneration schemes",
    "street lights repaired within seven days",
)
LEADS = ("Percentage of", "Number of", "Rate of", "Average time (days) for", "Proportion of", "Total")
PLACES = ("", " - citywide", " - north locality", " - south locality", " - excluding schools", " (rolling 12 months)")
SENTENCES = (
    "Performance has improved on the previous quarter following the introduction of a revised triage process.",
    "The service continues to face high demand, with referrals {n}% above the same period last year.",
    "Significant engagement work has taken place with partners in primary care, hospitals and direct services.",
    "Recruitment to vacant posts has been slower than planned and agency cover remains in place.",
    "The figure reflects a change in the national definition and is not directly comparable with last year.",
    "A deep dive was presented to the performance surgery, which agreed a recovery plan with monthly milestones.",
    "Seasonal pressures over the winter period are expected to affect the year-end outturn.",
    "Benchmarking shows the council in the second quartile of its statistical neighbours.",
    "The target was set before the budget reductions agreed in February and will be reviewed.",
    "Data quality checks identified {n} records entered late; these have now been corrected.",
    "A new IT system went live in the quarter and staff are still adjusting to the new workflows.",
    "Partnership working with the voluntary sector has expanded the number of people supported.",
)
ACTIONS = (
    "Continue to monitor performance monthly through the directorate management team.",
    "Complete the recruitment campaign for {n} posts by the end of the next quarter.",
    "Implement the recovery plan agreed at performance surgery, reporting progress to CLT.",
    "Review the target with the portfolio holder as part of the budget setting process.",
    "Work with partners to build trusted relationships and have better conversations with residents.",
)
BODIES = ("Executive Scrutiny", "Performance Surgery", "CLT", None)
PERIODS = ("2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2018/19 Q4")
FETCHED = ("2018-08-24T11:12:02", "2018-11-23T10:05:41", "2019-02-22T09:30:00", "2019-05-24T14:45:10")
RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, None)
RAG_WEIGHTS = (15, 25, 50, 4, 6)
DIRECTIONS = (Direction.IMPROVING, Direction.STABILISED, Direction.DETERIORATING, None)
DIRECTION_WEIGHTS = (40, 30, 20, 10)


def _text(rng: random.Random, pool: tuple[str, ...], sentences: int) -> str:
    return " ".join(s.format(n=rng.randint(2, 40)) for s in rng.sample(pool, sentences))


def _measure(rng: random.Random, index: int, directorate: str) -> Measure:
    subject = SUBJECTS[index % len(SUBJECTS)]
    title = f"{rng.choice(LEADS)} {subject}{rng.choice(PLACES)}"
    paragraphs = [_text(rng, SENTENCES, rng.randint(1, 3)) for _ in range(rng.randint(1, 3))]
    month = f"2019-{rng.randint(1, 12):02d}"
    body = rng.choice(BODIES)
    review = f"Performance to be reviewed by {body or 'the service'} in {month}."
    target = float(rng.randint(10, 100))
    return Measure(
        directorate=directorate,
        code=f"{DIRECTORATES[directorate]} PM{index:04d}",
        title=title,
        rag_quarter=rng.choices(RAGS, RAG_WEIGHTS)[0],
        rag_forecast=rng.choices(RAGS, RAG_WEIGHTS)[0],
        quarter_target=target,
        quarter_actual=round(target * rng.uniform(0.6, 1.3), 1),
        forecast_target=target,
        forecast_actual=round(target * rng.uniform(0.7, 1.2), 1),
        unit=rng.choice(("%", None, "days")),
        direction=rng.choices(DIRECTIONS, DIRECTION_WEIGHTS)[0],
        commentary="\n".join(paragraphs),
        actions=_text(rng, ACTIONS, rng.randint(1, 2)),
        review=review,
        review_dates=(ReviewDate(month, body, False),),
    )


def generated_reports(size: int) -> list[Report]:
    """Four quarterly reports of ``size`` measures (same codes; a quarter of the RAGs move each quarter)."""
    rng = random.Random(size)
    names = list(DIRECTORATES)
    measures = [_measure(rng, i + 1, names[i * len(names) // size]) for i in range(size)]
    reports = []
    for period, fetched in zip(PERIODS, FETCHED, strict=True):
        if reports:  # a quarter of the ratings move, and every commentary says something new
            measures = [
                replace(
                    m,
                    rag_quarter=rng.choices(RAGS, RAG_WEIGHTS)[0] if rng.random() < 0.25 else m.rag_quarter,
                    direction=rng.choices(DIRECTIONS, DIRECTION_WEIGHTS)[0],
                    commentary=_text(rng, SENTENCES, 1) + "\n" + m.commentary.split("\n", 1)[-1],
                )
                for m in measures
            ]
        reports.append(
            Report(
                name="Improvement Report - Council Scorecard",
                source="DORIS",
                period=period,
                fetched_at=datetime.fromisoformat(fetched),
                pages=max(1, size // 4),
                measures=tuple(measures),
                organisation="Corporate Resources",
                team="Performance and Intelligence Team",
                file_name=f"bench-{size}-{period[-2:]}.pdf",
                sha256=f"bench-{size}-{period}",
            )
        )
    return reports


def build_sample(path: Path) -> Path:
    if not path.exists():
        with Store(path) as store:
            store.save_report(report_from_dict(json.loads(SAMPLE.read_text())))
    return path


def build_store(size: int, cache: Path) -> tuple[Path, float]:
    """The store of four periods of ``size`` measures, and the seconds spent building it (0: cached)."""
    folder = cache / f"measures-{size}-schema{SCHEMA_VERSION}-gen{GENERATOR}"
    db = folder / "bench.db"
    if db.exists():
        return db, 0.0
    started = time.perf_counter()
    building = Path(tempfile.mkdtemp(prefix=f"building-{size}-", dir=cache))
    with Store(building / "bench.db") as store:
        for report in generated_reports(size):
            store.save_report(report)
    try:
        building.rename(folder)
    except OSError:  # another run got there first
        shutil.rmtree(building, ignore_errors=True)
    return db, time.perf_counter() - started


def search_word(db: Path) -> str:
    """A word whose every prefix, typed in turn, shows a different number of rows than the one before
    (worked out once per store, and kept beside it)."""
    kept = db.with_name("search-word.txt")
    if kept.exists():
        return kept.read_text(encoding="utf-8").strip()
    with Store(db, read_only=True) as store:
        info = store.latest_report()
        assert info is not None
        counts = {"": info.measure_count}

        def count(prefix: str) -> int:
            if prefix not in counts:
                counts[prefix] = len(store.search_codes(info.id, prefix))
            return counts[prefix]

        words = {w.lower() for text in SUBJECTS + SENTENCES + ACTIONS for w in re.findall(r"[A-Za-z]{5,}", text)}
        best = ""
        for word in sorted(words):
            n = 1
            while n <= len(word) and 0 < count(word[:n]) != count(word[: n - 1]):
                n += 1
            if n - 1 > len(best):
                best = word[: n - 1]
    kept.write_text(best, encoding="utf-8")
    return best


# -- measuring -------------------------------------------------------------------------------


def app_argv(db: Path) -> list[str]:
    """What an officer runs: ``scorecard open --db DB`` (the command line, its checks, then the app)."""
    return [sys.executable, "-m", "scorecard_tui", "open", "--db", str(db)]


def bare_argv() -> list[str]:
    return [sys.executable, "-c", BARE]


@dataclass
class StartUp:
    """One start, in ms from the process start."""

    frame: float
    """The first frame."""
    data: float | None
    """The data on screen (None for the bare app)."""
    settled: float
    """The last byte before the screen went quiet for a second."""


def start_up(argv: list[str], frame: str, data: str | None) -> StartUp:
    term = Pty(argv)
    try:
        painted = (term.until(frame) - term.started) * 1000
        shown = (term.until(data) - term.started) * 1000 if data else None
        settled = (settle(term, quiet=SETTLED) - term.started) * 1000
    finally:
        term.close()
    return StartUp(painted, shown, settled)


def status_after(term: Pty, mark: int, before: tuple[str, str], timeout: float = 30.0) -> tuple[float, str, str]:
    """When a status line other than ``before`` was written after byte ``mark``: (time, count, filters)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        term.pump(0.001)
        for found in STATUS.finditer(term.raw, mark):
            state = (found.group(1).decode(), found.group(3).decode(errors="replace").strip())
            if state != before:
                return time.perf_counter(), *state
    raise TimeoutError(f"the status line did not change from {before}:\n{term.screen()}")


@dataclass
class Keys:
    """Filter key latencies in one session."""

    table: list[float] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """Keys whose row count did not change (not a real update)."""
    presses: list[tuple[str, float, int]] = field(default_factory=list)
    """Every key in the order pressed: (key, ms, rows in view after it)."""
    quiet: list[float] = field(default_factory=list)
    """Each key to the last byte of its answer (the detail pane too), before 0.1 s of quiet."""
    word: str = ""

    @property
    def all(self) -> list[float]:
        return self.table + self.search


def filter_keys(db: Path, total: int, wanted: int, word: str) -> Keys:
    """Filter key to table updated, in ms: table keys in a cycle, and ``word`` typed then rubbed out."""
    out = Keys(word=word)
    term = Pty(app_argv(db))
    try:
        term.until(f" of {total} measures: ")
        settle(term, quiet=SETTLED)
        state = (str(total), "all")

        def press(key: str, into: list[float]) -> None:
            nonlocal state
            sent, mark = term.send(key)
            when, count, words = status_after(term, mark, state)
            into.append((when - sent) * 1000)
            if count == state[0]:
                out.unchanged.append(f"{key!r} -> {count} ({words})")
            state = (count, words)
            label = ("" if into is out.table else "/") + ("BS" if key == "\x7f" else key)
            out.presses.append((label, into[-1], int(count.replace(",", ""))))
            out.quiet.append((settle(term, quiet=0.1) - sent) * 1000)

        searched = False
        n = 0
        while len(out.all) < wanted:
            press(TABLE_CYCLE[n % len(TABLE_CYCLE)], out.table)
            n += 1
            if n % len(TABLE_CYCLE) == 0 and not searched and word:
                searched = True
                term.send("/")
                settle(term, quiet=0.2)
                for char in word:
                    press(char, out.search)
                for _ in word:
                    press("\x7f", out.search)  # backspace
                term.send("\x1b")  # close the bar; the keyboard back on the table
                settle(term, quiet=0.2)
    finally:
        term.close()
    return out


def rows_on_screen(term: Pty, db: Path) -> int:
    """How many of the table's rows are on screen: the measures whose code shows (once, rendered here
    and not in a timed loop; the detail pane repeats the selected one)."""
    with Store(db, read_only=True) as store:
        info = store.latest_report()
        codes = [m.code for m in store.measures(info.id)[: ROWS * 2]] if info else []
    lines = term.screen().splitlines()
    return sum(any(re.search(rf"(?<!\S){re.escape(code)}(?!\S)", line) for line in lines) for code in codes)


def moves_and_idle(db: Path, total: int, moves: int, idle: float) -> tuple[list[int], int]:
    """Bytes per row move (``j`` down to the last row on screen, then ``k`` back: no scrolling), and
    bytes sent while idle."""
    term = Pty(app_argv(db))
    try:
        term.until(f" of {total} measures: ")
        settle(term, quiet=SETTLED)
        mark = len(term.raw)
        end = time.monotonic() + idle
        while time.monotonic() < end:
            term.pump(0.05)
        idle_bytes = len(term.raw) - mark
        down = max(1, rows_on_screen(term, db) - 1)
        sizes = [key_bytes(term, "j" if (i // down) % 2 == 0 else "k") for i in range(moves)]
    finally:
        term.close()
    return sizes, idle_bytes


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def spread(values: list[float]) -> str:
    return f"median {median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f}, n={len(values)})"


# -- the table -------------------------------------------------------------------------------


def compile_package() -> None:
    """Write our modules' bytecode, as ``pip install .`` does (and as Textual's already is): run
    from the source tree with ``PYTHONDONTWRITEBYTECODE`` set, every start compiled them again
    (~0.2 s of a start-up that the bare app, all installed, never pays)."""
    compileall.compile_dir(ROOT / "scorecard_tui", quiet=1)


def measure_all(args: argparse.Namespace) -> dict[str, object]:
    compile_package()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    stores: dict[int, Path] = {}
    built: dict[str, float] = {}
    for size in args.sizes:
        stores[size], seconds = build_store(size, cache)
        built[str(size)] = round(seconds, 1)
        if seconds and not args.json:
            print(f"built the {size:,}-measure store in {seconds:.1f} s: {stores[size]}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        sample = build_sample(Path(tmp) / "sample.db")
        cases: dict[str, tuple[list[str], str, str | None]] = {
            "bare": (bare_argv(), BARE_TEXT, None),
            "sample": (app_argv(sample), "Measures", " of 20 measures: "),
        }
        for size, db in stores.items():
            cases[str(size)] = (app_argv(db), "Measures", f" of {size} measures: ")
        frames: dict[str, list[float]] = {name: [] for name in cases}
        data: dict[str, list[float]] = {name: [] for name in cases}
        settled: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # round robin: a busy spell slows every case alike
            for name, (argv, frame, shown) in cases.items():
                run = start_up(argv, frame, shown)
                frames[name].append(run.frame)
                settled[name].append(run.settled)
                if run.data is not None:
                    data[name].append(run.data)
        keys: dict[str, Keys] = {}
        for size, db in stores.items():
            keys[str(size)] = filter_keys(db, size, args.keys, search_word(db))
        moves: dict[str, list[int]] = {}
        idle: dict[str, int] = {}
        for name, db, total in [("sample", sample, 20), *((str(s), d, s) for s, d in stores.items())]:
            moves[name], idle[name] = moves_and_idle(db, total, args.moves, args.idle)
    return {
        "built_s": built,
        "first_frame_ms": frames,
        "data_on_screen_ms": {k: v for k, v in data.items() if v},
        "last_start_up_byte_ms": settled,
        "filter_key_ms": {k: {"table": v.table, "search": v.search} for k, v in keys.items()},
        "filter_key_to_quiet_ms": {k: v.quiet for k, v in keys.items()},
        "filter_key_presses": {k: v.presses for k, v in keys.items()},
        "search_word": {k: v.word for k, v in keys.items()},
        "not_real_updates": {k: v.unchanged for k, v in keys.items()},
        "row_move_bytes": moves,
        "idle_bytes": idle,
        "idle_seconds": args.idle,
    }


def rows_of(r: dict[str, object]) -> list[tuple[str, str, str, bool]]:
    """Issue 12's rows: (what, now, aim, met)."""
    frames: dict[str, list[float]] = r["first_frame_ms"]  # type: ignore[assignment]
    data: dict[str, list[float]] = r["data_on_screen_ms"]  # type: ignore[assignment]
    keys: dict[str, dict[str, list[float]]] = r["filter_key_ms"]  # type: ignore[assignment]
    moves: dict[str, list[int]] = r["row_move_bytes"]  # type: ignore[assignment]
    idle: dict[str, int] = r["idle_bytes"]  # type: ignore[assignment]
    bare = median(frames["bare"])
    rows = []

    def ratio(name: str, values: dict[str, list[float]], what: str, aim: float) -> None:
        value = median(values[name])
        rows.append((what, f"{value / 1000:.2f} s = {value / bare:.1f}x bare", f"<= {aim}x bare", value <= aim * bare))

    rows.append(("bare Textual app: first frame", f"{bare / 1000:.2f} s", "-", True))
    ratio("sample", frames, "20-measure sample: first frame (layout drawn)", 1.5)
    ratio("sample", data, "20-measure sample: report on screen", 2.0)
    for size in (k for k in keys):
        label = f"{int(size):,} measures"
        ratio(size, data, f"{label}: report on screen", 2.5)
        values = keys[size]["table"] + keys[size]["search"]
        m, p = median(values), p95(values)
        rows.append(
            (
                f"{label}: filter key to table updated",
                f"median {m:.0f} ms, p95 {p:.0f} ms",
                "median <= 50 ms, p95 <= 100 ms",
                m <= 50 and p <= 100,
            )
        )
    move = median([float(b) for b in moves["sample"]])
    rows.append(("row move (j), 256 colours", f"{move / 1024:.1f} KB", "<= 4.3 KB", move <= 4.3 * 1024))
    most = max(idle.values())
    rows.append((f"idle ({r['idle_seconds']:g} s)", f"{most} B", "0 B", most == 0))
    return rows


def summarise(r: dict[str, object]) -> dict[str, object]:
    """The medians (and p95s) in ms, the ratios to the bare app's first frame, and whether every aim is met."""
    frames: dict[str, list[float]] = r["first_frame_ms"]  # type: ignore[assignment]
    data: dict[str, list[float]] = r["data_on_screen_ms"]  # type: ignore[assignment]
    keys: dict[str, dict[str, list[float]]] = r["filter_key_ms"]  # type: ignore[assignment]
    bare = median(frames["bare"])
    return {
        "first_frame_ms": {k: round(median(v), 1) for k, v in frames.items()},
        "first_frame_x_bare": {k: round(median(v) / bare, 2) for k, v in frames.items()},
        "data_on_screen_ms": {k: round(median(v), 1) for k, v in data.items()},
        "data_on_screen_x_bare": {k: round(median(v) / bare, 2) for k, v in data.items()},
        "filter_key_ms": {
            k: {"median": round(median(v["table"] + v["search"]), 1), "p95": round(p95(v["table"] + v["search"]), 1)}
            for k, v in keys.items()
        },
        "all_met": all(met for *_, met in rows_of(r)),
    }


def print_report(r: dict[str, object], args: argparse.Namespace) -> None:
    rows = rows_of(r)
    print(f"TUI at {COLS}x{ROWS}, TERM=xterm-256color; start-up: median of {args.runs} runs\n")
    print("| | now | aim | met? |")
    print("| --- | --- | --- | --- |")
    for what, now, aim, met in rows:
        print(f"| {what} | {now} | {aim} | {'yes' if met else 'NO'} |")
    print("\nraw numbers")
    frames: dict[str, list[float]] = r["first_frame_ms"]  # type: ignore[assignment]
    data: dict[str, list[float]] = r["data_on_screen_ms"]  # type: ignore[assignment]
    settled: dict[str, list[float]] = r["last_start_up_byte_ms"]  # type: ignore[assignment]
    for name, values in frames.items():
        print(f"  {name:<8} first frame      {spread(values)}")
        if name in data:
            print(f"  {name:<8} data on screen   {spread(data[name])}")
        print(f"  {name:<8} last start byte  {spread(settled[name])}")
    keys: dict[str, dict[str, list[float]]] = r["filter_key_ms"]  # type: ignore[assignment]
    words: dict[str, str] = r["search_word"]  # type: ignore[assignment]
    unchanged: dict[str, list[str]] = r["not_real_updates"]  # type: ignore[assignment]
    quiet: dict[str, list[float]] = r["filter_key_to_quiet_ms"]  # type: ignore[assignment]
    presses: dict[str, list[tuple[str, float, int]]] = r["filter_key_presses"]  # type: ignore[assignment]
    for size, kinds in keys.items():
        for kind, values in kinds.items():
            what = f"table keys {TABLE_CYCLE}" if kind == "table" else f"search: {words[size]!r} typed, rubbed out"
            if values:
                print(
                    f"  {size:<8} {kind:<6} median {median(values):4.0f} ms, p95 {p95(values):5.0f} ms, "
                    f"max {max(values):5.0f} ms (n={len(values)}; {what})"
                )
        pressed = " ".join(f"{k}:{ms:.0f}/{n}" for k, ms, n in presses[size])
        print(f"  {size:<8} key:ms/rows in view after it ('/x': typed in the search): {pressed}")
        last = quiet[size]
        print(f"  {size:<8} key to last byte of its answer: median {median(last):.0f} ms, p95 {p95(last):.0f} ms")
        if unchanged[size]:
            print(f"  {size:<8} NOT REAL UPDATES (row count unchanged): {'; '.join(unchanged[size])}")
    moves: dict[str, list[int]] = r["row_move_bytes"]  # type: ignore[assignment]
    idle: dict[str, int] = r["idle_bytes"]  # type: ignore[assignment]
    for name, sizes in moves.items():
        print(
            f"  {name:<8} row move  median {median([float(s) for s in sizes]):.0f} B "
            f"(min {min(sizes)}, max {max(sizes)}, n={len(sizes)}); idle {idle[name]} B in {r['idle_seconds']:g} s"
        )
        print(f"  {name:<8} row moves {' '.join(str(s) for s in sizes)} B")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up repeats (median reported)")
    parser.add_argument("--sizes", default="500,2000", help="measures per period of the generated stores")
    parser.add_argument("--keys", type=int, default=26, help="filter keys per size (at least)")
    parser.add_argument("--moves", type=int, default=20, help="row moves per store (median reported)")
    parser.add_argument("--idle", type=float, default=2.0, help="seconds of idle to count bytes over")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "scorecard-bench"))
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    results = measure_all(args)
    if args.json:
        results["table"] = [{"what": w, "now": n, "aim": a, "met": m} for w, n, a, m in rows_of(results)]
        results["summary"] = summarise(results)
        print(json.dumps(results, indent=1))
    else:
        print_report(results, args)


if __name__ == "__main__":
    main()
