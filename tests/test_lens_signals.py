"""The scrutiny lens's six signals: on the illustrative Q3 sample, and on hand-made edge cases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from scorecard_tui.model import Polarity, Rag, Report
from scorecard_tui.parse import parse_scorecard
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.triage.questions import question
from scorecard_tui.triage.signals import (
    COMPUTED_KINDS,
    NEARLY_SAME,
    Held,
    SignalKind,
    is_due,
    period_signals,
    similar,
    word_diff,
)
from tests.conftest import SAMPLE_DIR
from tests.helpers import field_mismatches

NAMES = (
    "derby-scorecard-2018-19-q1",
    "derby-scorecard-2018-19-q2-illustrative",
    "derby-scorecard-2018-19-q3-illustrative",
)


def sample(n: int) -> Report:
    """Sample period ``n`` (1 to 3) from its structured source."""
    return report_from_dict(json.loads((SAMPLE_DIR / f"{NAMES[n - 1]}.json").read_text(encoding="utf-8")))


def with_measure(report: Report, code: str, **changes) -> Report:
    """The report with one measure changed (and a new digest, so the store takes it as a new file)."""
    measures = tuple(replace(m, **changes) if m.code == code else m for m in report.measures)
    return replace(report, measures=measures, sha256=f"{hash((report.period, code, str(changes))):x}")


def lens_of(tmp_path: Path, *reports: Report, as_of: date | None = None) -> dict[str, dict[SignalKind, list]]:
    """Each measure's signals in the latest report held, by kind."""
    with Store(tmp_path / "lens.db") as store:
        for r in reports:
            store.save_report(r)
        entries = store.lens.entries(store.latest_report(), as_of)
    out: dict[str, dict[SignalKind, list]] = {}
    for e in entries:
        for s in e.signals:
            out.setdefault(e.key, {}).setdefault(s.kind, []).append(s)
    return out


@pytest.fixture(scope="module")
def q3(tmp_path_factory) -> dict[str, dict[SignalKind, list]]:
    return lens_of(tmp_path_factory.mktemp("q3"), sample(1), sample(2), sample(3))


@pytest.mark.pythons
def test_q3_pdf_parses_to_its_json_field_by_field() -> None:
    report = parse_scorecard(SAMPLE_DIR / f"{NAMES[2]}.pdf")
    source = json.loads((SAMPLE_DIR / f"{NAMES[2]}.json").read_text(encoding="utf-8"))
    assert field_mismatches(report, source) == []
    assert report.period == "2018/19 Q3" and report.fetched_at == datetime(2019, 2, 22, 9, 47, 15)
    assert source["illustrative"] is True and source["title"].startswith("ILLUSTRATIVE DATA - NOT PUBLISHED")


def test_every_kind_of_signal_shows_on_q3(q3) -> None:
    kinds = {kind for signals in q3.values() for kind in signals}
    assert kinds == COMPUTED_KINDS


def test_green_while_off_target_beyond_five_percent(q3) -> None:
    """Issue 21: EARS PM53 is rated Green at 84.3% against 90% in Q3; its year-end forecast (Amber at
    87% against 90%) says higher is better, so the figures contradict the rating."""
    [s] = q3["EARS PM53"][SignalKind.MISMATCH]
    assert s.badge == "rated Green at 84.3% against 90%"
    assert s.evidence == (
        "Green with 84.3% against the quarter target of 90%: 6.3% short of it (higher is better, inferred from"
        " the year-end forecast; tolerance 5%, the report states none)"
    )
    assert question(s) == "Rated Green at 84.3% against 90%: what makes it Green?"


def test_a_promise_not_kept_quotes_it_and_when_it_was_made(q3) -> None:
    """Issue 21: Q1's actions said the FirstCare module would reach managers "during the summer";
    CP 08f is still Red in Q3."""
    [s] = q3["CP 08f"][SignalKind.PROMISE]
    assert s.badge == "date given passed: Aug 2018, still Red"
    assert s.evidence == (
        'actions in 2018/19 Q1: "A new FirstCare absence management module is being developed with input from HR'
        ' and will be rolled out to managers during the summer."; Red in 2018/19 Q3'
    )


