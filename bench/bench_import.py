"""Import speed and memory: our parse against pdfplumber's own word extraction.

Prints, for the bundled sample and for reports 10x and ~45x longer built from it, and for a
header-row table PDF of 100+ pages built from ``sample_data/other-councils``:
the time to import (parse + store), the time of pdfplumber's bare ``extract_words``
over the same file, their ratio, and the peak memory (max RSS) of each import run in
its own process.

    python bench/bench_import.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"
TABLE_JSON = ROOT / "sample_data" / "other-councils" / "header-table-illustrative.json"

IMPORT = """
import resource, sys, time
from pathlib import Path
import pdfplumber  # imported before timing, as in the bare run below
import scorecard_tui.parse.pdf, scorecard_tui.parse.pdf_table
from scorecard_tui.importing import import_file
from scorecard_tui.store import Store
t = time.perf_counter()
with Store(Path(sys.argv[2])) as store:
    s = import_file(store, Path(sys.argv[1]))
elapsed = time.perf_counter() - t
print(elapsed, len(s.report.measures), s.report.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BARE = """
import resource, sys, time
import pdfplumber
t = time.perf_counter()
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_words()
        page.close()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _builder():
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "sample_data" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_pdf"] = module
    spec.loader.exec_module(module)
    return module


def longer_report(copies: int) -> dict:
    """The sample's measures repeated ``copies`` times, with distinct codes."""
    source = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    measures = []
    for n in range(copies):
        for m in source["measures"]:
            m = json.loads(json.dumps(m))
            if n:
                first = m["code"].split()[0]
                tag = first + chr(65 + n // 26) + chr(65 + n % 26)
                m["code"] = m["code"].replace(first, tag, 1)
                m["cells"]["measure"] = m["cells"]["measure"].replace(first, tag, 1)
            measures.append(m)
    order = ["Communities & Place", "Corporate Resources", "People Services"]
    measures.sort(key=lambda m: order.index(m["directorate"]))
    return {**source, "measures": measures}


def table_report(copies: int) -> dict:
    """The header-row table sample's rows repeated ``copies`` times, with distinct codes."""
    source = json.loads(TABLE_JSON.read_text(encoding="utf-8"))
    rows = []
    for n in range(copies):
        for m in source["measures"]:
            m = json.loads(json.dumps(m))
            m["cells"][0] += f"-{n}"
            rows.append(m)
    rows.sort(key=lambda m: m["group"])
    return {**source, "measures": rows}


def _table_builder():
    spec = importlib.util.spec_from_file_location("build_table_pdfs", TABLE_JSON.parent / "build_table_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_table_pdfs"] = module
    spec.loader.exec_module(module)
    return module


def run(script: str, *args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, env=env)
    return out.stdout.split()


def bench(pdf: Path, repeat: int) -> None:
    imports, bares, rss_import, rss_bare = [], [], 0, 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            elapsed, measures, pages, rss = run(IMPORT, str(pdf), str(Path(tmp) / "b.db"))
        imports.append(float(elapsed))
        rss_import = max(rss_import, int(rss))
        elapsed, rss = run(BARE, str(pdf))
        bares.append(float(elapsed))
        rss_bare = max(rss_bare, int(rss))
    ours, theirs = min(imports), min(bares)
    print(
        f"{pdf.name:38} {pages:>4} pages {measures:>4} measures | import {ours:6.2f} s "
        f"({1000 * ours / int(pages):5.1f} ms/page) | pdfplumber words {theirs:6.2f} s | "
        f"ratio {ours / theirs:4.2f}x | peak RSS import {rss_import / 1024:5.0f} MiB, "
        f"bare {rss_bare / 1024:5.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the fastest counts")
    args = parser.parse_args()
    builder = _builder()
    print(f"python {sys.version.split()[0]}, best of {args.repeat} runs, each in a fresh process")
    bench(ROOT / "sample_data" / "derby-scorecard-2018-19-q1.pdf", args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (10, 45):
            path = Path(tmp) / f"derby-x{copies}.pdf"
            builder.build_scorecard_pdf(longer_report(copies), path)
            bench(path, args.repeat)
        path = Path(tmp) / "header-table-x36.pdf"
        _table_builder().build_table_pdf(table_report(36), path)
        bench(path, args.repeat)


if __name__ == "__main__":
    main()
