"""Helpers shared by test files: comparing parsed measures with the structured source, building
small PDFs and old databases, and running the command as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Report
from scorecard_tui.records import MEASURE_FIELDS, measure_to_dict
from tests.conftest import ROOT

NARRATIVE = ("commentary", "actions", "review")
OPTIONAL = {
    "polarity": None,
    "long_direction": None,
    "previous_actual": None,
    "direction_derived": False,
    "tolerance": None,
}
"""Fields a structured source may leave out (the DORIS sources state no polarity), and what that means."""
FIELDS = tuple(f for f in MEASURE_FIELDS if f != "pages" and f not in OPTIONAL)
"""Every field a parser must get right (pages depend on the layout, so they are checked apart)."""


def words(text: str) -> str:
    return " ".join(text.split())


def field_mismatches(report: Report, source: dict, *, exact_narrative: bool = True) -> list[str]:
    """Every field of every measure that differs from the source, as readable lines."""
    problems = []
    if len(report.measures) != len(source["measures"]):
        return [f"{len(report.measures)} measures, expected {len(source['measures'])}"]
    for measure, expected in zip(report.measures, source["measures"], strict=True):
        got = measure_to_dict(measure)
        for field in (*FIELDS, *OPTIONAL):
            a = got.get(field, OPTIONAL.get(field))
            b = expected[field] if field not in OPTIONAL else expected.get(field, OPTIONAL[field])
            if field in NARRATIVE and not exact_narrative:
                a, b = words(a), words(b)
            if a != b:
                problems.append(f"{expected['code']}.{field}: got {a!r}, expected {b!r}")
    return problems


def exception_entries(markdown: str) -> dict[str, dict[str, str]]:
    """The Exceptions section's entries: code -> {"Why": ..., "This quarter": ..., ...}."""
    start = markdown.index("## Exceptions")
    section = markdown[start : markdown.index("\n## ", start + 1)]
    entries: dict[str, dict[str, str]] = {}
    for block in section.split("\n### ")[1:]:
        head, *items = block.strip().splitlines()
        code = head.split(": ", 1)[0].replace("\\", "")
        entries[code] = {
            line[4 : line.index(":**")]: line[line.index(":**") + 4 :] for line in items if line.startswith("- **")
        }
    return entries


def version_3_database(path: Path, report: Report, scratch: Path) -> None:
    """A database as scorecard-tui wrote it at schema version 3 (no measure keys, no polarity), holding ``report``.

    The report is saved by today's store into ``scratch``, and its rows copied into a file
    made by the first three migrations, column by column, so the old file is exactly the old shape.
    """
    import sqlite3

    import sqlite_utils

    from scorecard_tui.store import Store
    from scorecard_tui.store.schema import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    for step in MIGRATIONS[:3]:
        step(db)
    with Store(scratch) as store:
        store.save_report(report)
    conn.execute("ATTACH DATABASE ? AS src", [str(scratch)])
    for table in ("reports", "measures", "review_dates"):
        cols = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM src.{table}")
    conn.execute("DETACH DATABASE src")
    conn.execute("PRAGMA user_version = 3")
    conn.close()


UNDO_MIGRATION_9 = (
    "ALTER TABLE measures DROP COLUMN tolerance;"  # migration 10 (issue 21) first
    "DROP TABLE rating_words; DROP TABLE unread_rows;"
    "ALTER TABLE measures DROP COLUMN long_direction; ALTER TABLE measures DROP COLUMN previous_actual;"
    "ALTER TABLE measures DROP COLUMN direction_derived; ALTER TABLE reports DROP COLUMN header_row;"
)
"""SQL that takes a current database back to what schema 8 left (issue 21's and issue 19's steps undone)."""


def pdf_bytes(objs: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalogue), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def reordered_pages(sample: Path, order: list[int], path: Path) -> Path:
    """``path``: the PDF ``sample`` with its pages (0-based) in ``order``."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(sample)
    out = pdfium.PdfDocument.new()
    out.import_pages(source, order)
    out.save(path)
    out.close()
    source.close()
    return path


def refused_quickly(path: Path) -> str:
    """The one-line reason ``read_scorecard`` refuses ``path`` for, within 10 seconds."""
    from scorecard_tui.parse import read_scorecard

    start = time.perf_counter()
    with pytest.raises(ScorecardError) as caught:
        read_scorecard(path, period="2023/24 Q2")
    assert time.perf_counter() - start < 10
    assert "\n" not in str(caught.value)
    return str(caught.value)


def scorecard_open(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``scorecard open --db DB`` without a terminal: it should refuse before any app starts."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "scorecard_tui", "open", "--db", str(db), *options],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the app started instead of refusing")


def filled(path: Path) -> Path:
    """A database holding the sample reports (Q1 and the illustrative Q2 and Q3)."""
    from scorecard_tui.cli.samples import load_sample_reports
    from scorecard_tui.store import Store

    with Store(path) as store:
        for report in load_sample_reports():
            store.save_report(report)
    return path


def text_file(path: Path, text: str) -> Path:
    """``path``, written to hold ``text`` (UTF-8)."""
    path.write_text(text, encoding="utf-8")
    return path


def kpis_csv(folder: Path, text: str) -> Path:
    """A district council's KPI CSV, ``kpis-2024-06.csv`` in ``folder``, holding ``text``."""
    return text_file(folder / "kpis-2024-06.csv", text)