def test_actions_carried_over_word_for_word(q3) -> None:
    [s] = q3["CP 08f"][SignalKind.UNCHANGED]
    assert s.badge == "actions unchanged since 2018/19 Q2"
    assert s.evidence == "same words as 2018/19 Q2"
    assert SignalKind.UNCHANGED in q3["SS PM28"]


def test_commentary_with_only_its_figures_changed_is_nearly_unchanged_with_a_word_diff(q3) -> None:
    [s] = q3["SS PM23b"][SignalKind.UNCHANGED]
    assert s.badge == "commentary nearly unchanged since 2018/19 Q2"
    assert "[-1,-] {+2,+}" in s.evidence and "{+66.8% from+}" in s.evidence


def test_rewritten_commentary_is_not_flagged(q3) -> None:
    assert SignalKind.UNCHANGED not in q3.get("SEND 6", {})
    assert SignalKind.UNCHANGED not in q3["L&I PM23e"]


def test_red_for_three_quarters_with_the_run_as_evidence(q3) -> None:
    [s] = q3["L&I PM23e"][SignalKind.PERSISTENT]
    assert s.badge == "Red for 3 quarters"
    assert s.evidence == "2018/19 Q1 Red -> 2018/19 Q2 Red -> 2018/19 Q3 Red"
    assert q3["Regen PM21"][SignalKind.PERSISTENT][0].badge == "Red for 2 quarters"  # Amber in Q1


def test_red_run_with_unchanged_actions_asks_about_the_plan(q3) -> None:
    signals = [s for kind in q3["CP 08f"].values() for s in kind]
    [persistent] = q3["CP 08f"][SignalKind.PERSISTENT]
    assert question(persistent, signals) == (
        "Red for 3 quarters and the actions are unchanged since Q2: what is different about the plan now?"
    )


def test_review_month_passed_with_the_note_unchanged(q3) -> None:
    assert q3["L&I PM23e"][SignalKind.MISSED_REVIEW][0].badge == "review due Oct 2018, no update"
    assert q3["AHH 02B"][SignalKind.MISSED_REVIEW][0].badge == "review due Nov 2018, no update"
    # Unchanged notes whose last review is still to come are not missed (L&I PM23c: March 2019).
    assert SignalKind.MISSED_REVIEW not in q3.get("L&I PM23c", {})


def test_a_missed_review_asks_what_the_review_of_its_month_found(q3) -> None:
    missed = q3["L&I PM23e"][SignalKind.MISSED_REVIEW][0]  # as stored and read back
    assert question(missed) == "The review was due in Oct 2018: what did it find, and when will we see it?"


def test_as_of_decides_whether_a_review_is_missed(tmp_path: Path) -> None:
    early = lens_of(tmp_path, sample(1), sample(2), sample(3), as_of=date(2018, 11, 15))
    assert SignalKind.MISSED_REVIEW in early["L&I PM23e"]  # October ended
    assert SignalKind.MISSED_REVIEW not in early.get("AHH 02B", {})  # November has not


def test_claimed_recovery_and_hidden_slide(q3) -> None:
    assert q3["CM PM24"][SignalKind.RECOVERY][0].evidence == (
        "quarter Red (31.6 against 28.5), year-end forecast Green (28.5 against 28.5)"
    )
    assert q3["SS PM25"][SignalKind.SLIP][0].badge == "forecast to slip"


def test_year_end_target_eased_by_polarity(q3) -> None:
    assert q3["SEND 6"][SignalKind.GOALPOSTS][0].badge == "year-end target lowered from 75% to 65%"
    lower_better = q3["SS PM07"][SignalKind.GOALPOSTS][0]
    assert lower_better.badge == "year-end target raised from 79.1 per 10,000 population to 86 per 10,000 population"
    # A target made harder is not a signal (L&I PM23c's quarter target went up, higher is better).
    assert SignalKind.GOALPOSTS not in q3.get("L&I PM23c", {})


def test_profiled_quarter_targets_are_never_compared_quarter_to_quarter(tmp_path: Path) -> None:
    """CP 08f's quarterly target goes 2.1 -> 4.2 -> 6.3 by design (cumulative days lost)."""
    q2 = lens_of(tmp_path, sample(1), sample(2))
    assert SignalKind.GOALPOSTS not in q2.get("CP 08f", {})


