"""Two sample periods: change markers, history field by field, and the briefing section by section."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.app.data import load_view
from scorecard_tui.cli.main import cli
from scorecard_tui.model import Flag
from scorecard_tui.outputs.briefing import load_briefing, to_csv, to_markdown
from scorecard_tui.records import measure_to_dict
from scorecard_tui.store import Store
from scorecard_tui.triage.changes import Change, changes, changes_since, dropped
from scorecard_tui.triage.reviews import agenda, next_review, review_due_within
from tests.conftest import copy_of
from tests.helpers import FIELDS, exception_entries

EXPECTED_CHANGES = {
    "LCT PM03": Change.BETTER,
    "YA&H PM08": Change.BETTER,
    "Regen PM21": Change.WORSE,
    "CM PM24": Change.BETTER,
    "CP 08f": Change.SAME,
    "EARS PM53": Change.SAME,
    "L&D PM07b": Change.BETTER,
    "AHH 02D": Change.BETTER,
    "AHH Local 2A (i)": Change.SAME,
    "C PM02a": Change.WORSE,
    "EIISS PM16a": Change.SAME,
    "L&I PM23c": Change.WORSE,
    "L&I PM23e": Change.SAME,
    "SEND 6": Change.SAME,
    "AHH 02B": Change.WORSE,
    "SS PM07": Change.SAME,
    "SS PM23b": Change.SAME,
    "SS PM25": Change.BETTER,
    "SS PM28": Change.SAME,
    "SS PM30": Change.NEW,
}


@pytest.fixture()
def store(two_periods: Path):
    with Store(two_periods) as store:
        yield store


def test_the_latest_period_is_q2_and_the_previous_q1(store):
    q2 = store.latest_report()
    assert q2.period == "2018/19 Q2"
    assert store.previous_report(q2).period == "2018/19 Q1"
    assert store.previous_report(store.find_report("2018/19 Q1")) is None


def test_change_markers(store):
    q2, q1 = store.latest_report(), store.find_report("2018/19 Q1")
    now, before = store.measures(q2.id), store.measures(q1.id)
    assert changes(now, before) == EXPECTED_CHANGES
    assert [m.code for m in dropped(now, before)] == ["FPA PM22b"]
    assert changes(before, None) == {}


def test_the_app_reads_changes_from_the_period_befores_ratings_alone(store):
    """Issue 12: the view's "changed since" comes from the previous period's ratings, read without
    decoding its measures (which are read only when some were dropped), and says what decoding
    them all said."""
    q2, q1 = store.latest_report(), store.find_report("2018/19 Q1")
    ratings = store.ratings(q1.id)
    assert ratings == {m.key: m.rag_quarter for m in store.measures(q1.id)}
    assert changes_since(store.measures(q2.id), ratings) == EXPECTED_CHANGES
    loaded, _, _ = load_view(store)
    assert loaded is not None and loaded.changes == EXPECTED_CHANGES
    assert [m.code for m in loaded.dropped] == ["FPA PM22b"]


def test_changes_from_ratings_key_hostile_codes_as_the_measures_do(two_periods_template: Path, tmp_path: Path):
    """A code another tool wrote with an escape sequence or a bidi override is cleaned the same way
    whether the period is read in full or as ratings alone, so "changed since" still matches."""
    db = copy_of(two_periods_template, tmp_path)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE measures SET code = code || ? WHERE code = 'LCT PM03'", ["\x1b[31m\u202e"])
    conn.close()
    with Store(db) as store:
        q1 = store.find_report("2018/19 Q1")
        assert list(store.ratings(q1.id)) == [m.key for m in store.measures(q1.id)]
        loaded, _, _ = load_view(store)
        assert loaded is not None and loaded.changes == EXPECTED_CHANGES


@pytest.mark.parametrize("code", ["LCT PM03", "AHH Local 2A (i)", "SS PM07", "L&I PM23e", "CM PM24"])
def test_history_field_by_field(store, sample_source, q2_source, code):
    history = store.history(store.latest_report(), code)
    assert [info.period for info, _ in history] == ["2018/19 Q1", "2018/19 Q2"]
    for (_, measure), source in zip(history, (sample_source, q2_source), strict=True):
        expected = next(m for m in source["measures"] if m["code"] == code)
        got = measure_to_dict(measure)
        assert {k: got[k] for k in FIELDS} == {k: expected[k] for k in FIELDS}


def test_history_of_new_and_dropped_measures(store):
    assert [i.period for i, _ in store.history(store.latest_report(), "SS PM30")] == ["2018/19 Q2"]
    assert [i.period for i, _ in store.history(store.latest_report(), "FPA PM22b")] == ["2018/19 Q1"]


def test_agenda_lists_coming_reviews_first(store, q2_source):
    q2 = store.latest_report()
    as_of = date(2018, 11, 23)
    items = agenda(store.measures(q2.id), as_of)
    coming = [i for i in items if not i.past]
    expected = sorted(
        (d["month"], d["body"] or "~", m["code"])
        for m in q2_source["measures"]
        for d in m["review_dates"]
        if not d["past"]
    )
    assert [(i.month, i.body or "~", i.code) for i in coming] == expected
    assert all(i.past for i in items[len(coming) :])
    assert [i.month for i in items[len(coming) :]] == sorted((i.month for i in items[len(coming) :]), reverse=True)


def test_next_review_and_due_within(store):
    by_code = {m.code: m for m in store.measures(store.find_report("2018/19 Q1").id)}
    as_of = date(2018, 8, 24)
    assert next_review(by_code["YA&H PM08"], as_of) == "2018-09"
    assert next_review(by_code["LCT PM03"], as_of) is None
    assert review_due_within(by_code["YA&H PM08"], as_of, 2)
    assert not review_due_within(by_code["CP 08f"], as_of, 8)
    assert review_due_within(by_code["CP 08f"], as_of, 24)


def _section(markdown: str, title: str) -> str:
    start = markdown.index(title)
    rest = markdown[start + len(title) :]
    ends = [i for i in (rest.find("\n## "), rest.find("\n### ")) if i >= 0]
    return rest[: min(ends)] if ends else rest


def _codes(section: str) -> list[str]:
    """The code column of the Markdown table in a section (the header row skipped)."""
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    column = 2 if section.lstrip().startswith("| Month") else 0
    return [row.strip("| ").split(" | ")[column].replace("\\", "") for row in rows]


def test_briefing_sections(store, q2_source):
    q2 = store.latest_report()
    store.annotations.set_flag(q2, "SS PM28", Flag.RAISE, author="alice")
    store.annotations.set_flag(q2, "C PM02a", Flag.WATCH, author="bob")
    store.annotations.add_note(q2, "SS PM28", "Ask for the [Q3] recovery plan | *soon*", author="alice")
    text = to_markdown(load_briefing(store, q2))
    src = q2_source["measures"]
    assert text.startswith("# Briefing: Improvement Report - Council Scorecard, 2018/19 Q2\n")
    assert "Source: DORIS, Corporate Resources. Fetched 23 November 2018 10:41." in text
    order = ["## RAG by directorate", "## Exceptions", "## Flagged for the meeting", "## Coming reviews"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    rag = _section(text, "## RAG by directorate")
    assert f"| **All** | 20 | {sum(m['rag_quarter'] == 'Red' for m in src)} |" in rag
    # one entry per measure, each with every reason it is an exception, each said once (issue 22)
    entries = exception_entries(text)
    worse = {c for c, ch in EXPECTED_CHANGES.items() if ch is Change.WORSE}
    q1 = {m.code: m.rag_quarter for m in store.measures(store.find_report("2018/19 Q1").id)}
    expected = {}
    for m in src:
        reds = [w for w, r in (("this quarter", m["rag_quarter"]), ("at year end", m["rag_forecast"])) if r == "Red"]
        reasons = [
            (f"Red {' and '.join(reds)}", bool(reds)),
            ("Deteriorating", m["direction"] == "Deteriorating"),
            (f"Worse since 2018/19 Q1 ({q1[m['code']].value if m['code'] in q1 else ''} then)", m["code"] in worse),
        ]
        if any(hit for _, hit in reasons):
            expected[m["code"]] = "; ".join(r for r, hit in reasons if hit)
    assert set(entries) == set(expected)
    assert {code: e["Why"] for code, e in entries.items()} == expected
    flagged = _section(text, "## Flagged for the meeting")
    assert flagged.index("**RAISE** SS PM28") < flagged.index("**WATCH** C PM02a")
    assert "Note (alice, " in flagged
    assert "Ask for the [Q3] recovery plan | *soon\\*" in flagged  # only what Markdown would read is escaped
    coming = _section(text, "## Coming reviews")
    n_coming = sum(not d["past"] for m in src for d in m["review_dates"])
    assert len(_codes(coming)) == n_coming
    assert "| November 2018 | Executive Scrutiny |" in coming


def test_briefing_csv_carries_the_same_rows(store):
    b = load_briefing(store, store.latest_report())
    rows = list(csv.DictReader(io.StringIO(to_csv(b))))
    sections = {r["section"] for r in rows}
    assert {
        "Red this quarter",
        "Red at year end (forecast)",
        "Deteriorating",
        "Worse since 2018/19 Q1",
        "Coming review",
    } <= sections
    assert sum(r["section"] == "Red this quarter" for r in rows) == sum(
        m.rag_quarter is not None and m.rag_quarter.value == "Red" for m in b.measures
    )


def test_brief_command_writes_a_file_and_says_where(two_periods: Path, tmp_path: Path):
    out = tmp_path / "pack.md"
    result = CliRunner().invoke(
        cli, ["brief", "--db", str(two_periods), "--period", "2018/19 Q1", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote the 2018/19 Q1 briefing to {out}"
    assert out.read_text().startswith("# Briefing: Improvement Report - Council Scorecard, 2018/19 Q1")
    csv_out = CliRunner().invoke(cli, ["brief", "--db", str(two_periods), "--format", "csv"]).output
    assert csv_out.startswith("section,directorate,code,")


def test_brief_as_of_moves_reviews_into_the_past(two_periods: Path):
    early = CliRunner().invoke(cli, ["brief", "--db", str(two_periods), "--as-of", "2018-11-23"]).output
    late = CliRunner().invoke(cli, ["brief", "--db", str(two_periods), "--as-of", "2019-12-31"]).output
    assert "| November 2018 |" in _section(early, "## Coming reviews")
    assert _section(late, "## Coming reviews").strip() == "None."
