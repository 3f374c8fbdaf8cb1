"""Signals kept by earlier rules (a database imported before the app was upgraded): the rules version
kept with each report's signals, computed again when the database is opened to write, computed on
the fly when it cannot be written, named by ``scorecard doctor``; and the guard that makes a change
to the rules bump :data:`RULES_VERSION`."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.model import Flag
from scorecard_tui.parse import parse_scorecard
from scorecard_tui.store import Store, lens_signals
from scorecard_tui.triage.signals import RULES_VERSION
from tests.conftest import OTHER_COUNCILS

UNITARY = [OTHER_COUNCILS / f"illustrative-unitary-council-2023-24-q{n}.csv" for n in (2, 3)]
DERBY_Q3, UNITARY_Q3 = "2018/19 Q3", "2023/24 Q3"

RULES_FINGERPRINTS = {
    1: "affae8bfd7774c23",
}
"""What the rules keep for the sample reports (every period of both series), by rules version."""

OLD_ONLY = "goalposts:quarter target"
"""A signal the earlier rules found on ``EARS PM53`` in Q3 and these do not."""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def samples(path: Path) -> Path:
    """The Derby series (Q1 to Q3) and the unitary pair, imported by this version."""
    with Store(path) as store:
        for report in load_sample_reports():
            store.save_report(report)
        for sample in UNITARY:
            store.save_report(parse_scorecard(sample))
    return path


def kept(path: Path) -> list[tuple[object, ...]]:
    """Every row of ``signals`` as a reader sees it (by series and period; no row ids)."""
    conn = sqlite3.connect(path)
    try:
        return sorted(
            conn.execute(
                """
                SELECT r.name, r.source, r.period, s.measure_key, s.position, s.kind, s.slug, s.severity, s.badge,
                       s.evidence, s.subject, s.since, s.count, s.before, s.after, coalesce(s.due, '')
                FROM signals s JOIN reports r ON r.id = s.report_id
                """
            ).fetchall()
        )
    finally:
        conn.close()


def fingerprint(rows: list[tuple[object, ...]]) -> str:
    """A digest of the signals and promises kept (not the rows that keep the rules version)."""
    computed = [row for row in rows if row[5] != "rules"]
    return hashlib.sha256(json.dumps(computed, ensure_ascii=False).encode()).hexdigest()[:16]


def kept_by_earlier_rules(path: Path) -> None:
    """Rewrite a database this version filled to what an earlier version would have kept: no rules
    version (it kept none), the Red-within-tolerance signal not yet found, a contradicted rating in
    the old wording, and a signal the old rules found that these do not."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM signals WHERE kind = 'rules'")
        conn.execute("DELETE FROM signals WHERE slug = 'mismatch:Red within tolerance'")
        conn.execute(
            "UPDATE signals SET badge = 'rated Green, figures disagree', evidence = 'older wording'"
            " WHERE slug = 'mismatch:Green'"
        )
        conn.execute(
            """
            INSERT INTO signals (report_id, measure_key, position, kind, slug, severity, badge, evidence, subject,
                                 since, count, before, after, due)
            SELECT report_id, measure_key, position, 'goalposts', ?, 30, 'quarter target eased', 'old rule',
                   'quarter target', since, 0, '90%', '85%', NULL
            FROM signals WHERE slug = 'mismatch:Green' AND measure_key = 'EARS PM53'
            """,
            [OLD_ONLY],
        )
    conn.close()


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples as this version keeps them (read, never changed)."""
    return samples(tmp_path_factory.mktemp("current") / "current.db")


@pytest.fixture
def old(tmp_path: Path, current: Path) -> Path:
    """The samples as an earlier version kept them, with officers' notes, flags and questions."""
    path = tmp_path / "old.db"
    shutil.copy(current, path)
    with Store(path) as store:
        q3 = store.find_report(DERBY_Q3)
        store.annotations.set_flag(q3, "EARS PM53", Flag.RAISE, author="ann")
        store.annotations.add_note(q3, "EARS PM53", "Ask the head of service in person.", author="ann")
        store.lens.edit_question(q3, "EARS PM53", "mismatch:Green", "Who rated 84% against 90% Green?", author="ann")
        store.lens.edit_question(q3, "EARS PM53", OLD_ONLY, "Why was the target eased?", author="bob")
        store.lens.drop_question(q3, "L&I PM23e", "persistent:Red", author="bob")
    kept_by_earlier_rules(path)
    return path


