"""Remembered ``--map`` choices belong to a series: the report's name and its data source (issue 18, hole 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.store import Store
from scorecard_tui.store.schema import MIGRATIONS


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def council_csv(path: Path, council: str, quarter: int) -> Path:
    path.write_text(
        "\n".join(
            (
                f"Corporate Scorecard Q{quarter} 2024/25",
                f"Source: {council}",
                "Ref,What we count,Goal,Latest,RAG",
                "N1,Street lights fixed,95,97,G",
            )
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_another_councils_report_of_the_same_name_does_not_get_the_mapping(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    maps = ["--map", "What we count=title", "--map", "Goal=quarter_target", "--map", "Latest=quarter_actual"]
    assert run("import", str(council_csv(tmp_path / "a1.csv", "Council A", 1)), "--db", str(db), *maps).exit_code == 0
    other = run("import", str(council_csv(tmp_path / "b1.csv", "Council B", 1)), "--db", str(db))
    assert other.exit_code == 2
    assert "no header row naming a measure or indicator column" in other.stderr
    same = run("import", str(council_csv(tmp_path / "a2.csv", "Council A", 2)), "--db", str(db))
    assert same.exit_code == 0, same.stderr  # council A's next quarter: remembered
    with Store(db) as store:
        assert store.header_maps("Corporate Scorecard", "Council A")["Goal"] == "quarter_target"
        assert store.header_maps("Corporate Scorecard", "Council B") == {}


def test_conflicting_maps_are_refused_in_one_line_and_nothing_is_remembered(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    csv = council_csv(tmp_path / "a1.csv", "Council A", 1)
    result = run("import", str(csv), "--db", str(db), "--map", "What we count=title", "--map", "Goal=title")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "--map gives title to both 'What we count' and 'Goal'" in line
    assert not db.exists()  # a refused import into a new database leaves no file: nothing remembered
    ok = run("import", str(csv), "--db", str(db), "--map", "What we count=title")
    assert ok.exit_code == 0, ok.stderr
    again = run("import", str(csv), "--db", str(db), "--map", "What we count=title", "--map", "Goal=title")
    assert again.exit_code == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT header FROM header_maps WHERE field = 'title'").fetchall() == [("What we count",)]
    conn.close()


def test_a_new_map_for_a_field_replaces_the_header_remembered_for_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    csv = council_csv(tmp_path / "a1.csv", "Council A", 1)
    assert run("import", str(csv), "--db", str(db), "--map", "What we count=title").exit_code == 0
    csv.write_text(csv.read_text().replace("What we count", "Indicator name").replace("Goal", "What we count"))
    assert (
        run("import", str(csv), "--db", str(db), "--map", "Goal=ignore", "--map", "Indicator name=title").exit_code == 0
    )
    with Store(db) as store:
        assert store.header_maps("Corporate Scorecard", "Council A") == {"Indicator name": "title"}


def test_maps_remembered_by_name_alone_go_to_the_source_whose_import_gave_them(tmp_path: Path) -> None:
    """A schema 7 file: each remembered choice goes to the source of the report imported with it."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for step in MIGRATIONS[:7]:
        step(sqlite_utils.Database(conn))
    report = (
        "INSERT INTO reports (name, source, period, pages, file_name, sha256, imported_at)"
        " VALUES ('Corporate Scorecard', ?, '2024/25 Q1', 1, 'f.csv', ?, ?)"
    )
    conn.execute(report, ["Council A", "a", "2025-01-10T09:00:00+00:00"])
    conn.execute(report.replace("Q1", "Q2"), ["Council B", "b", "2025-03-02T09:00:01+00:00"])
    maps = "INSERT INTO header_maps (report_name, header, field, updated_at) VALUES (?, ?, ?, ?)"
    conn.execute(maps, ["Corporate Scorecard", "What we count", "title", "2025-01-10T09:00:00+00:00"])
    conn.execute(maps, ["Corporate Scorecard", "Goal", "quarter_target", "2025-03-02T09:00:00+00:00"])
    conn.execute(maps, ["Another Report", "Aim", "polarity", "2025-03-02T09:00:00+00:00"])
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with Store(db) as store:
        assert store.header_maps("Corporate Scorecard", "Council A") == {"What we count": "title"}
        assert store.header_maps("Corporate Scorecard", "Council B") == {"Goal": "quarter_target"}
        assert store.header_maps("Another Report", "not stated") == {"Aim": "polarity"}