def test_quarter_target_against_the_same_quarter_a_year_earlier(tmp_path: Path) -> None:
    year_on = replace(with_measure(sample(3), "SEND 6", quarter_target=70.0), period="2019/20 Q3")
    found = lens_of(tmp_path, sample(3), year_on)
    [s] = [s for s in found["SEND 6"][SignalKind.GOALPOSTS] if s.subject == "quarter target"]
    assert s.badge == "quarter target lowered from 75% to 70%" and s.since == "2018/19 Q3"


def test_off_target_by_most_is_the_five_largest_shortfalls(q3) -> None:
    ranked = sorted((s.count, key) for key, kinds in q3.items() for s in kinds.get(SignalKind.OFF_TARGET, []))
    assert [key for _, key in reversed(ranked)] == ["L&I PM23e", "Regen PM21", "SEND 6", "SS PM28", "CP 08f"]
    assert q3["L&I PM23e"][SignalKind.OFF_TARGET][0].badge == "off target by 28% (#1)"


def test_single_period_held_gives_no_history_signals_and_no_errors(tmp_path: Path) -> None:
    found = lens_of(tmp_path, sample(1))
    history_kinds = {SignalKind.UNCHANGED, SignalKind.PERSISTENT, SignalKind.MISSED_REVIEW, SignalKind.GOALPOSTS}
    assert not history_kinds & {kind for kinds in found.values() for kind in kinds}


def test_single_period_on_target_everywhere_has_no_signals(tmp_path: Path) -> None:
    q1 = sample(1)
    calm = replace(q1, measures=tuple(replace(m, rag_quarter=Rag.GREEN, rag_forecast=Rag.GREEN) for m in q1.measures))
    assert lens_of(tmp_path, calm) == {}


def test_a_measure_new_this_period_has_no_history_signals(tmp_path: Path) -> None:
    found = lens_of(tmp_path, sample(1), sample(2))
    assert set(found.get("SS PM30", {})) <= {SignalKind.OFF_TARGET, SignalKind.RECOVERY, SignalKind.SLIP}


def test_a_renamed_measure_keeps_its_history_by_code(tmp_path: Path) -> None:
    renamed = with_measure(sample(3), "L&I PM23e", title="Children's homes judged good or outstanding")
    found = lens_of(tmp_path, sample(1), sample(2), renamed)
    assert found["L&I PM23e"][SignalKind.PERSISTENT][0].badge == "Red for 3 quarters"


def test_a_target_given_as_text_is_skipped_not_fatal(tmp_path: Path) -> None:
    texty = with_measure(sample(3), "SEND 6", forecast_target="On Track", quarter_target="On Track")
    found = lens_of(tmp_path, sample(1), sample(2), texty)
    assert SignalKind.GOALPOSTS not in found.get("SEND 6", {})
    assert SignalKind.OFF_TARGET not in found.get("SEND 6", {})


def test_a_quarter_not_held_ends_the_run(tmp_path: Path) -> None:
    found = lens_of(tmp_path, sample(1), sample(3))
    assert SignalKind.PERSISTENT not in found["L&I PM23e"]


def test_similarity_threshold_on_words() -> None:
    forty = " ".join(f"w{i}" for i in range(40))
    four_changed = " ".join(f"x{i}" if i % 10 == 0 else f"w{i}" for i in range(40))
    five_changed = " ".join(f"x{i}" if i % 8 == 0 else f"w{i}" for i in range(40))
    assert NEARLY_SAME == 0.9
    assert similar(forty, "  ".join(forty.split()))  # spacing is not a change
    assert similar(forty, four_changed)
    assert not similar(forty, five_changed)
    assert not similar("", forty)


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("Red in quarter 1 again", "Red in quarter 2 again") == "Red in quarter [-1-] {+2+} again"


def test_the_store_carrying_runs_on_agrees_with_walking_the_whole_series(q3) -> None:
    """The store computes each period from the one before; walking every period gives the same."""
    series = [Held(r.period, {m.key: m for m in r.measures}) for r in (sample(1), sample(2), sample(3))]
    walked = period_signals(series, "2018/19 Q3")
    as_of = date(2019, 2, 22)
    due = {k: sorted(s.badge for s in v if is_due(s, as_of)) for k, v in walked.items()}
    assert {k: badges for k, badges in due.items() if badges} == {
        k: sorted(s.badge for kind in v.values() for s in kind) for k, v in q3.items()
    }


