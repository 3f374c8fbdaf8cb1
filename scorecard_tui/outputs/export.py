"""Reports as export files: the JSON document other tools read, and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from scorecard_tui.model import Report
from scorecard_tui.records import MEASURE_FIELDS, measure_to_dict, report_to_dict
from scorecard_tui.text.safe_output import csv_row, json_for_terminal

CSV_MEASURE_FIELDS = tuple(
    part for f in MEASURE_FIELDS for part in (("first_page", "last_page") if f == "pages" else (f,))
)
"""The CSV's measure columns: the JSON's, with ``pages`` as two numbers (Excel reads ``1-1`` as a date)."""


def to_json(reports: Iterable[Report]) -> str:
    """The export document: ``{"reports": [...]}``, with no raw control or bidi characters."""
    return json_for_terminal(
        json.dumps({"reports": [report_to_dict(r) for r in reports]}, indent=2, ensure_ascii=False)
    )


UNREAD_KIND = "row not read"
"""The CSV's ``kind`` for a row ``--skip-unreadable`` left out (``measure`` for a measure)."""


def to_csv(reports: Iterable[Report]) -> str:
    """One row per measure, with the report's period and name in front, then one per row the import
    left out (``kind`` "row not read", its line as the title); no cell is read as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["report", "source", "period", *CSV_MEASURE_FIELDS, "kind"])
    for report in reports:
        for m in report.measures:
            row = measure_to_dict(m)
            row["alt_codes"] = "; ".join(row["alt_codes"])
            row["review_dates"] = "; ".join(f"{d['month']} {d['body'] or ''}".strip() for d in row["review_dates"])
            del row["pages"]
            row["first_page"], row["last_page"] = m.pages
            cells = [row[f] for f in CSV_MEASURE_FIELDS]
            writer.writerow(csv_row([report.name, report.source, report.period, *cells, "measure"]))
        for line in report.unread_rows:
            cells = [line if f == "title" else None for f in CSV_MEASURE_FIELDS]
            writer.writerow(csv_row([report.name, report.source, report.period, *cells, UNREAD_KIND]))
    return out.getvalue()
