"""Helpers for tests that compare parsed measures with the structured source."""

from __future__ import annotations

from pathlib import Path

from scorecard_tui.model import Report
from scorecard_tui.records import MEASURE_FIELDS, measure_to_dict

NARRATIVE = ("commentary", "actions", "review")
OPTIONAL = {"polarity": None, "long_direction": None, "previous_actual": None, "direction_derived": False}
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
