"""The lens in the store (kept at import, computed once on upgrade), officers' question edits,
``scorecard lens`` and the briefing's questions."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Flag
from scorecard_tui.outputs.briefing import load_briefing
from scorecard_tui.store import Store
from scorecard_tui.store.schema import MIGRATIONS
from scorecard_tui.triage.signals import COMPUTED_KINDS, SignalKind
from tests.helpers import UNDO_MIGRATION_9, filled


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Q1, Q2 and Q3 of the sample series, as ``scorecard demo`` loads them."""
    return filled(tmp_path / "lens.db")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_signals_are_stored_at_import(db: Path) -> None:
    conn = sqlite3.connect(db)
    kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM signals")}
    conn.close()
    # and each period's promises, and the version of the rules that computed them, kept
    assert kinds == {k.value for k in COMPUTED_KINDS} | {"promise-made", "rules"}


def test_importing_an_earlier_period_recomputes_the_later_ones(tmp_path: Path) -> None:
    q1, q2, q3 = load_sample_reports()
    with Store(tmp_path / "gap.db") as store:
        store.save_report(q1)
        store.save_report(q3)
        info = store.latest_report()
        assert "Red for 3 quarters" not in [s.badge for s in store.lens.signals(info, "L&I PM23e")]
        store.save_report(q2)
        assert "Red for 3 quarters" in [s.badge for s in store.lens.signals(store.latest_report(), "L&I PM23e")]


def test_upgrade_computes_the_signals_of_reports_already_held(db: Path) -> None:
    """A store from before the lens (its tables gone, its version one less) gets them on opening."""
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP TABLE signals; DROP TABLE questions;" + UNDO_MIGRATION_9 + "PRAGMA user_version = 6;"
    )  # the lens is step 7; step 9 (issue 19) undone too
    conn.close()
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
        entries = store.lens.entries(store.latest_report())
    assert "L&I PM23e" in [e.key for e in entries]


def test_lens_orders_most_and_worst_first_and_jumps_by_key(db: Path) -> None:
    with Store(db, read_only=True) as store:
        entries = store.lens.entries(store.latest_report())
    counts = [len(e.signals) for e in entries]
    assert counts == sorted(counts, reverse=True)
    assert entries[0].key == "CP 08f" and entries[0].position >= 0
    assert all(e.signals == tuple(sorted(e.signals, key=lambda s: -s.severity)) for e in entries)


@pytest.mark.pythons
def test_question_edits_keep_author_and_every_version(db: Path) -> None:
    with Store(db) as store:
        info = store.latest_report()
        entry = next(e for e in store.lens.entries(info) if e.key == "CP 08f")
        slug = entry.signals[0].slug
        store.lens.edit_question(
            info, "CP 08f", slug, "Why is the attendance plan the same as in the summer?", author="ann"
        )
        store.lens.edit_question(info, "CP 08f", slug, "What has the attendance plan changed since Q2?", author="bob")
        store.lens.drop_question(info, "CP 08f", "off-target", author="ann")
        history = store.lens.question_history(info, "CP 08f", slug)
        edited = next(e for e in store.lens.entries(info) if e.key == "CP 08f")
    assert [(v.author, v.text) for v in history] == [
        ("ann", "Why is the attendance plan the same as in the summer?"),
        ("bob", "What has the attendance plan changed since Q2?"),
    ]
    first = edited.questions[0]
    assert first.text == "What has the attendance plan changed since Q2?" and first.edit.author == "bob"
    assert first.suggested.startswith("Red for 3 quarters and the actions are unchanged since Q2")
    assert [q.dropped for q in edited.questions if SignalKind.OFF_TARGET in {s.kind for s in q.signals}] == [True]


def test_an_empty_or_huge_question_is_refused(db: Path) -> None:
    with Store(db) as store:
        info = store.latest_report()
        with pytest.raises(ScorecardError, match="drop it instead"):
            store.lens.edit_question(info, "CP 08f", "persistent:Red", "   ")
        with pytest.raises(ScorecardError, match="limited"):
            store.lens.edit_question(info, "CP 08f", "persistent:Red", "x" * 5000)