def test_the_rules_version_is_bumped_when_the_rules_change(current: Path) -> None:
    """Changing what the rules keep for the samples without bumping RULES_VERSION would leave every
    database imported before the change with the old signals."""
    found = fingerprint(kept(current))
    pinned = RULES_FINGERPRINTS.get(RULES_VERSION)
    assert pinned is not None, (
        f"RULES_VERSION is {RULES_VERSION} but no fingerprint is pinned for it: add {RULES_VERSION}: {found!r}"
        " to RULES_FINGERPRINTS in tests/test_signal_rules_version.py"
    )
    assert found == pinned, (
        "the lens's rules keep other signals for the sample reports than RULES_VERSION "
        f"{RULES_VERSION} did: bump RULES_VERSION in scorecard_tui/triage/signals.py (databases imported "
        f"before then compute their signals again) and pin {RULES_VERSION + 1}: {found!r} in "
        "RULES_FINGERPRINTS here (if only the samples or their parsing changed, re-pin the same version)"
    )
    assert sorted(RULES_FINGERPRINTS) == list(range(1, RULES_VERSION + 1))  # earlier pins kept, none ahead


def test_each_report_keeps_the_version_of_the_rules_that_computed_its_signals(current: Path) -> None:
    conn = sqlite3.connect(current)
    rows = conn.execute(
        "SELECT r.period, s.count FROM reports r LEFT JOIN signals s ON s.report_id = r.id AND s.kind = 'rules'"
    ).fetchall()
    conn.close()
    assert len(rows) == 5 and {count for _, count in rows} == {RULES_VERSION}


def test_opening_to_write_computes_them_again_and_keeps_officers_work(old: Path, current: Path) -> None:
    assert kept(old) != kept(current)
    with Store(old) as store:
        q3 = store.find_report(DERBY_Q3)
        entry = next(e for e in store.lens.entries(q3) if e.key == "EARS PM53")
        flags, notes = store.annotations.flags(q3), store.annotations.notes(q3)
        hidden = store.lens.question_history(q3, "EARS PM53", OLD_ONLY)
        dropped = next(e for e in store.lens.entries(q3) if e.key == "L&I PM23e").questions
        within = store.lens.signals(store.find_report(UNITARY_Q3), "ENV 07")
    assert kept(old) == kept(current)  # the lens is what a fresh import of the same files shows
    assert entry.signals[0].badge == "rated Green at 84.3% against 90%"
    assert entry.questions[0].text == "Who rated 84% against 90% Green?"  # same slug: still on it
    assert flags["EARS PM53"] is Flag.RAISE and notes["EARS PM53"].value == "Ask the head of service in person."
    assert [q.dropped for q in dropped if q.signal.slug == "persistent:Red"] == [True]
    # the signal the earlier rules found is gone; its question is kept, as a re-import keeps it
    assert OLD_ONLY not in [s.slug for s in entry.signals]
    assert [(v.author, v.text) for v in hidden] == [("bob", "Why was the target eased?")]
    assert "Red within tolerance" in [s.subject for s in within]


def test_a_refresh_is_one_transaction_and_happens_once(old: Path) -> None:
    with Store(old):
        pass
    before = sqlite3.connect(old).execute("SELECT max(id) FROM signals").fetchone()[0]
    with Store(old):  # nothing stale: nothing written
        pass
    assert sqlite3.connect(old).execute("SELECT max(id) FROM signals").fetchone()[0] == before


def test_a_long_refresh_says_so_on_stderr_once(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lens_signals, "REFRESH_NOTICE_MEASURES", 50)  # the samples hold 76 measures
    first = run("import", str(UNITARY[1]), "--db", str(old))
    again = run("import", str(UNITARY[1]), "--db", str(old))
    assert first.exit_code == 0, first.output
    notice = [line for line in first.stderr.splitlines() if "computing them again" in line]
    assert notice == [
        f"scorecard: {old}: the scrutiny lens's signals of 5 reports (76 measures) were kept by an earlier "
        "version; computing them again with this version's rules (once)..."
    ]
    assert "computing them again" not in again.stderr


def test_a_reader_sees_the_current_signals_and_the_file_is_untouched(old: Path, current: Path) -> None:
    with Store(old, read_only=True) as store:
        q3 = store.find_report(DERBY_Q3)
        rows = store.lens.lens_rows(q3)
        entry = next(e for e in store.lens.entries(q3) if e.key == "EARS PM53")
        within = store.lens.signals(store.find_report(UNITARY_Q3), "ENV 07")
    with Store(current, read_only=True) as store:
        q3 = store.find_report(DERBY_Q3)
        assert rows == store.lens.lens_rows(q3)
    assert entry.signals[0].badge == "rated Green at 84.3% against 90%"
    assert entry.questions[0].text == "Who rated 84% against 90% Green?"
    assert "Red within tolerance" in [s.subject for s in within]
    assert "rules" not in {row[5] for row in kept(old)}  # computed for the reader only