def test_a_stated_polarity_decides_which_way_a_target_eases(tmp_path: Path) -> None:
    """SEND 6's year-end target falls 75% -> 65%: eased if higher is better, harder if the report says lower is."""
    stated = [with_measure(sample(n), "SEND 6", polarity=Polarity.LOWER) for n in (1, 2, 3)]
    found = lens_of(tmp_path, *stated)
    assert SignalKind.GOALPOSTS not in found.get("SEND 6", {})


def test_blue_counts_as_met_like_green(tmp_path: Path) -> None:
    blue = with_measure(sample(3), "CM PM24", rag_forecast=Rag.BLUE)
    slipping = with_measure(blue, "SS PM25", rag_quarter=Rag.BLUE)
    found = lens_of(tmp_path, sample(1), sample(2), slipping)
    assert found["CM PM24"][SignalKind.RECOVERY][0].evidence.startswith(
        "quarter Red (31.6 against 28.5), year-end forecast Blue"
    )
    assert (
        found["SS PM25"][SignalKind.SLIP][0].evidence
        == "quarter Blue (66.7% against 65%), year-end forecast Amber (62% against 65%)"
    )


def test_text_carried_over_two_quarters_is_unchanged_since_the_period_it_was_first_written(tmp_path: Path) -> None:
    """Issue 13, signal 1: the badge names where the words began (Q1), not only the period before (Q2)."""
    words = "We are recruiting foster carers and reviewing every placement with the providers."
    carried = [with_measure(sample(n), "L&I PM23e", commentary=words) for n in (1, 2, 3)]
    [s] = [s for s in lens_of(tmp_path, *carried)["L&I PM23e"][SignalKind.UNCHANGED] if s.subject == "commentary"]
    assert s.badge == "commentary unchanged since 2018/19 Q1"
    assert s.count == 3 and s.evidence == "same words as 2018/19 Q2"


def test_amber_for_three_quarters_is_a_persistent_rating(tmp_path: Path) -> None:
    """Issue 13, signal 2: Amber runs count too (from three quarters; Red from two)."""
    amber = [with_measure(sample(n), "SEND 6", rag_quarter=Rag.AMBER) for n in (1, 2, 3)]
    assert lens_of(tmp_path / "3", *amber)["SEND 6"][SignalKind.PERSISTENT][0].badge == "Amber for 3 quarters"
    assert SignalKind.PERSISTENT not in lens_of(tmp_path / "2", *amber[1:]).get("SEND 6", {})


def test_a_shortfall_is_measured_by_polarity(tmp_path: Path) -> None:
    """Issue 13, signal 6: above its target is off target where lower is better, and on it where higher is."""
    over = {"quarter_target": 10.0, "quarter_actual": 20.0, "unit": None}
    lower = with_measure(sample(1), "SEND 6", polarity=Polarity.LOWER, **over)
    assert lens_of(tmp_path / "lower", lower)["SEND 6"][SignalKind.OFF_TARGET][0].badge == "off target by 100% (#1)"
    higher = with_measure(sample(1), "SEND 6", polarity=Polarity.HIGHER, **over)
    assert SignalKind.OFF_TARGET not in lens_of(tmp_path / "higher", higher).get("SEND 6", {})


def _signal_rows(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT r.period, s.measure_key, s.position, s.kind, s.slug, s.severity, s.badge, s.evidence, s.subject,"
        " s.since, s.count, s.before, s.after, s.due FROM signals s JOIN reports r ON r.id = s.report_id"
        " ORDER BY r.period, s.position, s.kind, s.slug, s.subject, s.before"
    ).fetchall()


@pytest.mark.parametrize("order", [(1, 2, 3), (3, 1, 2), (2, 3, 1)])
def test_signals_kept_at_import_match_those_computed_from_the_file_afresh(tmp_path, order):
    """An import hands the lens the measures it has just written (not read again): what it keeps is
    what a full recomputation from the database gives, whatever order the periods arrive in."""
    from scorecard_tui.store.lens_signals import store_signals

    reports = [with_measure(sample(n), sample(n).measures[0].code, quarter_actual=float("nan")) for n in order]
    with Store(tmp_path / "lens.db") as store:
        for r in reports:
            store.save_report(r)
        kept = _signal_rows(store)
        with store.writing() as db:
            store_signals(db, reports[0].name, reports[0].source)
        assert kept and _signal_rows(store) == kept