def test_edits_survive_a_reimport_of_the_period(db: Path) -> None:
    q3 = load_sample_reports()[-1]
    with Store(db) as store:
        info = store.latest_report()
        store.lens.edit_question(info, "SEND 6", "goalposts:year-end target", "Who agreed 65%?", author="ann")
        store.save_report(replace(q3, sha256="f" * 64))
        entry = next(e for e in store.lens.entries(store.latest_report()) if e.key == "SEND 6")
    assert entry.questions[0].text == "Who agreed 65%?"


@pytest.mark.pythons
def test_cli_lens_markdown(db: Path) -> None:
    result = run("lens", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Scrutiny lens: Improvement Report - Council Scorecard, 2018/19 Q3\n")
    assert "- **Red for 3 quarters**: 2018/19 Q1 Red -> 2018/19 Q2 Red -> 2018/19 Q3 Red" in out
    assert "\\" not in out, "a Markdown escape a reader would see on the terminal"
    assert "Q: Red for 3 quarters and the actions are unchanged since Q2: what is different about the plan now?" in out
    assert "**review due Oct 2018, no update**" in out


def test_cli_lens_json_has_each_measure_with_its_code_and_signals(db: Path) -> None:
    result = run("lens", "--db", str(db), "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["period"] == "2018/19 Q3"
    send = next(m for m in doc["measures"] if m["code"] == "SEND 6")
    assert {s["kind"] for s in send["signals"]} == {"goalposts", "off-target"}
    assert all(set(m) >= {"code", "signals"} for m in doc["measures"])


def test_cli_lens_csv_one_row_per_signal(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("lens", "--db", str(db), "--format", "csv").stdout)))
    assert {r["signal"] for r in rows} == {k.value for k in COMPUTED_KINDS}
    assert any(r["code"] == "CM PM24" and r["badge"] == "recovery forecast" for r in rows)


def test_cli_lens_earlier_period_and_as_of(db: Path) -> None:
    q2 = json.loads(run("lens", "--db", str(db), "--period", "2018/19 Q2", "--format", "json").stdout)
    assert q2["period"] == "2018/19 Q2"
    early = json.loads(run("lens", "--db", str(db), "--as-of", "2018-11-15", "--format", "json").stdout)
    missed = [m["code"] for m in early["measures"] for s in m["signals"] if s["kind"] == "missed-review"]
    assert missed == ["L&I PM23e"]


def test_cli_lens_unknown_period_is_one_line_and_leaves_the_file_alone(db: Path) -> None:
    before = db.read_bytes()
    result = run("lens", "--db", str(db), "--period", "2030/31 Q1")
    assert result.exit_code == 2
    assert result.stderr.startswith("scorecard: no report for period '2030/31 Q1'") and result.stderr.count("\n") == 1
    assert db.read_bytes() == before


@pytest.mark.pythons
def test_briefing_has_questions_for_the_meeting_flagged_first(db: Path) -> None:
    with Store(db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, "SS PM25", Flag.RAISE, author="ann")
        store.lens.edit_question(info, "SEND 6", "goalposts:year-end target", "Who agreed 65%, and when?", author="ann")
        store.lens.drop_question(info, "SEND 6", "off-target", author="ann")
    md = run("brief", "--db", str(db)).stdout
    section = md.split("## Questions for the meeting\n", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert items[0].startswith("- **RAISE** SS PM25:")
    assert "  - Green this quarter but forecast Amber at year end: what is expected to go wrong?" in section
    send6 = section.split(" SEND 6: ", 1)[1].split("\n- ", 1)[0]
    assert "  - Who agreed 65%, and when?" in send6
    assert "off target" not in send6 and "what closes it" not in send6  # issue 22: a dropped question never shows
    rows = list(csv.DictReader(io.StringIO(run("brief", "--db", str(db), "--format", "csv").stdout)))
    questions = [r for r in rows if r["section"] == "Question"]
    assert questions[0]["code"] == "SS PM25"
    assert any(r["code"] == "SEND 6" and r["detail"] == "Who agreed 65%, and when?" for r in questions)
    assert not any(r["code"] == "SEND 6" and "what closes it" in r["detail"] for r in questions)


def test_briefing_questions_raise_then_watch_then_the_lens_order(db: Path) -> None:
    with Store(db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, "AHH 02D", Flag.WATCH, author="ann")
        store.annotations.set_flag(info, "SS PM25", Flag.RAISE, author="ann")
        briefing = load_briefing(store, info)
    rest = [e.key for e in briefing.lens if e.key not in {"SS PM25", "AHH 02D"}]
    assert [m.key for m, _ in briefing.questions()] == ["SS PM25", "AHH 02D", *rest]


def test_planted_signal_text_prints_as_text_not_terminal_control(db: Path) -> None:
    """Another tool (or member of the group) may write the file: escapes in stored signals are dropped."""
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE signals SET badge = 'Red \x1b[2J\x9b31m for ever', evidence = '\u202eevil' WHERE kind = 'persistent'"
    )
    conn.commit()
    conn.close()
    for fmt in ("md", "csv", "json"):
        out = run("lens", "--db", str(db), "--format", fmt).stdout
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "**Red 31m for ever**" in run("lens", "--db", str(db)).stdout