def test_a_reader_follows_a_writer_that_refreshes_or_imports(old: Path) -> None:
    def badges(store: Store, period: str) -> list[str]:
        return [b for row in store.lens.lens_rows(store.find_report(period)) for b in row.badges]

    with Store(old, read_only=True) as reader:
        assert "rated Green at 84.3% against 90%" in badges(reader, DERBY_Q3)
        assert reader.conn.execute("SELECT count(*) FROM temp.signals").fetchone()[0] > 0  # the reader's copy
        with Store(old) as writer:  # computes them again and keeps them; then a Q2 imported again
            writer.save_report(replace(parse_scorecard(UNITARY[0]), sha256="b" * 64))
            writer.annotations.add_note(writer.find_report(UNITARY_Q3), "ENV 07", "Chase it.", author="cy")
        assert "rated Green at 84.3% against 90%" in badges(reader, DERBY_Q3)
        assert "rated Red at 53 against 50, within the report's 10% tolerance" in badges(reader, UNITARY_Q3)
        assert reader.conn.execute("SELECT name FROM temp.sqlite_master WHERE name = 'signals'").fetchall() == []


def test_scorecard_lens_reads_the_current_signals_and_writes_nothing(old: Path) -> None:
    """``scorecard lens`` only reads (as ``brief``, ``summary`` and ``export`` do)."""
    before = kept(old)
    result = run("lens", "--db", str(old), "--period", DERBY_Q3, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "rated Green at 84.3% against 90%" in result.stdout and "Who rated 84% against 90% Green?" in result.stdout
    assert "figures disagree" not in result.stdout and "target eased" not in result.stdout
    assert result.stderr == ""
    assert kept(old) == before


def test_a_long_computation_for_a_reader_says_so_and_how_to_keep_them(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lens_signals, "REFRESH_NOTICE_MEASURES", 50)
    result = run("lens", "--db", str(old), "--period", DERBY_Q3)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"scorecard: {old}: the scrutiny lens's signals of 5 reports (76 measures) were kept by an earlier "
        "version; computing them again with this version's rules for this read (someone who can write to it "
        f"keeps them with: scorecard doctor --upgrade --db {old})..."
    ]


def test_a_reader_copies_again_only_when_the_kept_signals_change(old: Path) -> None:
    """Another officer's note (written by a version that does not refresh) leaves the copy as it is."""
    columns = "report_id, measure_key, position, kind, slug, severity, badge, evidence, subject, since, count, before"
    sentinel = f"INSERT INTO temp.signals ({columns}, after) SELECT {columns}, 'x' FROM temp.signals LIMIT 1"
    with Store(old, read_only=True) as reader:
        q3 = reader.find_report(DERBY_Q3)
        reader.lens.lens_rows(q3)
        reader.conn.execute(sentinel)
        copied = reader.conn.execute("SELECT count(*) FROM temp.signals").fetchone()[0]
        writer = sqlite3.connect(old)
        with writer:
            writer.execute(
                "INSERT INTO annotations (report_name, source, period, measure_key, kind, value, author, created_at)"
                " SELECT name, source, period, 'EARS PM53', 'note', 'Seen.', 'cy', '2024-01-01T00:00:00' FROM reports"
                " WHERE period = ?",
                [DERBY_Q3],
            )
        reader.lens.lens_rows(q3)
        assert reader.conn.execute("SELECT count(*) FROM temp.signals").fetchone()[0] == copied
        with writer:
            writer.execute("DELETE FROM signals WHERE slug = 'mismatch:Green' AND measure_key = 'EARS PM53'")
        writer.close()
        badges = [b for row in reader.lens.lens_rows(q3) for b in row.badges]
        assert reader.conn.execute("SELECT count(*) FROM temp.signals").fetchone()[0] == copied - 1
        assert "rated Green at 84.3% against 90%" in badges  # Q3 was still stale: computed again


def test_doctor_names_stale_signals_and_how_they_are_refreshed(old: Path) -> None:
    result = run("doctor", "--db", str(old))
    assert result.exit_code == 1
    assert (
        "FIX  lens signals: 5 reports' signals were kept by earlier rules (a version that kept none; this "
        f"scorecard-tui: version {RULES_VERSION}); until they are kept again, the lens and the briefing compute "
        "them as they read"
    ) in result.output
    assert (
        f"fix: with write access: scorecard doctor --upgrade --db {old} (an import or the app, with write access, "
        "does it too)"
    ) in result.output
    upgraded = run("doctor", "--upgrade", "--db", str(old))
    assert upgraded.exit_code == 0, upgraded.output
    assert "the scrutiny lens's signals of 5 reports computed again" in upgraded.output
    assert "notes, flags and questions kept" in upgraded.output
    after = run("doctor", "--db", str(old))
    assert f"ok   lens signals: kept by this version's rules (version {RULES_VERSION})" in after.output
    assert "already up to date" in run("doctor", "--upgrade", "--db", str(old)).output


def test_a_hostile_rules_row_counts_as_stale(current: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    shutil.copy(current, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE signals SET count = 'x' WHERE kind = 'rules'")
    conn.close()
    with Store(path):
        pass
    assert kept(path) == kept(current)
