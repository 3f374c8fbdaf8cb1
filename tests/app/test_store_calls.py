"""The main screen's store work as plain functions: flags, notes and looking for others' changes, no Pilot."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import build_db

from scorecard_tui.app import data
from scorecard_tui.model import Flag, Report
from scorecard_tui.outputs.briefing_files import BriefingFormat
from scorecard_tui.store import Store


def test_cycle_flag_moves_on_from_what_the_store_holds(sample_db: Path) -> None:
    with Store(sample_db) as store:
        info = store.reports()[-1]
        key = store.measures(info.id)[0].key
        flag, annotations = data.cycle_flag(store, info, key, "ann")
        assert flag is Flag.WATCH and annotations.flags == {key: Flag.WATCH}
        flag, annotations = data.cycle_flag(store, info, key, "bob")
        assert flag is Flag.RAISE and annotations.flags == {key: Flag.RAISE}


def test_save_note_adds_a_version(sample_db: Path) -> None:
    with Store(sample_db) as store:
        info = store.reports()[-1]
        key = store.measures(info.id)[0].key
        data.save_note(store, info, key, "first", "ann")
        annotations = data.save_note(store, info, key, "second", "ann")
        assert annotations.notes[key].value == "second"
        assert annotations.note_versions == {key: 2}


def test_look_for_changes_sees_another_writer(tmp_path: Path, sample_report: Report, q2_report: Report) -> None:
    path = build_db(tmp_path / "shared.db", sample_report)
    with Store(path) as store, Store(path) as other:
        info = store.reports()[-1]
        _, _, version = data.load_view(store)
        assert data.look_for_changes(store, version, info) is None  # nobody committed
        other.save_report(q2_report)
        other.annotations.cycle_flag(info, store.measures(info.id)[0].key)
        changes = data.look_for_changes(store, version, info)
        assert changes is not None and changes.version != version
        assert [r.period for r in changes.reports] == ["2018/19 Q1", "2018/19 Q2"]
        assert changes.annotations is not None and list(changes.annotations.flags.values()) == [Flag.WATCH]
        assert data.what_landed([info], changes.reports) == "2018/19 Q2"


def test_what_landed_names_reimports_and_removals(sample_db: Path) -> None:
    with Store(sample_db) as store:
        info = store.reports()[-1]
    again = replace(info, id=info.id + 1)
    assert data.what_landed([info], [again]) == "2018/19 Q1 again"
    assert data.what_landed([info], []) == "a report removed"
    assert data.report_keys([info]) != data.report_keys([again])


def test_matching_codes_and_briefing_follow_a_reimport(sample_db: Path) -> None:
    with Store(sample_db) as store:
        info = replace(store.reports()[-1], id=999)  # loaded before a re-import gave the period a new id
        assert data.matching_codes(store, info, "fostering")
        assert (
            "2018/19 Q1" in data.briefing_and_count(store, info, info.as_of, set(), fmt=BriefingFormat.MD)[0].decode()
        )


def test_the_app_and_the_store_read_one_history(two_periods_db: Path) -> None:
    with Store(two_periods_db) as store:
        loaded = data.load_period(store)
        assert loaded is not None
        for key, rows in loaded.history.items():
            assert list(rows) == store.history(loaded.info, key)
        assert loaded.previous == store.previous_report(loaded.info)


def test_the_history_window_ends_at_the_period_shown(tmp_path: Path, sample_report: Report) -> None:
    periods = [f"20{y}/{y + 1} Q{q}" for y in range(10, 14) for q in range(1, 5)]  # 16 quarters
    path = build_db(tmp_path / "long.db", *(replace(sample_report, period=p) for p in periods))
    with Store(path) as store:
        reports = store.reports()
        window = [r.period for r, _ in store.history_periods(reports[13], 12)]
        assert window[-1] == reports[13].period and len(window) == 12
        window = [r.period for r, _ in store.history_periods(reports[2], 12)]
        assert window == [r.period for r in reports[:12]]  # too few before it: the window runs on past it
