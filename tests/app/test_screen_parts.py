"""The main screen's parts without Pilot: its reads and writes, the briefing, the look for others'
changes and the pane layout, on real SQLite files through the store thread and real briefing files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import build_db

from scorecard_tui.app import briefing_job, data, layout, reader, writes
from scorecard_tui.app.briefing_job import BriefingJob, Download
from scorecard_tui.app.data import QuestionChange, StoreThread
from scorecard_tui.app.messages import AnnotationsLoaded, DetailsLoaded, LensChanged, LoadFailed, Notice, ReportLoaded
from scorecard_tui.app.period_view import Period, kept_position
from scorecard_tui.app.screens.lens import LensMarks
from scorecard_tui.app.watch import StoreWatch
from scorecard_tui.model import Flag, Report, ReportInfo
from scorecard_tui.outputs.briefing_files import BriefingFormat
from scorecard_tui.store import Store


@pytest.fixture
def thread(sample_db: Path) -> Iterator[StoreThread]:
    store = StoreThread(sample_db)
    yield store
    store.close()


def latest(store: StoreThread) -> tuple[ReportInfo, str]:
    info = store.call(lambda s: s.reports()[-1])
    return info, store.call(lambda s: s.measures(info.id)[0].key)


def said(written: writes.Written) -> list[str]:
    return [m.text for m in written.messages if isinstance(m, Notice)]


def test_a_flag_cycles_and_says_so(thread: StoreThread) -> None:
    info, key = latest(thread)
    first = writes.write_flag(thread, info, key, "ann")
    assert said(first) == [f"{key}: flag watch"]
    shown = first.messages[0]
    assert isinstance(shown, AnnotationsLoaded) and shown.annotations.flags == {key: Flag.WATCH}
    writes.write_flag(thread, info, key, "ann")
    assert said(writes.write_flag(thread, info, key, "bob")) == [f"{key}: flag cleared"]


def test_a_read_only_store_saves_no_flag_and_keeps_the_note(sample_db: Path) -> None:
    store = StoreThread(sample_db, read_only=True)
    try:
        info, key = latest(store)
        flag = writes.write_flag(store, info, key, "ann")
        assert [type(m) for m in flag.messages] == [Notice] and said(flag)[0].startswith("Flag not saved: ")
        note = writes.write_note(store, info, key, "Ask about the backlog", "ann")
        assert note.kept == "Ask about the backlog"
        assert said(note)[0].endswith(f"Your text is kept: press n on {key} to try again.")
    finally:
        store.close()
    with Store(sample_db) as check:
        assert check.annotations.flags(info) == {} and not data.load_annotations(check, info).notes


def test_a_note_is_saved_then_cleared(thread: StoreThread) -> None:
    info, key = latest(thread)
    saved = writes.write_note(thread, info, key, "Ask about the backlog", "ann")
    assert saved.kept is None and said(saved) == [f"{key}: note saved"]
    shown = saved.messages[0]
    assert isinstance(shown, AnnotationsLoaded) and shown.annotations.notes[key].value == "Ask about the backlog"
    assert said(writes.write_note(thread, info, key, "  ", "ann")) == [f"{key}: note cleared"]


def test_questions_saved_count_those_dropped(three_periods_db: Path) -> None:
    store = StoreThread(three_periods_db)
    try:
        info = store.call(lambda s: s.reports()[-1])
        key, questions = next((k, qs) for k, qs in store.call(lambda s: data.load_lens(s, info)).items() if qs)
        changes = [
            QuestionChange(questions[0].signal.slug, "Why has it not moved?", dropped=False),
            QuestionChange(questions[0].signal.slug, "", dropped=True, reworded=False),
        ]
        written = writes.write_questions(store, info, key, changes, "ann")
        assert said(written) == [f"{key}: 2 questions saved (1 dropped)"]
        lens = written.messages[0]
        assert isinstance(lens, LensChanged) and lens.lens[key][0].dropped
        one = writes.write_questions(store, info, key, changes[:1], "ann")
        assert said(one) == [f"{key}: 1 question saved"]
    finally:
        store.close()


def test_note_drafts_are_taken_once_and_name_their_period(thread: StoreThread) -> None:
    drafts = writes.NoteDrafts()
    info = replace(latest(thread)[0], id=7)
    drafts.keep(7, "K1", "kept text")
    drafts.keep(9, "K2", "from a period no longer held")
    assert [(d.code, d.period, d.text) for d in drafts.drafts([info])] == [
        ("K1", "2018/19 Q1", "kept text"),
        ("K2", "", "from a period no longer held"),
    ]
    assert drafts.take(7, "K1") == "kept text" and drafts.take(7, "K1") is None


def test_the_briefing_is_written_by_the_safe_writer_or_sent_to_a_browser(
    thread: StoreThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    info, key = latest(thread)
    job = BriefingJob(info, info.as_of, keys=frozenset({key}), scope="Red (quarterly)")
    assert briefing_job.in_the_way(job) is None
    done = briefing_job.write_briefing(thread, job)
    assert isinstance(done, Notice) and done.text.startswith("1 measure: wrote ") and done.severity == "information"
    path = tmp_path / "scorecard-briefing-2018-19-Q1.md"
    assert "Red (quarterly)" in path.read_text()
    assert briefing_job.in_the_way(job) == path
    assert briefing_job.kept_notice(path) == f"Briefing not written: kept {path}"
    sent = briefing_job.write_briefing(thread, replace(job, fmt=BriefingFormat.DOCX, keys=None), web=True)
    assert isinstance(sent, Download) and sent.name == "scorecard-briefing-2018-19-Q1.docx"
    assert sent.content.startswith(b"PK") and sent.notice == f"Sent {sent.name} to your browser."
    assert not (tmp_path / sent.name).exists()


def test_a_briefing_refused_says_why_in_one_notice(thread: StoreThread, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    info, _ = latest(thread)
    (tmp_path / "scorecard-briefing-2018-19-Q1.md").symlink_to(tmp_path / "elsewhere.md")
    done = briefing_job.write_briefing(thread, BriefingJob(info, info.as_of))
    assert isinstance(done, Notice) and done.severity == "error" and done.text.startswith("Briefing not written: ")
    assert not (tmp_path / "elsewhere.md").exists()


def test_the_watch_tells_of_new_reports_once(tmp_path: Path, sample_report: Report, q2_report: Report) -> None:
    path = build_db(tmp_path / "shared.db", sample_report)
    store, watch = StoreThread(path), StoreWatch()
    try:
        loaded, _, version = store.call(data.load_view)
        assert loaded is not None
        watch.caught_up(version)
        assert watch.start() and watch.look(store, loaded.info) is None  # nobody committed
        with Store(path) as other:
            other.save_report(q2_report)
        assert watch.start() and not watch.start()  # looks never overlap
        found = watch.look(store, loaded.info)
        assert found is not None and found.version != version
        said = watch.landed(found, loaded.reports)
        assert said == "New in the database: 2018/19 Q2. Press R to reload." and watch.pending_reload == "2018/19 Q2"
        assert watch.landed(found, loaded.reports) is None  # said once
        watch.caught_up(found.version)
        assert watch.pending_reload is None and watch.start() and watch.look(store, loaded.info) is None
    finally:
        store.close()


def test_panes_leave_the_table_its_titles() -> None:
    wide = layout.place_panes(240, 30, 95, chosen=None, wide_titles=False)
    assert wide == layout.Panes(True, 30, True, 44)
    middle = layout.place_panes(150, 30, 95, chosen=None, wide_titles=False)
    assert middle.tree_shown and not middle.beside and middle.detail_width is None
    narrow = layout.place_panes(110, 30, 95, chosen=None, wide_titles=False)
    assert not narrow.tree_shown and narrow.tree_width == 0
    asked = layout.place_panes(110, 30, 95, chosen=True, wide_titles=False)
    assert asked.tree_shown and asked.tree_width == 30  # the table keeps TABLE_MIN
    assert layout.place_panes(240, 30, 95, chosen=None, wide_titles=True) == layout.Panes(False, 0, False, None)
    assert layout.place_panes(240, 80, 95, chosen=None, wide_titles=False).tree_width == layout.TREE_MAX
    assert layout.is_small(119, 40) and layout.is_small(200, 29) and not layout.is_small(120, 30)


def test_lens_marks_copy_the_questions_and_count_dismissals(three_periods_db: Path) -> None:
    assert LensMarks.of(None) == LensMarks()
    store = StoreThread(three_periods_db)
    try:
        loaded = store.call(lambda s: data.load_period(s))
        assert loaded is not None
        loaded = replace(loaded, lens=store.call(lambda s: data.load_lens(s, loaded.info)))
        marks = LensMarks.of(loaded)
        key, questions = next((k, qs) for k, qs in loaded.lens.items() if qs)
        measure = next(m for m in loaded.measures if m.key == key)
        assert marks.questions[key].startswith(f"{measure.code}: {measure.title} ({loaded.info.period})\n- ")
        assert f"Q: {questions[0].text}" in marks.questions[key] and not marks.dismissed
        drop = [QuestionChange(q.signal.slug, q.text, dropped=True, reworded=False) for q in questions]
        lens = writes.write_questions(store, loaded.info, key, drop, "ann").messages[0]
        assert isinstance(lens, LensChanged)
        dismissed = LensMarks.of(replace(loaded, lens=lens.lens))
        assert dismissed.dismissed == {key} and "Q: " not in dismissed.questions[key]
    finally:
        store.close()


def test_reads_post_what_they_read_or_one_line_why_not(two_periods_db: Path, tmp_path: Path) -> None:
    store = StoreThread(two_periods_db)
    try:
        latest = reader.read_period(store)
        assert isinstance(latest, ReportLoaded) and latest.loaded is not None
        assert latest.loaded.info.period == "2018/19 Q2" and latest.read_only_reason is None
        first = latest.loaded.reports[0]
        earlier = reader.read_period(store, data.PeriodKey.of(first))
        assert isinstance(earlier, ReportLoaded) and earlier.loaded is not None and earlier.loaded.info == first
        details = reader.read_details(store, latest.loaded.info)
        assert isinstance(details, DetailsLoaded) and details.report_id == latest.loaded.info.id
        assert details.details.history
        found = reader.read_matches(store, latest.loaded.info, "fostering")
        assert found.query == "fostering" and found.codes
    finally:
        store.close()
    (tmp_path / "not.db").write_bytes(b"not a database at all" * 100)
    damaged = StoreThread(tmp_path / "not.db")
    try:
        failed = reader.read_period(damaged)
        assert isinstance(failed, LoadFailed) and "\n" not in failed.message
    finally:
        damaged.close()


def test_the_period_on_screen_counts_from_its_fetch_date_or_the_officers(two_periods_db: Path) -> None:
    with Store(two_periods_db) as store:
        loaded, _, _ = data.load_view(store, None)
    assert loaded is not None and loaded.previous is not None
    period = Period()
    assert period.measures == () and period.measure_at(0) is None and period.marks.flags == {}
    period.report = loaded
    assert period.as_of == loaded.info.as_of and period.marks.previous == loaded.previous.period
    period.as_of_override = date(2020, 1, 1)
    assert period.as_of == date(2020, 1, 1) == period.marks.as_of
    last = loaded.measures[-1]
    assert period.measure_at(len(loaded.measures) - 1) == last
    assert kept_position(last, loaded.measures) == len(loaded.measures) - 1
    assert kept_position(None, loaded.measures) is None and kept_position(last, loaded.measures[:1]) is None
