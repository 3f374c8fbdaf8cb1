"""Many officers on one database: 8 app sessions, an importer and 2 note writers at once.

Every process works on the same SQLite file for ``--seconds`` (default 60):
- 8 app sessions run headless (Textual's test driver) and keep moving through the table;
  when a notice says a new report has landed they press R and reload;
- 1 importer re-imports the two sample PDFs in turn (each import replaces a period);
- 2 note writers keep adding notes and flags.

Prints the errors (must be none), lost writes (notes written but not in the store at the
end: must be none), and the slowest UI refresh: the slowest key press to settled screen,
the slowest reload after R, and the longest a session took to notice a new report.

    python bench/bench_shared.py [--seconds 60] [--sessions 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = [
    ROOT / "sample_data" / "derby-scorecard-2018-19-q1.pdf",
    ROOT / "sample_data" / "derby-scorecard-2018-19-q2-illustrative.pdf",
]


def importer(db: str, seconds: float, marker: str, out: mp.Queue) -> None:
    from scorecard_tui.importing import import_file
    from scorecard_tui.store import Store

    done, errors = 0, []
    end = time.monotonic() + seconds
    # Alternating copies with a changed byte make each import a real replacement.
    copies = []
    for i, pdf in enumerate(SAMPLES * 2):
        path = Path(marker).with_name(f"sample-{i}.pdf")
        path.write_bytes(pdf.read_bytes() + (b"\n%" + str(i).encode() + b"\n"))
        copies.append(path)
    with Store(db) as store:
        while time.monotonic() < end:
            try:
                import_file(store, copies[done % len(copies)])
                Path(marker).write_text(str(time.time()))
                done += 1
            except Exception as exc:  # every failure is a finding
                errors.append(f"importer: {type(exc).__name__}: {exc}")
            time.sleep(1.0)
    out.put({"role": "importer", "imports": done, "errors": errors})


def writer(db: str, seconds: float, name: str, out: mp.Queue) -> None:
    from scorecard_tui.model import Flag
    from scorecard_tui.store import Store

    written, errors = [], []
    end = time.monotonic() + seconds
    with Store(db) as store:
        while time.monotonic() < end:
            try:
                info = store.latest_report()
                code = store.measures(info.id)[len(written) % 19].code
                text = f"{name} note {len(written)}"
                store.annotations.add_note(info, code, text, author=name)
                store.annotations.set_flag(info, code, Flag.WATCH if len(written) % 2 else Flag.RAISE, author=name)
                written.append((info.name, info.source, info.period, code, text))
            except Exception as exc:
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
            time.sleep(0.05)
    out.put({"role": "writer", "written": written, "errors": errors})


def session(db: str, seconds: float, marker: str, number: int, out: mp.Queue) -> None:
    try:
        result = asyncio.run(_session(db, seconds, marker))
    except Exception:
        result = {"keys": [], "reloads": [], "notice": [], "errors": [traceback.format_exc(limit=3)]}
    out.put({"role": "session", "number": number, **result})


async def _session(db: str, seconds: float, marker: str) -> dict:
    from scorecard_tui.app import create_app

    app = create_app(Path(db))
    keys, reloads, notices, errors = [], [], [], []
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            t = time.perf_counter()
            await pilot.press("j" if n % 10 < 5 else "k")
            await pilot.pause()
            keys.append(time.perf_counter() - t)
            n += 1
            if app.pending_reload is not None:  # the header's "R to reload" (notifications expire)
                with contextlib.suppress(OSError, ValueError):
                    notices.append(time.time() - float(Path(marker).read_text()))
                t = time.perf_counter()
                await pilot.press("R")
                while app.pending_reload is not None and time.perf_counter() - t < 30:
                    await pilot.pause(0.02)
                await app.workers.wait_for_complete()
                reloads.append(time.perf_counter() - t)
            errors += [str(x.message) for x in app._notifications if x.severity == "error"]
            await pilot.pause(0.1)
    return {"keys": keys, "reloads": reloads, "notice": notices, "errors": sorted(set(errors))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()

    from scorecard_tui.importing import import_file
    from scorecard_tui.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="scorecard-shared-"))
    db = str(tmp / "shared.db")
    marker = str(tmp / "last-import")
    with Store(db) as store:
        for pdf in SAMPLES:
            import_file(store, pdf)
    Path(marker).write_text(str(time.time()))

    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=session, args=(db, args.seconds, marker, i, out)) for i in range(args.sessions)]
    procs.append(ctx.Process(target=importer, args=(db, args.seconds, marker, out)))
    procs += [ctx.Process(target=writer, args=(db, args.seconds, f"writer{i}", out)) for i in (1, 2)]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [out.get(timeout=args.seconds + 300) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    wall = time.monotonic() - started

    errors = [e for r in results for e in r["errors"]]
    errors += [f"process exited with {p.exitcode}" for p in procs if p.exitcode]
    written = [tuple(w) for r in results if r["role"] == "writer" for w in r["written"]]
    with Store(db) as store:
        held = {
            (i.name, i.source, i.period, a.code, a.value)
            for i in store.reports()
            for code in {w[3] for w in written}
            for a in store.annotation_history(i, code, "note")
        }
    lost = [w for w in written if w not in held]
    sessions = [r for r in results if r["role"] == "session"]
    keys = sorted(k for r in sessions for k in r["keys"])
    reloads = [x for r in sessions for x in r["reloads"]]
    notices = [x for r in sessions for x in r["notice"]]
    imports = sum(r.get("imports", 0) for r in results)

    def ms(xs: list[float], q: float | None = None) -> str:
        if not xs:
            return "-"
        value = max(xs) if q is None else statistics.quantiles(xs, n=100)[int(q) - 1] if len(xs) > 1 else xs[0]
        return f"{1000 * value:.0f} ms"

    print(
        f"{args.sessions} app sessions + 1 importer + 2 note writers on one database for {args.seconds:.0f} s "
        f"(wall {wall:.0f} s)"
    )
    print(f"  imports landed           {imports}")
    print(f"  notes written            {len(written)}   lost: {len(lost)}")
    print(f"  errors                   {len(errors)}")
    for e in errors[:10]:
        print(f"    {e.splitlines()[-1] if e else e}")
    print(
        f"  key -> settled screen    {len(keys)} presses: median {ms([statistics.median(keys)]) if keys else '-'}, "
        f"p95 {ms(keys, 95)}, slowest {ms(keys)}"
    )
    print(f"  R -> reloaded            {len(reloads)} reloads: slowest {ms(reloads)}")
    print(f"  import -> notice shown   {len(notices)} notices: slowest {ms(notices)} (the app polls every 3 s)")
    print(
        json.dumps(
            {
                "errors": len(errors),
                "lost": len(lost),
                "slowest_key_ms": round(1000 * max(keys), 1) if keys else None,
                "slowest_reload_ms": round(1000 * max(reloads), 1) if reloads else None,
            }
        )
    )
    sys.exit(1 if errors or lost else 0)


if __name__ == "__main__":
    main()