def test_the_store_cleans_planted_signal_and_question_text_as_it_reads_it(db: Path) -> None:
    """The CLI's writers clean again, so the test above passes without the store: read the store itself."""
    hostile = "\x1b[2Jred\x07\u202e"
    with Store(db) as store:
        info = store.latest_report()
        entry = next(e for e in store.lens.entries(info) if e.signals[0].kind is SignalKind.PERSISTENT)
        store.lens.edit_question(info, entry.key, entry.signals[0].slug, "Why?", author="ann")
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE signals SET badge = badge || ?, evidence = evidence || ?, measure_key = measure_key || ?"
        " WHERE kind = 'persistent'",
        [hostile] * 3,
    )
    conn.execute("UPDATE measures SET title = title || ?", [hostile])
    conn.execute("UPDATE questions SET text = text || ?, author = author || ?", [hostile] * 2)
    conn.commit()
    conn.close()
    with Store(db, read_only=True) as store:
        info = store.latest_report()
        entries = store.lens.entries(info)
        texts = [t for e in entries for t in (e.key, e.title, *(s.badge + s.evidence for s in e.signals))]
        texts += [q.text + (q.edit.author if q.edit else "") for e in entries for q in e.questions]
        texts += [t for r in store.lens.lens_rows(info) for t in (r.key, r.title, *r.badges)]
        texts += [
            v.text + v.author
            for (k, slug) in store.lens.question_edits(info)
            for v in store.lens.question_history(info, k, slug)
        ]
    assert any("Why?red" in t for t in texts)  # the planted text is there, its controls are not
    assert not [t for t in texts if "\x1b" in t or "\x07" in t or "\u202e" in t]


def test_lens_rows_list_measures_and_badges_as_the_lens_does(db: Path) -> None:
    """The lens view's list: one query, same measures, order and badges as the full lens."""
    with Store(db, read_only=True) as store:
        info = store.latest_report()
        rows = store.lens.lens_rows(info)
        entries = store.lens.entries(info)
        early = store.lens.lens_rows(info, date(2018, 11, 15))
    assert [r.key for r in rows] == [e.key for e in entries]
    assert [r.badges for r in rows] == [tuple(s.badge for s in e.signals) for e in entries]
    first = rows[0]
    assert (first.code, first.badges[0]) == ("CP 08f", "Red for 3 quarters")
    assert first.title.startswith("Average working days per employee") and first.directorate == "Corporate Resources"
    assert "review due Nov 2018, no update" not in {b for r in early for b in r.badges}


def test_a_report_without_a_fetch_time_counts_reviews_from_its_period_end(tmp_path: Path) -> None:
    """A spreadsheet states no fetch time: reviews are missed as of the quarter's last day."""
    q1, q2, q3 = load_sample_reports()
    path = tmp_path / "no-fetch.db"
    with Store(path) as store:
        for report in (q1, q2, replace(q3, fetched_at=None)):
            store.save_report(report)
    doc = json.loads(run("lens", "--db", str(path), "--format", "json").stdout)
    assert doc["as_of"] == "2018-12-31"
    missed = sorted(m["code"] for m in doc["measures"] for s in m["signals"] if s["kind"] == "missed-review")
    assert missed == ["AHH 02B", "L&I PM23e"]
