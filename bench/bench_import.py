"""Import speed and memory: our parse against pdfplumber's own word extraction.

Prints, for the bundled sample and for reports 10x and 20x longer built from it, and for a
header-row table PDF of 100+ pages built from ``sample_data/other-councils``:
the time to import (parse + store), the time of pdfplumber's bare ``extract_words``
over the same file, their ratio, and the peak memory (max RSS) of each import run in
its own process. Then the same 10,000 measure rows (title rows, percentages, ratings) as an
``.xlsx`` (with filled rating cells), an ``.ods``, an old ``.xls`` and an HTML page, built
here: import time and peak memory of each (aim: under 2 s and 100 MiB; budget: 10 s, 150 MiB).

    python bench/bench_import.py [--repeat 3] [--only pdf|xlsx|sheets]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"
TABLE_JSON = ROOT / "sample_data" / "other-councils" / "header-table-illustrative.json"

PEAK = """
def peak_kib():
    # this process's own peak RSS (KiB): Linux keeps ru_maxrss across exec, so a child of this
    # bench (grown by building the files) would report the bench's size; VmHWM is the child's own
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

IMPORT = (
    PEAK
    + """
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
print(elapsed, len(s.report.measures), s.report.pages, peak_kib())
"""
)

BARE = (
    PEAK
    + """
import resource, sys, time
import pdfplumber
t = time.perf_counter()
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_words()
        page.close()
print(time.perf_counter() - t, peak_kib())
"""
)


def _builder():
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "sample_data" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_pdf"] = module
    spec.loader.exec_module(module)
    return module


def _repeated(sample: Path, copies: int, retag: Callable[[dict, int], None]) -> tuple[dict, list[dict]]:
    """A sample's JSON and its measures repeated ``copies`` times, each copy (n from 0) retagged in place."""
    source = json.loads(sample.read_text(encoding="utf-8"))
    measures = []
    for n in range(copies):
        for m in source["measures"]:
            m = json.loads(json.dumps(m))
            retag(m, n)
            measures.append(m)
    return source, measures


