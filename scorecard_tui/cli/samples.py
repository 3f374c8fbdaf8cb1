"""Find the sample reports that ship with the package."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from scorecard_tui.model import Report
from scorecard_tui.records import report_from_dict


def sample_dir() -> Path:
    """The bundled ``sample_data`` folder (inside the installed package, or the source checkout)."""
    packaged = Path(str(files("scorecard_tui"))) / "sample_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_data"


def sample_sources() -> list[Path]:
    """The structured sources of the sample reports (one JSON per PDF), oldest period first."""
    return sorted(sample_dir().glob("*.json"))


def load_sample_reports() -> list[Report]:
    """The sample reports, read from their structured sources (faster than parsing the PDFs)."""
    reports = []
    for path in sample_sources():
        data = path.read_bytes()
        source = json.loads(data)
        report = report_from_dict(source, sha256=hashlib.sha256(data).hexdigest())
        # a sample's "title" is the line its PDF prints above the first heading: its subtitle
        reports.append(replace(report, subtitle=report.subtitle or source.get("title")))
    return reports