def longer_report(copies: int) -> dict:
    """The sample's measures repeated ``copies`` times, with distinct codes."""

    def retag(m: dict, n: int) -> None:
        if n:
            first = m["code"].split()[0]
            tag = first + chr(65 + n // 26) + chr(65 + n % 26)
            m["code"] = m["code"].replace(first, tag, 1)
            m["cells"]["measure"] = m["cells"]["measure"].replace(first, tag, 1)

    source, measures = _repeated(SAMPLE_JSON, copies, retag)
    order = ["Communities & Place", "Corporate Resources", "People Services"]
    measures.sort(key=lambda m: order.index(m["directorate"]))
    return {**source, "measures": measures}


def table_report(copies: int) -> dict:
    """The header-row table sample's rows repeated ``copies`` times, with distinct codes."""

    def retag(m: dict, n: int) -> None:
        m["cells"][0] += f"-{n}"

    source, rows = _repeated(TABLE_JSON, copies, retag)
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


IMPORT_TABLE = (
    PEAK
    + """
import resource, sys, time
from pathlib import Path
import openpyxl, python_calamine, lxml.html  # imported before timing
from scorecard_tui.importing import import_file
from scorecard_tui.store import Store
t = time.perf_counter()
with Store(Path(sys.argv[2])) as store:
    s = import_file(store, Path(sys.argv[1]))
elapsed = time.perf_counter() - t
print(elapsed, len(s.report.measures), peak_kib())
"""
)


def build_big_xlsx(path: Path, rows: int) -> None:
    """A workbook of ``rows`` measures under two title rows, in 10 directorates (grouping column)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    fills = {r: PatternFill("solid", fgColor=c) for r, c in (("R", "FF0000"), ("A", "FFC000"), ("G", "00B050"))}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Scorecard")
    ws.append(["Bench County Council - Performance Report - Quarter 2 2023/24"])
    ws.append(["ILLUSTRATIVE: generated for the import benchmark"])
    ws.append(["Directorate", "Ref", "Indicator", "Good is", "Q2 Target", "Q2 Actual", "RAG", "DoT",
               "Year end target", "Forecast", "Forecast RAG", "Commentary", "Actions", "Next review"])  # fmt: skip
    for n in range(rows):
        rag = "RAG"[n % 3]

        def pct(value: float) -> WriteOnlyCell:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = "0.0%"
            return cell

        rating = WriteOnlyCell(ws, value=rag)
        rating.fill = fills[rag]
        ws.append([
            f"Directorate {n // (rows // 10 or 1)}" if n % (rows // 10 or 1) == 0 else None,
            f"B{n:05d}", f"Bench indicator {n}: households supported", "High", pct(0.8), pct(0.7 + n % 30 / 100),
            rating, "↑↓→"[n % 3], pct(0.8), pct(0.75), "Amber",
            "Commentary on performance this quarter, with a reason and a plan. " * 3,
            "Actions agreed with the service.", "To be considered by Cabinet in December 2023.",
        ])  # fmt: skip
    wb.save(path)


HEADER = ["Directorate", "Ref", "Indicator", "Good is", "Q2 Target", "Q2 Actual", "RAG", "DoT",
          "Year end target", "Forecast", "Forecast RAG", "Commentary", "Actions", "Next review"]  # fmt: skip
TITLES = [
    "Bench County Council - Performance Report - Quarter 2 2023/24",
    "ILLUSTRATIVE: generated for the import benchmark",
]


def bench_rows(rows: int):
    """The benchmark's measure rows: (cells, which cells are percentages)."""
    for n in range(rows):
        yield [
            f"Directorate {n // (rows // 10 or 1)}" if n % (rows // 10 or 1) == 0 else None,
            f"B{n:05d}", f"Bench indicator {n}: households supported", "High", 0.8, 0.7 + n % 30 / 100,
            "RAG"[n % 3], "↑↓→"[n % 3], 0.8, 0.75, "Amber",
            "Commentary on performance this quarter, with a reason and a plan. " * 3,
            "Actions agreed with the service.", "To be considered by Cabinet in December 2023.",
        ]  # fmt: skip


PERCENT_COLUMNS = {4, 5, 8, 9}


def build_big_ods(path: Path, rows: int) -> None:
    """The benchmark rows as an OpenDocument spreadsheet (percentage cells typed as such)."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(col: int, value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, float) and col in PERCENT_COLUMNS:
            kind, shown = f'"percentage" office:value="{value}"', f"{value:.1%}"
        else:
            kind, shown = '"string"', escape(str(value))
        return f"<table:table-cell office:value-type={kind}><text:p>{shown}</text:p></table:table-cell>"

    lines = [f"<table:table-row>{cell(0, t)}</table:table-row>" for t in TITLES]
    lines.append("<table:table-row>" + "".join(cell(0, h) for h in HEADER) + "</table:table-row>")
    lines += [
        "<table:table-row>" + "".join(cell(c, v) for c, v in enumerate(r)) + "</table:table-row>"
        for r in bench_rows(rows)
    ]
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:spreadsheet>'
        f'<table:table table:name="Scorecard">{"".join(lines)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def build_big_xls(path: Path, rows: int) -> None:
    """The benchmark rows as an old Excel workbook (xlwt, a test dependency)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Scorecard")
    pct = xlwt.easyxf(num_format_str="0.0%")
    for r, title in enumerate(TITLES):
        sheet.write(r, 0, title)
    for c, h in enumerate(HEADER):
        sheet.write(2, c, h)
    for r, values in enumerate(bench_rows(rows), start=3):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value, pct) if c in PERCENT_COLUMNS else sheet.write(r, c, value)
    book.save(str(path))


def build_big_html(path: Path, rows: int) -> None:
    """The benchmark rows as a web page: a heading per directorate over its table, icons for ratings."""
    from html import escape

    def cell(col: int, value: object) -> str:
        if col in (6, 10):
            return f'<td><img src="images/{value}.png" alt="{value}"></td>'
        if isinstance(value, float) and col in PERCENT_COLUMNS:
            return f"<td>{value:.1%}</td>"
        return f"<td>{escape(str(value or ''))}</td>"

    parts = [f"<!DOCTYPE html><html><head><title>{TITLES[0]}</title></head><body><h1>{TITLES[0]}</h1>"]
    parts.append(f"<p>{TITLES[1]}</p>")
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER[1:]) + "</tr>"
    for values in bench_rows(rows):
        if values[0]:
            parts.append(("</table>" if len(parts) > 2 else "") + f"<h2>{values[0]}</h2><table>{head}")
        parts.append("<tr>" + "".join(cell(c, v) for c, v in enumerate(values) if c) + "</tr>")
    parts.append("</table></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


BUILDERS = {"xlsx": build_big_xlsx, "ods": build_big_ods, "xls": build_big_xls, "html": build_big_html}


def bench_sheet(kind: str, rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench-{rows}.{kind}"
        BUILDERS[kind](path, rows)
        times, rss_max, measures = [], 0, 0
        for n in range(repeat):
            elapsed, measures, rss = run(IMPORT_TABLE, str(path), str(Path(tmp) / f"b{n}.db"))
            times.append(float(elapsed))
            rss_max = max(rss_max, int(rss))
        size = path.stat().st_size / 1024 / 1024
        print(
            f"{path.name:38} {size:5.1f} MiB {int(measures):>6} measures | import {min(times):6.2f} s "
            f"(aim 2 s, budget 10 s) | peak RSS {rss_max / 1024:5.0f} MiB (aim 100 MiB, budget 150 MiB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the fastest counts")
    parser.add_argument("--only", choices=["pdf", "xlsx", "sheets"], help="run only the PDFs, the .xlsx or all sheets")
    parser.add_argument("kinds", nargs="*", help=f"with --only sheets: which of {', '.join(BUILDERS)}")
    args = parser.parse_args()
    if unknown := set(args.kinds) - set(BUILDERS):
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")
    print(f"python {sys.version.split()[0]}, best of {args.repeat} runs, each in a fresh process")
    if args.only not in ("xlsx", "sheets"):
        builder = _builder()
        bench(ROOT / "sample_data" / "derby-scorecard-2018-19-q1.pdf", args.repeat)
        with tempfile.TemporaryDirectory() as tmp:
            for copies in (10, 20):  # 20x is ~220 pages, under the 100,000 words a PDF import reads
                path = Path(tmp) / f"derby-x{copies}.pdf"
                builder.build_scorecard_pdf(longer_report(copies), path)
                bench(path, args.repeat)
            path = Path(tmp) / "header-table-x36.pdf"
            _table_builder().build_table_pdf(table_report(36), path)
            bench(path, args.repeat)
    if args.only != "pdf":
        for kind in ("xlsx",) if args.only == "xlsx" else args.kinds or BUILDERS:
            bench_sheet(kind, 10_000, args.repeat)


if __name__ == "__main__":
    main()
